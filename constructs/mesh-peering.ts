import { Construct } from "constructs";
import { CoreRemotePeeringConnection } from "../.gen/providers/oci/core-remote-peering-connection";
import { PeerPair } from "../config/topology";
import { MeshMember } from "./mesh-member";
import { PeerRules, PeerRulesFn } from "./cluster-connectivity";
import { addNsgRules } from "./nsg-rules";

export interface MeshPeeringProps {
  /** Every cluster of the mesh. */
  readonly members: readonly MeshMember[];
  /** Each pair of regions once, ordered by name. */
  readonly pairs: readonly PeerPair[];
  /** Compartment of the remote peering connections. */
  readonly compartmentId: string;
  /** The mesh name, prefix of display names. */
  readonly meshName: string;
  /** What each region admits from each peer (the connectivity's and the discovery's rules). */
  readonly rulesFrom: PeerRulesFn;
}

/** Where each list of PeerRules goes: its construct id (part of the rules' addresses) and NSG. */
const RULE_PLACES: ReadonlyArray<readonly [keyof PeerRules, string, (m: MeshMember) => string]> = [
  ["mesh", "workers", (m) => m.region.meshNsgId],
  ["internalLb", "internal-lb", (m) => m.region.internalLbNsgId],
  ["apiEndpoint", "api-endpoint", (m) => m.region.apiEndpointNsgId],
];

/**
 * The full mesh between regions: for every pair, one remote peering connection on each DRG,
 * connected by the region whose name sorts first (peer_id + peer_region_name), and in every
 * region exactly the traffic the data plane needs from each peer (`rulesFrom`: e.g. Cilium's
 * VXLAN, health and Cluster Mesh API server, the DNS chain's load balancer).
 *
 * Construct ids join region names with "_", which a region name cannot contain, and depend only
 * on the names: neither reordering the file nor adding a region moves an existing address.
 *
 * @example
 * new MeshPeering(stack, "peering", { members, pairs: topology.pairs, compartmentId, meshName: topology.name, rulesFrom });
 */
export class MeshPeering extends Construct {
  /** Remote peering connections by pair (`c1_c2`), requestor side (the one that connects). */
  readonly connections: ReadonlyMap<string, CoreRemotePeeringConnection>;

  constructor(scope: Construct, id: string, props: MeshPeeringProps) {
    super(scope, id);
    const byName = new Map(props.members.map((m) => [m.name, m]));
    const member = (name: string): MeshMember => {
      const m = byName.get(name);
      if (!m) throw new Error(`MeshPeering: no member named ${name}`);
      return m;
    };
    const connections = new Map<string, CoreRemotePeeringConnection>();
    for (const { requestor, acceptor } of props.pairs) {
      const pairId = `${requestor.name}_${acceptor.name}`;
      const pair = new Construct(this, pairId);
      const [a, b] = [member(requestor.name), member(acceptor.name)];
      const accepting = new CoreRemotePeeringConnection(pair, "acceptor", {
        provider: b.oci,
        compartmentId: props.compartmentId,
        drgId: b.region.drgId,
        displayName: `${props.meshName}-${acceptor.name}-to-${requestor.name}`,
      });
      const requesting = new CoreRemotePeeringConnection(pair, "requestor", {
        provider: a.oci,
        compartmentId: props.compartmentId,
        drgId: a.region.drgId,
        displayName: `${props.meshName}-${requestor.name}-to-${acceptor.name}`,
        peerId: accepting.id,
        peerRegionName: acceptor.ociRegion,
      });
      connections.set(pairId, requesting);
    }
    this.connections = connections;

    for (const here of props.members) {
      for (const peer of here.peers) {
        const rules = new Construct(this, `${here.name}_from_${peer.name}`);
        const wanted = props.rulesFrom(here.region.spec, peer.region.spec);
        for (const [key, id, nsgOf] of RULE_PLACES) {
          const list = wanted[key] ?? [];
          if (list.length > 0) addNsgRules(new Construct(rules, id), nsgOf(here), list, here.oci);
        }
      }
    }
  }
}
