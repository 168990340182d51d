// The boundary between the mesh and the way a pod finds a service of another cluster by name.
// CorednsChain, McsApi and Lighthouse implement it; CoherenceStretch and GlobalServices use it.
import { ITerraformDependable } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { Discovery, RegionSpec } from "../config/topology";
import { MeshMember } from "./mesh-member";

/** A Service of one cluster, by name and namespace. */
export interface ClusterService {
  readonly name: string;
  readonly namespace: string;
}

/** How a discovery names services across clusters: a pure function of the topology. */
export interface ServiceNaming {
  /**
   * True when one name covers a service in every cluster (`<svc>.<ns>.svc.clusterset.local`):
   * the service then needs the same name and namespace everywhere, and `exportService` in each
   * cluster. False: each cluster's service has a name of its own (`<svc>.<ns>.cluster.<region>`).
   */
  readonly clusterSetNames: boolean;
  /**
   * The names through which a pod in `region` reaches a service in every cluster: with
   * cluster-set names the one name; else the region's own service first, then each peer's, in
   * the order given. `serviceIn` names the service in each region.
   */
  addressesOf(region: RegionSpec, peers: readonly RegionSpec[], serviceIn: (region: RegionSpec) => ClusterService): string[];
}

/**
 * How pods of one cluster resolve services of the others. An implementation configures DNS in
 * every cluster and adds what makes cross-cluster names resolve to each member's `dnsReady`.
 */
export interface ServiceDiscovery extends ServiceNaming, IConstruct {
  readonly kind: Discovery;
  /**
   * Publishes `service` of `member` to the cluster set (a ServiceExport) under `scope`; returns
   * what the cluster-set name waits for. Nothing with per-cluster names.
   */
  exportService(scope: Construct, member: MeshMember, service: ClusterService, dependsOn: readonly ITerraformDependable[]): ITerraformDependable[];
}

/** The name of `service` in its own cluster. */
export const clusterLocalName = (s: ClusterService): string => `${s.name}.${s.namespace}.svc.cluster.local`;
/** The one name of an exported `service` across the cluster set (KEP-1645, Multi-Cluster Services API). */
export const clusterSetName = (s: ClusterService): string => `${s.name}.${s.namespace}.svc.clusterset.local`;

/** Cluster-set naming (MCS-API, Lighthouse): one name for an exported service in every cluster. */
export const CLUSTER_SET_NAMING: ServiceNaming = {
  clusterSetNames: true,
  addressesOf: (region, _peers, serviceIn) => [clusterSetName(serviceIn(region))],
};
