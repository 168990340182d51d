import { Annotations, Aspects, IAspect, TerraformDataSource, TerraformResource } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { OciProvider } from "../.gen/providers/oci/provider";
import { MESH_STACK_ID } from "../config/schema";
import { Topology } from "../config/topology";
import { MeshPeering, PeeredRegion } from "../constructs/mesh-peering";
import { BaseStack } from "./base-stack";
import { RegionStack } from "./region-stack";

export interface MeshStackProps {
  readonly topology: Topology;
  /** The region stacks, in topology order. The mesh reads their attributes (cdktf turns them
   * into cross-stack outputs and remote state); they never read from the mesh. */
  readonly regions: readonly RegionStack[];
}

/** Every provider here is an alias; a resource without an explicit provider would silently
 * use an unconfigured default one. */
class ExplicitProviderCheck implements IAspect {
  visit(node: IConstruct): void {
    if ((node instanceof TerraformResource || node instanceof TerraformDataSource) && !node.provider) {
      Annotations.of(node).addError(`${node.terraformResourceType} has no explicit provider; every provider of the mesh stack is an alias`);
    }
  }
}

/**
 * Everything that spans regions: one OCI provider alias per region and the full mesh of
 * DRG remote peering connections with the cross-region security rules.
 */
export class MeshStack extends BaseStack {
  readonly providers: ReadonlyMap<string, OciProvider>;
  readonly peering: MeshPeering;

  constructor(scope: Construct, props: MeshStackProps) {
    super(scope, MESH_STACK_ID, { meshName: props.topology.name }, {});
    const providers = new Map<string, OciProvider>();
    const regions = new Map<string, PeeredRegion>();
    for (const stack of props.regions) {
      const provider = new OciProvider(this, `oci-${stack.spec.name}`, { alias: stack.spec.name, region: stack.spec.ociRegion });
      providers.set(stack.spec.name, provider);
      regions.set(stack.spec.name, { network: stack.network, provider });
    }
    this.providers = providers;
    this.peering = new MeshPeering(this, "peering", {
      regions,
      pairs: props.topology.pairs,
      compartmentId: this.compartmentId,
      meshName: props.topology.name,
    });
    Aspects.of(this).add(new ExplicitProviderCheck());
  }
}
