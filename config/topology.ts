// The validated topology with its defaults resolved and its derived facts computed once:
// every construct below main.ts is a pure function of this.
import { SubnetLayout } from "./cidr";
import { NodePoolSpec } from "./schema";

export type { NodePoolSpec } from "./schema";

export interface ApiEndpointSpec {
  /** The endpoint has a public IP (reachable only from `allowedCidrs`). */
  readonly public: boolean;
  /** Client CIDRs allowed to reach TCP 6443, besides the cluster's own nodes. */
  readonly allowedCidrs: readonly string[];
}

export interface RegionSpec {
  /** Stack id, Cilium cluster name, DNS suffix `cluster.<name>`. */
  readonly name: string;
  readonly ociRegion: string;
  readonly ociRealm: string;
  /** Cilium cluster id, 1-255. */
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
}

/** Two regions joined by one DRG remote peering connection: `requestor` comes first in the
 * topology and sets the peer; `acceptor` comes later. */
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
  /** In topology order. */
  readonly regions: readonly RegionSpec[];
  /** Every pair of regions once, in topology order (i < j), so adding a region only appends. */
  readonly pairs: readonly PeerPair[];
}

/** The other regions of the topology, in topology order. */
export function peersOf(topology: Topology, region: RegionSpec): RegionSpec[] {
  return topology.regions.filter((r) => r.name !== region.name);
}

/** Every pair of regions once, in topology order. */
export function pairsOf(regions: readonly RegionSpec[]): PeerPair[] {
  return regions.flatMap((requestor, i) => regions.slice(i + 1).map((acceptor) => ({ requestor, acceptor })));
}

/** A VCN DNS label from a region name: letters and digits only, starting with a letter. */
export function dnsLabelOf(name: string): string {
  const alnum = name.replace(/[^a-z0-9]/g, "");
  return (/^[a-z]/.test(alnum) ? alnum : `r${alnum}`).slice(0, 15);
}
