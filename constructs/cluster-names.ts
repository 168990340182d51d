// What okemesh names in the clusters: written by the constructs that deploy it, read back by
// okemesh verify. Free of cdktf, so okemesh's commands start without loading it.
import type { CoherenceSpec, GlobalServiceSpec } from "../config/topology";
import type { ClusterService } from "./service-discovery";

/** The Cilium chart (Helm repository, chart, namespace). */
export const CILIUM_CHART = { repository: "https://helm.cilium.io", chart: "cilium", namespace: "kube-system" } as const;
/** The chart's clustermesh-apiserver objects and certificates expect exactly this Service. */
export const CLUSTERMESH_SERVICE = { name: "clustermesh-apiserver", selector: { "k8s-app": "clustermesh-apiserver" } } as const;

/** Cilium's global service: backends of every cluster behind the same name and namespace;
 * `shared: false` keeps this cluster's backends to itself; affinity prefers local or remote
 * backends, `none` (Cilium's default) is left out (global-services.rst, affinity.rst). */
export function ciliumGlobalServiceAnnotations(service: GlobalServiceSpec): Record<string, string> {
  return {
    "service.cilium.io/global": "true",
    "service.cilium.io/shared": String(service.shared),
    ...(service.affinity === "none" ? {} : { "service.cilium.io/affinity": service.affinity }),
  };
}

/** The Service name of each cluster's DNS load balancer. */
export const DNS_LB_SERVICE = "kube-dns-lb";

/** The operator: the chart renders its Submariner CR into `submariner-operator` whatever the
 * release namespace (templates/submariner.yaml), so the release lives there. */
export const SUBMARINER_OPERATOR = { chart: "submariner-operator", name: "submariner-operator", namespace: "submariner-operator" } as const;
/** The node label the gateway DaemonSet selects (operator gateway_resources.go). */
export const GATEWAY_LABEL = { "submariner.io/gateway": "true" } as const;

/** With cluster-set names, okemesh's own headless WKA Service, named the same in every cluster
 * (one exported name needs one Service name); never a member set's `<member set>-wka`. */
export const gridWkaService = (coherence: CoherenceSpec): ClusterService => ({
  name: `${coherence.clusterName}-wka`,
  namespace: coherence.namespace,
});
