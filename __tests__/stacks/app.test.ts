import { loadFile, rawTopology, TOPOLOGY_FILES, resources, StackJson, synthApp, Synthesized, synthOnce, topologyOf } from "../helpers";

/** One synth of the n-region test topology per file, shared by the tests that only read it. */
const meshOf = (n: number): Synthesized => synthOnce(topologyOf(rawTopology(n)));

/** The mesh stack's remote peering connections, by display name. */
function rpcs(mesh: StackJson): Record<string, any> {
  return Object.fromEntries(resources(mesh, "oci_core_remote_peering_connection").map((r) => [r.display_name, r]));
}

describe.each([2, 3, 5])("a %i-region mesh", (n) => {
  const topology = topologyOf(rawTopology(n));
  const out = meshOf(n);
  const mesh = out.stacks.mesh;
  const names = topology.regions.map((r) => r.name);

  it("has one stack per region plus the mesh stack", () => {
    expect(Object.keys(out.stacks).sort()).toEqual([...names, "mesh"].sort());
  });

  it(`has N(N-1)/2 = ${(n * (n - 1)) / 2} peerings, each pair connected once, by the region whose name sorts first`, () => {
    const all = rpcs(mesh);
    expect(Object.keys(all)).toHaveLength(n * (n - 1));
    for (const { requestor, acceptor } of topology.pairs) {
      const req = all[`australis-${requestor.name}-to-${acceptor.name}`];
      const acc = all[`australis-${acceptor.name}-to-${requestor.name}`];
      expect(req.provider).toBe(`oci.${requestor.name}`);
      expect(acc.provider).toBe(`oci.${acceptor.name}`);
      expect(req.peer_region_name).toBe(acceptor.ociRegion);
      expect(req.peer_id).toMatch(/^\$\{oci_core_remote_peering_connection\.peering_.*_acceptor_.*\.id\}$/);
      expect(acc.peer_id).toBeUndefined();
      // Each side sits on its own region's DRG, read from that region's stack.
      expect(requestor.name < acceptor.name).toBe(true);
      expect(req.drg_id).toBe(`\${data.terraform_remote_state.region-${requestor.name}.outputs.drg_id}`);
      expect(acc.drg_id).toBe(`\${data.terraform_remote_state.region-${acceptor.name}.outputs.drg_id}`);
    }
    const peerIds = Object.values(all)
      .map((r) => r.peer_id)
      .filter(Boolean);
    expect(new Set(peerIds).size).toBe((n * (n - 1)) / 2);
  });

  it("opens exactly VXLAN (stateless, both ways), Cilium health and ICMP echo to workers, and 2379 + DNS to internal LBs, from each peer's workers", () => {
    const rules = resources(mesh, "oci_core_network_security_group_security_rule");
    expect(rules).toHaveLength(n * (n - 1) * 7);
    for (const here of topology.regions) {
      for (const peer of topology.regions.filter((p) => p !== here)) {
        const mine = rules.filter((r) => r.provider === `oci.${here.name}` && (r.source ?? r.destination) === peer.subnets.workers);
        const summary = mine
          .map(
            (r) =>
              `${r.direction[0]}${r.stateless ? "!" : ""}${r.protocol}:${r.tcp_options?.destination_port_range.min ?? r.udp_options?.destination_port_range.min ?? `icmp${r.icmp_options?.type}`}`,
          )
          .sort();
        expect(summary).toEqual(["E!17:8472", "I!17:8472", "I17:53", "I1:icmp8", "I6:2379", "I6:4240", "I6:53"]);
        for (const r of mine) {
          expect(r.source_type ?? r.destination_type).toBe("CIDR_BLOCK");
          expect(r.description).toContain(`${peer.name} (${peer.ociRegion})`);
          const nsg =
            (r.protocol === "6" && r.tcp_options.destination_port_range.min !== 4240) || r.udp_options?.destination_port_range.min === 53
              ? "internal_lb_nsg_id"
              : "mesh_nsg_id";
          expect(r.network_security_group_id).toBe(`\${data.terraform_remote_state.region-${here.name}.outputs.${nsg}}`);
        }
      }
    }
    // Nothing comes from a whole peer VCN: only the peer's worker nodes send.
    for (const peer of topology.regions) expect(rules.filter((r) => r.source === peer.vcnCidr)).toEqual([]);
  });

  it("has one aliased OCI provider per region and no unaliased one", () => {
    expect(mesh.provider!.oci.map((p: any) => [p.alias, p.region])).toEqual(topology.regions.map((r) => [r.name, r.ociRegion]));
  });

  it("reads each region stack through its local state, and depends on every region stack", () => {
    for (const name of names) {
      expect(mesh.data!.terraform_remote_state[`region-${name}`]).toEqual(
        expect.objectContaining({ backend: "local", config: { path: `../../../state/australis/${name}.tfstate` } }),
      );
    }
    expect([...out.manifest.stacks.mesh.dependencies].sort()).toEqual([...names].sort());
    for (const name of names) expect(out.manifest.stacks[name].dependencies).toEqual([]);
  });

  it("keeps region stacks free of anything from the mesh or other regions", () => {
    for (const region of topology.regions) {
      const stack = out.stacks[region.name];
      expect(stack.data?.terraform_remote_state).toBeUndefined();
      for (const other of topology.regions.filter((r) => r !== region)) {
        expect(out.text[region.name]).not.toContain(other.vcnCidr);
        expect(out.text[region.name]).not.toContain(other.ociRegion);
      }
      expect(stack.provider!.oci).toEqual([{ region: region.ociRegion }]);
    }
  });

  it("pins every provider and uses explicit, relative local backends", () => {
    for (const [id, stack] of Object.entries(out.stacks)) {
      expect(stack.terraform.required_providers.oci).toEqual({ source: "oracle/oci", version: "~> 8.28.0" });
      expect(stack.terraform.backend).toEqual({ local: { path: `../../../state/australis/${id}.tfstate` } });
      expect(stack.variable!.compartment_ocid).toMatchObject({ type: "string", nullable: false });
    }
  });
});

