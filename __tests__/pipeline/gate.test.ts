import * as fs from "fs";
import * as path from "path";
import { formatGate, gatePlans, PlanJson } from "../../pipeline/gate";
import { topologyOf, rawTopology } from "../helpers";

const fixture = (name: string): PlanJson => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "plans", `${name}.json`), "utf8"));
const defaults = topologyOf(rawTopology(2)).protect;

describe("the plan gate", () => {
  it("protects clusters, node pools, VCNs, DRGs and peerings by default", () => {
    expect(defaults).toEqual(["clusters", "nodePools", "vcns", "drgs", "peerings"]);
  });

  it("blocks the replacement of a protected resource, naming it and why", () => {
    const r = gatePlans([{ stack: "c1", plan: fixture("replace-cluster") }], defaults);
    expect(r.blocked).toEqual([
      { stack: "c1", address: "oci_containerengine_cluster.oke_cluster_292EA92A", type: "oci_containerengine_cluster", action: "replace", reason: "replace_because_cannot_update" },
    ]);
    expect(formatGate(r)).toContain("gate: BLOCKED: 1 protected resource(s) would be destroyed or replaced:\n  - c1: replace oci_containerengine_cluster.oke_cluster_292EA92A (replace_because_cannot_update)");
  });

  it("lets unprotected destroys and replaces through (a security rule, a Helm release)", () => {
    const r = gatePlans([{ stack: "mesh", plan: fixture("destroy-peering") }], defaults);
    expect(r.blocked.map((v) => v.address)).toEqual(["oci_core_remote_peering_connection.peering_c1-c3_requestor_6E0F1A2B"]);
    expect(r.blocked[0].action).toBe("destroy");
    // The destroyed security rule beside the replaced cluster is not protected.
    const cluster = gatePlans([{ stack: "c1", plan: fixture("replace-cluster") }], defaults);
    expect(cluster.blocked.map((v) => v.type)).toEqual(["oci_containerengine_cluster"]);
  });

  it("lets in-place updates, reads and no-ops through", () => {
    const r = gatePlans([{ stack: "c1", plan: fixture("update-node-pool") }, { stack: "c2", plan: fixture("no-changes") }], defaults);
    expect(r).toEqual({ blocked: [], allowed: [], changes: 3 });
    expect(formatGate(r)).toBe("gate: passed: 3 change(s) read, no protected resource destroyed or replaced");
  });

  it("follows the topology's list: subnets when asked, peerings not when left out", () => {
    expect(gatePlans([{ stack: "mesh", plan: fixture("destroy-peering") }], ["clusters"]).blocked).toEqual([]);
    const subnet: PlanJson = {
      format_version: "1.2",
      resource_changes: [{ address: "oci_core_subnet.network_workers_0722DD14", mode: "managed", type: "oci_core_subnet", change: { actions: ["create", "delete"] } }],
    };
    expect(gatePlans([{ stack: "c1", plan: subnet }], defaults).blocked).toEqual([]);
    expect(gatePlans([{ stack: "c1", plan: subnet }], [...defaults, "subnets"]).blocked.map((v) => v.action)).toEqual(["replace"]);
  });

  it("allows exactly the addresses overridden, by address or stack:address, or everything with *", () => {
    const plans = [{ stack: "c1", plan: fixture("replace-cluster") }, { stack: "mesh", plan: fixture("destroy-peering") }];
    const one = gatePlans(plans, defaults, ["c1:oci_containerengine_cluster.oke_cluster_292EA92A"]);
    expect(one.allowed.map((v) => v.stack)).toEqual(["c1"]);
    expect(one.blocked.map((v) => v.stack)).toEqual(["mesh"]);
    expect(gatePlans(plans, defaults, ["oci_core_remote_peering_connection.peering_c1-c3_requestor_6E0F1A2B"]).blocked.map((v) => v.stack)).toEqual(["c1"]);
    expect(gatePlans(plans, defaults, ["*"]).blocked).toEqual([]);
    expect(formatGate(gatePlans(plans, defaults, ["*"]))).toContain("gate: allowed by override:");
  });

  it("refuses a file that is not a JSON plan", () => {
    expect(() => gatePlans([{ stack: "c1", plan: {} as PlanJson }], defaults)).toThrow(/not Terraform's JSON plan format/);
  });
});
