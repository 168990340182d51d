// CiliumMesh: the values it renders for a cluster, and what it creates, with fake region exports.
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { parse } from "yaml";
import { CiliumMesh, ciliumValues } from "../../constructs/cilium-mesh";
import { rawTopology, resources, synthWithMembers, topologyOf } from "../helpers";

const t = topologyOf(rawTopology(3));
const [c1, c2, c3] = t.regions;

describe("ciliumValues", () => {
  const v: any = ciliumValues({ spec: c1, peers: [c2, c3], apiHost: "10.1.10.3", caCertificate: "CA", cilium: t.cilium });

  it("names the cluster with its own name and id (numbers stay numbers)", () => {
    expect(v.cluster).toEqual({ name: "c1", id: 1 });
    expect(v.k8sServicePort).toBe(6443);
    expect(v.MTU).toBe(1500);
  });

  it("replaces flannel: exclusive CNI, Kubernetes IPAM, VXLAN tunnel, API server reached directly", () => {
    expect(v).toMatchObject({
      cni: { exclusive: true, install: true },
      ipam: { mode: "kubernetes" },
      routingMode: "tunnel",
      tunnelProtocol: "vxlan",
      k8sServiceHost: "10.1.10.3",
    });
  });

  it("turns Hubble relay and UI on", () => {
    expect(v.hubble).toMatchObject({ enabled: true, relay: { enabled: true }, ui: { enabled: true } });
  });

  it("connects to every peer's Cluster Mesh API server at its pinned NLB IP, with the shared CA and our own Service", () => {
    expect(v.clustermesh.config).toEqual({
      enabled: true,
      domain: "mesh.cilium.io",
      clusters: { c2: { port: 2379, ips: ["10.2.8.11"] }, c3: { port: 2379, ips: ["10.3.8.11"] } },
    });
    expect(v.clustermesh.useAPIServer).toBe(true);
    expect(v.clustermesh.apiserver.service).toEqual({ externallyCreated: true });
    expect(v.tls).toEqual({ ca: { cert: "CA" } });
  });
});

describe("CiliumMesh", () => {
  const j = synthWithMembers(t, (scope, members) => {
    const tls = new TlsProvider(scope, "tls", {});
    new CiliumMesh(scope, "cilium", { members, cilium: t.cilium, meshName: t.name, tls });
    // Whatever waits for the CNI can now read it.
    for (const m of members) expect(m.cniReady.dependables).toHaveLength(1);
  });
  const releases = resources(j, "helm_release");

  it("installs one release per cluster through that cluster's Helm provider, reaching the API by the exported private endpoint", () => {
    expect(releases.map((r) => r.provider).sort()).toEqual(["helm.c1", "helm.c2", "helm.c3"]);
    const c1Values = parse(releases.find((r) => r.provider === "helm.c1").values[0]);
    expect(c1Values.k8sServiceHost).toBe('${element(split(":", "10.1.10.3:6443"), 0)}');
  });

  it("puts each Cluster Mesh API server behind an internal NLB on its region's reserved IP, in its exported subnet and NSG", () => {
    const services = resources(j, "kubernetes_service_v1");
    expect(services).toHaveLength(3);
    const c2Service = services.find((s) => s.provider === "kubernetes.c2");
    expect(c2Service.metadata.annotations).toMatchObject({
      "oci.oraclecloud.com/reserved-private-ips": "10.2.8.11",
      "oci-network-load-balancer.oraclecloud.com/subnet": "ocid1.subnet-ilb.oc1.eu-amsterdam-1.c2",
      "oci-network-load-balancer.oraclecloud.com/oci-network-security-groups": "ocid1.nsg-ilb.oc1.eu-amsterdam-1.c2",
    });
    expect(c2Service.metadata.annotations["oci-network-load-balancer.oraclecloud.com/assigned-private-ipv4"]).toBeUndefined();
  });
});
