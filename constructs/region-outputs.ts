// The one contract between a region stack and the mesh stack: what a region exports and under
// which output names. Free of cdktf, so okemesh's commands that read a region's outputs
// (operate/outputs.ts, preview) start without loading it; region-exports.ts writes and reads them.
import { RegionSpec } from "../config/topology";

/** The attributes of a deployed region that the mesh stack needs (OCIDs, endpoints, the CA). */
export interface RegionAttributes {
  readonly vcnId: string;
  readonly drgId: string;
  readonly workersSubnetId: string;
  readonly internalLbSubnetId: string;
  readonly apiEndpointSubnetId: string;
  /** The NSG of the Kubernetes API endpoint (cross-region clients: Submariner's broker). */
  readonly apiEndpointNsgId: string;
  /** Base rules of the worker nodes (in-cluster traffic). */
  readonly workersNsgId: string;
  /** Cross-region rules of the worker nodes (every pool carries it beside workersNsgId); the mesh
   * stack owns its rules. */
  readonly meshNsgId: string;
  /** The NSG of the internal load balancers (Cluster Mesh API server, DNS). */
  readonly internalLbNsgId: string;
  readonly clusterId: string;
  /** `host:port` of the private Kubernetes API endpoint. */
  readonly privateEndpoint: string;
  /** `host:port` of the public endpoint; empty unless apiEndpoint.access is public. */
  readonly publicEndpoint: string;
  /** PEM of the cluster's CA (public, not a secret). */
  readonly caCertificate: string;
  /** OCID of the OCI Bastion; empty unless apiEndpoint.access is bastion. */
  readonly bastionId: string;
  /** The reserved private IPs (addresses) the mesh's internal load balancers take. */
  readonly dnsLbReservedIp: string;
  readonly clustermeshLbReservedIp: string;
}

/** A region as the mesh sees it: its topology entry and its deployed attributes. */
export interface RegionExports extends RegionAttributes {
  readonly spec: RegionSpec;
}

/** Terraform output name of each attribute. Every region stack has every output, whatever the
 * number of regions or the access mode, so adding a region never changes an existing stack. */
export const REGION_OUTPUTS: { readonly [K in keyof RegionAttributes]: { readonly name: string; readonly description: string } } = {
  vcnId: { name: "vcn_id", description: "VCN OCID" },
  drgId: { name: "drg_id", description: "DRG OCID" },
  workersSubnetId: { name: "workers_subnet_id", description: "worker nodes subnet OCID" },
  internalLbSubnetId: { name: "internal_lb_subnet_id", description: "internal load balancers subnet OCID" },
  apiEndpointSubnetId: { name: "api_endpoint_subnet_id", description: "Kubernetes API endpoint subnet OCID" },
  apiEndpointNsgId: { name: "api_endpoint_nsg_id", description: "Kubernetes API endpoint NSG OCID" },
  workersNsgId: { name: "workers_nsg_id", description: "worker nodes NSG OCID (in-cluster rules)" },
  meshNsgId: { name: "mesh_nsg_id", description: "worker nodes NSG OCID for the cross-region rules of the mesh stack" },
  internalLbNsgId: { name: "internal_lb_nsg_id", description: "internal load balancers NSG OCID" },
  clusterId: { name: "cluster_id", description: "OKE cluster OCID" },
  privateEndpoint: { name: "cluster_private_endpoint", description: "private Kubernetes API endpoint (host:port)" },
  publicEndpoint: { name: "cluster_public_endpoint", description: "public Kubernetes API endpoint (host:port; empty unless access is public)" },
  caCertificate: { name: "cluster_ca_certificate", description: "PEM of the cluster's CA certificate" },
  bastionId: { name: "bastion_id", description: "OCI Bastion OCID for the SOCKS5 tunnel to the API (empty unless access is bastion)" },
  dnsLbReservedIp: { name: "dns_lb_reserved_ip", description: "reserved private IP of the kube-dns-lb internal NLB" },
  clustermeshLbReservedIp: { name: "clustermesh_lb_reserved_ip", description: "reserved private IP of the clustermesh-apiserver internal NLB" },
};

/** The id of the remote state through which the mesh reads a region stack, and back. */
export const regionStateId = (region: string) => `region-${region}`;
export const regionOfStateId = (id: string): string | undefined => /^region-(.+)$/.exec(id)?.[1];
