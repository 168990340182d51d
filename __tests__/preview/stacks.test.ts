// Across stacks, meta-arguments, whole stacks added or removed, the gate and the text report.
import { formatPreview, previewSynths, StackJson } from "../../preview";
import { actions, preview, resource, stack, synth } from "./helpers";

const REMOTE = "data.terraform_remote_state.region-r1.outputs";
const remoteState = {
  terraform_remote_state: { "region-r1": { backend: "local", config: { path: "../../../state/r1.tfstate" } } },
};

/** A region stack r1 (VCN + DRG, both exported) and a mesh stack reading them. */
function mesh(cidr: string, drg = "d", vcnName = "v") {
  const r1 = stack(
    { "oci_core_vcn.v": { cidr_block: cidr, dns_label: "v", display_name: vcnName }, [`oci_core_drg.${drg}`]: { display_name: "drg" } },
    { output: { vcn: { value: "${oci_core_vcn.v.id}", sensitive: true }, drg: { value: `\${oci_core_drg.${drg}.id}` } } },
  );
  const m = stack(
    {
      "oci_core_route_table.rt": { vcn_id: `\${${REMOTE}.vcn}`, display_name: "rt" },
      "oci_core_remote_peering_connection.rpc": { drg_id: `\${${REMOTE}.drg}`, display_name: "rpc" },
    },
    { data: remoteState },
  );
  return synth({ r1, mesh: m });
}

describe("across stacks", () => {
  it("replaces what the mesh stack builds on a region output whose resource is replaced", async () => {
    const r = await preview(mesh("10.1.0.0/16"), mesh("10.2.0.0/16"));
    expect(actions(r, "r1")).toEqual({ "oci_core_vcn.v": "replace" });
    expect(actions(r, "mesh")).toEqual({ "oci_core_route_table.rt": "replace" });
    expect(resource(r, "oci_core_route_table.rt", "mesh").forcedBy).toEqual([
      { path: "vcn_id", rule: "ForceNew", cause: "r1: oci_core_vcn.v is replaced" },
    ]);
    expect(r.stacks.find((s) => s.stack === "r1")!.outputs).toEqual([{ name: "vcn", action: "update", cause: "oci_core_vcn.v is replaced" }]);
  });

  it("follows an output whose value changes, and leaves the mesh alone when only a name changes", async () => {
    const moved = await preview(mesh("10.1.0.0/16"), mesh("10.1.0.0/16", "e"));
    expect(actions(moved, "r1")).toEqual({ "oci_core_drg.d": "delete", "oci_core_drg.e": "create" });
    expect(resource(moved, "oci_core_remote_peering_connection.rpc", "mesh")).toMatchObject({
      action: "replace",
      forcedBy: [{ path: "drg_id", cause: "r1: output.drg changes" }],
    });
    const renamed = await preview(mesh("10.1.0.0/16"), mesh("10.1.0.0/16", "d", "w"));
    expect(actions(renamed, "r1")).toEqual({ "oci_core_vcn.v": "update" });
    expect(actions(renamed, "mesh")).toEqual({});
  });

  it("reports a stack only in the new synth as created, one only in the base as no longer managed", async () => {
    const before = synth({ r1: mesh("10.1.0.0/16").stacks.r1, gone: stack({ "oci_core_vcn.g": { cidr_block: "10.9.0.0/16" } }) });
    const r = await previewSynths(before, mesh("10.1.0.0/16"), { protect: ["vcns"] });
    expect(r.stacks.map((s) => [s.stack, s.presence])).toEqual([
      ["r1", "both"],
      ["mesh", "new"],
      ["gone", "removed"],
    ]);
    expect(actions(r, "mesh")).toEqual({ "oci_core_remote_peering_connection.rpc": "create", "oci_core_route_table.rt": "create" });
    expect(r.stacks[2]).toMatchObject({ resources: [], unmanaged: ["oci_core_vcn.g"] });
    expect(r.gate.blocked).toEqual([]);
    expect(formatPreview(r)).toContain(
      "stack gone: removed from the synth: its resources are no longer managed (they keep running and billing): 1 resource(s)",
    );
  });
});

