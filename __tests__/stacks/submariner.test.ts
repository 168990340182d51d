// connectivity: submariner with discovery: lighthouse, across topologies and a day-2 change.
import { parse } from "yaml";
import { validateTopology } from "../../config/load";
import { previewSynths } from "../../preview";
import { rawTopology, resources, StackJson, synthOnce, topologyOf } from "../helpers";

const submariner = (n: number, extra: Record<string, unknown> = {}) =>
  topologyOf(rawTopology(n, { connectivity: "submariner", ...extra, submariner: { brokerRegion: "c1", ...(extra.submariner as object) } }));
const names = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);
const rulesOf = (mesh: StackJson) => Object.entries(mesh.resource?.oci_core_network_security_group_security_rule ?? {}) as Array<[string, any]>;
const releases = (mesh: StackJson, chart: string) => resources(mesh, "helm_release").filter((r) => r.chart === chart);

describe.each([2, 3, 5])("submariner + lighthouse, %i regions", (n) => {
  const t = submariner(n);
  const out = synthOnce(t);
  const mesh = out.stacks.mesh;

  it("resolves lighthouse, with the broker where the topology says", () => {
    expect(t.discovery).toBe("lighthouse");
    expect(t.submariner.brokerRegion).toBe("c1");
  });

  it("keeps flannel and adds a labelled gateway pool, the only pool on the mesh NSG", () => {
    for (const id of names(n)) {
      const region = out.stacks[id];
      expect(region.resource?.oci_containerengine_addon).toBeUndefined();
      const pools = resources(region, "oci_containerengine_node_pool");
      const gateway = pools.find((p) => p.name === `australis-${id}-submariner-gateways`);
      expect(gateway.initial_node_labels).toContainEqual({ key: "submariner.io/gateway", value: "true" });
      expect(gateway.node_config_details.size).toBe(2);
      expect(gateway.node_config_details.nsg_ids).toHaveLength(2);
      expect(gateway.node_config_details.nsg_ids[1]).toMatch(/mesh-nsg/);
      for (const p of pools.filter((x) => x !== gateway)) {
        expect(p.node_config_details.nsg_ids).toEqual([expect.stringMatching(/workers-nsg/)]);
        expect(p.depends_on).toBeUndefined();
      }
      // UDP 4800 between the nodes of a cluster: the workers NSG admits everything node to node.
      const inCluster = resources(region, "oci_core_network_security_group_security_rule").find(
        (r) => r.description === "node to node within the cluster",
      );
      expect(inCluster.protocol).toBe("all");
    }
  });

  it("installs the broker only in the broker's cluster and the operator in every cluster", () => {
    expect(releases(mesh, "submariner-k8s-broker").map((r) => r.provider)).toEqual(["helm.c1"]);
    const operators = releases(mesh, "submariner-operator");
    expect(operators.map((r) => r.provider).sort()).toEqual(names(n).map((id) => `helm.${id}`));
    for (const r of operators) {
      const id = r.provider.replace("helm.", "");
      const spec = t.regions.find((x) => x.name === id)!;
      expect(r.namespace).toBe("submariner-operator");
      expect(r.version).toBe("0.18.1");
      const values = parse(r.values[0]);
      expect(values.submariner).toMatchObject({
        clusterId: id,
        clusterCidr: spec.podsCidr,
        serviceCidr: spec.servicesCidr,
        natEnabled: false,
        globalCidr: "",
        cableDriver: "libreswan",
        serviceDiscovery: true,
        coreDNSCustomConfig: { configMapName: "coredns-custom", namespace: "kube-system" },
      });
      expect(values.broker.server).toBe("${data.terraform_remote_state.region-c1.outputs.cluster_private_endpoint}");
      expect(values.broker.token).toBeUndefined();
      expect(values.ipsec.psk).toBeUndefined();
      expect(r.set_sensitive.map((s: any) => s.name)).toEqual(["broker.token", "ipsec.psk"]);
      expect(r.set_sensitive[0].value).toMatch(/^\$\{kubernetes_secret_v1\..*\.data\.token\}$/);
      expect(r.set_sensitive[1].value).toMatch(/^\$\{random_password\..*\.result\}$/);
    }
    const [psk] = resources(mesh, "random_password");
    expect(psk).toMatchObject({ length: 64, special: false });
    const [token] = resources(mesh, "kubernetes_secret_v1");
    expect(token).toMatchObject({ provider: "kubernetes.c1", type: "kubernetes.io/service-account-token", wait_for_service_account_token: true });
  });

  it("admits exactly UDP 4500, UDP 4490, UDP 500 (IKE) and ESP between regions, and 6443 only into the broker's API endpoint", () => {
    const rules = rulesOf(mesh);
    expect(rules).toHaveLength(n * (n - 1) * 4 + (n - 1));
    const seen = rules.map(
      ([, r]) => `${r.protocol}/${r.udp_options?.destination_port_range.min ?? r.tcp_options?.destination_port_range.min ?? "-"}`,
    );
    expect(new Set(seen)).toEqual(new Set(["17/4500", "17/4490", "17/500", "50/-", "6/6443"]));
    for (const [id, r] of rules) {
      expect(r.direction).toBe("INGRESS");
      if (r.protocol === "6") {
        expect(id).toMatch(/^peering_c1_from_c\d+_api-endpoint_/);
        expect(r.network_security_group_id).toMatch(/api_endpoint_nsg_id/);
      } else expect(r.network_security_group_id).toMatch(/mesh_nsg_id/);
    }
    const text = out.text.mesh;
    for (const absent of ["8472", "4240", "2379", "kube-dns-lb", '"chart": "cilium"', "tls_private_key"]) expect(text).not.toContain(absent);
    expect(resources(mesh, "kubernetes_service_v1").filter((s) => s.spec.type === "LoadBalancer")).toEqual([]);
  });

  it("exports the grid's one WKA service in every cluster and names it by its clusterset name", () => {
    const exports = resources(mesh, "helm_release").filter((r) => r.name === "australis-wka-export");
    expect(exports.map((r) => r.provider).sort()).toEqual(names(n).map((id) => `helm.${id}`));
    for (const r of exports) expect(parse(r.values[0])).toEqual({ name: "australis-wka" });
    for (const r of resources(mesh, "helm_release").filter((x) => x.name === "coherence-grid")) {
      expect(parse(r.values[0]).spec.coherence.wka.addresses).toEqual(["australis-wka.coherence.svc.clusterset.local"]);
    }
  });

  it("restarts CoreDNS once the operator has written coredns-custom, which okemesh never writes", () => {
    expect(resources(mesh, "kubernetes_config_map_v1")).toEqual([]);
    const jobs = resources(mesh, "kubernetes_job_v1");
    const waits = jobs.filter((j) => j.metadata.name.startsWith("okemesh-lighthouse-block-"));
    expect(waits).toHaveLength(n);
    expect(waits[0].spec.template.spec.container[0].args.slice(0, 3)).toEqual(["wait", "--for=create", "configmap/coredns-custom"]);
    expect(jobs.filter((j) => j.metadata.name.startsWith("okemesh-coredns-reload-"))).toHaveLength(n);
  });
});

