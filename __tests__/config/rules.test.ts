// Each cross-field rule on its own: silent on valid topologies, then each way to break it.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import * as access from "../../config/rules/access";
import * as coherence from "../../config/rules/coherence";
import * as dataPlane from "../../config/rules/data-plane";
import { crossFieldIssues, Rule, RULES } from "../../config/rules";
import * as network from "../../config/rules/network";
import * as pools from "../../config/rules/pools";
import * as regions from "../../config/rules/regions";
import { viewOf } from "../../config/rules/view";
import { rawTopology, ROOT, TOPOLOGY_FILES } from "../helpers";
import { named, withRegion } from "./topologies";

const check = (rule: Rule, raw: unknown) => rule.check(viewOf(raw)!).map((i) => `${i.path}: ${i.message}`);

const file = (f: string) => parse(fs.readFileSync(path.join(ROOT, f), "utf8"));

const VALID: Array<[string, () => unknown]> = [
  ...TOPOLOGY_FILES.map((f): [string, () => unknown] => [f, () => file(f)]),
  ["eight generated regions", () => rawTopology(8)],
  [
    "a public endpoint with per-region pools",
    () =>
      withRegion(
        1,
        { nodePools: [{ name: "gpu", size: 2, shape: "BM.GPU.A10.4" }] },
        { apiEndpoint: { access: "public", allowedCidrs: ["203.0.113.0/24"] } },
      ),
  ],
  [
    "a private endpoint with a runner VCN in the mesh, and a retired region",
    () => ({ ...rawTopology(3, { apiEndpoint: { allowedCidrs: ["10.250.0.0/24"] } }), retired: [(rawTopology(4) as any).regions[3]] }),
  ],
  ["cilium with mcs-api on 1.34", () => rawTopology(3, { discovery: "mcs-api" })],
  [
    "submariner with lighthouse and a broker",
    () => rawTopology(3, { connectivity: "submariner", discovery: "lighthouse", submariner: { brokerRegion: "c2" } }),
  ],
  [
    "two global services of one name in two namespaces",
    () =>
      rawTopology(2, {
        globalServices: [
          { name: "web", namespace: "a", selector: { app: "web" }, ports: [{ port: 80 }] },
          { name: "web", namespace: "b", selector: { app: "web" }, ports: [{ port: 80 }] },
        ],
      }),
  ],
];

const exported = [access, coherence, dataPlane, network, pools, regions]
  .flatMap((m) => Object.values(m))
  .filter((v): v is Rule => typeof v === "object" && "check" in v);

describe("the rules", () => {
  it("are all in RULES, each once", () => {
    expect(exported.length).toBeGreaterThan(15);
    expect(new Set(RULES)).toEqual(new Set(exported));
    expect(RULES).toHaveLength(exported.length);
  });

  it.each(VALID)("find nothing wrong with %s", (_what, raw) => {
    for (const rule of RULES) expect([rule.name, check(rule, raw())]).toEqual([rule.name, []]);
  });

  it("read anything without throwing", () => {
    for (const raw of [
      {},
      { regions: "x" },
      { regions: [1, null, "a"], apiEndpoint: 3, coherence: [], nodePools: {}, retired: 5 },
      { meshCidr: 7 },
    ]) {
      expect(() => crossFieldIssues(raw)).not.toThrow();
    }
    expect(crossFieldIssues("not a map")).toEqual([]);
  });
});

