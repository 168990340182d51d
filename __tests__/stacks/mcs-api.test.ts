// Cilium + MCS-API discovery and global services, as synthesized into the stacks of 2-, 3- and
// 5-region meshes: values, CoreDNS objects, exports, rules, WKA names; and what stays as it was.
import { parse } from "yaml";
import { clustersetServerBlock, COREDNS_MCSAPI_RBAC } from "../../constructs/mcs-api";
import { previewSynths } from "../../preview";
import { rawTopology, resources, StackJson, synthOnce, topologyOf } from "../helpers";

const REBEL_BASE = { name: "rebel-base", namespace: "default", selector: { name: "rebel-base" }, ports: [{ name: "http", port: 80 }] };
const mcsApi = (n: number, extra: Record<string, unknown> = {}) =>
  topologyOf(rawTopology(n, { discovery: "mcs-api", globalServices: [REBEL_BASE], ...extra }));
const byProvider = (list: any[], name: string) => list.filter((r) => r.provider.endsWith(`.${name}`));
const ruleNames = (mesh: StackJson) => Object.keys(mesh.resource?.oci_core_network_security_group_security_rule ?? {});

describe.each([2, 3, 5])("cilium + mcs-api, %i regions", (n) => {
  const topology = mcsApi(n);
  const out = synthOnce(topology);
  const mesh = out.stacks.mesh;
  const releases = resources(mesh, "helm_release");
  const exportsIn = (name: string) => byProvider(releases, name).filter((r) => String(r.chart).includes("export_chart"));

  it("turns on Cilium's MCS-API in every cluster, without CoreDNS auto-configuration", () => {
    const cilium = releases.filter((r) => r.chart === "cilium");
    expect(cilium).toHaveLength(n);
    for (const r of cilium) {
      const values = parse(r.values[0]);
      expect(values.clustermesh.mcsapi).toEqual({ enabled: true, installCRDs: true, corednsAutoConfigure: { enabled: false } });
      expect(values.clustermesh.enableEndpointSliceSynchronization).toBe(true);
    }
  });

  it("has no DNS load balancer and no DNS rules between regions, but keeps the Cluster Mesh rules", () => {
    expect(resources(mesh, "kubernetes_service_v1").filter((s) => s.metadata.name === "kube-dns-lb")).toEqual([]);
    expect(ruleNames(mesh).filter((r) => /dns/i.test(r))).toEqual([]);
    const pairs = n * (n - 1);
    expect(ruleNames(mesh).filter((r) => r.includes("_internal-lb_clustermesh-api_"))).toHaveLength(pairs);
    expect(ruleNames(mesh).filter((r) => r.includes("_workers_vxlan-in_"))).toHaveLength(pairs);
  });

  it("adds the clusterset.local server block and the RBAC CoreDNS needs, per cluster, before the restart", () => {
    const maps = resources(mesh, "kubernetes_config_map_v1").filter((c) => c.metadata.name === "coredns-custom");
    expect(maps.map((c) => c.provider).sort()).toEqual(topology.regions.map((r) => `kubernetes.${r.name}`).sort());
    for (const c of maps) expect(c.data).toEqual({ "clusterset.server": clustersetServerBlock() });
    expect(clustersetServerBlock()).toMatch(/^clusterset\.local:53 \{\n[\s\S]*kubernetes clusterset\.local \{\n\s+multicluster clusterset\.local\n/);
    const roles = resources(mesh, "kubernetes_cluster_role_v1");
    expect(roles).toHaveLength(n);
    for (const r of roles) {
      expect(r.metadata.name).toBe(COREDNS_MCSAPI_RBAC);
      expect(r.rule).toEqual([{ api_groups: ["multicluster.x-k8s.io"], resources: ["serviceimports"], verbs: ["list", "watch"] }]);
    }
    const bindings = resources(mesh, "kubernetes_cluster_role_binding_v1");
    expect(bindings).toHaveLength(n);
    for (const b of bindings) expect(b.subject).toEqual([{ kind: "ServiceAccount", name: "coredns", namespace: "kube-system" }]);
    const reloads = resources(mesh, "kubernetes_job_v1").filter((j) => j.metadata.name.startsWith("okemesh-coredns-reload-"));
    expect(reloads).toHaveLength(n);
    for (const j of reloads)
      expect(j.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_cluster_role_binding_v1\.dns_/)]));
  });

  it("exports okemesh's WKA service in every cluster, and every member set names only its clusterset name", () => {
    for (const region of topology.regions) {
      const wka = exportsIn(region.name).filter((r) => r.namespace === topology.coherence.namespace);
      expect(wka.map((r) => parse(r.values[0]))).toEqual([{ name: `${topology.coherence.clusterName}-wka` }]);
      expect(wka[0].depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_service_v1\.coherence_.*wka-service/)]));
    }
    const sets = releases.filter((r) => r.name === "coherence-grid");
    expect(sets).toHaveLength(n);
    const wkaName = `${topology.coherence.clusterName}-wka.${topology.coherence.namespace}.svc.clusterset.local`;
    for (const s of sets) expect(parse(s.values[0]).spec.coherence.wka.addresses).toEqual([wkaName]);
  });

  it("still rolls the member sets out one region at a time, each after every cluster's DNS", () => {
    const sets = releases.filter((r) => r.name === "coherence-grid");
    const readyJobs = (s: any) => s.depends_on.filter((d: string) => /member-set-ready/.test(d));
    expect(sets.map((s) => readyJobs(s).length)).toEqual([0, ...Array(n - 1).fill(1)]);
    for (const s of sets) expect(s.depends_on.filter((d: string) => /coredns-reload_job/.test(d))).toHaveLength(n);
  });

  it("creates each global service in every cluster with the same name, namespace and Cilium annotations, and exports it", () => {
    const services = resources(mesh, "kubernetes_service_v1").filter((s) => s.metadata.name === "rebel-base");
    expect(services.map((s) => s.provider).sort()).toEqual(topology.regions.map((r) => `kubernetes.${r.name}`).sort());
    for (const s of services) {
      expect(s.metadata.namespace).toBe("default");
      expect(s.metadata.annotations).toEqual({ "service.cilium.io/global": "true", "service.cilium.io/shared": "true" });
      expect(s.spec.selector).toEqual({ name: "rebel-base" });
      expect(s.spec.port).toEqual([{ name: "http", port: 80, target_port: "80", protocol: "TCP" }]);
    }
    for (const region of topology.regions) {
      const demo = exportsIn(region.name).filter((r) => r.namespace === "default");
      expect(demo.map((r) => [r.name, parse(r.values[0])])).toEqual([["rebel-base-export", { name: "rebel-base" }]]);
    }
  });

  it("leaves the region stacks as they are with dns-chain", () => {
    const chain = synthOnce(topologyOf(rawTopology(n)));
    for (const r of topology.regions) expect(out.text[r.name]).toBe(chain.text[r.name]);
  });
});

