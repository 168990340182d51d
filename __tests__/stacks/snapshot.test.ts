// A review aid: the default topology's stacks as synthesized, metadata stripped. Behaviour
// is asserted in the other tests; a snapshot diff shows reviewers what a change does.
import { loadFile, stripMetadata, synthOnce } from "../helpers";

describe("default topology (okemesh.yaml)", () => {
  const out = synthOnce(loadFile("okemesh.yaml"));
  it.each(["c1", "c2", "mesh"])("stack %s", (id) => {
    expect(stripMetadata(out.stacks[id])).toMatchSnapshot();
  });
});
