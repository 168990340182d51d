// Lighthouse, Submariner's service discovery: `<svc>.<ns>.svc.clusterset.local` in every cluster.
// The Submariner operator runs it (serviceDiscovery: true) and writes its `lighthouse.server` block
// into kube-system/coredns-custom, OKE's supported CoreDNS hook (coreDNSCustomConfig in
// submarinerValues); okemesh writes nothing into that ConfigMap in this mode.
import { Construct } from "constructs";
import { restartCoredns } from "./coredns-custom";
import { KubectlJob } from "./kubectl-job";
import { MeshMember } from "./mesh-member";
import { ClusterSetDiscovery } from "./service-export";

export interface LighthouseProps {
  /** Every cluster of the mesh; each member's connectivity (the Submariner operator) must be in
   * its `cniReady` first. */
  readonly members: readonly MeshMember[];
  /** The Submariner chart version: an upgrade may rewrite the block, so CoreDNS restarts again. */
  readonly version: string;
}

/** How long the operator may take to write its block into coredns-custom. */
const BLOCK_WRITTEN_SECONDS = 900;

/**
 * Per cluster: a Job that waits until the operator has created coredns-custom (it creates it with
 * its `lighthouse.server` key in one write: servicediscovery_controller.go updateDNSCustomConfigMap
 * @v0.18.1; `kubectl wait --for=create` needs kubectl 1.31, kubernetes/kubernetes#125868), then a
 * rolling restart of CoreDNS so it reads the block. Services are published with a ServiceExport.
 * No DNS load balancer and no DNS rules between regions: Lighthouse's agents sync through the broker.
 *
 * @example
 * new Lighthouse(stack, "dns", { members, version: topology.submariner.version });
 */
export class Lighthouse extends ClusterSetDiscovery {
  readonly kind = "lighthouse";

  constructor(scope: Construct, id: string, props: LighthouseProps) {
    super(scope, id);
    for (const member of props.members) this.addCluster(member, props.version);
  }

  private addCluster(member: MeshMember, version: string): void {
    const scope = new Construct(this, member.name);
    const trigger = JSON.stringify({ lighthouse: version });
    const written = new KubectlJob(scope, "lighthouse-block", {
      member,
      namespace: "kube-system",
      name: "okemesh-lighthouse-block",
      trigger,
      args: ["wait", "--for=create", "configmap/coredns-custom", `--timeout=${BLOCK_WRITTEN_SECONDS}s`],
      rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["coredns-custom"], verbs: ["get", "list", "watch"] }],
      timeoutSeconds: BLOCK_WRITTEN_SECONDS + 60,
      dependsOn: member.cniReady.dependables,
    });
    member.dnsReady.add(restartCoredns(scope, member, trigger, [written.job]).job);
  }
}