describe("global services with other settings", () => {
  it("with dns-chain: annotated but not exported; affinity and shared as given", () => {
    const services = [{ ...REBEL_BASE, shared: false, affinity: "local" }];
    const mesh = synthOnce(topologyOf(rawTopology(2, { globalServices: services }))).stacks.mesh;
    const found = resources(mesh, "kubernetes_service_v1").filter((s) => s.metadata.name === "rebel-base");
    expect(found).toHaveLength(2);
    for (const s of found) {
      expect(s.metadata.annotations).toEqual({
        "service.cilium.io/global": "true",
        "service.cilium.io/shared": "false",
        "service.cilium.io/affinity": "local",
      });
    }
    expect(resources(mesh, "helm_release").filter((r) => String(r.chart).includes("export_chart"))).toEqual([]);
  });

  it("names each port by protocol and number when the topology does not", () => {
    const services = [
      {
        ...REBEL_BASE,
        ports: [
          { port: 53, protocol: "UDP" },
          { port: 53, targetPort: 5353 },
        ],
      },
    ];
    const mesh = synthOnce(topologyOf(rawTopology(2, { globalServices: services }))).stacks.mesh;
    const s = resources(mesh, "kubernetes_service_v1").find((x) => x.metadata.name === "rebel-base");
    expect(s.spec.port).toEqual([
      { name: "udp-53", port: 53, target_port: "53", protocol: "UDP" },
      { name: "tcp-53", port: 53, target_port: "5353", protocol: "TCP" },
    ]);
  });

  it("writes nothing for global services when there are none: the default mesh stack has no such Service", () => {
    const mesh = synthOnce(topologyOf(rawTopology(3))).stacks.mesh;
    expect(Object.keys(mesh.resource!.kubernetes_service_v1).filter((k) => k.startsWith("global-services_"))).toEqual([]);
    const cilium = resources(mesh, "helm_release").filter((r) => r.chart === "cilium");
    for (const r of cilium) expect(parse(r.values[0]).clustermesh.mcsapi).toBeUndefined();
  });
});

describe("day 2: dns-chain -> mcs-api on a running 3-region mesh", () => {
  const PROTECT = ["clusters", "nodePools", "vcns", "drgs", "peerings"] as const;
  const before = synthOnce(topologyOf(rawTopology(3)));
  const after = synthOnce(topologyOf(rawTopology(3, { discovery: "mcs-api" })));
  let report: Awaited<ReturnType<typeof previewSynths>>;
  beforeAll(async () => {
    report = await previewSynths(before, after, { protect: PROTECT });
  }, 120_000);
  const mesh = () => report.stacks.find((s) => s.stack === "mesh")!;
  const count = (action: string) => {
    const out: Record<string, number> = {};
    for (const r of mesh().resources.filter((x) => x.action === action)) out[r.type] = (out[r.type] ?? 0) + 1;
    return out;
  };

  it("leaves every region stack unchanged and blocks nothing", () => {
    for (const s of report.stacks.filter((x) => x.stack !== "mesh")) expect(s.resources.filter((r) => r.action !== "no-op")).toEqual([]);
    expect(report.gate.blocked).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  it("removes the DNS load balancers and their rules, adds RBAC, exports and okemesh's WKA Services", () => {
    expect(count("delete")).toEqual({ kubernetes_service_v1: 3, oci_core_network_security_group_security_rule: 12 });
    expect(count("create")).toEqual({
      kubernetes_cluster_role_v1: 3,
      kubernetes_cluster_role_binding_v1: 3,
      kubernetes_service_v1: 3,
      helm_release: 3,
    });
  });

  it("replaces each CoreDNS restart Job and member-set readiness Job (their names hash what changed), nothing else", () => {
    expect(count("replace")).toEqual({ kubernetes_job_v1: 6 });
  });

  it("updates Cilium, coredns-custom and the member sets in place", () => {
    const updated = mesh()
      .resources.filter((r) => r.action === "update")
      .map((r) => r.type);
    expect(updated.filter((t) => t === "helm_release")).toHaveLength(6);
    expect(updated.filter((t) => t === "kubernetes_config_map_v1")).toHaveLength(3);
  });
});
