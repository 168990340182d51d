// The data plane of the mesh, picked from the topology: one ClusterConnectivity (how clusters
// reach each other) and one ServiceDiscovery (how pods find services of other clusters). The
// mesh stack composes them; nothing else branches on the modes.
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { Construct } from "constructs";
import { Topology } from "../config/topology";
import { CiliumMesh } from "../constructs/cilium-mesh";
import { ClusterConnectivity, joinPeerRules, PeerRules, PeerRulesFn } from "../constructs/cluster-connectivity";
import { CorednsChain } from "../constructs/coredns-chain";
import { Lighthouse } from "../constructs/lighthouse";
import { MeshMember } from "../constructs/mesh-member";
import { OkeClusterProps } from "../constructs/oke-cluster";
import { ServiceDiscovery } from "../constructs/service-discovery";
import { GATEWAY_LABEL, SubmarinerMesh } from "../constructs/submariner-mesh";
import { SUBMARINER_GATEWAY_POOL } from "../config/names";
import { DEFAULTS } from "../config/defaults";

/** What the region `here` admits from `peer` for the topology's connectivity and discovery. */
export function peerRulesOf(topology: Topology): PeerRulesFn {
  return (here, peer) => {
    const connectivity: PeerRules =
      topology.connectivity === "cilium" ? CiliumMesh.peerRules(peer) : SubmarinerMesh.peerRules(here, peer, topology.submariner.brokerRegion);
    // Lighthouse needs no rules of its own: its agents sync through the broker.
    const discovery: PeerRules =
      topology.discovery === "dns-chain" ? CorednsChain.peerRules(peer) : topology.discovery === "lighthouse" ? {} : notYet(topology.discovery);
    return joinPeerRules(connectivity, discovery);
  };
}

/** What the region stacks' clusters need for the connectivity: Cilium switches flannel off;
 * Submariner keeps it and adds the gateway pool, the only nodes on the mesh NSG. */
export function clusterNodesOf(topology: Topology): Pick<OkeClusterProps, "keepFlannel" | "gatewayPool"> {
  if (topology.connectivity === "cilium") return {};
  const { gateways } = topology.submariner;
  const gatewayPool = {
    ...gateways,
    name: SUBMARINER_GATEWAY_POOL,
    bootVolumeSizeInGbs: DEFAULTS.nodePool.bootVolumeSizeInGbs,
    labels: GATEWAY_LABEL,
  };
  return { keepFlannel: true, gatewayPool };
}

/** The clusters' connectivity. Construct ids (`tls`, `cilium`, `random`, `submariner`) are part
 * of Terraform addresses. */
export function addConnectivity(scope: Construct, topology: Topology, members: readonly MeshMember[]): ClusterConnectivity {
  if (topology.connectivity === "submariner") {
    const random = new RandomProvider(scope, "random", {});
    return new SubmarinerMesh(scope, "submariner", { members, submariner: topology.submariner, random });
  }
  const tls = new TlsProvider(scope, "tls", {});
  return new CiliumMesh(scope, "cilium", { members, cilium: topology.cilium, meshName: topology.name, tls });
}

/** The clusters' service discovery (construct id `dns`, part of Terraform addresses). */
export function addDiscovery(scope: Construct, topology: Topology, members: readonly MeshMember[]): ServiceDiscovery {
  if (topology.discovery === "lighthouse") return new Lighthouse(scope, "dns", { members, version: topology.submariner.version });
  if (topology.discovery !== "dns-chain") return notYet(topology.discovery);
  return new CorednsChain(scope, "dns", { members });
}

function notYet(mode: string): never {
  throw new Error(`${mode} is not built yet`);
}
