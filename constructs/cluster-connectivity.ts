// The boundary between the mesh and the way its clusters reach each other. CiliumMesh and
// SubmarinerMesh implement it; the mesh stack picks one from the topology's `connectivity`.
import { IConstruct } from "constructs";
import { Connectivity, GlobalServiceSpec, RegionSpec } from "../config/topology";
import { NsgRule } from "./nsg-rules";

/** The cross-region rules a region needs for one peer, by the NSG they belong in. Each list is
 * written under its own construct (`<here>_from_<peer>/<nsg>`), so its rule ids are addresses. */
export interface PeerRules {
  /** The mesh NSG: the nodes that carry traffic between regions. */
  readonly mesh?: readonly NsgRule[];
  /** The internal load balancers' NSG. */
  readonly internalLb?: readonly NsgRule[];
  /** The Kubernetes API endpoint's NSG. */
  readonly apiEndpoint?: readonly NsgRule[];
}

/** The rules of several concerns for one peer, each NSG's lists joined in the order given. */
export function joinPeerRules(...sets: readonly PeerRules[]): Required<PeerRules> {
  const join = (key: keyof PeerRules) => sets.flatMap((s) => s[key] ?? []);
  return { mesh: join("mesh"), internalLb: join("internalLb"), apiEndpoint: join("apiEndpoint") };
}

/** What the region `here` must admit from `peer`: a pure function of the topology, known
 * before any construct exists, so MeshPeering can write every rule in one place. */
export type PeerRulesFn = (here: RegionSpec, peer: RegionSpec) => PeerRules;

/**
 * How pods and nodes of different clusters reach each other. An implementation installs what
 * the clusters need (it adds its releases to each member's `cniReady`: everything else in a
 * cluster waits for them) and names the cross-region rules it needs (`peerRules`, given to
 * MeshPeering by the stack).
 */
export interface ClusterConnectivity extends IConstruct {
  readonly kind: Connectivity;
  /** What makes `service` global for this data plane (GlobalServices writes it on the Service
   * in every cluster). @default none: the discovery's export alone makes it global */
  globalServiceAnnotations?(service: GlobalServiceSpec): Record<string, string>;
}
