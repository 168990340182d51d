import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { Construct } from "constructs";
import { MeshPorts } from "../config/ports";
import { PeerRules } from "./cluster-connectivity";
import { customizeCoredns } from "./coredns-custom";
import { MeshMember } from "./mesh-member";
import { ClusterSetDiscovery } from "./service-export";

/** The cluster-set zone of the Multi-Cluster Services API (KEP-1645). */
export const CLUSTERSET_ZONE = "clusterset.local";

/** okemesh's ClusterRole and ClusterRoleBinding that let CoreDNS watch ServiceImports. */
export const COREDNS_MCSAPI_RBAC = "okemesh-coredns-mcsapi";

/** The `coredns-custom` key of the cluster-set server block. */
export const CLUSTERSET_SERVER_KEY = "clusterset.server";

export interface McsApiProps {
  /** Every cluster of the mesh; each member's CNI must be ready first (`cniReady`): Cilium's
   * operator installs the MCS-API CRDs (clustermesh.mcsapi.installCRDs). */
  readonly members: readonly MeshMember[];
}

/**
 * The CoreDNS server block for `clusterset.local`. Stock CoreDNS has no standalone
 * `multicluster` plugin: from 1.12.2 it is an option of the `kubernetes` plugin, which must be
 * authoritative for the zone (coredns/coredns v1.12.2 plugin/kubernetes/README.md and setup.go),
 * so the block runs a second `kubernetes` instance for that zone only. OKE's Corefile cannot be
 * edited; `coredns-custom` `*.server` keys are its hook (OKE, "Configuring DNS Servers for Kubernetes
 * Clusters"; docs/facts/mcs-api.md sections 2-3).
 */
export function clustersetServerBlock(): string {
  return [
    `${CLUSTERSET_ZONE}:${MeshPorts.DNS} {`,
    "    errors",
    "    cache 30",
    `    kubernetes ${CLUSTERSET_ZONE} {`,
    `        multicluster ${CLUSTERSET_ZONE}`,
    "    }",
    "    loadbalance",
    "}",
    "",
  ].join("\n");
}

/**
 * Discovery through the Kubernetes Multi-Cluster Services API, served by Cilium's Cluster Mesh
 * (CiliumMesh with `mcsApi`): an exported service is `<svc>.<ns>.svc.clusterset.local` in every
 * cluster. Per cluster: a ClusterRole and binding that let `kube-system/coredns` list and watch
 * ServiceImports (what Cilium's docs create by hand; okemesh's own objects, so OKE's
 * `system:coredns` is untouched), and the `clusterset.local` server block in `coredns-custom`
 * (Cilium's corednsAutoConfigure would rewrite OKE's managed Corefile instead). Names resolve
 * from local API objects: no DNS load balancer and no DNS rules between regions.
 *
 * ServiceExports go through a one-object local chart (helm_release): a kubernetes_manifest needs
 * its CRD at plan time (hashicorp/terraform-provider-kubernetes#1367), and a fresh cluster gets the
 * CRD only when Cilium's operator starts, during the apply.
 *
 * @example
 * new McsApi(stack, "dns", { members });
 */
export class McsApi extends ClusterSetDiscovery {
  readonly kind = "mcs-api";

  constructor(scope: Construct, id: string, props: McsApiProps) {
    super(scope, id);
    for (const member of props.members) this.addCluster(member);
  }

  /** Names resolve from each cluster's own API objects: nothing between regions. */
  static peerRules(): PeerRules {
    return {};
  }

  /** One cluster's CoreDNS RBAC and cluster-set server block. */
  private addCluster(member: MeshMember): void {
    const scope = new Construct(this, member.name);
    const cni = member.cniReady.dependables;
    const labels = { "app.kubernetes.io/managed-by": "okemesh" };
    const role = new ClusterRoleV1(scope, "coredns-role", {
      provider: member.kubernetes,
      metadata: { name: COREDNS_MCSAPI_RBAC, labels },
      // Cilium's docs (mcsapi.rst): list and watch serviceimports.multicluster.x-k8s.io.
      rule: [{ apiGroups: ["multicluster.x-k8s.io"], resources: ["serviceimports"], verbs: ["list", "watch"] }],
    });
    const binding = new ClusterRoleBindingV1(scope, "coredns-role-binding", {
      provider: member.kubernetes,
      metadata: { name: COREDNS_MCSAPI_RBAC, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
      subject: [{ kind: "ServiceAccount", name: "coredns", namespace: "kube-system" }],
    });
    // RBAC first: without it the cluster-set kubernetes instance cannot sync ServiceImports.
    const { reload } = customizeCoredns(scope, member, { [CLUSTERSET_SERVER_KEY]: clustersetServerBlock() }, [binding, ...cni]);
    member.dnsReady.add(role, binding, reload.job);
  }
}
