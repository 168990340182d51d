// Every port okemesh opens or configures, in one place (the region's base rules, the mesh's
// cross-region rules, the chart values, the diagram).

/** Ports of an OKE cluster (OKE documentation, terraform-oci-oke defaults). */
export const OkePorts = {
  API_SERVER: 6443,
  CONTROL_PLANE: 12250,
  KUBELET: 10250,
  /** kube-proxy healthz, which load balancers health-check. */
  PROXY_HEALTHZ: 10256,
  NODE_PORTS: [30000, 32767] as const,
} as const;

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

/** Submariner's ports (submariner pkg/port/ports.go @v0.18.1; website "Prerequisites"). */
export const SubmarinerPorts = {
  /** IPsec NAT-T / cable encapsulation between gateways (ipsec.natPort; WireGuard's port too). */
  TUNNEL: 4500,
  /** NAT discovery between gateways. */
  NAT_DISCOVERY: 4490,
  /** IPsec IKE between libreswan gateways (ipsec.ikePort); without NAT it stays on this port and
   * the data goes as ESP. */
  IKE: 500,
  /** Route agents' VXLAN to the active gateway, between the nodes of one cluster. */
  INTRA_CLUSTER_VXLAN: 4800,
} as const;

/** Local SOCKS5 port of a region's bastion tunnel: this base + the Cilium cluster id. */
export const SOCKS_PORT_BASE = 10800;
