// Day 2: topology changes as behaviour. Each test synthesizes a topology before and after a
// change a platform team makes, and checks what an existing deployment would see.
import { checkLedger } from "../../config/ledger";
import { stackLevels } from "../../pipeline/levels";
import { loadFile, rawTopology, resources, StackJson, stripMetadata, synthApp, Synthesized, synthOnce, topologyOf, TOPOLOGY_FILES } from "../helpers";

type Raw = Record<string, any>;
const raw = (n: number, extra: Raw = {}): Raw => rawTopology(n, extra) as Raw;
/** A synth of its own: for repeated synths of one topology, which a shared one would make pass whatever the synth does. */
const synthRaw = (raw: Raw) => synthApp(topologyOf(raw));
/** The suite's one synth of a topology only read (synthOnce). A reordered topology is a topology of
 * its own there (the regions' order is part of the key), synthesized from that order. */
const synthRead = (raw: Raw) => synthOnce(topologyOf(raw));

/** Every resource of a stack by Terraform address, without cdktf's metadata. */
function byAddress(stack: StackJson): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => [`${type}.${name}`, stripMetadata(body)]),
    ),
  );
}

const reversed = (t: Raw): Raw => ({ ...t, regions: [...t.regions].reverse() });
const rotated = (t: Raw): Raw => ({ ...t, regions: [...t.regions.slice(1), t.regions[0]] });

describe.each([2, 3, 5])("a %i-region mesh", (n) => {
  const topology = raw(n);
  const base = synthRead(topology);

  it.each([
    ["reversed", reversed],
    ["rotated", rotated],
  ])("reordering the regions (%s) changes nothing in any stack", (_, reorder) => {
    const next = synthRead(reorder(topology));
    expect(Object.keys(next.stacks).sort()).toEqual(Object.keys(base.stacks).sort());
    for (const id of Object.keys(base.stacks)) expect(byAddress(next.stacks[id])).toEqual(byAddress(base.stacks[id]));
    expect(next.text.mesh).toBe(base.text.mesh);
    for (const r of topology.regions) expect(next.text[r.name]).toBe(base.text[r.name]);
  });

  it("keeps every existing region stack byte-identical when a region is added", () => {
    const next = synthRead(raw(n + 1));
    for (const r of topology.regions) expect(next.text[r.name]).toBe(base.text[r.name]);
  });

  it("retires a region: its stack is emptied after the mesh lets go of it, and nothing of it stays in the mesh", () => {
    const [gone, ...stay] = topology.regions;
    const next = synthRead({ ...topology, regions: stay, retired: [gone] });
    // The retired stack keeps its id, backend and provider, and holds nothing: its plan destroys it all.
    const stack = next.stacks[gone.name];
    expect(stack.resource).toBeUndefined();
    expect(stack.terraform.backend).toEqual(base.stacks[gone.name].terraform.backend);
    expect(stack.provider!.oci).toEqual([{ region: gone.ociRegion }]);
    // Deploy order: the live regions, then the mesh, then the retired region.
    expect(stackLevels(next.manifest)).toEqual([stay.map((r: Raw) => r.name), ["mesh"], [gone.name]]);
    // The mesh keeps the retired region's providers (to destroy what it had there) and nothing else of it.
    const mesh = next.stacks.mesh;
    expect(mesh.provider!.oci.map((p: any) => p.alias)).toContain(gone.name);
    expect(mesh.provider!.kubernetes.map((p: any) => p.alias)).toContain(gone.name);
    const all = Object.values(mesh.resource ?? {}).flatMap((byName) => Object.values<any>(byName));
    expect(all.filter((r) => String(r.provider).endsWith(`.${gone.name}`))).toEqual([]);
    expect(JSON.stringify(all)).not.toContain(gone.vcnCidr.replace("0.0/16", ""));
    // Its outputs may already be gone when its stack is empty: the mesh reads them leniently.
    const host = mesh.provider!.kubernetes.find((p: any) => p.alias === gone.name).host;
    expect(host).toContain(`try(data.terraform_remote_state.region-${gone.name}.outputs.cluster_private_endpoint, "")`);
    // The live regions' stacks do not change.
    for (const r of stay) expect(next.text[r.name]).toBe(base.text[r.name]);
  });
});

