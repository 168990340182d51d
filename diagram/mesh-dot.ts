// The topology as a Graphviz graph: regions with their CIDRs, the DRG peerings, the clusters
// with their Cilium ids, the DNS chain's load balancers and the Coherence members per region.
import { MeshPorts, OkePorts, SubmarinerPorts } from "../config/ports";
import { RegionSpec, Topology } from "../config/topology";

/** A quoted Graphviz string; labels keep their \n and \l line breaks. */
const q = (s: string) => `"${s.replace(/"/g, '\\"')}"`;
const id = (region: string, part: string) => q(`${region}/${part}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function meshDot(t: Topology): string {
  const lines = [
    `graph ${q(t.name)} {`,
    `  graph [label=${q(`okemesh "${t.name}": ${plural(t.regions.length, "region")}, ${plural(t.pairs.length, "peering")}, mesh supernet ${t.meshCidr}`)}, labelloc=t, fontname="Courier", fontsize=16, nodesep=0.3, ranksep=0.45, newrank=true];`,
    // Courier: Graphviz measures it exactly, so labels fit whatever font renders the SVG.
    `  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Courier", fontsize=11, margin="0.15,0.08"];`,
    `  edge [fontname="Courier", fontsize=10];`,
  ];
  for (const r of t.regions) {
    const pools = r.nodePools.map((p) => `${p.size} × ${p.shape}`).join(", ");
    lines.push(
      `  subgraph ${q(`cluster_${r.name}`)} {`,
      `    label=${q(`${r.name} · ${r.ociRegion}\\nVCN ${r.vcnCidr}\\npods ${r.podsCidr}\\nservices ${r.servicesCidr}`)}; style="rounded,filled"; fillcolor="#eef4fb"; color="#4a78b5"; fontname="Courier"; fontsize=12;`,
      `    ${id(r.name, "drg")} [label="DRG", shape=ellipse, fillcolor="#dde8f6"];`,
      ...dataPlaneNodes(t, r, pools),
    );
    if (t.coherence.enabled) {
      lines.push(
        `    ${id(r.name, "coherence")} [label=${q(`Coherence ${t.coherence.clusterName}-${r.name}\\n${plural(r.coherenceReplicas, "member")}\\nsite ${r.ociRegion}`)}, fillcolor="#e8f5e9"];`,
      );
      lines.push(`    ${id(r.name, "lb")} -- ${id(r.name, "coherence")} [style=invis];`);
    }
    lines.push(
      `    ${id(r.name, "drg")} -- ${id(r.name, "oke")} [style=invis];`,
      `    ${id(r.name, "oke")} -- ${id(r.name, "lb")} [style=invis];`,
      "  }",
    );
  }
  // All DRGs on one row, the peerings between them; each region's column below its DRG.
  lines.push(`  { rank=same; ${t.regions.map((r) => id(r.name, "drg")).join("; ")}; }`);
  for (const { requestor, acceptor } of t.pairs) {
    lines.push(`  ${id(requestor.name, "drg")} -- ${id(acceptor.name, "drg")} [label="RPC", color="#4a78b5", penwidth=1.5];`);
  }
  lines.push(
    `  ${id(t.regions[t.regions.length - 1].name, t.coherence.enabled ? "coherence" : "lb")} -- legend [style=invis];`,
    `  legend [shape=note, fillcolor="#fafafa", label=${q(
      [
        ...dataPlaneLegend(t),
        t.coherence.enabled
          ? `Coherence "${t.coherence.clusterName}": one grid, WKA via ${t.discovery === "dns-chain" ? "the DNS chain" : "one clusterset name"}`
          : "",
        t.globalServices.length ? `global services: ${t.globalServices.map((s) => `${s.namespace}/${s.name}`).join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("\\l") + "\\l",
    )}];`,
    "}",
    "",
  );
  return lines.join("\n");
}

/** The cluster and data-plane nodes of one region, by connectivity. */
function dataPlaneNodes(t: Topology, r: RegionSpec, pools: string): string[] {
  const chain = t.discovery === "dns-chain";
  if (t.connectivity === "submariner") {
    const broker = t.submariner.brokerRegion === r.name ? ", broker" : "";
    const gw = t.submariner.gateways;
    const gateways = `gateways: ${gw.size} × ${gw.shape}\\n(${t.submariner.cableDriver}, active/passive)\\nLighthouse clusterset.local`;
    return [
      `    ${id(r.name, "oke")} [label=${q(`OKE ${r.kubernetesVersion} (enhanced), flannel\\nSubmariner cluster ${r.name}${broker}\\n${pools}`)}];`,
      `    ${id(r.name, "lb")} [label=${q(gateways)}, fillcolor="#fff6e0"];`,
    ];
  }
  return [
    `    ${id(r.name, "oke")} [label=${q(`OKE ${r.kubernetesVersion} (enhanced)\\nCilium cluster ${r.name}, id ${r.clusterId}\\n${pools}`)}];`,
    `    ${id(r.name, "lb")} [label=${q(`internal NLBs ${r.subnets.internalLb}\\nclustermesh-apiserver\\n  ${r.loadBalancerIps.clustermesh}:${MeshPorts.CLUSTERMESH_API}${chain ? `\\nkube-dns-lb\\n  ${r.loadBalancerIps.dns}:${MeshPorts.DNS}` : ""}`)}, fillcolor="#fff6e0"];`,
  ];
}

/** What the legend says crosses between regions, by connectivity. */
function dataPlaneLegend(t: Topology): string[] {
  if (t.connectivity === "submariner") {
    return [
      "Between every pair of regions, over the RPCs, from the peer's workers subnet:",
      `- gateways (mesh NSG): ${SubmarinerPorts.TUNNEL}/udp, ${SubmarinerPorts.NAT_DISCOVERY}/udp, IKE ${SubmarinerPorts.IKE}/udp, ESP`,
      `- ${t.submariner.brokerRegion}'s API endpoint: broker ${OkePorts.API_SERVER}/tcp`,
      "Lighthouse: <svc>.<ns>.svc.clusterset.local",
    ];
  }
  const chain = t.discovery === "dns-chain";
  return [
    "Between every pair of regions, over the RPCs, from the peer's workers:",
    `- workers: VXLAN ${MeshPorts.VXLAN}/udp (stateless), Cilium health ${MeshPorts.CILIUM_HEALTH}/tcp, ICMP`,
    `- internal NLBs: Cluster Mesh API ${MeshPorts.CLUSTERMESH_API}/tcp${chain ? `, DNS ${MeshPorts.DNS}` : ""}`,
    chain ? "DNS chain: *.cluster.<peer> -> the peer's kube-dns-lb" : "MCS-API: <svc>.<ns>.svc.clusterset.local, a ServiceExport per cluster",
  ];
}