describe("meta-arguments", () => {
  const vcn = { cidr_block: "10.1.0.0/16", dns_label: "v" };

  it("follows a moved block instead of destroying and creating", async () => {
    const r = await preview(
      stack({ "oci_core_vcn.old": vcn }),
      stack({ "oci_core_vcn.new": vcn }, { moved: [{ from: "oci_core_vcn.old", to: "oci_core_vcn.new" }] }),
    );
    expect(r.stacks[0].resources).toEqual([expect.objectContaining({ address: "oci_core_vcn.new", action: "no-op", movedFrom: "oci_core_vcn.old" })]);
    expect(formatPreview(r)).toContain("→ move    oci_core_vcn.new (moved from oci_core_vcn.old)");
  });

  it("addresses count and for_each instances, and [*] when only the plan knows them", async () => {
    const r = await preview(
      stack({
        "oci_core_vcn.n": { ...vcn, count: 2 },
        "oci_core_vcn.k": { ...vcn, for_each: { a: 1, b: 2 } },
        "oci_core_vcn.x": { ...vcn, count: "${length(var.x)}" },
      }),
      stack({
        "oci_core_vcn.n": { ...vcn, count: 3 },
        "oci_core_vcn.k": { ...vcn, for_each: { b: 2 } },
        "oci_core_vcn.x": { ...vcn, count: "${length(var.x)}" },
      }),
    );
    expect(r.stacks[0].resources.map((x) => [x.address, x.action])).toEqual([
      ['oci_core_vcn.k["a"]', "delete"],
      ['oci_core_vcn.k["b"]', "no-op"],
      ["oci_core_vcn.n[0]", "no-op"],
      ["oci_core_vcn.n[1]", "no-op"],
      ["oci_core_vcn.n[2]", "create"],
      ["oci_core_vcn.x[*]", "no-op"],
    ]);
  });

  it("replaces on another provider configuration, on replace_triggered_by, and ignores ignore_changes", async () => {
    const subnet = (name: string, extra: Record<string, unknown> = {}) => ({ vcn_id: "v", display_name: name, ...extra });
    const resources = (name: string, cidr: string) => ({
      "oci_core_vcn.v": { cidr_block: cidr, dns_label: "v" },
      "oci_core_subnet.moved": subnet("a", { provider: name === "a" ? "oci.c1" : "oci.c2" }),
      "oci_core_subnet.triggered": subnet("a", { lifecycle: { replace_triggered_by: ["${oci_core_vcn.v}"] } }),
      "oci_core_subnet.ignoring": subnet(name, { lifecycle: { ignore_changes: ["display_name"] } }),
    });
    const r = await preview(stack(resources("a", "10.1.0.0/16")), stack(resources("b", "10.2.0.0/16")));
    expect(actions(r)).toEqual({ "oci_core_vcn.v": "replace", "oci_core_subnet.moved": "replace", "oci_core_subnet.triggered": "replace" });
    expect(resource(r, "oci_core_subnet.moved").forcedBy).toEqual([{ path: "provider", rule: expect.stringMatching(/^oci\.c1 -> oci\.c2: /) }]);
    expect(resource(r, "oci_core_subnet.triggered").forcedBy).toEqual([
      { path: "lifecycle.replace_triggered_by", rule: "replace_triggered_by", cause: "oci_core_vcn.v is replaced" },
    ]);
  });

  it("recreates what a provider configured from a replaced object manages, and flags destroys whose provider is gone", async () => {
    const k8s = (cluster: string) => ({ kubernetes: [{ alias: "c1", host: `\${${REMOTE}.${cluster}}` }] });
    const ns = { metadata: { name: "grid" }, provider: "kubernetes.c1" };
    const region = (cidr: string) =>
      stack(
        { "oci_containerengine_cluster.c": { vcn_id: "v", options: { kubernetes_network_config: { pods_cidr: cidr } } } },
        { output: { host: { value: "${oci_containerengine_cluster.c.id}" } } },
      );
    const m = (provider: StackJson["provider"], resources: Record<string, Record<string, unknown>>) =>
      stack(resources, { data: remoteState, provider });
    const base = synth({ r1: region("10.201.0.0/16"), mesh: m(k8s("host"), { "kubernetes_namespace_v1.ns": ns }) });
    const r = await preview(base, synth({ r1: region("10.202.0.0/16"), mesh: m(k8s("host"), { "kubernetes_namespace_v1.ns": ns }) }));
    expect(resource(r, "kubernetes_namespace_v1.ns", "mesh")).toMatchObject({
      action: "replace",
      forcedBy: [{ path: "provider", cause: "r1: oci_containerengine_cluster.c is replaced" }],
    });
    const gone = await preview(base, synth({ r1: region("10.201.0.0/16"), mesh: m({}, {}) }));
    expect(resource(gone, "kubernetes_namespace_v1.ns", "mesh")).toMatchObject({
      action: "delete",
      problem: expect.stringContaining("its provider kubernetes.c1 is no longer configured"),
    });
    expect(gone.problems).toEqual([expect.stringMatching(/^mesh: kubernetes_namespace_v1\.ns: its provider kubernetes\.c1/)]);
  });
});

