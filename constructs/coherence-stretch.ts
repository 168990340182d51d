import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { AssetType, ITerraformDependable, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { CoherenceSpec, RegionSpec } from "../config/topology";
import { renderValues } from "./helm-values";
import { KubectlJob } from "./kubectl-job";
import { MeshMember } from "./mesh-member";
import { GRID_CHART_DIR } from "./package-files";
import { ClusterService, ServiceDiscovery, ServiceNaming } from "./service-discovery";
import { gridWkaService } from "./cluster-names";

export const COHERENCE_OPERATOR_CHART = { repository: "https://oracle.github.io/coherence-operator/charts", chart: "coherence-operator" } as const;
const OPERATOR_IMAGE_REGISTRY = "container-registry.oracle.com/middleware";

export interface CoherenceStretchProps {
  /** Every cluster of the mesh; each member's CNI and DNS chain must be ready first
   * (`cniReady`, `dnsReady`). */
  readonly members: readonly MeshMember[];
  readonly coherence: CoherenceSpec;
  /** How a member set's well-known addresses name the other clusters' members. */
  readonly discovery: ServiceDiscovery;
  /** Directory of the local chart that renders one cluster's Coherence resource and PDB
   * (shipped with the synthesized stack as an asset). @default okemesh's charts/coherence-grid */
  readonly gridChartPath?: string;
}

/** How long one region's members may take to become Ready before the apply fails. */
const MEMBER_SET_READY_SECONDS = 1200;

/** The Coherence member traffic port (coherence.clusterport; WKA discovery and name service). */
export const COHERENCE_CLUSTER_PORT = 7574;

/** The WKA Service the operator creates for each member set: `<member set>-wka` (the operator's
 * GetWkaServiceName; reference notes/coherence.md §3.1). */
export const memberSetWkaService = (coherence: CoherenceSpec, region: RegionSpec): ClusterService => ({
  name: `${region.coherenceMemberSet}-wka`,
  namespace: coherence.namespace,
});

/** A member set's well-known addresses, as the discovery names them from `region`. */
export function wkaAddresses(discovery: ServiceNaming, coherence: CoherenceSpec, region: RegionSpec, peers: readonly RegionSpec[]): string[] {
  const shared = gridWkaService(coherence);
  return discovery.addressesOf(region, peers, (r) => (discovery.clusterSetNames ? shared : memberSetWkaService(coherence, r)));
}

/**
 * The `Coherence` spec (coherence.oracle.com/v1) of one region's member set. Checked against
 * the operator's CRD by `.ci/run` when the reference CRD is present.
 */
export function coherenceSpec(coherence: CoherenceSpec, region: RegionSpec, wka: readonly string[]): Record<string, unknown> {
  const name = region.coherenceMemberSet;
  const mine = { coherenceCluster: coherence.clusterName, coherenceDeployment: name };
  const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: mine },
  });
  return {
    // The same cluster name everywhere: one grid.
    cluster: coherence.clusterName,
    role: "storage",
    replicas: region.coherenceReplicas,
    image: coherence.image,
    imagePullPolicy: "IfNotPresent",
    // No finalizer: destroy never hangs on an operator that is already gone.
    allowUnsafeDelete: true,
    suspendServicesOnShutdown: false,
    // The site is the region, so partition backups land in another region.
    env: [{ name: "COHERENCE_SITE", value: region.ociRegion }],
    coherence: { storageEnabled: true, wka: { addresses: [...wka] } },
    jvm: {
      gc: { collector: "G1", args: ["-XX:MaxGCPauseMillis=200"] },
      memory: { heapSize: coherence.heapSize, onOutOfMemory: { exit: true, heapDump: true } },
    },
    // No CPU limit: throttling means GC pauses, and pauses mean evicted members.
    resources: { requests: { cpu: coherence.cpu, memory: coherence.memory }, limits: { memory: coherence.memory } },
    readinessProbe: { initialDelaySeconds: 30, periodSeconds: 60, timeoutSeconds: 30, successThreshold: 1, failureThreshold: 50 },
    livenessProbe: { initialDelaySeconds: 60, periodSeconds: 60, timeoutSeconds: 30, successThreshold: 1, failureThreshold: 5 },
    scaling: { policy: "Safe" },
    haBeforeUpdate: true,
    topologySpreadConstraints: [
      spread("topology.kubernetes.io/zone", "ScheduleAnyway"),
      spread("oci.oraclecloud.com/fault-domain", "ScheduleAnyway"),
      spread("kubernetes.io/hostname", "DoNotSchedule"),
    ],
  };
}

/**
 * One Oracle Coherence data grid stretched over every cluster: the Coherence operator (pinned
 * chart) in its own namespace in each cluster, and per cluster one member set with a unique
 * name and the same cluster name, whose well-known addresses name the members of every cluster
 * through the chosen discovery (its own WKA service plus every peer's through the CoreDNS chain,
 * or one exported cluster-set name); pods talk pod IP to pod IP across the mesh. The member set
 * is rendered by a small local chart through helm_release, so nothing needs the operator's CRD at
 * plan time and a fresh tenancy plans in one go.
 *
 * @example
 * new CoherenceStretch(stack, "coherence", { members, coherence: topology.coherence, discovery });
 */
