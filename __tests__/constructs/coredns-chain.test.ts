// CorednsChain: the server blocks it renders, and what it creates, with fake region exports.
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { CiliumMesh } from "../../constructs/cilium-mesh";
import { CorednsChain, corednsCustomData, corednsServerBlock } from "../../constructs/coredns-chain";
import { rawTopology, resources, synthWithMembers, topologyOf } from "../helpers";

const t = topologyOf(rawTopology(3));
const [c1, c2, c3] = t.regions;

describe("corednsServerBlock", () => {
  it("rewrites cluster.<peer> to svc.cluster.local and forwards to the peer's DNS load balancer", () => {
    expect(corednsServerBlock(c2)).toBe(
      [
        "cluster.c2:53 {",
        "    errors",
        "    cache 30 {",
        "        denial 9984 5",
        "    }",
        "    rewrite name substring cluster.c2 svc.cluster.local answer auto",
        "    forward . 10.2.8.10",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("has exactly one block per peer", () => {
    const data = corednsCustomData([c1, c3]);
    expect(Object.keys(data)).toEqual(["c1.server", "c3.server"]);
    expect(data["c3.server"]).toContain("forward . 10.3.8.10");
  });
});

describe("CorednsChain", () => {
  const j = synthWithMembers(t, (scope, members) => {
    expect(() => new CorednsChain(scope, "too-early", { members })).toThrow(/the CNI of c1 was read before any construct provided it/);
  });

  it("refuses to be composed before the CNI it waits for (a programming error, not an empty dependency)", () => {
    expect(j).toBeDefined();
  });

  it("exposes CoreDNS on the region's reserved DNS IP after the CNI, and marks the DNS chain ready", () => {
    const out = synthWithMembers(t, (scope, members) => {
      new CiliumMesh(scope, "cilium", { members, cilium: t.cilium, meshName: t.name, tls: new TlsProvider(scope, "tls", {}) });
      new CorednsChain(scope, "dns", { members });
      for (const m of members) expect(m.dnsReady.dependables).toHaveLength(2);
    });
    const dns = resources(out, "kubernetes_service_v1").filter((s) => s.metadata.name === "kube-dns-lb");
    expect(dns.map((s) => s.metadata.annotations["oci.oraclecloud.com/reserved-private-ips"]).sort()).toEqual([
      "10.1.8.10",
      "10.2.8.10",
      "10.3.8.10",
    ]);
    for (const s of dns) expect(s.depends_on).toEqual([expect.stringMatching(/^helm_release\.cilium_/)]);
  });
});
