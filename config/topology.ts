// The validated topology with its defaults resolved and its derived facts computed once:
// every construct below main.ts is a pure function of this.
import { SubnetLayout } from "./cidr";
import { ApiAccess, CiliumSpec, Connectivity, Discovery, GlobalServiceSpec, NodePoolSpec, Protectable, StateSpec } from "./schema";

export type { ApiAccess, CiliumSpec, Connectivity, Discovery, GlobalServiceSpec, NodePoolSpec, Protectable, StateSpec } from "./schema";

export interface ApiEndpointSpec {
  /** private, bastion (OCI Bastion + local SOCKS5 tunnel) or public (allow-listed public IP). */
  readonly access: ApiAccess;
  /** Client CIDRs allowed to reach the API (or the bastion), besides the cluster's own nodes. */
  readonly allowedCidrs: readonly string[];
}

export interface CoherenceSpec {
  readonly enabled: boolean;
  /** The Coherence cluster name, the same in every region. */
  readonly clusterName: string;
  readonly namespace: string;
  readonly operatorNamespace: string;
  readonly operatorVersion: string;
  readonly image: string;
  readonly replicas: number;
  readonly heapSize: string;
  readonly memory: string;
  readonly cpu: string;
}

export interface SubmarinerSpec {
  /** Chart version of submariner-k8s-broker and submariner-operator. */
  readonly version: string;
  readonly cableDriver: "libreswan" | "wireguard";
  /** The region whose cluster hosts the broker. */
  readonly brokerRegion: string;
  /** Each region's gateway node pool. */
  readonly gateways: {
    readonly size: number;
    readonly shape: string;
    readonly ocpus: number;
    readonly memoryInGbs: number;
    /** Pinned node image OCID; unset: the newest at creation, then kept. */
    readonly image?: string;
  };
}

/** Private IPs pinned on the region's internal network load balancers (create-time
 * annotation), derived from the internal-LB subnet so peers know them at synth time. */
export interface LoadBalancerIps {
  /** kube-dns-lb: CoreDNS of this cluster, for the peers' DNS chain. */
  readonly dns: string;
  /** clustermesh-apiserver: Cilium Cluster Mesh API server of this cluster. */
  readonly clustermesh: string;
}

export interface RegionSpec {
  /** Stack id, Cilium cluster name, DNS suffix `cluster.<name>`. */
  readonly name: string;
  readonly ociRegion: string;
  readonly ociRealm: string;
  /** Cilium cluster id, 1-MAX_CLUSTER_ID. */
  readonly clusterId: number;
  readonly vcnCidr: string;
  readonly podsCidr: string;
  readonly servicesCidr: string;
  readonly kubernetesVersion: string;
  readonly nodePools: readonly NodePoolSpec[];
  /** Subnets carved from the VCN. */
  readonly subnets: SubnetLayout;
  /** DNS label of the VCN (alphanumeric, starts with a letter, at most 15 characters). */
  readonly dnsLabel: string;
  readonly loadBalancerIps: LoadBalancerIps;
  /** Local SOCKS5 port of this region's bastion tunnel (access: bastion): 10800 + clusterId. */
  readonly socksPort: number;
  /** Coherence members in this cluster. */
  readonly coherenceReplicas: number;
  /** Name of this region's Coherence member set (the `Coherence` resource): `<clusterName>-<name>`. */
  readonly coherenceMemberSet: string;
}

/** Two regions joined by one DRG remote peering connection: `requestor` has the name that sorts
 * first and sets the peer; `acceptor` the other. Names, not file order, decide, so reordering the
 * regions in the topology changes no pair. */
export interface PeerPair {
  readonly requestor: RegionSpec;
  readonly acceptor: RegionSpec;
}

export interface Topology {
  /** The mesh; also the Coherence cluster name. */
  readonly name: string;
  /** Supernet routed to the DRG from every VCN; contains every VCN. */
  readonly meshCidr: string;
  readonly apiEndpoint: ApiEndpointSpec;
  /** How clusters reach each other. */
  readonly connectivity: Connectivity;
  /** How pods find services of other clusters (one the connectivity can carry). */
  readonly discovery: Discovery;
  /** Used with connectivity cilium. */
  readonly cilium: CiliumSpec;
  /** Used with connectivity submariner. */
  readonly submariner: SubmarinerSpec;
  /** Services made global across the mesh, in topology order. */
  readonly globalServices: readonly GlobalServiceSpec[];
  readonly coherence: CoherenceSpec;
  /** Where every stack keeps its state. */
  readonly state: StateSpec;
  /** What the plan gate protects from destroy and replace. */
  readonly protect: readonly Protectable[];
  /** In topology order (the order of stacks in the manifest; nothing else depends on it). */
  readonly regions: readonly RegionSpec[];
  /** Regions being removed: their part of the mesh is destroyed first, then their own stacks. */
  readonly retired: readonly RegionSpec[];
  /** Every pair of regions once, by name (requestor < acceptor), so neither reordering nor adding
   * a region changes an existing pair. */
  readonly pairs: readonly PeerPair[];
  /** The other regions of each region, by name, sorted by name. */
  readonly peers: Readonly<Record<string, readonly RegionSpec[]>>;
}

const byName = (a: RegionSpec, b: RegionSpec) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every pair of regions once, ordered by name. */
export function pairsOf(regions: readonly RegionSpec[]): PeerPair[] {
  const sorted = [...regions].sort(byName);
  return sorted.flatMap((requestor, i) => sorted.slice(i + 1).map((acceptor) => ({ requestor, acceptor })));
}

/** Each region's peers (every other region), sorted by name: what a cluster renders for its
 * peers (Cilium clusters, DNS blocks, WKA lists) does not move when the file is reordered. */
export function peersByRegion(regions: readonly RegionSpec[]): Record<string, readonly RegionSpec[]> {
  const sorted = [...regions].sort(byName);
  return Object.fromEntries(regions.map((r) => [r.name, sorted.filter((p) => p.name !== r.name)]));
}

/** A VCN DNS label from a region name: letters and digits only, starting with a letter. */
export function dnsLabelOf(name: string): string {
  const alnum = name.replace(/[^a-z0-9]/g, "");
  return (/^[a-z]/.test(alnum) ? alnum : `r${alnum}`).slice(0, 15);
}
