// preview's gate sees what the real gate sees: a replaced Cilium release is protected (the gate
// tells it by its chart, so preview must hand the chart over), other Helm releases are not.
import { previewSynths } from "../../preview";
import { rawTopology, synthOnce, topologyOf } from "../helpers";
import { preview, stack, synth } from "./helpers";

const release = (chart: string, name: string) => ({ provider: "helm.c1", name, chart, namespace: "kube-system", version: "1.0.0" });

describe("preview's gate on Helm releases", () => {
  it("blocks replacing the Cilium release, and only it, when cilium is protected", async () => {
    const base = synth({ mesh: stack({ "helm_release.cilium": release("cilium", "cilium"), "helm_release.other": release("other", "other") }) });
    // A new namespace replaces a release (helm provider: namespace is ForceNew).
    const moved = (chart: string, name: string) => ({ ...release(chart, name), namespace: "elsewhere" });
    const next = synth({ mesh: stack({ "helm_release.cilium": moved("cilium", "cilium"), "helm_release.other": moved("other", "other") }) });
    const report = await previewSynths(base, next, { protect: ["cilium"] });
    expect(report.stacks[0].resources.filter((r) => r.action === "replace").map((r) => r.address)).toEqual([
      "helm_release.cilium",
      "helm_release.other",
    ]);
    expect(report.gate.blocked.map((v) => v.address)).toEqual(["helm_release.cilium"]);
    // Without cilium in protect, nothing is blocked.
    expect((await preview(base, next)).gate.blocked).toEqual([]);
  });

  it("on the real app: a new pods CIDR in c2 replaces c2's cluster and its Cilium release, and the gate blocks both", async () => {
    const raw = rawTopology(3) as any;
    const base = synthOnce(topologyOf(raw));
    raw.regions[1].podsCidr = "10.212.0.0/16";
    const next = synthOnce(topologyOf(raw));
    const report = await previewSynths(base, next, { protect: ["clusters", "cilium"] });
    const blocked = report.gate.blocked.map((v) => `${v.stack} ${v.type}`).sort();
    expect(blocked).toEqual(["c2 oci_containerengine_cluster", "mesh helm_release"]);
    const mesh = report.stacks.find((s) => s.stack === "mesh")!;
    const replaced = mesh.resources.filter((r) => r.action === "replace").map((r) => r.address);
    expect(replaced.some((a) => a.startsWith("helm_release.cilium_c2_release"))).toBe(true);
    expect(replaced.some((a) => /_c1_|_c3_/.test(a))).toBe(false);
  }, 60_000);
});
