// The `coredns-custom` ConfigMap OKE imports into CoreDNS, and the rolling restart that makes
// CoreDNS read it: what every okemesh discovery that adds CoreDNS server blocks writes.
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { KubectlJob } from "./kubectl-job";
import { MeshMember } from "./mesh-member";

/** What a cluster's custom CoreDNS configuration consists of. */
export interface CorednsCustomization {
  readonly configMap: ConfigMapV1;
  /** The restart Job: once it is complete, CoreDNS serves `data`. */
  readonly reload: KubectlJob;
}

/**
 * Writes `data` (`<name>.server` keys) as `kube-system/coredns-custom` under `scope` (ids
 * `coredns-custom`, `coredns-reload`), and rolls CoreDNS once per change of it. Relies on
 * ENHANCED clusters: basic clusters drop CoreDNS customizations (OKE, "Configuring DNS Servers
 * for Kubernetes Clusters").
 */
export function customizeCoredns(
  scope: Construct,
  member: MeshMember,
  data: Record<string, string>,
  dependsOn: readonly ITerraformDependable[],
): CorednsCustomization {
  const configMap = new ConfigMapV1(scope, "coredns-custom", {
    provider: member.kubernetes,
    metadata: { name: "coredns-custom", namespace: "kube-system", labels: { "app.kubernetes.io/managed-by": "okemesh" } },
    data,
  });
  const reload = restartCoredns(scope, member, JSON.stringify(data, Object.keys(data).sort()), [configMap, ...dependsOn]);
  return { configMap, reload };
}

/**
 * A rolling restart of CoreDNS under `scope` (id `coredns-reload`), once per value of `trigger`
 * (a Job named after its hash). OKE documents that CoreDNS must be restarted to read
 * coredns-custom ("Configuring DNS Servers for Kubernetes Clusters"); OKE's add-on manager owns
 * the Deployment, so okemesh keeps nothing on it (no perpetual diff).
 */
export function restartCoredns(scope: Construct, member: MeshMember, trigger: string, dependsOn: readonly ITerraformDependable[]): KubectlJob {
  return new KubectlJob(scope, "coredns-reload", {
    member,
    namespace: "kube-system",
    name: "okemesh-coredns-reload",
    trigger,
    args: ["rollout", "restart", "deployment/coredns"],
    rules: [{ apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["coredns"], verbs: ["get", "patch"] }],
    dependsOn: [...dependsOn],
  });
}
