import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { RegionSpec } from "../config/topology";
import { internalNlbService } from "./internal-nlb";
import { customizeCoredns } from "./coredns-custom";
import { MeshPorts } from "../config/ports";
import { MeshMember } from "./mesh-member";
import { PeerRules } from "./cluster-connectivity";
import { dnsChainRulesFrom } from "./security-rules";
import { ClusterService, clusterLocalName, ServiceDiscovery, ServiceNaming } from "./service-discovery";
import { DNS_LB_SERVICE } from "./cluster-names";

export interface CorednsChainProps {
  /** Every cluster of the mesh; each member's CNI must be ready first (`cniReady`). */
  readonly members: readonly MeshMember[];
}

/**
 * The CoreDNS server block that answers `*.cluster.<peer>` by asking the peer's CoreDNS,
 * through the peer's DNS load balancer, for the same name under svc.cluster.local; `answer
 * auto` rewrites the answers back, so clients get records for the name they asked.
 */
export function corednsServerBlock(peer: RegionSpec): string {
  const zone = `cluster.${peer.name}`;
  return [
    `${zone}:${MeshPorts.DNS} {`,
    "    errors",
    // Answers for 30 s, but "no such name" only for 5 s: a member set whose peer is still
    // starting resolves it soon after (CoreDNS cache plugin: denial CAPACITY TTL).
    "    cache 30 {",
    "        denial 9984 5",
    "    }",
    `    rewrite name substring ${zone} svc.cluster.local answer auto`,
    `    forward . ${peer.loadBalancerIps.dns}`,
    "}",
    "",
  ].join("\n");
}

/** The name under which the chain resolves `service` of `peer` from any other cluster. */
export const chainedName = (s: ClusterService, peer: RegionSpec): string => `${s.name}.${s.namespace}.cluster.${peer.name}`;

/** The chain's naming: the region's own service by its cluster.local name, then each peer's as
 * `<svc>.<ns>.cluster.<peer>`. */
export const DNS_CHAIN_NAMING: ServiceNaming = {
  clusterSetNames: false,
  addressesOf: (region, peers, serviceIn) => [clusterLocalName(serviceIn(region)), ...peers.map((p) => chainedName(serviceIn(p), p))],
};

/** The `coredns-custom` data of a cluster: one `<peer>.server` key per peer. */
export function corednsCustomData(peers: readonly RegionSpec[]): Record<string, string> {
  return Object.fromEntries(peers.map((p) => [`${p.name}.server`, corednsServerBlock(p)]));
}

/**
 * DNS across clusters: per cluster, CoreDNS behind an internal NLB on a pinned IP (UDP and
 * TCP 53), and the `coredns-custom` ConfigMap OKE imports into CoreDNS with one server block
 * per peer, forwarding to that peer's DNS load balancer. `<svc>.<ns>.cluster.<peer>` then
 * resolves anywhere in the mesh to the pod IPs of `<svc>.<ns>` in `<peer>`, reachable over the
 * Cilium tunnel. A change to the blocks rolls CoreDNS (a kubectl Job named after their hash), so
 * nobody deletes pods by hand. Relies on ENHANCED clusters: basic clusters drop CoreDNS customizations.
 *
 * @example
 * new CorednsChain(stack, "dns", { members, after: cilium.releases });
 */
export class CorednsChain extends Construct implements ServiceDiscovery {
  readonly kind = "dns-chain";
  readonly clusterSetNames = DNS_CHAIN_NAMING.clusterSetNames;
  readonly addressesOf = DNS_CHAIN_NAMING.addressesOf;

  constructor(scope: Construct, id: string, props: CorednsChainProps) {
    super(scope, id);
    for (const member of props.members) this.addCluster(member);
  }

  /** What a region admits from a peer for the chain: the peer's CoreDNS on this region's DNS
   * load balancer. */
  static peerRules(peer: RegionSpec): PeerRules {
    return { internalLb: dnsChainRulesFrom(peer) };
  }

  /** Every service already has a name per cluster: nothing to export. */
  exportService(): ITerraformDependable[] {
    return [];
  }

  /** One cluster's DNS load balancer and its server blocks for every peer. */
  private addCluster(member: MeshMember): void {
    const scope = new Construct(this, member.name);
    const cni = member.cniReady.dependables;
    const service = internalNlbService(scope, "dns-service", {
      member,
      name: DNS_LB_SERVICE,
      namespace: "kube-system",
      selector: { "k8s-app": "kube-dns" },
      labels: { "app.kubernetes.io/managed-by": "okemesh" },
      ports: [
        { name: "dns-udp", port: MeshPorts.DNS, targetPort: String(MeshPorts.DNS), protocol: "UDP" },
        { name: "dns-tcp", port: MeshPorts.DNS, targetPort: String(MeshPorts.DNS), protocol: "TCP" },
      ],
      ip: member.region.spec.loadBalancerIps.dns,
      reservedIp: member.region.dnsLbReservedIp,
      dependsOn: cni,
    });
    const data = corednsCustomData(member.peers.map((p) => p.region.spec));
    const { reload } = customizeCoredns(scope, member, data, cni);
    member.dnsReady.add(service, reload.job);
  }
}
