// Cilium, the DNS chain and the Coherence grid as synthesized into the mesh stack, for 2, 3
// and 5 regions: wiring between clusters, shared CA, providers, ordering, no cycles.
import { parse } from "yaml";
import { rawTopology, resources, StackJson, synthOnce, topologyOf } from "../helpers";

/** Terraform addresses each resource of a stack depends on (references and depends_on). */
function dependencyGraph(stack: StackJson): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const text = JSON.stringify({ ...body, "//": undefined });
      const refs = new Set<string>();
      for (const m of text.matchAll(/\b([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.(?:id|metadata|status|cert_pem|private_key_pem|[a-z_]+)/g)) {
        if (stack.resource?.[m[1]]?.[m[2]]) refs.add(`${m[1]}.${m[2]}`);
      }
      for (const d of body.depends_on ?? []) refs.add(d);
      graph.set(`${type}.${name}`, refs);
    }
  }
  return graph;
}

function hasCycle(graph: Map<string, Set<string>>): boolean {
  const state = new Map<string, 1 | 2>();
  const visit = (n: string): boolean => {
    if (state.get(n) === 1) return true;
    if (state.get(n) === 2) return false;
    state.set(n, 1);
    for (const d of graph.get(n) ?? []) if (visit(d)) return true;
    state.set(n, 2);
    return false;
  };
  return [...graph.keys()].some(visit);
}

