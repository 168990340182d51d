import { Annotations, Aspects, IAspect, TerraformDataSource, TerraformResource } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { MESH_STACK_ID } from "../config/schema";
import { Topology } from "../config/topology";
import { ClusterConnectivity } from "../constructs/cluster-connectivity";
import { CoherenceStretch } from "../constructs/coherence-stretch";
import { GlobalServices } from "../constructs/global-services";
import { MeshMember } from "../constructs/mesh-member";
import { MeshPeering } from "../constructs/mesh-peering";
import { importRegion } from "../constructs/region-exports";
import { regionStateId } from "../constructs/region-outputs";
import { ServiceDiscovery } from "../constructs/service-discovery";
import { BaseStack } from "./base-stack";
import { addConnectivity, addDiscovery, peerRulesOf } from "./data-plane";

export interface MeshStackProps {
  readonly topology: Topology;
  /** The live region stacks. The mesh reads their outputs (remote state); they never read it. */
  readonly regions: readonly BaseStack[];
  /** The stacks of retired regions: the mesh keeps only their providers, so that Terraform can
   * destroy what the mesh had in them, before their own stacks are emptied. */
  readonly retired?: readonly BaseStack[];
  /** @default okemesh's charts/coherence-grid */
  readonly gridChartPath?: string;
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
 * Everything that spans regions and everything inside the clusters: per region an OCI
 * provider alias, per cluster a Kubernetes and a Helm provider alias configured from the
 * region stacks' outputs (never from resources of this stack); the full mesh of DRG peerings
 * with the cross-region rules; the data plane (data-plane.ts: Cilium Cluster Mesh or Submariner,
 * and a service discovery); the global services; the stretched Coherence grid.
 */
export class MeshStack extends BaseStack {
  readonly members: readonly MeshMember[];
  readonly peering: MeshPeering;
  readonly connectivity: ClusterConnectivity;
  readonly discovery: ServiceDiscovery;
  readonly globalServices?: GlobalServices;
  readonly coherence?: CoherenceStretch;

  constructor(scope: Construct, props: MeshStackProps) {
    super(scope, MESH_STACK_ID, { meshName: props.topology.name, state: props.topology.state }, {});
    const { topology } = props;
    const access = topology.apiEndpoint.access;
    const exportsOf = (stack: BaseStack, lenient: boolean) => {
      const spec = [...topology.regions, ...topology.retired].find((r) => r.name === stack.node.id)!;
      return importRegion(spec, stack.backend.getRemoteStateDataSource(this, regionStateId(spec.name), spec.name), lenient);
    };
    // Members in name order, like the pairs and the peers: the file's order changes nothing here.
    const live = [...props.regions].sort((a, b) => (a.node.id < b.node.id ? -1 : 1));
    this.members = MeshMember.join(
      this,
      live.map((s) => exportsOf(s, false)),
      access,
      topology.peers,
    );
    for (const stack of props.retired ?? []) new MeshMember(this, { region: exportsOf(stack, true), access });

    this.peering = new MeshPeering(this, "peering", {
      members: this.members,
      pairs: topology.pairs,
      compartmentId: this.compartmentId,
      meshName: topology.name,
      rulesFrom: peerRulesOf(topology),
    });
    this.connectivity = addConnectivity(this, topology, this.members);
    this.discovery = addDiscovery(this, topology, this.members);
    if (topology.globalServices.length > 0) {
      this.globalServices = new GlobalServices(this, "global-services", {
        members: this.members,
        services: topology.globalServices,
        connectivity: this.connectivity,
        discovery: this.discovery,
      });
    }
    if (topology.coherence.enabled) {
      this.coherence = new CoherenceStretch(this, "coherence", {
        members: this.members,
        coherence: topology.coherence,
        discovery: this.discovery,
        gridChartPath: props.gridChartPath,
      });
    }
    Aspects.of(this).add(new ExplicitProviderCheck());
  }
}
