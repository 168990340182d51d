// A one-shot kubectl command inside a cluster, run by Terraform as a Kubernetes Job with a
// service account allowed to do exactly that command. The Job's name carries a hash of what it
// is for, so it runs again when (and only when) that changes, and the finished Job stays (no
// TTL), so a later plan sees nothing to do.
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1, RoleV1Rule } from "@cdktf/provider-kubernetes/lib/role-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { createHash } from "crypto";
import { MeshMember } from "./mesh-member";

/** The official kubectl image (registry.k8s.io/kubectl, published from Kubernetes 1.28 on:
 * kubernetes/sig-release#2260), at the cluster's own version. */
export const KUBECTL_IMAGE = "registry.k8s.io/kubectl";

export interface KubectlJobProps {
  readonly member: MeshMember;
  readonly namespace: string;
  /** Name prefix of the Job, service account and role. */
  readonly name: string;
  /** What the Job is for: a change of it runs the Job again. */
  readonly trigger: string;
  /** kubectl's arguments. */
  readonly args: readonly string[];
  /** The only permissions the command needs, in `namespace`. */
  readonly rules: readonly RoleV1Rule[];
  /** Seconds the command may take. @default 600 */
  readonly timeoutSeconds?: number;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * @example
 * new KubectlJob(scope, "coredns-reload", { member, namespace: "kube-system", name: "okemesh-coredns-reload", trigger: blocks,
 *   args: ["rollout", "restart", "deployment/coredns"], rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "patch"] }] });
 */
export class KubectlJob extends Construct {
  readonly job: JobV1;

  constructor(scope: Construct, id: string, props: KubectlJobProps) {
    super(scope, id);
    const { member, namespace, name } = props;
    const provider = member.kubernetes;
    const labels = { "app.kubernetes.io/managed-by": "okemesh" };
    const account = new ServiceAccountV1(this, "service-account", { provider, dependsOn: props.dependsOn, metadata: { name, namespace, labels } });
    const role = new RoleV1(this, "role", { provider, dependsOn: props.dependsOn, metadata: { name, namespace, labels }, rule: [...props.rules] });
    const binding = new RoleBindingV1(this, "role-binding", {
      provider,
      metadata: { name, namespace, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
      subject: [{ kind: "ServiceAccount", name: account.metadata.name, namespace }],
    });
    const timeout = props.timeoutSeconds ?? 600;
    this.job = new JobV1(this, "job", {
      provider,
      dependsOn: [binding, ...(props.dependsOn ?? [])],
      metadata: { name: `${name}-${createHash("sha256").update(props.trigger).digest("hex").slice(0, 10)}`, namespace, labels },
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: timeout,
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: account.metadata.name,
            restartPolicy: "Never",
            container: [
              {
                name: "kubectl",
                image: `${KUBECTL_IMAGE}:${member.region.spec.kubernetesVersion}`,
                args: [...props.args, "--namespace", namespace],
                securityContext: { runAsNonRoot: true, runAsUser: "65532", allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
              },
            ],
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: `${timeout + 60}s`, update: `${timeout + 60}s` },
    });
  }
}
