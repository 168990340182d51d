// CoherenceStretch: the Coherence spec it renders for a member set, and what it creates.
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { CiliumMesh } from "../../constructs/cilium-mesh";
import { CoherenceStretch, coherenceSpec, wkaAddresses } from "../../constructs/coherence-stretch";
import { CorednsChain, DNS_CHAIN_NAMING } from "../../constructs/coredns-chain";
import { rawTopology, resources, synthWithMembers, topologyOf } from "../helpers";

const t = topologyOf(rawTopology(3));
const [c1, c2, c3] = t.regions;

describe("coherenceSpec", () => {
  const spec: any = coherenceSpec(t.coherence, c2, wkaAddresses(DNS_CHAIN_NAMING, t.coherence, c2, [c1, c3]));

  it("joins the one grid: same cluster name, its own name's WKA service plus every peer's through the DNS chain", () => {
    expect(spec.cluster).toBe("australis");
    expect(spec.coherence.wka.addresses).toEqual([
      "australis-c2-wka.coherence.svc.cluster.local",
      "australis-c1-wka.coherence.cluster.c1",
      "australis-c3-wka.coherence.cluster.c3",
    ]);
    expect(wkaAddresses(DNS_CHAIN_NAMING, t.coherence, c1, [])).toEqual(["australis-c1-wka.coherence.svc.cluster.local"]);
  });

  it("sets the site to the region, pins the image, sizes G1 and memory, probes, spreads over fault domains", () => {
    expect(spec.env).toEqual([{ name: "COHERENCE_SITE", value: "eu-amsterdam-1" }]);
    expect(spec.image).toBe("container-registry.oracle.com/middleware/coherence-ce:14.1.2-0-3");
    expect(spec.replicas).toBe(3);
    expect(spec.jvm.gc.collector).toBe("G1");
    expect(spec.jvm.memory.heapSize).toBe("2g");
    expect(spec.resources).toEqual({ requests: { cpu: "1", memory: "3Gi" }, limits: { memory: "3Gi" } });
    expect(spec.readinessProbe).toEqual({
      initialDelaySeconds: 30,
      periodSeconds: 60,
      timeoutSeconds: 30,
      successThreshold: 1,
      failureThreshold: 50,
    });
    expect(spec.livenessProbe).toEqual({ initialDelaySeconds: 60, periodSeconds: 60, timeoutSeconds: 30, successThreshold: 1, failureThreshold: 5 });
    expect(spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toContain("oci.oraclecloud.com/fault-domain");
    expect(spec.allowUnsafeDelete).toBe(true);
  });

  it("takes a region's own replica count", () => {
    const raw = rawTopology(2, { coherence: { replicas: 4, clusterName: "grid" } }) as any;
    raw.regions[1].coherenceReplicas = 2;
    const t2 = topologyOf(raw);
    expect((coherenceSpec(t2.coherence, t2.regions[0], []) as any).replicas).toBe(4);
    expect((coherenceSpec(t2.coherence, t2.regions[1], []) as any).replicas).toBe(2);
    expect((coherenceSpec(t2.coherence, t2.regions[1], []) as any).cluster).toBe("grid");
  });
});

describe("CoherenceStretch", () => {
  const j = synthWithMembers(t, (scope, members) => {
    new CiliumMesh(scope, "cilium", { members, cilium: t.cilium, meshName: t.name, tls: new TlsProvider(scope, "tls", {}) });
    const discovery = new CorednsChain(scope, "dns", { members });
    new CoherenceStretch(scope, "coherence", { members, coherence: t.coherence, discovery });
  });

  it("ships the member-set chart with the stack by default (okemesh's charts/coherence-grid)", () => {
    const sets = resources(j, "helm_release").filter((r) => r.name === "coherence-grid");
    expect(sets).toHaveLength(3);
    for (const s of sets) expect(s.chart).toMatch(/^assets\/coherence_grid_chart_[0-9A-F]+\/[0-9A-F]+$/);
  });

  it("creates the operator and grid namespaces only after the CNI", () => {
    for (const ns of resources(j, "kubernetes_namespace_v1")) expect(ns.depends_on).toEqual([expect.stringMatching(/^helm_release\.cilium_/)]);
  });
});
