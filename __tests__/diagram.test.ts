import * as fs from "fs";
import * as path from "path";
import { instance } from "@viz-js/viz";
import { meshDot } from "../diagram/mesh-dot";
import { loadFile, rawTopology, ROOT, topologyOf } from "./helpers";

describe("the mesh diagram", () => {
  it("draws every region with its CIDRs, Cilium id, load balancers and Coherence members, and every peering once", () => {
    const t = topologyOf(rawTopology(5));
    const dot = meshDot(t);
    for (const r of t.regions) {
      for (const text of [
        r.ociRegion,
        r.vcnCidr,
        r.podsCidr,
        r.servicesCidr,
        `Cilium cluster ${r.name}, id ${r.clusterId}`,
        `${r.loadBalancerIps.clustermesh}:2379`,
        `${r.loadBalancerIps.dns}:53`,
        `Coherence australis-${r.name}`,
      ]) {
        expect(dot).toContain(text);
      }
    }
    expect(dot.match(/\[label="RPC"/g)).toHaveLength(10);
    expect(dot).toContain("5 regions, 10 peerings");
  });

  it("shows the discovery: with mcs-api no DNS load balancer, the clusterset name, and the global services", () => {
    const mcs = meshDot(
      topologyOf(
        rawTopology(3, {
          discovery: "mcs-api",
          globalServices: [{ name: "web", namespace: "shop", selector: { app: "web" }, ports: [{ port: 80 }] }],
        }),
      ),
    );
    expect(mcs).not.toContain("kube-dns-lb");
    expect(mcs).toContain("MCS-API: <svc>.<ns>.svc.clusterset.local");
    expect(mcs).toContain("WKA via one clusterset name");
    expect(mcs).toContain("global services: shop/web");
    expect(meshDot(topologyOf(rawTopology(3)))).toContain("DNS chain: *.cluster.<peer>");
  });

  it("leaves Coherence out when it is off", () => {
    expect(meshDot(topologyOf(rawTopology(2, { coherence: { enabled: false } })))).not.toContain("Coherence");
  });

  it("renders offline to SVG, and docs/mesh.svg is the default topology's current picture", async () => {
    const svg = (await instance()).renderString(meshDot(loadFile("okemesh.yaml")), { format: "svg", engine: "dot" });
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*eu&#45;amsterdam&#45;1[\s\S]*<\/svg>\s*$/);
    expect(fs.readFileSync(path.join(ROOT, "docs", "mesh.svg"), "utf8")).toBe(svg);
  });
});
