// MeshPeering with fake region exports: pairs by name, rules on the exported NSGs.
import { MeshPeering } from "../../constructs/mesh-peering";
import { peerRulesOf } from "../../stacks/data-plane";
import { rawTopology, resources, synthWithMembers, topologyOf } from "../helpers";

describe("MeshPeering", () => {
  const t = topologyOf(rawTopology(3));
  const j = synthWithMembers(
    t,
    (scope, members) =>
      new MeshPeering(scope, "peering", {
        members,
        pairs: t.pairs,
        compartmentId: "ocid1.compartment.oc1..x",
        meshName: t.name,
        rulesFrom: peerRulesOf(t),
      }),
  );
  const rpcs = resources(j, "oci_core_remote_peering_connection");
  const rules = resources(j, "oci_core_network_security_group_security_rule");

  it("puts each side of a pair on its own region's exported DRG, through that region's provider", () => {
    expect(rpcs).toHaveLength(6);
    const requestor = rpcs.find((r) => r.display_name === "australis-c1-to-c3");
    expect(requestor).toMatchObject({ provider: "oci.c1", drg_id: "ocid1.drg.oc1.eu-paris-1.c1", peer_region_name: "uk-london-1" });
    expect(rpcs.find((r) => r.display_name === "australis-c3-to-c1")).toMatchObject({ provider: "oci.c3", drg_id: "ocid1.drg.oc1.uk-london-1.c3" });
  });

  it("names pairs and rule scopes with '_', which no region name contains: ids cannot collide", () => {
    const addresses = Object.keys(j.resource!.oci_core_remote_peering_connection);
    expect(addresses.map((a) => a.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual([
      "peering_c1_c2_acceptor",
      "peering_c1_c2_requestor",
      "peering_c1_c3_acceptor",
      "peering_c1_c3_requestor",
      "peering_c2_c3_acceptor",
      "peering_c2_c3_requestor",
    ]);
    // Names that join ambiguously with '-' (a + b-c and a-b + c; x + from-y and x-from + y) are valid
    // and still get distinct ids.
    for (const names of [
      ["a", "b-c", "a-b", "c"],
      ["x", "from-y", "x-from", "y"],
    ]) {
      const raw = rawTopology(4) as any;
      names.forEach((name, i) => (raw.regions[i].name = name));
      const tricky = topologyOf(raw);
      const out = synthWithMembers(
        tricky,
        (scope, members) =>
          new MeshPeering(scope, "peering", { members, pairs: tricky.pairs, compartmentId: "x", meshName: "m", rulesFrom: peerRulesOf(tricky) }),
      );
      expect(resources(out, "oci_core_remote_peering_connection")).toHaveLength(12);
    }
  });

  it("writes the rules into the exported mesh and internal-LB NSGs of the region that receives", () => {
    const c2 = rules.filter((r) => r.provider === "oci.c2");
    expect(new Set(c2.map((r) => r.network_security_group_id))).toEqual(
      new Set(["ocid1.nsg-mesh.oc1.eu-amsterdam-1.c2", "ocid1.nsg-ilb.oc1.eu-amsterdam-1.c2"]),
    );
    expect(c2).toHaveLength(2 * 7);
  });
});