describe("submariner topologies", () => {
  it("adding a region leaves the existing region stacks byte-identical, adds the new peer's rules and keeps the broker", () => {
    const before = synthOnce(submariner(3));
    const after = synthOnce(submariner(4));
    for (const id of names(3)) expect(after.text[id]).toBe(before.text[id]);
    const added = rulesOf(after.stacks.mesh).filter(([id]) => /c4/.test(id));
    expect(added.map(([id]) => id.replace(/_[0-9A-F]{8}$/, "")).sort()).toContain("peering_c1_from_c4_api-endpoint_submariner-broker");
    expect(added).toHaveLength(3 * 4 * 2 + 1);
    expect(releases(after.stacks.mesh, "submariner-k8s-broker").map((r) => r.provider)).toEqual(["helm.c1"]);
    const brokerIds = (s: StackJson) => Object.keys(s.resource!.helm_release).filter((k) => k.startsWith("submariner_broker"));
    expect(brokerIds(after.stacks.mesh)).toEqual(brokerIds(before.stacks.mesh));
  });

  it("moving the broker on purpose plans the old broker's destroy beside the new one: its address names the region", async () => {
    const here = synthOnce(submariner(3));
    const moved = synthOnce(submariner(3, { submariner: { brokerRegion: "c2" } }));
    const report = await previewSynths(here, moved, { protect: ["submariner"] });
    const mesh = report.stacks.find((s) => s.stack === "mesh")!;
    const broker = mesh.resources
      .filter((r) => /submariner_broker_/.test(r.address))
      .map((r) => `${r.action} ${r.address.replace(/_[0-9A-F]{8}$/, "")}`);
    expect(broker.sort()).toEqual([
      "create helm_release.submariner_broker_c2_release",
      "create kubernetes_secret_v1.submariner_broker_c2_client-token",
      "delete helm_release.submariner_broker_c1_release",
      "delete kubernetes_secret_v1.submariner_broker_c1_client-token",
    ]);
    // The gate stops the old broker's destroy until it is allowed on purpose.
    expect(report.gate.blocked.map((v) => v.address.replace(/_[0-9A-F]{8}$/, ""))).toContain("helm_release.submariner_broker_c1_release");
  });

  it("honours brokerRegion, the cable driver and the gateway pool's size, shape and pinned image", () => {
    const image = "ocid1.image.oc1.eu-amsterdam-1.aaaagateway";
    const t = submariner(3, {
      submariner: {
        brokerRegion: "c3",
        cableDriver: "wireguard",
        gateways: { size: 1, shape: "VM.Standard.E4.Flex", ocpus: 2, memoryInGbs: 16, image },
      },
    });
    const out = synthOnce(t);
    expect(releases(out.stacks.mesh, "submariner-k8s-broker").map((r) => r.provider)).toEqual(["helm.c3"]);
    expect(
      rulesOf(out.stacks.mesh)
        .filter(([, r]) => r.protocol === "6")
        .map(([id]) => id.slice(0, 16)),
    ).toEqual(["peering_c3_from_", "peering_c3_from_"]);
    expect(parse(releases(out.stacks.mesh, "submariner-operator")[0].values[0]).submariner.cableDriver).toBe("wireguard");
    const gateway = resources(out.stacks.c2, "oci_containerengine_node_pool").find((p) => p.name.endsWith("submariner-gateways"));
    expect(gateway).toMatchObject({ node_shape: "VM.Standard.E4.Flex", node_shape_config: { ocpus: 2, memory_in_gbs: 16 } });
    expect(gateway.node_config_details.size).toBe(1);
    // A pinned image is used as given and not ignored: changing it rolls the gateways.
    expect(gateway.node_source_details.image_id).toBe(image);
    expect(gateway.lifecycle).toBeUndefined();
  });

  it("rejects lighthouse with cilium and another discovery with submariner, naming the field", () => {
    const lighthouseOnCilium = validateTopology(rawTopology(2, { discovery: "lighthouse" }));
    expect(lighthouseOnCilium.ok ? [] : lighthouseOnCilium.issues).toEqual([
      { path: "discovery", message: expect.stringContaining("does not work with connectivity cilium") },
    ]);
    const chainOnSubmariner = validateTopology(
      rawTopology(2, { connectivity: "submariner", discovery: "dns-chain", submariner: { brokerRegion: "c1" } }),
    );
    expect(chainOnSubmariner.ok ? [] : chainOnSubmariner.issues).toEqual([
      { path: "discovery", message: expect.stringContaining("does not work with connectivity submariner: use lighthouse") },
    ]);
  });

  it("leaves the gateway pool's name to users of cilium", () => {
    expect(validateTopology(rawTopology(2, { nodePools: [{ name: "submariner-gateways" }] })).ok).toBe(true);
  });
});