describe("determinism and blast radius", () => {
  it("synthesizes byte-identical JSON twice, with no absolute path in it", () => {
    const a = meshOf(3);
    const b = synthApp(topologyOf(rawTopology(3)));
    expect(b.text).toEqual(a.text);
    for (const text of Object.values(a.text)) {
      expect(text).not.toContain(a.dir);
      expect(text).not.toContain(process.cwd());
      expect(text).not.toMatch(/"\/(tmp|home|root|Users|work)\//);
    }
  });

  it("adding a region changes only the new region's stack and the mesh stack", () => {
    const before = meshOf(3);
    const after = meshOf(4);
    for (const id of ["c1", "c2", "c3"]) expect(after.text[id]).toBe(before.text[id]);
    expect(after.text.c4).toBeDefined();
    expect(after.text.mesh).not.toBe(before.text.mesh);
  });
});

describe("the example topologies", () => {
  it("include the default, the MCS-API, six-region and retiring examples", () => {
    expect(TOPOLOGY_FILES).toEqual(
      expect.arrayContaining(["okemesh.yaml", "examples/cilium-mcs-api.yaml", "examples/europe-6-regions.yaml", "examples/retiring-a-region.yaml"]),
    );
  });

  it.each(TOPOLOGY_FILES)("%s synthesizes with one connected peering per pair of live regions", (file) => {
    const t = loadFile(file);
    const n = t.regions.length;
    const peerings = (n * (n - 1)) / 2;
    const out = synthOnce(t);
    const requestors = resources(out.stacks.mesh, "oci_core_remote_peering_connection").filter((r) => r.peer_id);
    expect(requestors).toHaveLength(peerings);
  });
});
