import { Construct } from "constructs";
import { OciProvider } from "../.gen/providers/oci/provider";
import { RegionSpec, Topology } from "../config/topology";
import { BaseStack } from "./base-stack";

export interface RetiredRegionStackProps {
  readonly topology: Topology;
  /** The retired region (its entry moved from `regions` to `retired`). */
  readonly region: RegionSpec;
}

/**
 * A region on its way out: the same stack id, backend and provider as its region stack, and no
 * resources, so its plan destroys everything the region stack created, and the gate sees each
 * of them. It depends on the mesh stack, so the pipeline applies it after the mesh has let go of
 * the region (peerings, cross-region rules, and the load balancers Kubernetes made in its
 * subnets).
 */
export class RetiredRegionStack extends BaseStack {
  readonly spec: RegionSpec;

  constructor(scope: Construct, props: RetiredRegionStackProps) {
    const { topology, region } = props;
    super(scope, region.name, { meshName: topology.name, state: topology.state }, { "okemesh-region": region.name });
    this.spec = region;
    new OciProvider(this, "oci", { region: region.ociRegion });
  }
}
