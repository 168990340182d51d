import { Construct } from "constructs";
import { CoreRemotePeeringConnection } from "../.gen/providers/oci/core-remote-peering-connection";
import { PeerPair, RegionSpec } from "../config/topology";
import { addNsgRules, ICMP_ECHO_REQUEST, NsgRule, Protocol } from "./nsg-rules";
import { MeshMember, peersOf } from "./mesh-member";

/** The only ports the mesh opens between regions. */
export const MeshPorts = {
  /** Cilium VXLAN tunnel, node to node. */
  VXLAN: 8472,
  /** Cilium health checks, node to node. */
  CILIUM_HEALTH: 4240,
  /** Cilium Cluster Mesh API server (etcd), behind each cluster's internal NLB. */
  CLUSTERMESH_API: 2379,
  /** CoreDNS behind each cluster's internal NLB, for the DNS chain. */
  DNS: 53,
} as const;

/** What peering needs of a mesh member: its network and its OCI provider. */
export type PeeredRegion = Pick<MeshMember, "spec" | "network" | "oci">;

export interface MeshPeeringProps {
  /** Every region of the mesh, in topology order. */
  readonly members: readonly PeeredRegion[];
  /** Each pair of regions once, in topology order. */
  readonly pairs: readonly PeerPair[];
  /** Compartment of the remote peering connections. */
  readonly compartmentId: string;
  /** The mesh name, prefix of display names. */
  readonly meshName: string;
}

/**
 * The full mesh between regions: for every pair, one remote peering connection on each DRG,
 * connected by the first region of the pair (peer_id + peer_region_name), and in every region
 * exactly the ingress the mesh needs from each peer VCN: VXLAN, Cilium health and ICMP echo to
 * the workers; the Cluster Mesh API server and DNS to the internal load balancers.
 *
 * @example
 * new MeshPeering(stack, "peering", { members, pairs: topology.pairs, compartmentId, meshName: topology.name });
 */
export class MeshPeering extends Construct {
  /** Remote peering connections by pair (`c1-c2`), requestor side (the one that connects). */
  readonly connections: ReadonlyMap<string, CoreRemotePeeringConnection>;

  constructor(scope: Construct, id: string, props: MeshPeeringProps) {
    super(scope, id);
    const region = (spec: RegionSpec): PeeredRegion => {
      const r = props.members.find((m) => m.spec.name === spec.name);
      if (!r) throw new Error(`MeshPeering: no region named ${spec.name}`);
      return r;
    };
    const connections = new Map<string, CoreRemotePeeringConnection>();
    for (const { requestor, acceptor } of props.pairs) {
      const pair = new Construct(this, `${requestor.name}-${acceptor.name}`);
      const a = region(requestor);
      const b = region(acceptor);
      const accepting = new CoreRemotePeeringConnection(pair, "acceptor", {
        provider: b.oci,
        compartmentId: props.compartmentId,
        drgId: b.network.drg.id,
        displayName: `${props.meshName}-${acceptor.name}-to-${requestor.name}`,
      });
      connections.set(
        `${requestor.name}-${acceptor.name}`,
        new CoreRemotePeeringConnection(pair, "requestor", {
          provider: a.oci,
          compartmentId: props.compartmentId,
          drgId: a.network.drg.id,
          displayName: `${props.meshName}-${requestor.name}-to-${acceptor.name}`,
          peerId: accepting.id,
          peerRegionName: acceptor.ociRegion,
        }),
      );
    }
    this.connections = connections;

    for (const here of props.members) {
      for (const { spec: peer } of peersOf(props.members, here)) {
        const scope = new Construct(this, `${here.spec.name}-from-${peer.name}`);
        addNsgRules(new Construct(scope, "workers"), here.network.nsgs.workers.id, workerRulesFrom(peer), here.oci);
        addNsgRules(new Construct(scope, "internal-lb"), here.network.nsgs.internalLb.id, internalLbRulesFrom(peer), here.oci);
      }
    }
  }
}

/** Ingress to a region's workers from one peer VCN. */
export function workerRulesFrom(peer: RegionSpec): NsgRule[] {
  const from = { cidr: peer.vcnCidr };
  return [
    { id: "vxlan", direction: "INGRESS", protocol: Protocol.UDP, ports: MeshPorts.VXLAN, peer: from, description: `Cilium VXLAN tunnel from ${peer.name} (${peer.ociRegion}) nodes` },
    { id: "cilium-health", direction: "INGRESS", protocol: Protocol.TCP, ports: MeshPorts.CILIUM_HEALTH, peer: from, description: `Cilium health checks from ${peer.name} (${peer.ociRegion}) nodes` },
    { id: "icmp-echo", direction: "INGRESS", protocol: Protocol.ICMP, icmp: ICMP_ECHO_REQUEST, peer: from, description: `ICMP echo (Cilium health) from ${peer.name} (${peer.ociRegion}) nodes` },
  ];
}

/** Ingress to a region's internal load balancers from one peer VCN. */
export function internalLbRulesFrom(peer: RegionSpec): NsgRule[] {
  const from = { cidr: peer.vcnCidr };
  return [
    { id: "clustermesh-api", direction: "INGRESS", protocol: Protocol.TCP, ports: MeshPorts.CLUSTERMESH_API, peer: from, description: `Cilium Cluster Mesh API server for ${peer.name} (${peer.ociRegion}) agents` },
    { id: "dns-udp", direction: "INGRESS", protocol: Protocol.UDP, ports: MeshPorts.DNS, peer: from, description: `DNS (UDP) for the CoreDNS chain from ${peer.name} (${peer.ociRegion})` },
    { id: "dns-tcp", direction: "INGRESS", protocol: Protocol.TCP, ports: MeshPorts.DNS, peer: from, description: `DNS (TCP, truncated answers) for the CoreDNS chain from ${peer.name} (${peer.ociRegion})` },
  ];
}
