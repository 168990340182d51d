// A Service of one cluster published to the cluster set (KEP-1645 ServiceExport), through a small
// local Helm chart: a kubernetes_manifest would need the ServiceExport CRD at PLAN time, which a
// fresh cluster lacks (its CRD comes with the data plane, e.g. the Submariner operator).
import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, ITerraformDependable, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { createHash } from "crypto";
import { renderValues } from "./helm-values";
import { MeshMember } from "./mesh-member";
import { SERVICE_EXPORT_CHART_DIR } from "./package-files";
import { CLUSTER_SET_NAMING, ClusterService, ServiceDiscovery } from "./service-discovery";
import { Discovery } from "../config/topology";

/** The chart directory shipped with the synthesized stack: create it once per stack and give its
 * `path` to every ServiceExport. */
export function serviceExportChart(scope: Construct, id: string): TerraformAsset {
  return new TerraformAsset(scope, id, { path: SERVICE_EXPORT_CHART_DIR, type: AssetType.DIRECTORY });
}

/** The Helm release name of a ServiceExport: within Helm's 53 characters, unique per namespace. */
export function exportReleaseName(service: ClusterService): string {
  const plain = `${service.name}-export`;
  if (plain.length <= 53) return plain;
  return `${service.name.slice(0, 42)}-${createHash("sha256").update(service.name).digest("hex").slice(0, 10)}`;
}

export interface ServiceExportProps {
  readonly member: MeshMember;
  /** The Service to export (it must exist in `member` with this name and namespace). */
  readonly service: ClusterService;
  /** The chart asset's path (`serviceExportChart(...).path`). */
  readonly chartPath: string;
  /** What must exist first: the Service, and what installs the ServiceExport CRD. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * One ServiceExport (multicluster.x-k8s.io/v1alpha1) named like `service`, in its namespace, as
 * a helm_release `<service>-export` of okemesh's charts/service-export.
 *
 * @example
 * new ServiceExport(scope, "wka-export", { member, service: { name: "grid-wka", namespace: "coherence" }, chartPath, dependsOn });
 */
export class ServiceExport extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ServiceExportProps) {
    super(scope, id);
    this.release = new Release(this, "release", {
      provider: props.member.helm,
      name: exportReleaseName(props.service),
      chart: props.chartPath,
      namespace: props.service.namespace,
      values: [renderValues({ name: props.service.name })],
      dependsOn: [...props.dependsOn],
      // A ServiceExport has no readiness Helm knows of.
      wait: false,
    });
  }
}

/**
 * The base of the discoveries with cluster-set names (McsApi, Lighthouse): one name per exported
 * service, and `exportService` as a ServiceExport, after the member's connectivity (which brings
 * the ServiceExport CRD) and `dependsOn`. Subclasses configure DNS in each cluster.
 */
export abstract class ClusterSetDiscovery extends Construct implements ServiceDiscovery {
  abstract readonly kind: Discovery;
  readonly clusterSetNames = CLUSTER_SET_NAMING.clusterSetNames;
  readonly addressesOf = CLUSTER_SET_NAMING.addressesOf;
  private readonly chartPath: string;

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
    this.chartPath = serviceExportChart(this, "export_chart").path;
  }

  exportService(scope: Construct, member: MeshMember, service: ClusterService, dependsOn: readonly ITerraformDependable[]): ITerraformDependable[] {
    const exported = new ServiceExport(scope, `export_${service.namespace}_${service.name}`, {
      member,
      service,
      chartPath: this.chartPath,
      dependsOn: [...member.cniReady.dependables, ...dependsOn],
    });
    return [exported.release];
  }
}
