import * as fs from "fs";
import * as path from "path";
import { DEFAULTS } from "../../config/defaults";
import { formatIssues, parseTopology, validateTopology } from "../../config/load";
import { rawTopology, ROOT, TOPOLOGY_FILES } from "../helpers";
import { manyRegions, withRegion } from "./topologies";

/** The problems of a raw document, as `path: message` lines. */
function problems(raw: unknown): string[] {
  const r = validateTopology(raw);
  if (r.ok) return [];
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe("topology loading", () => {
  it("accepts the default topology and resolves defaults and derived facts", () => {
    const r = parseTopology(fs.readFileSync(path.join(ROOT, "okemesh.yaml"), "utf8"));
    if (!r.ok) throw new Error(formatIssues("okemesh.yaml", r.issues));
    const t = r.topology;
    expect(t.name).toBe("australis");
    expect(t.meshCidr).toBe("10.0.0.0/8");
    expect(t.apiEndpoint).toEqual({ access: "private", allowedCidrs: [] });
    expect(t.regions.map((x) => [x.name, x.ociRegion, x.ociRealm, x.clusterId])).toEqual([
      ["c1", "eu-paris-1", "oc1", 1],
      ["c2", "eu-amsterdam-1", "oc1", 2],
    ]);
    expect(t.regions[0].kubernetesVersion).toBe("v1.34.2");
    expect(t.regions[0].nodePools).toEqual([
      { name: "workers", size: 3, shape: "VM.Standard.E5.Flex", ocpus: 2, memoryInGbs: 16, bootVolumeSizeInGbs: 50 },
    ]);
    expect(t.regions[1].subnets.internalLb).toBe("10.2.8.0/24");
    expect(t.pairs.map((p) => `${p.requestor.name}-${p.acceptor.name}`)).toEqual(["c1-c2"]);
  });

  it("pins the internal load balancers on the 10th and 11th address of the internal-LB subnet, unless overridden", () => {
    const r = validateTopology(withRegion(1, { loadBalancerIps: { dns: "10.2.8.77" } }));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.topology.regions[0].loadBalancerIps).toEqual({ dns: "10.1.8.10", clustermesh: "10.1.8.11" });
    expect(r.topology.regions[1].loadBalancerIps).toEqual({ dns: "10.2.8.77", clustermesh: "10.2.8.11" });
    expect(r.topology.regions[1].socksPort).toBe(10802);
  });

  it("fills in the defaults of every section, and derives the member sets and the retired list", () => {
    const r = validateTopology(rawTopology(2));
    if (!r.ok) throw new Error("invalid");
    expect(r.topology.cilium).toEqual(DEFAULTS.cilium);
    expect(r.topology.coherence).toEqual({ ...DEFAULTS.coherence, clusterName: "australis" });
    expect(r.topology.apiEndpoint).toEqual(DEFAULTS.apiEndpoint);
    expect(r.topology.protect).toEqual(DEFAULTS.protect);
    expect(r.topology.regions.map((x) => [x.coherenceReplicas, x.coherenceMemberSet])).toEqual([
      [3, "australis-c1"],
      [3, "australis-c2"],
    ]);
    expect(r.topology.retired).toEqual([]);
    const c3 = (rawTopology(3) as any).regions[2];
    const grid = validateTopology({ ...rawTopology(2, { coherence: { clusterName: "grid" } }), retired: [c3] });
    expect(grid.ok && [grid.topology.regions[1].coherenceMemberSet, grid.topology.retired.map((r) => [r.name, r.ociRegion, r.socksPort])]).toEqual([
      "grid-c2",
      [["c3", "uk-london-1", 10803]],
    ]);
  });

  it("hands out its own copy of every default, never the shared one", () => {
    const a = validateTopology(rawTopology(2));
    const b = validateTopology(rawTopology(2));
    if (!a.ok || !b.ok) throw new Error("invalid");
    expect(a.topology.protect).not.toBe(b.topology.protect);
    expect(a.topology.regions[0].nodePools).not.toBe(DEFAULTS.nodePools);
  });

  it("keeps a pinned node image", () => {
    const image = "ocid1.image.oc1.eu-paris-1.aaaaaaaaxyz";
    const r = validateTopology(withRegion(1, { nodePools: [{ name: "w", image }] }));
    expect(r.ok && [r.topology.regions[0].nodePools[0].image, r.topology.regions[1].nodePools[0].image]).toEqual([undefined, image]);
  });

  it("warns, without failing, only about a public endpoint open to the whole internet", () => {
    const quiet = [rawTopology(2), rawTopology(2, { apiEndpoint: { access: "public", allowedCidrs: ["203.0.113.0/24"] } })];
    for (const raw of quiet) expect(validateTopology(raw)).toMatchObject({ ok: true, warnings: [] });
    const open = validateTopology(rawTopology(2, { apiEndpoint: { access: "public", allowedCidrs: ["203.0.113.0/24", "0.0.0.0/0"] } }));
    expect(open.ok && open.warnings.map((w) => w.path)).toEqual(["apiEndpoint.allowedCidrs[1]"]);
    const bastion = validateTopology(rawTopology(2, { apiEndpoint: { access: "bastion", allowedCidrs: ["0.0.0.0/0"] } }));
    expect(bastion.ok && bastion.warnings).toEqual([]);
  });

  it("reads JSON as well as YAML", () => {
    expect(parseTopology(JSON.stringify(rawTopology(2))).ok).toBe(true);
  });

  it("takes every pair of regions once, in topology order", () => {
    const r = validateTopology(rawTopology(4));
    if (!r.ok) throw new Error("invalid");
    expect(r.topology.pairs.map((p) => `${p.requestor.name}-${p.acceptor.name}`)).toEqual(["c1-c2", "c1-c3", "c1-c4", "c2-c3", "c2-c4", "c3-c4"]);
  });

  it("lets a region override the Kubernetes version and node pools, and fills pool defaults", () => {
    const r = validateTopology(withRegion(1, { kubernetesVersion: "v1.33.1", nodePools: [{ name: "big", size: 5, shape: "VM.Standard.A1.Flex" }] }));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.topology.regions[0].kubernetesVersion).toBe("v1.34.2");
    expect(r.topology.regions[1].kubernetesVersion).toBe("v1.33.1");
    expect(r.topology.regions[1].nodePools).toEqual([
      { name: "big", size: 5, shape: "VM.Standard.A1.Flex", ocpus: 2, memoryInGbs: 16, bootVolumeSizeInGbs: 50 },
    ]);
  });

  describe("rejects, naming the field and the values", () => {
    it.each<[string, unknown, string]>([
      ["a typo in a top-level key", { ...rawTopology(2), regionz: [] }, "regionz: unknown key (did you mean 'regions'?)"],
      ["a typo in a region key", withRegion(0, { vcnCdir: "10.9.0.0/16" }), "regions[0].vcnCdir: unknown key (did you mean 'vcnCidr'?)"],
      [
        "a missing required key",
        (() => {
          const r = rawTopology(2) as any;
          delete r.regions[1].podsCidr;
          return r;
        })(),
        "regions[1].podsCidr: is required (string)",
      ],
      [
        "a CIDR that does not parse",
        withRegion(0, { podsCidr: "10.201.0/16" }),
        "regions[0].podsCidr: '10.201.0/16' is not an IPv4 CIDR (expected e.g. 10.1.0.0/16)",
      ],
      [
        "a CIDR with host bits",
        withRegion(1, { vcnCidr: "10.2.0.1/16" }),
        "regions[1].vcnCidr: '10.2.0.1/16' has host bits set (did you mean 10.2.0.0/16?)",
      ],
      [
        "overlapping ranges across regions",
        withRegion(1, { podsCidr: "10.201.0.0/16" }),
        "regions[1].podsCidr: 10.201.0.0/16 overlaps regions[0].podsCidr 10.201.0.0/16",
      ],
      [
        "overlapping ranges within a region",
        withRegion(0, { servicesCidr: "10.1.128.0/17" }),
        "regions[0].servicesCidr: 10.1.128.0/17 overlaps regions[0].vcnCidr 10.1.0.0/16",
      ],
      [
        "a VCN outside the mesh supernet",
        withRegion(1, { vcnCidr: "172.16.0.0/16" }),
        "regions[1].vcnCidr: 172.16.0.0/16 is outside meshCidr 10.0.0.0/8: every VCN must lie inside the mesh supernet (set meshCidr to one that contains them all)",
      ],
      [
        "a VCN too small for the subnets",
        withRegion(0, { vcnCidr: "10.1.0.0/22" }),
        "regions[0].vcnCidr: 10.1.0.0/22 is too small: the subnet layout (workers /21, load balancers /24, API endpoint /28) needs a /20 or larger; workers, internalLb, publicLb, apiEndpoint, bastion would not fit",
      ],
      ["a duplicate name", withRegion(1, { name: "c1" }), 'regions[1].name: "c1" is also used by regions[0]'],
      ["a duplicate clusterId", withRegion(1, { clusterId: 1 }), "regions[1].clusterId: 1 is also used by regions[0] (c1)"],
      ["a duplicate ociRegion", withRegion(1, { ociRegion: "eu-paris-1" }), 'regions[1].ociRegion: "eu-paris-1" is also used by regions[0] (c1)'],
      ["a clusterId of 0", withRegion(0, { clusterId: 0 }), "regions[0].clusterId: Too small: expected number to be >=1 (got 0)"],
      ["a clusterId over 255", withRegion(0, { clusterId: 256 }), "regions[0].clusterId: Too big: expected number to be <=255 (got 256)"],
      ["a fractional clusterId", withRegion(0, { clusterId: 1.5 }), "regions[0].clusterId: Invalid input: expected int, received number (got 1.5)"],
      [
        "an upper-case name",
        withRegion(0, { name: "C1" }),
        `regions[0].name: must be lower-case letters, digits and '-', starting and ending with a letter or digit (Cilium cluster name) (got "C1")`,
      ],
      [
        "a name over 32 characters",
        withRegion(0, { name: "a".repeat(33) }),
        `regions[0].name: must be at most 32 characters (Cilium cluster name) (got "${"a".repeat(33)}")`,
      ],
      ["the name default", withRegion(0, { name: "default" }), `regions[0].name: 'default' is reserved by Cilium (got "default")`],
      ["the mesh stack's id", withRegion(0, { name: "mesh" }), `regions[0].name: 'mesh' is the id of the mesh stack (got "mesh")`],
      [
        "an unknown OCI region",
        withRegion(0, { ociRegion: "eu-pari-1" }),
        "regions[0].ociRegion: 'eu-pari-1' is not a known OCI region (did you mean eu-paris-1?); for a region newer than okemesh's list, also set ociRealm",
      ],
      [
        "regions of two realms",
        withRegion(1, { ociRegion: "uk-gov-london-1" }),
        "regions[1].ociRegion: uk-gov-london-1 is in realm oc4 but regions[0].ociRegion eu-paris-1 is in oc1: remote peering connects DRGs within one realm only",
      ],
      [
        "a public endpoint without an allow-list",
        { ...rawTopology(2), apiEndpoint: { access: "public" } },
        "apiEndpoint.allowedCidrs: must list at least one client CIDR when apiEndpoint.access is public",
      ],
      [
        "a bastion without an allow-list",
        { ...rawTopology(2), apiEndpoint: { access: "bastion" } },
        "apiEndpoint.allowedCidrs: must list at least one client CIDR when apiEndpoint.access is bastion",
      ],
      [
        "an unknown access mode",
        { ...rawTopology(2), apiEndpoint: { access: "vpn" } },
        'apiEndpoint.access: Invalid option: expected one of "private"|"bastion"|"public" (got "vpn")',
      ],
      [
        "a bad allow-list CIDR",
        { ...rawTopology(2), apiEndpoint: { allowedCidrs: ["1.2.3.4"] } },
        "apiEndpoint.allowedCidrs[0]: '1.2.3.4' is not an IPv4 CIDR (expected e.g. 10.1.0.0/16)",
      ],
      [
        "duplicate node pool names",
        withRegion(0, { nodePools: [{ name: "a" }, { name: "a" }] }),
        'regions[0].nodePools[1].name: "a" is also used by regions[0].nodePools[0]',
      ],
      [
        "a node pool size given as a string",
        { ...rawTopology(2), nodePools: [{ name: "a", size: "3" }] },
        'nodePools[0].size: Invalid input: expected number, received string (got "3")',
      ],
      ["a bad Kubernetes version", { ...rawTopology(2), kubernetesVersion: "1.34" }, 'kubernetesVersion: must look like v1.34.2 (got "1.34")'],
      ["no regions", { name: "australis", regions: [] }, "regions: must list at least one region"],
      [
        "a load-balancer IP outside the internal-LB subnet",
        withRegion(0, { loadBalancerIps: { dns: "10.1.9.10" } }),
        "regions[0].loadBalancerIps.dns: '10.1.9.10' is not a usable address of the internal-LB subnet 10.1.8.0/24",
      ],
      [
        "a load-balancer IP OCI reserves",
        withRegion(0, { loadBalancerIps: { clustermesh: "10.1.8.1" } }),
        "regions[0].loadBalancerIps.clustermesh: '10.1.8.1' is not a usable address of the internal-LB subnet 10.1.8.0/24",
      ],
      [
        "the same IP for both load balancers",
        withRegion(0, { loadBalancerIps: { dns: "10.1.8.50", clustermesh: "10.1.8.50" } }),
        "regions[0].loadBalancerIps: dns and clustermesh would both be 10.1.8.50: the two load balancers need different IPs",
      ],
      [
        "an override equal to the other's default",
        withRegion(0, { loadBalancerIps: { dns: "10.1.8.11" } }),
        "regions[0].loadBalancerIps: dns and clustermesh would both be 10.1.8.11: the two load balancers need different IPs",
      ],
      [
        "a VCN larger than /16",
        withRegion(0, { vcnCidr: "10.0.0.0/12", podsCidr: "10.201.0.0/16" }),
        "regions[0].vcnCidr: 10.0.0.0/12 is larger than OCI allows for a VCN (/16 to /30)",
      ],
      [
        "a mesh supernet of everything",
        { ...rawTopology(2), meshCidr: "0.0.0.0/0" },
        "meshCidr: 0.0.0.0/0 is too broad: every VCN routes it to the DRG, so it must not swallow internet-bound traffic (use /8 or narrower)",
      ],
      [
        "the region name local",
        withRegion(0, { name: "local" }),
        `regions[0].name: 'local' would make the DNS suffix cluster.local, every cluster's own domain (got "local")`,
      ],
      [
        "a realm that contradicts a known region",
        withRegion(1, { ociRegion: "uk-gov-london-1", ociRealm: "oc1" }),
        "regions[1].ociRealm: uk-gov-london-1 is in realm oc4, not oc1: ociRealm is only for regions newer than okemesh's list",
      ],
      [
        "a duplicate allow-list entry",
        { ...rawTopology(2), apiEndpoint: { allowedCidrs: ["192.0.2.0/24", "192.0.2.0/24"] } },
        'apiEndpoint.allowedCidrs[1]: "192.0.2.0/24" is also apiEndpoint.allowedCidrs[0]',
      ],
      [
        "one namespace for the grid and the operator",
        { ...rawTopology(2), coherence: { namespace: "grid", operatorNamespace: "grid" } },
        'coherence.namespace: "grid" is also coherence.operatorNamespace: give the grid and the operator their own namespaces',
      ],
      [
        "a system namespace",
        { ...rawTopology(2), coherence: { namespace: "kube-system" } },
        "coherence.namespace: 'kube-system' is a namespace Kubernetes owns; okemesh creates and deletes its namespaces",
      ],
      [
        "a heap that does not fit the memory",
        { ...rawTopology(2), coherence: { heapSize: "8g", memory: "3Gi" } },
        "coherence.heapSize: 8g does not fit in coherence.memory 3Gi: the JVM needs room beyond the heap",
      ],
      [
        "a member-set name too long for Kubernetes",
        withRegion(0, { name: "a".repeat(32) }, { coherence: { clusterName: "b".repeat(30) } }),
        `regions[0].name: the Coherence member set ${"b".repeat(30)}-${"a".repeat(32)} is 63 characters; with "-wka" it must fit a 63-character Kubernetes name (shorten coherence.clusterName or the region name)`,
      ],
      [
        "a bad Cilium version",
        { ...rawTopology(2), cilium: { version: "1.19.4" } },
        'cilium.version: must be a 1.20.x chart version such as 1.20.0 (got "1.19.4")',
      ],
      [
        "an unpinned Coherence image",
        { ...rawTopology(2), coherence: { image: "ghcr.io/oracle/coherence-ce:latest" } },
        'coherence.image: must be pinned, not :latest (got "ghcr.io/oracle/coherence-ce:latest")',
      ],
      [
        "a Coherence image without a tag",
        { ...rawTopology(2), coherence: { image: "ghcr.io/oracle/coherence-ce" } },
        'coherence.image: must name a tag or digest, e.g. repo/coherence-ce:14.1.2-0-3 (got "ghcr.io/oracle/coherence-ce")',
      ],
      [
        "a remote backend without its required fields",
        { ...rawTopology(2), state: { backend: "oci", bucket: "tfstate" } },
        "state.namespace: is required (string)",
      ],
      [
        "an unknown backend",
        { ...rawTopology(2), state: { backend: "gcs" } },
        `state.backend: Invalid discriminator value. Expected 'local' | 'oci' | 's3' | 'cloud' (got "gcs")`,
      ],
      [
        "a credential in the state section",
        { ...rawTopology(2), state: { backend: "s3", bucket: "b", namespace: "ns", region: "eu-paris-1", secretKey: "x" } },
        "state.secretKey: unknown key",
      ],
      [
        "an unknown protected kind",
        { ...rawTopology(2), protect: ["clusters", "vnc"] },
        `protect[1]: Invalid option: expected one of "clusters"|"nodePools"|"vcns"|"subnets"|"drgs"|"peerings"|"bastions"|"clustermeshCa"|"cilium"|"submariner" (got "vnc")`,
      ],
      ["a typo in a coherence key", { ...rawTopology(2), coherence: { replica: 3 } }, "coherence.replica: unknown key (did you mean 'replicas'?)"],
      [
        "a region name starting with a digit",
        withRegion(0, { name: "1a" }),
        `regions[0].name: must start with a letter: it is the region's Terraform provider alias, and an identifier cannot start with a digit (got "1a")`,
      ],
      [
        "more regions than a mesh NSG holds",
        manyRegions(32),
        "regions: must list at most 31 regions: each region's mesh NSG holds 4 rules per peer, and OCI allows 120 rules in one NSG",
      ],
      [
        "a shape that is not one",
        { ...rawTopology(2), nodePools: [{ name: "a", shape: 'VM.Standard.E5.Flex"}' }] },
        `nodePools[0].shape: must be an OCI compute shape such as VM.Standard.E5.Flex or BM.GPU.A10.4 (got "VM.Standard.E5.Flex\\"}")`,
      ],
      [
        "a node image that is not an image OCID",
        withRegion(0, { nodePools: [{ name: "a", image: "ocid1.instance.oc1.phx.aaaa" }] }),
        `regions[0].nodePools[0].image: must be an image OCID (ocid1.image.oc1.<region>.<id>) (got "ocid1.instance.oc1.phx.aaaa")`,
      ],
      [
        "an image reference with a template",
        { ...rawTopology(2), coherence: { image: "repo/x:${var.tag}" } },
        `coherence.image: must be a container image reference: registry/repository:tag or @sha256:digest, no spaces or '$', '%', '{' (got "repo/x:\${var.tag}")`,
      ],
      [
        "memory in millibytes",
        { ...rawTopology(2), coherence: { memory: "4000m" } },
        `coherence.memory: uses 'm', which is milli in a Kubernetes quantity (thousandths of a byte): use Mi or Gi (got "4000m")`,
      ],
      [
        "memory that is no quantity",
        { ...rawTopology(2), coherence: { memory: "3GB" } },
        `coherence.memory: must be a Kubernetes quantity such as 3Gi (got "3GB")`,
      ],
      [
        "CPU in bytes",
        { ...rawTopology(2), coherence: { cpu: "2Gi" } },
        `coherence.cpu: must be cores (1, 0.5) or millicores (500m), not a size (got "2Gi")`,
      ],
      ["no CPU at all", { ...rawTopology(2), coherence: { cpu: "0" } }, `coherence.cpu: must be at least 1m (a thousandth of a core) (got "0")`],
      ["an empty heap", { ...rawTopology(2), coherence: { heapSize: "0g" } }, `coherence.heapSize: must be more than 0 (got "0g")`],
      [
        "a key OCID of another type",
        { ...rawTopology(2), state: { backend: "oci", bucket: "b", namespace: "ns", region: "eu-paris-1", kmsKeyId: "ocid1.key.${x}" } },
        `state.kmsKeyId: must be a key OCID (ocid1.key...) (got "ocid1.key.\${x}")`,
      ],
      [
        "a load-balancer IP that is no address",
        withRegion(0, { loadBalancerIps: { dns: "10.1.8.010" } }),
        `regions[0].loadBalancerIps.dns: must be an IPv4 address such as 10.1.8.10 (got "10.1.8.010")`,
      ],
      [
        "a retired name that is no region name",
        { ...rawTopology(2), retired: [{ ...(rawTopology(3) as any).regions[2], name: "C9" }] },
        `retired[0].name: must be lower-case letters, digits and '-', starting and ending with a letter or digit (Cilium cluster name) (got "C9")`,
      ],
    ])("%s", (_what, raw, expected) => {
      expect(problems(raw)).toContain(expected);
    });
  });

  it("accepts a region newer than the built-in list when its realm is given", () => {
    expect(problems(withRegion(1, { ociRegion: "eu-newtown-1", ociRealm: "oc1" }))).toEqual([]);
    expect(problems(withRegion(1, { ociRegion: "eu-newtown-1", ociRealm: "oc4" }))).toContain(
      "regions[1].ociRegion: eu-newtown-1 is in realm oc4 but regions[0].ociRegion eu-paris-1 is in oc1: remote peering connects DRGs within one realm only",
    );
  });

  it("reports every problem of a document in one run, sorted by field", () => {
    const raw = rawTopology(2, { regionz: 1 }) as any;
    raw.regions[0].clusterId = 300;
    raw.regions[1].podsCidr = raw.regions[0].podsCidr;
    raw.regions[1].vcnCidr = "10.2.0.0/24";
    expect(problems(raw)).toEqual([
      "regions[0].clusterId: Too big: expected number to be <=255 (got 300)",
      "regions[1].podsCidr: 10.201.0.0/16 overlaps regions[0].podsCidr 10.201.0.0/16",
      expect.stringMatching(/^regions\[1\]\.vcnCidr: 10\.2\.0\.0\/24 is too small/),
      "regionz: unknown key (did you mean 'regions'?)",
    ]);
  });

  it("reports YAML syntax errors and duplicate keys with their line", () => {
    const r = parseTopology("name: a\nname: b\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toMatch(/Map keys must be unique at line 2/);
  });

  it("formats the problems as one block", () => {
    expect(formatIssues("x.yaml", [{ path: "a", message: "b" }])).toBe("okemesh: x.yaml: 1 problem, nothing was synthesized:\n  - a: b");
  });

  it.each(TOPOLOGY_FILES)("%s is valid", (file) => {
    const r = parseTopology(fs.readFileSync(path.join(ROOT, file), "utf8"));
    expect(r.ok ? [] : r.issues).toEqual([]);
  });
});
