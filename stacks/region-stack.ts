import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { OciProvider } from "../.gen/providers/oci/provider";
import { RegionSpec, Topology } from "../config/topology";
import { OkeCluster } from "../constructs/oke-cluster";
import { Region } from "../constructs/region";
import { BaseStack } from "./base-stack";

export interface RegionStackProps {
  readonly topology: Topology;
  /** This stack's region; the stack id is its name. */
  readonly region: RegionSpec;
}

/**
 * One region, pure OCI: network, DRG, cluster and node pools. It knows nothing of the mesh
 * stack or of other regions (the mesh supernet route is the same in every region), so adding
 * a region leaves this stack's output byte-identical.
 */
export class RegionStack extends BaseStack {
  readonly spec: RegionSpec;
  readonly network: Region;
  readonly oke: OkeCluster;

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
    });
    // For people and scripts (`terraform output`); the mesh stack reads attributes directly.
    new TerraformOutput(this, "cluster_id", { value: this.oke.cluster.id, description: "OKE cluster OCID" });
    new TerraformOutput(this, "cluster_private_endpoint", { value: this.oke.privateEndpoint, description: "private Kubernetes API endpoint (host:port)" });
    new TerraformOutput(this, "vcn_id", { value: this.network.vcn.id, description: "VCN OCID" });
    new TerraformOutput(this, "drg_id", { value: this.network.drg.id, description: "DRG OCID" });
    if (this.network.bastion) {
      new TerraformOutput(this, "bastion_id", { value: this.network.bastion.id, description: `OCI Bastion for the SOCKS5 tunnel to the API (local port ${region.socksPort})` });
    }
  }
}