describe.each([2, 3, 5])("workloads of a %i-region mesh", (n) => {
  const topology = topologyOf(rawTopology(n));
  const out = synthOnce(topology);
  const mesh = out.stacks.mesh;
  const releases = resources(mesh, "helm_release");
  const byProvider = (list: any[], name: string) => list.filter((r) => r.provider.endsWith(`.${name}`));

  it("configures one kubernetes and one helm provider per cluster from the region stacks' outputs only", () => {
    expect(mesh.provider!.kubernetes.map((p: any) => p.alias)).toEqual(topology.regions.map((r) => r.name));
    expect(mesh.provider!.helm.map((p: any) => p.alias)).toEqual(topology.regions.map((r) => r.name));
    for (const [i, p] of mesh.provider!.kubernetes.entries()) {
      const region = topology.regions[i];
      const refs = JSON.stringify(p).match(/\$\{[^}]*\}/g) ?? [];
      for (const ref of refs) expect(ref).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.region-${region.name}\\.outputs\\.[a-z_]+\\}$`));
      expect(p.cluster_ca_certificate).toBe(`\${data.terraform_remote_state.region-${region.name}.outputs.cluster_ca_certificate}`);
      expect(p.host).toMatch(/^https:\/\/\$\{data\.terraform_remote_state\..*private_endpoint\}$/);
      expect(p.exec[0]).toMatchObject({ command: "oci", api_version: "client.authentication.k8s.io/v1beta1" });
      expect(p.exec[0].args).toEqual([
        "ce",
        "cluster",
        "generate-token",
        "--cluster-id",
        expect.stringContaining("remote_state"),
        "--region",
        region.ociRegion,
      ]);
    }
  });

  it("installs Cilium on every cluster with its own name and id, listing every peer's API server", () => {
    const cilium = releases.filter((r) => r.chart === "cilium");
    expect(cilium).toHaveLength(n);
    for (const region of topology.regions) {
      const [release] = byProvider(cilium, region.name);
      expect(release).toMatchObject({ repository: "https://helm.cilium.io", version: "1.20.0", namespace: "kube-system", wait: true, atomic: false });
      const values = parse(release.values[0]);
      expect(values.cluster).toEqual({ name: region.name, id: region.clusterId });
      const peers = topology.regions.filter((r) => r !== region);
      expect(values.clustermesh.config.clusters).toEqual(
        Object.fromEntries(peers.map((p) => [p.name, { port: 2379, ips: [p.loadBalancerIps.clustermesh] }])),
      );
      // Highly available, and each peer with its own etcd user.
      expect(values.clustermesh.apiserver.replicas).toBe(2);
      expect(values.clustermesh.apiserver.tls.authMode).toBe("cluster");
    }
  });

  it("shares one Terraform-generated CA, whose key is only ever sensitive", () => {
    expect(resources(mesh, "tls_private_key")).toHaveLength(1);
    expect(resources(mesh, "tls_self_signed_cert")).toEqual([expect.objectContaining({ is_ca_certificate: true, validity_period_hours: 87600 })]);
    const cilium = releases.filter((r) => r.chart === "cilium");
    const certs = new Set(cilium.map((r) => parse(r.values[0]).tls.ca.cert));
    const keys = new Set(cilium.map((r) => r.set_sensitive[0].value));
    expect(certs.size).toBe(1);
    expect([...certs][0]).toMatch(/^\$\{base64encode\(tls_self_signed_cert\..*\.cert_pem\)\}$/);
    expect(keys.size).toBe(1);
    expect(cilium[0].set_sensitive[0].name).toBe("tls.ca.key");
    for (const r of cilium) expect(r.values[0]).not.toContain("private_key");
  });

  it("exposes each cluster's Cluster Mesh API server and DNS as internal NLBs on the private IPs its region reserved", () => {
    const services = resources(mesh, "kubernetes_service_v1");
    expect(services).toHaveLength(2 * n);
    for (const region of topology.regions) {
      const mine = byProvider(services, region.name);
      const reserved = Object.fromEntries(mine.map((s) => [s.metadata.name, s.metadata.annotations["oci.oraclecloud.com/reserved-private-ips"]]));
      const output = (name: string) => `\${data.terraform_remote_state.region-${region.name}.outputs.${name}}`;
      expect(reserved).toEqual({ "clustermesh-apiserver": output("clustermesh_lb_reserved_ip"), "kube-dns-lb": output("dns_lb_reserved_ip") });
      const ips = { "clustermesh-apiserver": region.loadBalancerIps.clustermesh, "kube-dns-lb": region.loadBalancerIps.dns } as Record<
        string,
        string
      >;
      for (const s of mine) {
        expect(s.spec.type).toBe("LoadBalancer");
        expect(s.metadata.annotations).toMatchObject({
          "oci.oraclecloud.com/load-balancer-type": "nlb",
          "oci-network-load-balancer.oraclecloud.com/internal": "true",
          "oci-network-load-balancer.oraclecloud.com/subnet": output("internal_lb_subnet_id"),
          "oci-network-load-balancer.oraclecloud.com/oci-network-security-groups": output("internal_lb_nsg_id"),
        });
        expect(s.lifecycle.postcondition[0].condition).toContain(`== "${ips[s.metadata.name]}"`);
      }
      // Two API server replicas, each its own etcd: a client sticks to one.
      expect(mine.find((s) => s.metadata.name === "clustermesh-apiserver").spec.session_affinity).toBe("ClientIP");
      const dns = mine.find((s) => s.metadata.name === "kube-dns-lb");
      expect(dns.spec.port.map((p: any) => `${p.protocol}/${p.port}`)).toEqual(["UDP/53", "TCP/53"]);
      expect(dns.spec.selector).toEqual({ "k8s-app": "kube-dns" });
    }
  });

  it("gives each cluster's coredns-custom exactly one block per peer, forwarding to that peer's DNS load balancer", () => {
    const maps = resources(mesh, "kubernetes_config_map_v1");
    expect(maps).toHaveLength(n);
    for (const region of topology.regions) {
      const [cm] = byProvider(maps, region.name);
      expect(cm.metadata).toMatchObject({ name: "coredns-custom", namespace: "kube-system" });
      const peers = topology.regions.filter((r) => r !== region);
      expect(Object.keys(cm.data).sort()).toEqual(peers.map((p) => `${p.name}.server`).sort());
      for (const p of peers) {
        expect(cm.data[`${p.name}.server`]).toContain(`cluster.${p.name}:53 {`);
        expect(cm.data[`${p.name}.server`]).toContain(`forward . ${p.loadBalancerIps.dns}\n`);
      }
    }
  });

  it("rolls CoreDNS once per change of its blocks, with a kubectl Job allowed only that, and owns nothing on OKE's Deployment", () => {
    expect(resources(mesh, "kubernetes_annotations")).toEqual([]);
    const jobs = resources(mesh, "kubernetes_job_v1").filter((j) => j.metadata.namespace === "kube-system");
    expect(jobs).toHaveLength(n);
    const maps = resources(mesh, "kubernetes_config_map_v1");
    for (const region of topology.regions) {
      const [job] = byProvider(jobs, region.name);
      expect(job.metadata.name).toMatch(/^okemesh-coredns-reload-[0-9a-f]{10}$/);
      expect(job.wait_for_completion).toBe(true);
      expect(job.spec.template.spec.container[0]).toMatchObject({
        image: "registry.k8s.io/kubectl:v1.34.2",
        args: ["rollout", "restart", "deployment/coredns", "--namespace", "kube-system"],
      });
      expect(job.depends_on).toContainEqual(expect.stringMatching(/^kubernetes_config_map_v1\.dns_/));
      const [role] = byProvider(resources(mesh, "kubernetes_role_v1"), region.name).filter((r) => r.metadata.namespace === "kube-system");
      expect(role.rule).toEqual([{ api_groups: ["apps"], resources: ["deployments"], resource_names: ["coredns"], verbs: ["get", "patch"] }]);
      expect(byProvider(maps, region.name)).toHaveLength(1);
    }
    // Another peer changes c1's blocks and so names another Job, which runs again; a region's
    // settings elsewhere (its replica count) leave the blocks and the name alone.
    const c1Job = (raw: any) =>
      byProvider(resources(synthOnce(topologyOf(raw)).stacks.mesh, "kubernetes_job_v1"), "c1").find((j) => j.metadata.namespace === "kube-system")
        .metadata.name;
    const [mine] = byProvider(jobs, "c1");
    expect(c1Job(rawTopology(n + 1))).not.toBe(mine.metadata.name);
    expect(c1Job(rawTopology(n, { coherence: { replicas: 5 } }))).toBe(mine.metadata.name);
  });

  it("stretches one Coherence grid: operator per cluster, one member set per cluster with the same cluster name and every peer's WKA", () => {
    const operators = releases.filter((r) => r.chart === "coherence-operator");
    const sets = releases.filter((r) => String(r.chart).startsWith("assets/"));
    expect(operators).toHaveLength(n);
    expect(sets).toHaveLength(n);
    for (const region of topology.regions) {
      const [set] = byProvider(sets, region.name);
      const values = parse(set.values[0]);
      expect(values.name).toBe(`australis-${region.name}`);
      expect(values.spec.cluster).toBe("australis");
      const peers = topology.regions.filter((r) => r !== region);
      expect(values.spec.coherence.wka.addresses).toEqual([
        `australis-${region.name}-wka.coherence.svc.cluster.local`,
        ...peers.map((p) => `australis-${p.name}-wka.coherence.cluster.${p.name}`),
      ]);
      // Installed after its operator (CRD) and after the DNS names it resolves exist.
      const [operator] = byProvider(operators, region.name);
      const operatorAddress = Object.entries(mesh.resource!.helm_release).find(([, v]) => v === operator)![0];
      expect(set.depends_on).toContain(`helm_release.${operatorAddress}`);
      expect(set.depends_on.filter((d: string) => d.startsWith("kubernetes_service_v1.dns_"))).toHaveLength(n);
    }
    // One region at a time, in name order: each member set waits for the previous one to be Ready.
    const ready = resources(mesh, "kubernetes_job_v1").filter((j) => j.metadata.namespace === "coherence");
    expect(ready).toHaveLength(n);
    const names = [...topology.regions].map((r) => r.name).sort();
    for (const [i, name] of names.entries()) {
      const [set] = byProvider(sets, name);
      const [job] = byProvider(ready, name);
      expect(job.spec.template.spec.container[0].args.slice(0, 3)).toEqual([
        "wait",
        "--for=jsonpath={.status.phase}=Ready",
        `coherence.coherence.oracle.com/australis-${name}`,
      ]);
      const waitsFor = set.depends_on.filter((d: string) => d.startsWith("kubernetes_job_v1.coherence_"));
      expect(waitsFor).toEqual(i === 0 ? [] : [expect.stringContaining(`coherence_${names[i - 1]}_member-set-ready_job_`)]);
    }
    expect(resources(mesh, "kubernetes_manifest")).toEqual([]);
  });

  it("keeps each cluster's resources independent of other clusters', except a member set waiting for every DNS load balancer", () => {
    const graph = dependencyGraph(mesh);
    const clusterOf = new Map<string, string>();
    for (const [type, byName] of Object.entries(mesh.resource!)) {
      for (const [name, body] of Object.entries<any>(byName)) {
        const m = /^(?:kubernetes|helm)\.(.+)$/.exec(body.provider ?? "");
        if (m) clusterOf.set(`${type}.${name}`, m[1]);
      }
    }
    expect(clusterOf.size).toBeGreaterThan(0);
    let crossings = 0;
    for (const [address, deps] of graph) {
      const mine = clusterOf.get(address);
      if (!mine) continue;
      for (const d of deps) {
        const theirs = clusterOf.get(d);
        if (!theirs || theirs === mine) continue;
        crossings++;
        expect(address).toMatch(/^helm_release\.coherence_.*_member-set_/);
        expect(d).toMatch(
          /^(kubernetes_service_v1\.dns_.*_dns-service_|kubernetes_job_v1\.dns_.*_coredns-reload_job_|kubernetes_job_v1\.coherence_.*_member-set-ready_job_)/,
        );
      }
    }
    // Every other cluster's DNS (load balancer + reload), and the previous region's members.
    expect(crossings).toBe(n * (n - 1) * 2 + (n - 1));
  });

  it("has no dependency cycle, and no cluster's resources wait on another cluster's except the grid's DNS", () => {
    const graph = dependencyGraph(mesh);
    expect(hasCycle(graph)).toBe(false);
    const ciliumReleases = [...graph.keys()].filter((a) => a.startsWith("helm_release.cilium_"));
    expect(ciliumReleases).toHaveLength(n);
    for (const address of ciliumReleases) {
      const deps = [...graph.get(address)!];
      expect(deps.some((d) => d.startsWith("tls_private_key."))).toBe(true); // the graph sees references
      expect(deps.filter((d) => !d.startsWith("tls_"))).toEqual([]);
    }
    // The check itself finds a cycle when there is one.
    expect(
      hasCycle(
        new Map([
          ["a", new Set(["b"])],
          ["b", new Set(["a"])],
        ]),
      ),
    ).toBe(true);
  });

  it(`has the expected number of resources: 8 per ordered pair, 16 per cluster, 2 for the CA`, () => {
    const count = Object.values(mesh.resource!).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    expect(count).toBe(8 * n * (n - 1) + 16 * n + 2);
  });
});

describe("reaching the API", () => {
  it("goes through a SOCKS5 tunnel per region when access is bastion, and the region gets an OCI Bastion", () => {
    const out = synthOnce(topologyOf(rawTopology(2, { apiEndpoint: { access: "bastion", allowedCidrs: ["198.51.100.0/24"] } })));
    expect(out.stacks.mesh.provider!.kubernetes.map((p: any) => p.proxy_url)).toEqual(["socks5://127.0.0.1:10801", "socks5://127.0.0.1:10802"]);
    expect(out.stacks.mesh.provider!.helm.map((p: any) => p.kubernetes.proxy_url)).toEqual(["socks5://127.0.0.1:10801", "socks5://127.0.0.1:10802"]);
    const [bastion] = resources(out.stacks.c1, "oci_bastion_bastion");
    expect(bastion).toMatchObject({ bastion_type: "standard", client_cidr_block_allow_list: ["198.51.100.0/24"], dns_proxy_status: "ENABLED" });
    const rules = resources(out.stacks.c1, "oci_core_network_security_group_security_rule");
    expect(rules).toContainEqual(
      expect.objectContaining({ direction: "INGRESS", source: "10.1.10.16/28", tcp_options: { destination_port_range: { min: 6443, max: 6443 } } }),
    );
    expect(rules.find((r) => r.source === "198.51.100.0/24")).toBeUndefined();
    // The bastion's endpoint has no NSG: its subnet's security list lets it reach the API only.
    const [list] = resources(out.stacks.c1, "oci_core_security_list");
    expect(list.egress_security_rules).toEqual([
      expect.objectContaining({ destination: "10.1.10.0/28", protocol: "6", tcp_options: { min: 6443, max: 6443 } }),
    ]);
    expect(list.ingress_security_rules).toBeUndefined();
    const bastionSubnet = resources(out.stacks.c1, "oci_core_subnet").find((s) => s.cidr_block === "10.1.10.16/28");
    expect(bastionSubnet.security_list_ids).toEqual([expect.stringMatching(/^\$\{oci_core_security_list\./)]);
    expect(out.stacks.c1.resource!.oci_core_internet_gateway).toBeUndefined();
  });

  it("uses the public endpoint when access is public, and the private one otherwise", () => {
    const pub = synthOnce(topologyOf(rawTopology(2, { apiEndpoint: { access: "public", allowedCidrs: ["198.51.100.0/24"] } })));
    expect(pub.stacks.mesh.provider!.kubernetes[0].host).toMatch(/public_endpoint\}$/);
    expect(pub.stacks.mesh.provider!.kubernetes[0].proxy_url).toBeUndefined();
    expect(resources(pub.stacks.c1, "oci_bastion_bastion")).toEqual([]);
  });
});

describe("turning Coherence off", () => {
  it("leaves Cilium and the DNS chain, without any Coherence resource", () => {
    const out = synthOnce(topologyOf(rawTopology(2, { coherence: { enabled: false } })));
    const charts = resources(out.stacks.mesh, "helm_release").map((r) => r.chart);
    expect(charts).toEqual(["cilium", "cilium"]);
    expect(resources(out.stacks.mesh, "kubernetes_namespace_v1")).toEqual([]);
  });
});
