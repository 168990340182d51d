// The pure parts of CiliumMesh, CorednsChain and CoherenceStretch: what they render for a
// cluster given its peers.
import { ciliumValues } from "../../constructs/cilium-mesh";
import { coherenceSpec, wkaAddresses } from "../../constructs/coherence-stretch";
import { corednsCustomData, corednsServerBlock } from "../../constructs/coredns-chain";
import { rawTopology, topologyOf } from "../helpers";

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
    expect(v).toMatchObject({ cni: { exclusive: true, install: true }, ipam: { mode: "kubernetes" }, routingMode: "tunnel", tunnelProtocol: "vxlan", k8sServiceHost: "10.1.10.3" });
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

describe("corednsServerBlock", () => {
  it("rewrites cluster.<peer> to svc.cluster.local and forwards to the peer's DNS load balancer", () => {
    expect(corednsServerBlock(c2)).toBe(
      ["cluster.c2:53 {", "    errors", "    cache 30 {", "        denial 9984 5", "    }", "    rewrite name substring cluster.c2 svc.cluster.local answer auto", "    forward . 10.2.8.10", "}", ""].join("\n"),
    );
  });

  it("has exactly one block per peer", () => {
    const data = corednsCustomData([c1, c3]);
    expect(Object.keys(data)).toEqual(["c1.server", "c3.server"]);
    expect(data["c3.server"]).toContain("forward . 10.3.8.10");
  });
});

describe("coherenceSpec", () => {
  const spec: any = coherenceSpec(t.coherence, c2, [c1, c3]);

  it("joins the one grid: same cluster name, its own name's WKA service plus every peer's through the DNS chain", () => {
    expect(spec.cluster).toBe("australis");
    expect(spec.coherence.wka.addresses).toEqual([
      "australis-c2-wka.coherence.svc.cluster.local",
      "australis-c1-wka.coherence.cluster.c1",
      "australis-c3-wka.coherence.cluster.c3",
    ]);
    expect(wkaAddresses(t.coherence, c1, [])).toEqual(["australis-c1-wka.coherence.svc.cluster.local"]);
  });

  it("sets the site to the region, pins the image, sizes G1 and memory, probes, spreads over fault domains", () => {
    expect(spec.env).toEqual([{ name: "COHERENCE_SITE", value: "eu-amsterdam-1" }]);
    expect(spec.image).toBe("container-registry.oracle.com/middleware/coherence-ce:14.1.2-0-3");
    expect(spec.replicas).toBe(3);
    expect(spec.jvm.gc.collector).toBe("G1");
    expect(spec.jvm.memory.heapSize).toBe("2g");
    expect(spec.resources).toEqual({ requests: { cpu: "1", memory: "3Gi" }, limits: { memory: "3Gi" } });
    expect(spec.readinessProbe).toEqual({ initialDelaySeconds: 30, periodSeconds: 60, timeoutSeconds: 30, successThreshold: 1, failureThreshold: 50 });
    expect(spec.livenessProbe).toEqual({ initialDelaySeconds: 60, periodSeconds: 60, timeoutSeconds: 30, successThreshold: 1, failureThreshold: 5 });
    expect(spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toContain("oci.oraclecloud.com/fault-domain");
    expect(spec.allowUnsafeDelete).toBe(true);
  });

  it("takes a region's own replica count", () => {
    const raw = rawTopology(2, { coherence: { replicas: 4, clusterName: "grid" } }) as any;
    raw.regions[1].coherenceReplicas = 2;
    const t2 = topologyOf(raw);
    expect((coherenceSpec(t2.coherence, t2.regions[0], [t2.regions[1]]) as any).replicas).toBe(4);
    expect((coherenceSpec(t2.coherence, t2.regions[1], [t2.regions[0]]) as any).replicas).toBe(2);
    expect((coherenceSpec(t2.coherence, t2.regions[1], [t2.regions[0]]) as any).cluster).toBe("grid");
  });
});