export class CoherenceStretch extends Construct {
  constructor(scope: Construct, id: string, props: CoherenceStretchProps) {
    super(scope, id);
    const chart = new TerraformAsset(this, "grid_chart", { path: props.gridChartPath ?? GRID_CHART_DIR, type: AssetType.DIRECTORY });
    // Every member set waits for every cluster's DNS chain: its WKA list names all of them.
    const discovery = props.members.flatMap((m) => m.dnsReady.dependables);
    // One region at a time, in name order: each member set waits until the previous one is
    // Ready, on the first deployment and on every later change (the operators act on their own,
    // and two regions rolling at once could stack partition transfers).
    let previous: ITerraformDependable | undefined;
    for (const member of props.members) previous = this.addMemberSet(member, props, chart.path, [...discovery, ...(previous ? [previous] : [])]);
  }

  /** The operator and the member set of one cluster; returns what says the member set is Ready. */
  private addMemberSet(member: MeshMember, props: CoherenceStretchProps, chartPath: string, after: ITerraformDependable[]): ITerraformDependable {
    const { coherence, discovery } = props;
    const scope = new Construct(this, member.name);
    const cni = member.cniReady.dependables;
    const namespace = (nsId: string, name: string) =>
      new NamespaceV1(scope, nsId, {
        provider: member.kubernetes,
        dependsOn: cni,
        metadata: { name, labels: { "app.kubernetes.io/managed-by": "okemesh" } },
      });
    const operatorNs = namespace("operator-namespace", coherence.operatorNamespace);
    const gridNs = namespace("grid-namespace", coherence.namespace);
    const operator = new Release(scope, "operator", {
      provider: member.helm,
      name: "coherence-operator",
      repository: COHERENCE_OPERATOR_CHART.repository,
      chart: COHERENCE_OPERATOR_CHART.chart,
      version: coherence.operatorVersion,
      namespace: operatorNs.metadata.name,
      values: [
        renderValues({
          image: { registry: OPERATOR_IMAGE_REGISTRY, name: "coherence-operator", tag: coherence.operatorVersion },
          // Only the grid's namespace; cluster roles for the node lookup (site and rack).
          watchNamespaces: coherence.namespace,
          clusterRoles: true,
        }),
      ],
      wait: true,
      timeout: 600,
    });
    const { spec } = member.region;
    const name = spec.coherenceMemberSet;
    const exported = discovery.clusterSetNames ? this.exportWka(scope, member, coherence, discovery, gridNs) : [];
    const wka = wkaAddresses(
      discovery,
      coherence,
      spec,
      member.peers.map((p) => p.region.spec),
    );
    const values = renderValues({ name, spec: coherenceSpec(coherence, spec, wka), maxUnavailable: 1 });
    const memberSet = new Release(scope, "member-set", {
      provider: member.helm,
      name: "coherence-grid",
      chart: chartPath,
      namespace: gridNs.metadata.name,
      values: [values],
      dependsOn: [operator, ...exported, ...after],
      // Helm cannot wait for a custom resource; the Job below does.
      wait: false,
    });
    // The operator reports status.phase Ready once every member is ready (coherence.oracle.com/v1).
    return new KubectlJob(scope, "member-set-ready", {
      member,
      namespace: coherence.namespace,
      name: "okemesh-grid-ready",
      trigger: values,
      args: ["wait", "--for=jsonpath={.status.phase}=Ready", `coherence.coherence.oracle.com/${name}`, `--timeout=${MEMBER_SET_READY_SECONDS}s`],
      rules: [{ apiGroups: ["coherence.oracle.com"], resources: ["coherence"], resourceNames: [name], verbs: ["get", "list", "watch"] }],
      timeoutSeconds: MEMBER_SET_READY_SECONDS + 60,
      dependsOn: [memberSet],
    }).job;
  }

  /** okemesh's headless WKA Service in one cluster, exported to the cluster set. */
  private exportWka(
    scope: Construct,
    member: MeshMember,
    coherence: CoherenceSpec,
    discovery: ServiceDiscovery,
    gridNs: NamespaceV1,
  ): ITerraformDependable[] {
    const shared = gridWkaService(coherence);
    const service = new ServiceV1(scope, "wka-service", {
      provider: member.kubernetes,
      metadata: { name: shared.name, namespace: gridNs.metadata.name, labels: { "app.kubernetes.io/managed-by": "okemesh" } },
      spec: {
        // Headless: a virtual IP in the WKA list means members never find each other.
        clusterIp: "None",
        publishNotReadyAddresses: true,
        // Every WKA member of the grid in this namespace, whatever its member set (the operator's
        // own WKA Service selects the same labels).
        selector: { coherenceCluster: coherence.clusterName, coherenceComponent: "coherencePod", coherenceWKAMember: "true" },
        port: [{ name: "coherence", port: COHERENCE_CLUSTER_PORT, targetPort: String(COHERENCE_CLUSTER_PORT), protocol: "TCP" }],
      },
    });
    return [service, ...discovery.exportService(scope, member, shared, [service])];
  }
}
