import { Construct } from "constructs";
import { OciProvider } from "../.gen/providers/oci/provider";
import { RegionSpec, Topology } from "../config/topology";
import { OkeCluster } from "../constructs/oke-cluster";
import { Region } from "../constructs/region";
import { exportRegion } from "../constructs/region-exports";
import { RegionAttributes } from "../constructs/region-outputs";
import { BaseStack } from "./base-stack";
import { clusterNodesOf } from "./data-plane";

export interface RegionStackProps {
  readonly topology: Topology;
  /** This stack's region; the stack id is its name. */
  readonly region: RegionSpec;
}

/**
 * One region, pure OCI: network, DRG, cluster and node pools. It knows nothing of the mesh
 * stack or of other regions (the mesh supernet route is the same in every region), and it
 * exports the same outputs whatever the number of regions, so adding a region leaves this
 * stack's output byte-identical.
 */
export class RegionStack extends BaseStack {
  readonly spec: RegionSpec;
  readonly network: Region;
  readonly oke: OkeCluster;
  /** What the mesh stack reads of this region (written as this stack's outputs). */
  readonly attributes: RegionAttributes;

  constructor(scope: Construct, props: RegionStackProps) {
    const { topology, region } = props;
    super(scope, region.name, { meshName: topology.name, state: topology.state }, { "okemesh-region": region.name });
    this.spec = region;
    // Credentials come from the environment or ~/.oci/config at plan time, never from code.
    new OciProvider(this, "oci", { region: region.ociRegion });
    this.network = new Region(this, "network", {
      spec: region,
      meshName: topology.name,
      meshCidr: topology.meshCidr,
      compartmentId: this.compartmentId,
      apiEndpoint: topology.apiEndpoint,
    });
    this.oke = new OkeCluster(this, "oke", {
      region: this.network,
      meshName: topology.name,
      compartmentId: this.compartmentId,
      publicEndpoint: topology.apiEndpoint.access === "public",
      ...clusterNodesOf(topology),
    });
    const { network, oke } = this;
    this.attributes = {
      vcnId: network.vcn.id,
      drgId: network.drg.id,
      workersSubnetId: network.subnets.workers.id,
      internalLbSubnetId: network.subnets.internalLb.id,
      apiEndpointSubnetId: network.subnets.apiEndpoint.id,
      apiEndpointNsgId: network.nsgs.apiEndpoint.id,
      workersNsgId: network.nsgs.workers.id,
      meshNsgId: network.nsgs.mesh.id,
      internalLbNsgId: network.nsgs.internalLb.id,
      clusterId: oke.cluster.id,
      privateEndpoint: oke.privateEndpoint,
      publicEndpoint: oke.publicEndpoint,
      caCertificate: oke.caCertificate,
      bastionId: network.bastion?.id ?? "",
      dnsLbReservedIp: network.reservedIps.dns.ipAddress,
      clustermeshLbReservedIp: network.reservedIps.clustermesh.ipAddress,
    };
    exportRegion(this, this.attributes);
  }
}
