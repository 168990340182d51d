// The NSG rules okemesh writes, as pure functions of who talks to whom: a region's base rules
// (what an OKE cluster needs inside its VCN, terraform-oci-oke's defaults with ICMP limited to
// the mesh) and the cross-region rules the mesh stack adds per peer.
import { MeshPorts, OkePorts } from "../config/ports";
import { RegionSpec } from "../config/topology";
import { ICMP_ECHO_REQUEST, ICMP_FRAGMENTATION_NEEDED, NsgRule, Protocol } from "./nsg-rules";

/** The parties of a region's base rules. */
export interface BaseRuleParties {
  readonly apiEndpointNsgId: string;
  readonly workersNsgId: string;
  readonly internalLbNsgId: string;
  /** Oracle Services Network label (SERVICE_CIDR_BLOCK). */
  readonly serviceCidr: string;
  readonly meshCidr: string;
  /** Who may open connections to the API endpoint besides the cluster itself. */
  readonly apiClients: ReadonlyArray<{ readonly cidr: string; readonly why: string }>;
}

const { API_SERVER, CONTROL_PLANE, KUBELET, PROXY_HEALTHZ, NODE_PORTS } = OkePorts;
const TCP = Protocol.TCP;

/** Rules of the API endpoint's NSG. */
export function apiEndpointRules(p: BaseRuleParties): NsgRule[] {
  const workers = { nsgId: p.workersNsgId };
  const cp = { nsgId: p.apiEndpointNsgId };
  return [
    {
      id: "in-api-from-workers",
      direction: "INGRESS",
      protocol: TCP,
      ports: API_SERVER,
      peer: workers,
      description: "Kubernetes API from worker nodes",
    },
    {
      id: "in-cp-from-workers",
      direction: "INGRESS",
      protocol: TCP,
      ports: CONTROL_PLANE,
      peer: workers,
      description: "OKE control plane from worker nodes",
    },
    {
      id: "in-api-from-api",
      direction: "INGRESS",
      protocol: TCP,
      ports: API_SERVER,
      peer: cp,
      description: "Kubernetes API within the control plane",
    },
    {
      id: "in-pmtu-from-workers",
      direction: "INGRESS",
      protocol: Protocol.ICMP,
      icmp: ICMP_FRAGMENTATION_NEEDED,
      peer: workers,
      description: "path MTU discovery from worker nodes",
    },
    ...p.apiClients.map(({ cidr, why }): NsgRule => ({
      id: `in-api-from-${cidr.replace(/[./]/g, "-")}`,
      direction: "INGRESS",
      protocol: TCP,
      ports: API_SERVER,
      peer: { cidr },
      description: `Kubernetes API from ${why}`,
    })),
    {
      id: "out-osn",
      direction: "EGRESS",
      protocol: TCP,
      peer: { serviceCidr: p.serviceCidr },
      description: "control plane to Oracle Services Network",
    },
    { id: "out-kubelet", direction: "EGRESS", protocol: TCP, ports: KUBELET, peer: workers, description: "control plane to kubelets" },
    {
      id: "out-cp-to-workers",
      direction: "EGRESS",
      protocol: TCP,
      ports: CONTROL_PLANE,
      peer: workers,
      description: "OKE control plane to worker nodes",
    },
    { id: "out-api-to-api", direction: "EGRESS", protocol: TCP, ports: API_SERVER, peer: cp, description: "Kubernetes API within the control plane" },
    {
      id: "out-pmtu-to-workers",
      direction: "EGRESS",
      protocol: Protocol.ICMP,
      icmp: ICMP_FRAGMENTATION_NEEDED,
      peer: workers,
      description: "path MTU discovery to worker nodes",
    },
  ];
}

/** Rules of the workers' NSG (in-cluster traffic; the cross-region rules live in the mesh NSG).
 * Node-to-node VXLAN also has a stateless pair: OCI applies the stateless rule when a packet
 * matches both, and does not track it (OCI documentation, "Stateful Versus Stateless Rules"), so
 * the tunnel never fills the VNIC's connection table. */
export function workerRules(p: BaseRuleParties): NsgRule[] {
  const workers = { nsgId: p.workersNsgId };
  const cp = { nsgId: p.apiEndpointNsgId };
  const ilb = { nsgId: p.internalLbNsgId };
  return [
    { id: "in-all-from-workers", direction: "INGRESS", protocol: Protocol.ALL, peer: workers, description: "node to node within the cluster" },
    {
      id: "in-vxlan-from-workers",
      direction: "INGRESS",
      protocol: Protocol.UDP,
      ports: MeshPorts.VXLAN,
      peer: workers,
      stateless: true,
      description: "Cilium VXLAN within the cluster (stateless)",
    },
    { id: "in-all-from-api", direction: "INGRESS", protocol: Protocol.ALL, peer: cp, description: "control plane to nodes (kubelet, webhooks)" },
    {
      id: "in-tcp-nodeports-from-ilb",
      direction: "INGRESS",
      protocol: TCP,
      ports: NODE_PORTS,
      peer: ilb,
      description: "internal load balancers to TCP NodePorts",
    },
    {
      id: "in-udp-nodeports-from-ilb",
      direction: "INGRESS",
      protocol: Protocol.UDP,
      ports: NODE_PORTS,
      peer: ilb,
      description: "internal load balancers to UDP NodePorts",
    },
    {
      id: "in-healthz-from-ilb",
      direction: "INGRESS",
      protocol: TCP,
      ports: PROXY_HEALTHZ,
      peer: ilb,
      description: "internal load balancer health checks",
    },
    {
      id: "in-pmtu-from-mesh",
      direction: "INGRESS",
      protocol: Protocol.ICMP,
      icmp: ICMP_FRAGMENTATION_NEEDED,
      peer: { cidr: p.meshCidr },
      description: "path MTU discovery within the mesh",
    },
    { id: "out-all-to-workers", direction: "EGRESS", protocol: Protocol.ALL, peer: workers, description: "node to node within the cluster" },
    {
      id: "out-vxlan-to-workers",
      direction: "EGRESS",
      protocol: Protocol.UDP,
      ports: MeshPorts.VXLAN,
      peer: workers,
      stateless: true,
      description: "Cilium VXLAN within the cluster (stateless)",
    },
    { id: "out-api", direction: "EGRESS", protocol: TCP, ports: API_SERVER, peer: cp, description: "nodes to the Kubernetes API" },
    { id: "out-cp", direction: "EGRESS", protocol: TCP, ports: CONTROL_PLANE, peer: cp, description: "nodes to the OKE control plane" },
    {
      id: "out-osn",
      direction: "EGRESS",
      protocol: TCP,
      peer: { serviceCidr: p.serviceCidr },
      description: "nodes to Oracle Services Network (OCIR, Object Storage)",
    },
    {
      id: "out-internet",
      direction: "EGRESS",
      protocol: Protocol.ALL,
      peer: { cidr: "0.0.0.0/0" },
      description: "nodes to the internet through NAT (image pulls)",
    },
  ];
}

