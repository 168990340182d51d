import { stackLevels } from "../../pipeline/levels";
import { rawTopology, synthOnce, topologyOf } from "../helpers";

describe("stack levels", () => {
  it("puts every region stack in level 0 and the mesh stack after them", () => {
    const out = synthOnce(topologyOf(rawTopology(3)));
    expect(stackLevels(out.manifest)).toEqual([["c1", "c2", "c3"], ["mesh"]]);
  });

  it("puts stacks that depend on the mesh stack (a retired region's) after it, whatever the manifest's order", () => {
    const stack = (dependencies: string[]) => ({ dependencies, workingDirectory: "x" });
    const stacks = { retired: stack(["mesh"]), mesh: stack(["c2", "c1"]), c2: stack([]), c1: stack([]), audit: stack(["c1", "retired"]) };
    const manifest = { stacks };
    expect(stackLevels(manifest)).toEqual([["c1", "c2"], ["mesh"], ["retired"], ["audit"]]);
  });

  it("refuses a cycle and an unknown dependency", () => {
    const stack = (dependencies: string[]) => ({ dependencies, workingDirectory: "x" });
    expect(() => stackLevels({ stacks: { a: stack(["b"]), b: stack(["a"]) } })).toThrow(/a, b depend on each other in a cycle/);
    expect(() => stackLevels({ stacks: { a: stack(["z"]) } })).toThrow(/a depends on z, which the manifest does not have/);
  });
});