describe("the diagram of a submariner mesh", () => {
  it("shows flannel, the broker, the gateways and Submariner's ports instead of Cilium's", () => {
    const { meshDot } = require("../../diagram/mesh-dot");
    const dot: string = meshDot(submariner(3, { submariner: { brokerRegion: "c2" } }));
    expect(dot).toContain("Submariner cluster c2, broker");
    expect(dot).toContain("4500/udp, 4490/udp, IKE 500/udp, ESP");
    expect(dot).toContain("c2's API endpoint: broker 6443/tcp");
    expect(dot).not.toContain("clustermesh-apiserver");
  });
});

describe("warnings with connectivity submariner", () => {
  const warningsOf = (raw: unknown) => {
    const r = validateTopology(raw);
    return r.ok ? r.warnings : r.issues;
  };

  it("names Kubernetes versions newer than Submariner tests, per region", () => {
    const raw = rawTopology(2, { connectivity: "submariner", kubernetesVersion: "v1.31.1", submariner: { brokerRegion: "c1" } });
    (raw.regions as any[])[1].kubernetesVersion = "v1.34.2";
    expect(warningsOf(raw)).toEqual([{ path: "kubernetesVersion", message: expect.stringContaining("up to v1.31; c2 runs v1.34.2") }]);
  });

  it("says cilium settings are ignored, and says nothing for a default submariner or cilium topology", () => {
    const quiet = { kubernetesVersion: "v1.31.1" };
    expect(warningsOf(rawTopology(2, { connectivity: "submariner", submariner: { brokerRegion: "c1" }, ...quiet, cilium: { mtu: 9000 } }))).toEqual([
      { path: "cilium", message: expect.stringContaining("ignored with connectivity submariner") },
    ]);
    expect(warningsOf(rawTopology(2, { connectivity: "submariner", submariner: { brokerRegion: "c1" }, ...quiet }))).toEqual([]);
    expect(warningsOf(rawTopology(2, { cilium: { mtu: 9000 } }))).toEqual([]);
  });
});

describe("global services with submariner", () => {
  const web = { name: "web", namespace: "shop", selector: { app: "web" }, ports: [{ port: 80 }] };
  const mesh = synthOnce(submariner(3, { globalServices: [web] })).stacks.mesh;

  it("creates the Service in every cluster without Cilium's annotations, and exports it through Lighthouse", () => {
    const services = resources(mesh, "kubernetes_service_v1").filter((s) => s.metadata.name === "web");
    expect(services.map((s) => s.provider).sort()).toEqual(names(3).map((id) => `kubernetes.${id}`));
    for (const s of services) {
      expect(s.metadata.namespace).toBe("shop");
      expect(Object.keys(s.metadata.annotations ?? {}).filter((k) => k.startsWith("service.cilium.io/"))).toEqual([]);
    }
    const exports = resources(mesh, "helm_release").filter((r) => r.name === "web-export");
    expect(exports.map((r) => [r.provider, r.namespace, parse(r.values[0]).name]).sort()).toEqual(
      names(3).map((id) => [`helm.${id}`, "shop", "web"]),
    );
  });
});