/** Rules of the internal load balancers' NSG (ingress from peers is the mesh stack's). */
export function internalLbRules(p: BaseRuleParties): NsgRule[] {
  const workers = { nsgId: p.workersNsgId };
  return [
    {
      id: "out-tcp-nodeports",
      direction: "EGRESS",
      protocol: TCP,
      ports: NODE_PORTS,
      peer: workers,
      description: "to TCP NodePorts of worker nodes",
    },
    {
      id: "out-udp-nodeports",
      direction: "EGRESS",
      protocol: Protocol.UDP,
      ports: NODE_PORTS,
      peer: workers,
      description: "to UDP NodePorts of worker nodes",
    },
    { id: "out-healthz", direction: "EGRESS", protocol: TCP, ports: PROXY_HEALTHZ, peer: workers, description: "health checks of worker nodes" },
    {
      id: "out-pmtu",
      direction: "EGRESS",
      protocol: Protocol.ICMP,
      icmp: ICMP_FRAGMENTATION_NEEDED,
      peer: workers,
      description: "path MTU discovery to worker nodes",
    },
  ];
}

const who = (peer: RegionSpec) => `${peer.name} (${peer.ociRegion})`;

/**
 * A region's mesh NSG rules for one peer, from and to the peer's workers subnet only (the nodes
 * are the only senders: agents run on the host network and pod traffic to the peer's load
 * balancers leaves masqueraded to the node's address). VXLAN is stateless both ways, so the
 * tunnel never fills the VNIC's connection table.
 */
export function meshWorkerRulesFrom(peer: RegionSpec): NsgRule[] {
  const nodes = { cidr: peer.subnets.workers };
  return [
    {
      id: "vxlan-in",
      direction: "INGRESS",
      protocol: Protocol.UDP,
      ports: MeshPorts.VXLAN,
      peer: nodes,
      stateless: true,
      description: `Cilium VXLAN tunnel from ${who(peer)} nodes (stateless)`,
    },
    {
      id: "vxlan-out",
      direction: "EGRESS",
      protocol: Protocol.UDP,
      ports: MeshPorts.VXLAN,
      peer: nodes,
      stateless: true,
      description: `Cilium VXLAN tunnel to ${who(peer)} nodes (stateless)`,
    },
    {
      id: "cilium-health",
      direction: "INGRESS",
      protocol: TCP,
      ports: MeshPorts.CILIUM_HEALTH,
      peer: nodes,
      description: `Cilium health checks from ${who(peer)} nodes`,
    },
    {
      id: "icmp-echo",
      direction: "INGRESS",
      protocol: Protocol.ICMP,
      icmp: ICMP_ECHO_REQUEST,
      peer: nodes,
      description: `ICMP echo (Cilium health) from ${who(peer)} nodes`,
    },
  ];
}

/** A region's internal-LB rule for one peer's Cilium agents: its Cluster Mesh API server. */
export function clustermeshRulesFrom(peer: RegionSpec): NsgRule[] {
  return [
    {
      id: "clustermesh-api",
      direction: "INGRESS",
      protocol: TCP,
      ports: MeshPorts.CLUSTERMESH_API,
      peer: { cidr: peer.subnets.workers },
      description: `Cilium Cluster Mesh API server for ${who(peer)} agents`,
    },
  ];
}

/** A region's internal-LB rules for one peer's CoreDNS: its DNS load balancer, UDP and TCP. */
export function dnsChainRulesFrom(peer: RegionSpec): NsgRule[] {
  const nodes = { cidr: peer.subnets.workers };
  return [
    {
      id: "dns-udp",
      direction: "INGRESS",
      protocol: Protocol.UDP,
      ports: MeshPorts.DNS,
      peer: nodes,
      description: `DNS (UDP) for the CoreDNS chain from ${who(peer)}`,
    },
    {
      id: "dns-tcp",
      direction: "INGRESS",
      protocol: TCP,
      ports: MeshPorts.DNS,
      peer: nodes,
      description: `DNS (TCP, truncated answers) for the CoreDNS chain from ${who(peer)}`,
    },
  ];
}
