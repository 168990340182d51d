// KubectlJob: a one-shot command with exactly its permissions, run again only when its trigger changes.
import { KubectlJob } from "../../constructs/kubectl-job";
import { rawTopology, resources, synthWithMembers, topologyOf } from "../helpers";

const t = topologyOf(rawTopology(2));
const synthJob = (trigger: string) =>
  synthWithMembers(t, (scope, [c1]) => {
    new KubectlJob(scope, "job", {
      member: c1,
      namespace: "ns",
      name: "okemesh-x",
      trigger,
      args: ["get", "pods"],
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
    });
  });

describe("KubectlJob", () => {
  const j = synthJob("a");
  const [job] = resources(j, "kubernetes_job_v1");

  it("runs kubectl at the cluster's version as a non-root user, in the cluster's provider, and waits for it", () => {
    expect(job.provider).toBe("kubernetes.c1");
    expect(job.wait_for_completion).toBe(true);
    expect(job.spec.template.spec.container[0]).toMatchObject({
      image: "registry.k8s.io/kubectl:v1.34.2",
      args: ["get", "pods", "--namespace", "ns"],
    });
    expect(job.spec.template.spec.container[0].security_context).toMatchObject({ run_as_non_root: true, allow_privilege_escalation: false });
    expect(job.spec.ttl_seconds_after_finished).toBeUndefined(); // a deleted Job would be re-created on every plan
  });

  it("binds a role holding only the rules it was given", () => {
    expect(resources(j, "kubernetes_role_v1")[0].rule).toEqual([{ api_groups: [""], resources: ["pods"], verbs: ["get"] }]);
    expect(resources(j, "kubernetes_role_binding_v1")[0].subject[0]).toMatchObject({ kind: "ServiceAccount", namespace: "ns" });
  });

  it("is named after its trigger: the same trigger keeps the Job, another one replaces it", () => {
    expect(job.metadata.name).toMatch(/^okemesh-x-[0-9a-f]{10}$/);
    expect(resources(synthJob("a"), "kubernetes_job_v1")[0].metadata.name).toBe(job.metadata.name);
    expect(resources(synthJob("b"), "kubernetes_job_v1")[0].metadata.name).not.toBe(job.metadata.name);
  });
});
