import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { Annotations, Aspects, IAspect, TerraformDataSource, TerraformResource } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { OciProvider } from "../.gen/providers/oci/provider";
import { MESH_STACK_ID } from "../config/schema";
import { ApiEndpointSpec, RegionSpec, Topology } from "../config/topology";
import { CiliumMesh } from "../constructs/cilium-mesh";
import { CoherenceStretch } from "../constructs/coherence-stretch";
import { CorednsChain } from "../constructs/coredns-chain";
import { MeshMember } from "../constructs/mesh-member";
import { MeshPeering } from "../constructs/mesh-peering";
import { OkeCluster } from "../constructs/oke-cluster";
import { BaseStack } from "./base-stack";
import { RegionStack } from "./region-stack";

export interface MeshStackProps {
  readonly topology: Topology;
  /** The region stacks, in topology order. The mesh reads their attributes (cdktf turns them
   * into cross-stack outputs and remote state); they never read from the mesh. */
  readonly regions: readonly RegionStack[];
  /** Directory of the local chart for Coherence member sets (charts/coherence-grid). */
  readonly gridChartPath: string;
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

/** How the Kubernetes and Helm providers reach a cluster's API (README, "Reaching the API"). */
export function clusterConnection(access: ApiEndpointSpec["access"], spec: RegionSpec, oke: OkeCluster) {
  return {
    host: `https://${access === "public" ? oke.publicEndpoint : oke.privateEndpoint}`,
    clusterCaCertificate: oke.caCertificate,
    ...(access === "bastion" ? { proxyUrl: `socks5://127.0.0.1:${spec.socksPort}` } : {}),
    // A short-lived token from the OCI CLI on every run: no kubeconfig or token in state.
    exec: {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "oci",
      args: ["ce", "cluster", "generate-token", "--cluster-id", oke.cluster.id, "--region", spec.ociRegion],
    },
  };
}

/**
 * Everything that spans regions and everything inside the clusters: per region an OCI
 * provider alias, per cluster a Kubernetes and a Helm provider alias configured from the
 * region stacks' outputs (never from resources of this stack); the full mesh of DRG peerings
 * with the cross-region rules; Cilium with Cluster Mesh; the CoreDNS chain; the stretched
 * Coherence grid.
 */
export class MeshStack extends BaseStack {
  readonly members: readonly MeshMember[];
  readonly peering: MeshPeering;
  readonly cilium: CiliumMesh;
  readonly dns: CorednsChain;
  readonly coherence?: CoherenceStretch;

  constructor(scope: Construct, props: MeshStackProps) {
    super(scope, MESH_STACK_ID, { meshName: props.topology.name, state: props.topology.state }, {});
    const { topology } = props;
    this.members = props.regions.map((stack): MeshMember => {
      const name = stack.spec.name;
      const connection = clusterConnection(topology.apiEndpoint.access, stack.spec, stack.oke);
      return {
        spec: stack.spec,
        network: stack.network,
        oke: stack.oke,
        oci: new OciProvider(this, `oci-${name}`, { alias: name, region: stack.spec.ociRegion }),
        kubernetes: new KubernetesProvider(this, `kubernetes-${name}`, { alias: name, ...connection, exec: [connection.exec] }),
        helm: new HelmProvider(this, `helm-${name}`, { alias: name, kubernetes: connection }),
      };
    });
    this.peering = new MeshPeering(this, "peering", {
      members: this.members,
      pairs: topology.pairs,
      compartmentId: this.compartmentId,
      meshName: topology.name,
    });
    const tls = new TlsProvider(this, "tls", {});
    this.cilium = new CiliumMesh(this, "cilium", { members: this.members, cilium: topology.cilium, meshName: topology.name, tls });
    this.dns = new CorednsChain(this, "dns", { members: this.members, after: this.cilium.releases });
    if (topology.coherence.enabled) {
      this.coherence = new CoherenceStretch(this, "coherence", {
        members: this.members,
        coherence: topology.coherence,
        gridChartPath: props.gridChartPath,
        after: this.cilium.releases,
        discovery: [...this.dns.loadBalancers.values(), ...this.dns.customizations.values()],
      });
    }
    Aspects.of(this).add(new ExplicitProviderCheck());
  }
}