describe("the gate's verdict and the text", () => {
  const rpc = (region: string) => ({ drg_id: "d", peer_region_name: region, display_name: "p" });
  const base = stack({
    "oci_core_remote_peering_connection.p": rpc("eu-paris-1"),
    "oci_core_vcn.gone": { cidr_block: "10.9.0.0/16" },
    "oci_core_subnet.s": { vcn_id: "v", display_name: "a" },
  });
  const next = stack({
    "oci_core_remote_peering_connection.p": rpc("uk-london-1"),
    "oci_core_subnet.s": { vcn_id: "v", display_name: "b" },
    "oci_core_nat_gateway.n": { vcn_id: "v" },
  });

  it("blocks the protected kinds' replacements and destroys, unless allowed", async () => {
    const gate = async (protect: ("peerings" | "vcns" | "subnets")[], allow: string[] = []) =>
      (await previewSynths(synth({ s: base }), synth({ s: next }), { protect, allow })).gate;
    const blocked = await gate(["peerings", "vcns", "subnets"]);
    expect(blocked.blocked.map((v) => [v.stack, v.action, v.address])).toEqual([
      ["s", "replace", "oci_core_remote_peering_connection.p"],
      ["s", "destroy", "oci_core_vcn.gone"],
    ]);
    expect(blocked.blocked[0].reason).toBe("forced by peer_region_name");
    expect(blocked.changes).toBe(4);
    expect((await gate(["peerings", "vcns"], ["s:oci_core_vcn.gone", "oci_core_remote_peering_connection.p"])).blocked).toEqual([]);
    expect((await gate(["subnets"])).blocked).toEqual([]);
  });

  it("prints one line per change with Terraform's symbols, a summary and the verdict", async () => {
    const text = formatPreview(await preview(synth({ s: base, quiet: stack({}) }), synth({ s: next, quiet: stack({}) })));
    expect(text.split("\n")).toEqual([
      "stack s: 1 to create, 1 to update, 1 to replace, 1 to destroy",
      "  + create  oci_core_nat_gateway.n",
      "  ± replace oci_core_remote_peering_connection.p (forced by peer_region_name)",
      "  ~ update  oci_core_subnet.s (display_name)",
      "  - destroy oci_core_vcn.gone",
      "stack quiet: no changes",
      "preview: 1 to create, 1 to update, 1 to replace, 1 to destroy in 2 stack(s)",
      "gate: BLOCKED: 2 protected resource(s) would be destroyed or replaced:",
      "  - s: replace oci_core_remote_peering_connection.p (forced by peer_region_name)",
      "  - s: destroy oci_core_vcn.gone",
      "gate: to proceed on purpose, allow each address: --allow <stack>:<address> (or OKEMESH_ALLOW_DESTROY=<stack>:<address>,...)",
    ]);
  });
});