type Case = [what: string, raw: () => unknown, expected: string[]];
const TABLE: Array<[Rule, Case[]]> = [
  [
    network.cidrSyntax,
    [
      [
        "a CIDR that does not parse",
        () => withRegion(0, { podsCidr: "10.201.0/16" }),
        ["regions[0].podsCidr: '10.201.0/16' is not an IPv4 CIDR (expected e.g. 10.1.0.0/16)"],
      ],
      [
        "host bits",
        () => withRegion(1, { vcnCidr: "10.2.0.1/16" }),
        ["regions[1].vcnCidr: '10.2.0.1/16' has host bits set (did you mean 10.2.0.0/16?)"],
      ],
      [
        "a prefix with a leading zero",
        () => ({ ...rawTopology(2), meshCidr: "10.0.0.0/016" }),
        ["meshCidr: '10.0.0.0/016' is not in canonical form (did you mean 10.0.0.0/16?)"],
      ],
      [
        "an octet with a leading zero",
        () => ({ ...rawTopology(2), apiEndpoint: { allowedCidrs: ["010.1.0.0/16"] } }),
        ["apiEndpoint.allowedCidrs[0]: '010.1.0.0/16' is not an IPv4 CIDR (expected e.g. 10.1.0.0/16)"],
      ],
      [
        "a huge value, echoed short",
        () => withRegion(0, { vcnCidr: "9".repeat(10_000) }),
        [`regions[0].vcnCidr: '${"9".repeat(80)}…' is not an IPv4 CIDR (expected e.g. 10.1.0.0/16)`],
      ],
    ],
  ],
  [
    network.reservedRanges,
    [
      [
        "a pods CIDR in link-local space",
        () => withRegion(0, { podsCidr: "169.254.0.0/16" }),
        [expect.stringMatching(/^regions\[0\]\.podsCidr: 169\.254\.0\.0\/16 overlaps 169\.254\.0\.0\/16, link-local/) as never],
      ],
      [
        "services in multicast space",
        () => withRegion(1, { servicesCidr: "224.1.0.0/16" }),
        [expect.stringMatching(/^regions\[1\]\.servicesCidr: 224\.1\.0\.0\/16 overlaps 224\.0\.0\.0\/4, multicast/) as never],
      ],
      ["services in 240/4", () => withRegion(1, { servicesCidr: "250.0.0.0/16" }), [expect.stringMatching(/overlaps 240\.0\.0\.0\/4/) as never]],
      [
        "a client in loopback",
        () => ({ ...rawTopology(2), apiEndpoint: { access: "public", allowedCidrs: ["127.0.0.1/32"] } }),
        ["apiEndpoint.allowedCidrs[0]: 127.0.0.1/32 lies in 127.0.0.0/8, loopback: no client can come from there"],
      ],
      [
        "a client in 0.0.0.0/8",
        () => ({ ...rawTopology(2), apiEndpoint: { access: "public", allowedCidrs: ["0.0.0.0/8"] } }),
        [expect.stringMatching(/^apiEndpoint\.allowedCidrs\[0\]: 0\.0\.0\.0\/8 lies in 0\.0\.0\.0\/8/) as never],
      ],
    ],
  ],
  [
    network.noOverlap,
    [
      [
        "the same pods CIDR twice",
        () => withRegion(1, { podsCidr: "10.201.0.0/16" }),
        ["regions[1].podsCidr: 10.201.0.0/16 overlaps regions[0].podsCidr 10.201.0.0/16"],
      ],
      [
        "services inside the own VCN",
        () => withRegion(0, { servicesCidr: "10.1.128.0/17" }),
        ["regions[0].servicesCidr: 10.1.128.0/17 overlaps regions[0].vcnCidr 10.1.0.0/16"],
      ],
      [
        "a VCN inside another region's pods",
        () => withRegion(2, { vcnCidr: "10.202.0.0/16" }, {}, 3),
        ["regions[2].vcnCidr: 10.202.0.0/16 overlaps regions[1].podsCidr 10.202.0.0/16"],
      ],
    ],
  ],
  [
    network.meshSupernet,
    [
      [
        "a VCN outside",
        () => withRegion(1, { vcnCidr: "172.16.0.0/16" }),
        [expect.stringMatching(/^regions\[1\]\.vcnCidr: 172\.16\.0\.0\/16 is outside meshCidr 10\.0\.0\.0\/8: /) as never],
      ],
      ["everything", () => ({ ...rawTopology(2), meshCidr: "0.0.0.0/0" }), [expect.stringMatching(/^meshCidr: 0\.0\.0\.0\/0 is too broad/) as never]],
      [
        "public space",
        () => ({ ...rawTopology(2), meshCidr: "11.0.0.0/8" }),
        [
          expect.stringMatching(
            /^meshCidr: 11\.0\.0\.0\/8 is not private address space: .*10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16 or 100\.64\.0\.0\/10\)$/,
          ) as never,
        ],
      ],
      [
        "a private range partly outside RFC 1918",
        () => ({ ...rawTopology(2), meshCidr: "172.0.0.0/8" }),
        [expect.stringMatching(/^meshCidr: 172\.0\.0\.0\/8 is not private/) as never],
      ],
    ],
  ],
  [
    network.vcnSize,
    [
      [
        "a /22",
        () => withRegion(0, { vcnCidr: "10.1.0.0/22" }),
        [
          expect.stringMatching(
            /^regions\[0\]\.vcnCidr: 10\.1\.0\.0\/22 is too small: .*workers, internalLb, publicLb, apiEndpoint, bastion would not fit$/,
          ) as never,
        ],
      ],
      [
        "a /21: the workers fit, the rest not",
        () => withRegion(0, { vcnCidr: "10.1.8.0/21" }),
        [expect.stringMatching(/; internalLb, publicLb, apiEndpoint, bastion would not fit$/) as never],
      ],
      [
        "a /12",
        () => withRegion(0, { vcnCidr: "10.0.0.0/12", podsCidr: "10.201.0.0/16" }),
        ["regions[0].vcnCidr: 10.0.0.0/12 is larger than OCI allows for a VCN (/16 to /30)"],
      ],
    ],
  ],
  [
    network.loadBalancerIps,
    [
      [
        "an IP outside the internal-LB subnet",
        () => withRegion(0, { loadBalancerIps: { dns: "10.1.9.10" } }),
        ["regions[0].loadBalancerIps.dns: '10.1.9.10' is not a usable address of the internal-LB subnet 10.1.8.0/24"],
      ],
      [
        "the VCN router's address",
        () => withRegion(0, { loadBalancerIps: { clustermesh: "10.1.8.1" } }),
        ["regions[0].loadBalancerIps.clustermesh: '10.1.8.1' is not a usable address of the internal-LB subnet 10.1.8.0/24"],
      ],
      [
        "one IP for both",
        () => withRegion(1, { loadBalancerIps: { dns: "10.2.8.11" } }),
        ["regions[1].loadBalancerIps: dns and clustermesh would both be 10.2.8.11: the two load balancers need different IPs"],
      ],
    ],
  ],
  [
    network.podsCapacity,
    [
      [
        "a /24 for the 3 default nodes",
        () => withRegion(0, { podsCidr: "10.201.0.0/24" }),
        [
          "regions[0].podsCidr: 10.201.0.0/24 has room for 2 nodes but the region's node pools have 3: OKE gives every node a /25 of the pods CIDR (use a /23 or larger)",
        ],
      ],
      [
        "a /26: room for no node",
        () => withRegion(0, { podsCidr: "10.201.0.0/26" }),
        [expect.stringMatching(/has room for 0 nodes but the region's node pools have 3/) as never],
      ],
      [
        "the region's own pools",
        () =>
          withRegion(1, {
            podsCidr: "10.202.0.0/22",
            nodePools: [
              { name: "a", size: 5 },
              { name: "b", size: 4 },
            ],
          }),
        [
          expect.stringMatching(
            /^regions\[1\]\.podsCidr: 10\.202\.0\.0\/22 has room for 8 nodes but the region's node pools have 9: .*use a \/21 or larger/,
          ) as never,
        ],
      ],
      [
        "the topology's pools",
        () => withRegion(0, { podsCidr: "10.201.0.0/23" }, { nodePools: [{ name: "big", size: 5 }] }),
        [expect.stringMatching(/^regions\[0\]\.podsCidr: 10\.201\.0\.0\/23 has room for 4 nodes but the region's node pools have 5/) as never],
      ],
    ],
  ],
  [
    network.servicesSize,
    [
      [
        "a /24",
        () => withRegion(0, { servicesCidr: "10.101.0.0/24" }),
        [expect.stringMatching(/^regions\[0\]\.servicesCidr: 10\.101\.0\.0\/24 is too small: OKE puts kube-dns .* needs a \/21 or larger$/) as never],
      ],
      [
        "a /11",
        () => withRegion(0, { servicesCidr: "10.96.0.0/11", vcnCidr: "10.1.0.0/16" }),
        ["regions[0].servicesCidr: 10.96.0.0/11 is too large: the Kubernetes API server takes at most a /12 of service addresses"],
      ],
    ],
  ],
  [
    regions.uniqueRegions,
    [
      ["a name twice", () => withRegion(1, { name: "c1" }), ['regions[1].name: "c1" is also used by regions[0]']],
      ["a cluster id twice", () => withRegion(1, { clusterId: 1 }), ["regions[1].clusterId: 1 is also used by regions[0] (c1)"]],
      [
        "an OCI region twice",
        () => withRegion(1, { ociRegion: "eu-paris-1" }),
        ['regions[1].ociRegion: "eu-paris-1" is also used by regions[0] (c1)'],
      ],
    ],
  ],
  [
    regions.oneRealm,
    [
      [
        "an unknown region",
        () => withRegion(0, { ociRegion: "eu-pari-1" }),
        [
          "regions[0].ociRegion: 'eu-pari-1' is not a known OCI region (did you mean eu-paris-1?); for a region newer than okemesh's list, also set ociRealm",
        ],
      ],
      [
        "two realms",
        () => withRegion(1, { ociRegion: "uk-gov-london-1" }),
        [
          "regions[1].ociRegion: uk-gov-london-1 is in realm oc4 but regions[0].ociRegion eu-paris-1 is in oc1: remote peering connects DRGs within one realm only",
        ],
      ],
      [
        "a realm contradicting the list",
        () => withRegion(1, { ociRegion: "uk-gov-london-1", ociRealm: "oc1" }),
        ["regions[1].ociRealm: uk-gov-london-1 is in realm oc4, not oc1: ociRealm is only for regions newer than okemesh's list"],
      ],
    ],
  ],
  [
    regions.distinctDnsLabels,
    [
      [
        "a-b and ab",
        () => named("a-b", "ab"),
        [
          'regions[1].name: gives the VCN DNS label ab, as does regions[0].name "a-b": a VCN DNS label keeps only letters and digits, at most 15 (rename one region)',
        ],
      ],
      [
        "names equal in their first 15 letters",
        () => named("frankfurtregion1", "frankfurtregion2"),
        [
          expect.stringMatching(
            /^regions\[1\]\.name: gives the VCN DNS label frankfurtregion, as does regions\[0\]\.name "frankfurtregion1"/,
          ) as never,
        ],
      ],
    ],
  ],
  [
    regions.retiredApart,
    [
      [
        "a retired region still deployed",
        () => ({ ...rawTopology(2), retired: [(rawTopology(2) as any).regions[1]] }),
        ['retired[0].name: "c2" is also regions[1].name: a region is either deployed (regions) or being removed (retired), not both'],
      ],
      [
        "a region retired twice",
        () => {
          const c3 = (rawTopology(3) as any).regions[2];
          return { ...rawTopology(2), retired: [c3, c3] };
        },
        ['retired[1].name: "c3" is also retired[0]'],
      ],
    ],
  ],
  [
    access.allowListRequired,
    [
      [
        "public without a list",
        () => ({ ...rawTopology(2), apiEndpoint: { access: "public" } }),
        ["apiEndpoint.allowedCidrs: must list at least one client CIDR when apiEndpoint.access is public"],
      ],
      [
        "bastion with an empty list",
        () => ({ ...rawTopology(2), apiEndpoint: { access: "bastion", allowedCidrs: [] } }),
        ["apiEndpoint.allowedCidrs: must list at least one client CIDR when apiEndpoint.access is bastion"],
      ],
    ],
  ],
  [
    access.allowListOnce,
    [
      [
        "an entry twice",
        () => ({ ...rawTopology(2), apiEndpoint: { access: "public", allowedCidrs: ["192.0.2.0/24", "192.0.2.0/24"] } }),
        ['apiEndpoint.allowedCidrs[1]: "192.0.2.0/24" is also apiEndpoint.allowedCidrs[0]'],
      ],
    ],
  ],
  [
    access.privateClientsRoutable,
    [
      [
        "an on-premises network over VPN",
        () => ({ ...rawTopology(2), apiEndpoint: { allowedCidrs: ["192.168.10.0/24"] } }),
        [
          "apiEndpoint.allowedCidrs[0]: 192.168.10.0/24 is outside meshCidr 10.0.0.0/8: a private API endpoint routes only meshCidr back through the DRG (everything else goes to the NAT gateway), " +
            "so these clients would get no answer; run terraform in a VCN inside meshCidr attached to a mesh DRG, or use access: bastion or access: public",
        ],
      ],
      [
        "a list straddling meshCidr",
        () => ({ ...rawTopology(2), meshCidr: "10.0.0.0/9", apiEndpoint: { access: "private", allowedCidrs: ["10.0.0.0/8"] } }),
        [expect.stringMatching(/^apiEndpoint\.allowedCidrs\[0\]: 10\.0\.0\.0\/8 is outside meshCidr 10\.0\.0\.0\/9/) as never],
      ],
    ],
  ],
  [
    coherence.memberSetNames,
    [
      [
        "a member set name of 63 characters",
        () => withRegion(0, { name: "a".repeat(32) }, { coherence: { clusterName: "b".repeat(30) } }),
        [
          `regions[0].name: the Coherence member set ${"b".repeat(30)}-${"a".repeat(32)} is 63 characters; with "-wka" it must fit a 63-character Kubernetes name (shorten coherence.clusterName or the region name)`,
        ],
      ],
    ],
  ],
  [
    coherence.ownNamespaces,
    [
      [
        "one namespace for both",
        () => ({ ...rawTopology(2), coherence: { namespace: "grid", operatorNamespace: "grid" } }),
        ['coherence.namespace: "grid" is also coherence.operatorNamespace: give the grid and the operator their own namespaces'],
      ],
      [
        "kube-system",
        () => ({ ...rawTopology(2), coherence: { operatorNamespace: "kube-system" } }),
        ["coherence.operatorNamespace: 'kube-system' is a namespace Kubernetes owns; okemesh creates and deletes its namespaces"],
      ],
    ],
  ],
  [
    coherence.heapFits,
    [
      [
        "8g in 3Gi",
        () => ({ ...rawTopology(2), coherence: { heapSize: "8g", memory: "3Gi" } }),
        ["coherence.heapSize: 8g does not fit in coherence.memory 3Gi: the JVM needs room beyond the heap"],
      ],
      [
        "3G (the JVM's G is binary) in 3Gi",
        () => ({ ...rawTopology(2), coherence: { heapSize: "3G", memory: "3Gi" } }),
        ["coherence.heapSize: 3G does not fit in coherence.memory 3Gi: the JVM needs room beyond the heap"],
      ],
      [
        "2g in 2G (Kubernetes' G is decimal)",
        () => ({ ...rawTopology(2), coherence: { memory: "2G" } }),
        ["coherence.heapSize: 2g does not fit in coherence.memory 2G: the JVM needs room beyond the heap"],
      ],
      [
        "the default heap in 4000m (4 bytes)",
        () => ({ ...rawTopology(2), coherence: { memory: "4000m" } }),
        ["coherence.heapSize: 2g does not fit in coherence.memory 4000m: the JVM needs room beyond the heap"],
      ],
    ],
  ],
  [
    pools.uniquePoolNames,
    [
      [
        "a name twice in a region",
        () => withRegion(0, { nodePools: [{ name: "a" }, { name: "a" }] }),
        ['regions[0].nodePools[1].name: "a" is also used by regions[0].nodePools[0]'],
      ],
      [
        "a name twice in the defaults",
        () => rawTopology(2, { nodePools: [{ name: "w" }, { name: "x" }, { name: "w" }] }),
        ['nodePools[2].name: "w" is also used by nodePools[0]'],
      ],
    ],
  ],
  [
    pools.flexSizesOnly,
    [
      [
        "ocpus for a fixed shape",
        () => rawTopology(2, { nodePools: [{ name: "w", shape: "VM.Standard2.4", ocpus: 4 }] }),
        ["nodePools[0].ocpus: is only for Flex shapes: VM.Standard2.4 has a fixed size (remove ocpus, or use a .Flex shape)"],
      ],
      [
        "both, in a region",
        () => withRegion(1, { nodePools: [{ name: "g", shape: "BM.GPU.A10.4", ocpus: 1, memoryInGbs: 8 }] }),
        [
          "regions[1].nodePools[0].ocpus: is only for Flex shapes: BM.GPU.A10.4 has a fixed size (remove ocpus, or use a .Flex shape)",
          "regions[1].nodePools[0].memoryInGbs: is only for Flex shapes: BM.GPU.A10.4 has a fixed size (remove memoryInGbs, or use a .Flex shape)",
        ],
      ],
    ],
  ],
  [
    dataPlane.discoveryFitsConnectivity,
    [
      [
        "mcs-api over submariner",
        () => rawTopology(2, { connectivity: "submariner", discovery: "mcs-api" }),
        ['discovery: "mcs-api" does not work with connectivity submariner: use lighthouse'],
      ],
      [
        "lighthouse over cilium (the default)",
        () => rawTopology(2, { discovery: "lighthouse" }),
        ['discovery: "lighthouse" does not work with connectivity cilium: use dns-chain or mcs-api'],
      ],
    ],
  ],
  [
    dataPlane.mcsApiVersion,
    [
      [
        "an older top-level version",
        () => rawTopology(2, { discovery: "mcs-api", kubernetesVersion: "v1.33.1" }),
        [
          'kubernetesVersion: discovery mcs-api needs Kubernetes v1.34 or later in every region ("c1"): "v1.33.1" ships a CoreDNS older than 1.12.2, without the multicluster plugin',
          'kubernetesVersion: discovery mcs-api needs Kubernetes v1.34 or later in every region ("c2"): "v1.33.1" ships a CoreDNS older than 1.12.2, without the multicluster plugin',
        ],
      ],
      [
        "one region's own older version",
        () => withRegion(1, { kubernetesVersion: "v1.32.9" }, { discovery: "mcs-api" }),
        [
          'regions[1].kubernetesVersion: discovery mcs-api needs Kubernetes v1.34 or later in every region ("c2"): "v1.32.9" ships a CoreDNS older than 1.12.2, without the multicluster plugin',
        ],
      ],
    ],
  ],
  [
    dataPlane.lighthouseVersion,
    [
      [
        "submariner on an older top-level version",
        () => rawTopology(2, { connectivity: "submariner", kubernetesVersion: "v1.30.10" }),
        [
          `kubernetesVersion: connectivity submariner needs Kubernetes v1.31 or later in every region ("c1"): okemesh waits for Lighthouse's CoreDNS block with kubectl "v1.30.10", which has no 'wait --for=create'`,
          `kubernetesVersion: connectivity submariner needs Kubernetes v1.31 or later in every region ("c2"): okemesh waits for Lighthouse's CoreDNS block with kubectl "v1.30.10", which has no 'wait --for=create'`,
        ],
      ],
      [
        "one submariner region's own older version",
        () => withRegion(0, { kubernetesVersion: "v1.29.1" }, { connectivity: "submariner" }),
        [
          `regions[0].kubernetesVersion: connectivity submariner needs Kubernetes v1.31 or later in every region ("c1"): okemesh waits for Lighthouse's CoreDNS block with kubectl "v1.29.1", which has no 'wait --for=create'`,
        ],
      ],
    ],
  ],
  [
    dataPlane.gatewayPoolName,
    [
      [
        "a top-level pool named like the gateways",
        () => rawTopology(2, { connectivity: "submariner", nodePools: [{ name: "submariner-gateways" }] }),
        ['nodePools[0].name: "submariner-gateways" is the gateway pool okemesh adds with connectivity submariner: choose another name'],
      ],
      [
        "a region's pool named like the gateways",
        () => withRegion(1, { nodePools: [{ name: "apps" }, { name: "submariner-gateways" }] }, { connectivity: "submariner" }),
        ['regions[1].nodePools[1].name: "submariner-gateways" is the gateway pool okemesh adds with connectivity submariner: choose another name'],
      ],
    ],
  ],
  [
    dataPlane.brokerInMesh,
    [
      [
        "no broker named with submariner",
        () => rawTopology(2, { connectivity: "submariner" }),
        [
          "submariner.brokerRegion: is required with connectivity submariner: name the region whose cluster hosts the broker " +
            "(every cluster joins it; okemesh never picks one, so adding a region never moves it)",
        ],
      ],
      [
        "a broker in no region",
        () => rawTopology(2, { connectivity: "submariner", submariner: { brokerRegion: "c9" } }),
        ['submariner.brokerRegion: "c9" is not a region of this topology (regions: "c1", "c2")'],
      ],
      [
        "a broker in a retired region",
        () => ({
          ...rawTopology(2, { connectivity: "submariner", submariner: { brokerRegion: "c3" } }),
          retired: [(rawTopology(3) as any).regions[2]],
        }),
        [
          'submariner.brokerRegion: "c3" is retired: every cluster\'s Submariner is joined to the broker, so move the broker first (a new brokerRegion re-joins every cluster)',
        ],
      ],
    ],
  ],
  [
    dataPlane.globalServicesOwnNames,
    [
      [
        "the grid's WKA Service and the DNS load balancer",
        () =>
          rawTopology(2, {
            globalServices: [
              { name: "australis-wka", namespace: "coherence", selector: { app: "x" }, ports: [{ port: 7574 }] },
              { name: "kube-dns-lb", namespace: "kube-system", selector: { app: "x" }, ports: [{ port: 53 }] },
              { name: "australis-c2-wka", namespace: "coherence", selector: { app: "x" }, ports: [{ port: 7574 }] },
            ],
          }),
        [
          'globalServices[0].name: "coherence/australis-wka" is the grid\'s exported WKA Service, which okemesh creates itself',
          'globalServices[1].name: "kube-system/kube-dns-lb" is the DNS chain\'s load balancer, which okemesh creates itself',
          "globalServices[2].name: \"coherence/australis-c2-wka\" is a member set's WKA Service (the Coherence operator's), which okemesh creates itself",
        ],
      ],
    ],
  ],
  [
    dataPlane.globalServicesOnce,
    [
      [
        "one service twice",
        () =>
          rawTopology(2, {
            globalServices: [
              { name: "web", namespace: "a", selector: { app: "web" }, ports: [{ port: 80 }] },
              { name: "web", namespace: "a", selector: { app: "w2" }, ports: [{ port: 81 }] },
            ],
          }),
        ['globalServices[1].name: "a/web" is also globalServices[0]'],
      ],
    ],
  ],
];

describe.each(TABLE.map(([rule, cases]) => [rule.name, rule, cases] as const))("rule: %s", (_name, rule, cases) => {
  it.each(cases)("rejects %s", (_what, raw, expected) => {
    expect(check(rule, raw())).toEqual(expected);
  });
});

it("every rule has its own cases", () => {
  expect(new Set(TABLE.map(([rule]) => rule))).toEqual(new Set(RULES));
});