describe("growing from one region", () => {
  it.each([1, 2, 3])("adding a region to %i leaves every existing region stack byte-identical", (n) => {
    const before = synthRead(raw(n));
    const after = synthRead(raw(n + 1));
    for (let i = 1; i <= n; i++) expect(after.text[`c${i}`]).toBe(before.text[`c${i}`]);
  });

  it("exports the same outputs from a region stack whatever the number of regions or the access mode", () => {
    const names = (s: Synthesized) => Object.keys(s.stacks.c1.output ?? {}).sort();
    const one = synthRead(raw(1));
    expect(names(one)).toEqual(names(synthRead(raw(4))));
    expect(names(one)).toEqual(names(synthRead(raw(1, { apiEndpoint: { access: "bastion", allowedCidrs: ["198.51.100.0/24"] } }))));
    expect(names(one)).toEqual(
      expect.arrayContaining(["drg_id", "mesh_nsg_id", "internal_lb_nsg_id", "cluster_ca_certificate", "dns_lb_reserved_ip"]),
    );
  });
});

describe("switching apiEndpoint.access", () => {
  const modes: Raw[] = [
    { access: "private", allowedCidrs: [] },
    { access: "public", allowedCidrs: ["198.51.100.0/24"] },
    { access: "bastion", allowedCidrs: ["198.51.100.0/24"] },
  ];
  const synths = modes.map((apiEndpoint) => synthRead(raw(2, { apiEndpoint })));
  const kept = [
    "oci_core_vcn",
    "oci_core_subnet",
    "oci_core_drg",
    "oci_containerengine_cluster",
    "oci_containerengine_node_pool",
    "oci_containerengine_addon",
  ];

  it.each([
    [0, 1],
    [1, 2],
    [2, 0],
    [1, 0],
  ])("from %i to %i keeps the address and the create-only attributes of every VCN, subnet, DRG, cluster, node pool and add-on", (from, to) => {
    const [a, b] = [synths[from].stacks.c1, synths[to].stacks.c1];
    for (const type of kept) {
      const before = a.resource?.[type] ?? {};
      const after = b.resource?.[type] ?? {};
      // The bastion subnet comes and goes with the bastion; every other one stays.
      const stays = (name: string) => !name.startsWith("network_bastion-subnet");
      expect(Object.keys(after).filter(stays).sort()).toEqual(Object.keys(before).filter(stays).sort());
      for (const name of Object.keys(before).filter(stays)) {
        const x = before[name];
        const y = after[name];
        // ForceNew paths of these types in oracle/oci 8.28.0 (schemas/force-new.json).
        for (const path of [
          "vcn_id",
          "cidr_block",
          "dns_label",
          "prohibit_public_ip_on_vnic",
          "prohibit_internet_ingress",
          "availability_domain",
          "cluster_id",
          "compartment_id",
        ]) {
          expect([type, name, path, y[path]]).toEqual([type, name, path, x[path]]);
        }
        if (type === "oci_containerengine_cluster") {
          expect(y.endpoint_config.subnet_id).toBe(x.endpoint_config.subnet_id);
          expect(y.options).toEqual(x.options);
          expect(y.cluster_pod_network_options).toEqual(x.cluster_pod_network_options);
        }
      }
    }
  });

  it("changes exposure only through what updates in place: the route table, the endpoint's public IP and its NSG rules", () => {
    const api = (s: Synthesized) => resources(s.stacks.c1, "oci_core_subnet").find((x) => x.display_name.endsWith("-api-endpoint"));
    const cluster = (s: Synthesized) => resources(s.stacks.c1, "oci_containerengine_cluster")[0];
    expect(api(synths[0]).route_table_id).toMatch(/private-routes/);
    expect(api(synths[1]).route_table_id).toMatch(/public-routes/);
    expect(cluster(synths[0]).endpoint_config.is_public_ip_enabled).toBe(false);
    expect(cluster(synths[1]).endpoint_config.is_public_ip_enabled).toBe(true);
    expect(resources(synths[0].stacks.c1, "oci_core_internet_gateway")).toEqual([]);
  });
});

describe("removing a region without retiring it", () => {
  const ledger = (t: Raw) => checkLedger(topologyOf(t), undefined, "okemesh.lock.json").next;

  it("fails, naming the region and what is still deployed", () => {
    const previous = ledger(raw(3));
    const { issues } = checkLedger(topologyOf(raw(2)), previous, "okemesh.lock.json");
    expect(issues).toEqual([
      {
        path: "regions",
        message: expect.stringMatching(
          /^c3 \(uk-london-1\) has a stack \(okemesh\.lock\.json\) but is no longer listed: .*move its entry from regions to retired/,
        ),
      },
    ]);
  });

  it("passes once the region is retired, and keeps it in the ledger until it is deleted there", () => {
    const three = raw(3);
    const previous = ledger(three);
    const { issues, next } = checkLedger(topologyOf({ ...three, regions: three.regions.slice(0, 2), retired: [three.regions[2]] }), previous, "x");
    expect(issues).toEqual([]);
    expect(Object.keys(next.regions)).toEqual(["c1", "c2", "c3"]);
  });

  it("treats a rename as a removal plus an addition", () => {
    const two = raw(2);
    const renamed = { ...two, regions: [two.regions[0], { ...two.regions[1], name: "amsterdam" }] };
    const { issues } = checkLedger(topologyOf(renamed), ledger(two), "x");
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/^c2 .*to rename a region, retire the old name and add the new one/)]);
  });

  it("refuses a renamed mesh, whose state would start empty", () => {
    const { issues } = checkLedger(topologyOf({ ...raw(2), name: "borealis" }), ledger(raw(2)), "x");
    expect(issues).toEqual([{ path: "name", message: expect.stringContaining('records the mesh "australis"') }]);
  });
});

describe("state identity", () => {
  it("never lets two topologies share a local state file", () => {
    const paths = TOPOLOGY_FILES.flatMap((f) => Object.values(synthOnce(loadFile(f)).stacks).map((s) => s.terraform.backend.local.path as string));
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe("node images", () => {
  it("do not change between two synths a month apart", () => {
    const two = raw(2);
    const now = synthRaw(two).text;
    jest.useFakeTimers({ now: Date.now() + 31 * 24 * 3600 * 1000 });
    try {
      expect(synthRaw(two).text).toEqual(now);
    } finally {
      jest.useRealTimers();
    }
    for (const pool of resources(JSON.parse(now.c1), "oci_containerengine_node_pool")) {
      expect(pool.lifecycle.ignore_changes).toEqual(["node_source_details[0].image_id"]);
    }
  });
});

describe("region names", () => {
  it("never collide with okemesh's own construct ids, whatever they are", () => {
    // Fixed ids beside the per-region ones hold "_", which no region name can: "ca", "ca-key",
    // "grid-chart" (once taken by okemesh itself) are region names like any other.
    const raw = rawTopology(4) as any;
    ["ca", "ca-key", "grid-chart", "tls"].forEach((name, i) => (raw.regions[i].name = name));
    const out = synthApp(topologyOf(raw));
    expect(Object.keys(out.stacks).sort()).toEqual(["ca", "ca-key", "grid-chart", "mesh", "tls"]);
    expect(resources(out.stacks.mesh, "helm_release").filter((r) => r.chart === "cilium")).toHaveLength(4);
  });
});
