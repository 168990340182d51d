// The data plane of the mesh, picked from the topology: one ClusterConnectivity (how clusters
// reach each other) and one ServiceDiscovery (how pods find services of other clusters). The
// mesh stack composes them; nothing else branches on the modes.
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { Construct } from "constructs";
import { Topology } from "../config/topology";
import { CiliumMesh } from "../constructs/cilium-mesh";
import { ClusterConnectivity, joinPeerRules, PeerRules, PeerRulesFn } from "../constructs/cluster-connectivity";
import { CorednsChain } from "../constructs/coredns-chain";
import { MeshMember } from "../constructs/mesh-member";
import { ServiceDiscovery } from "../constructs/service-discovery";

/** What the region `here` admits from `peer` for the topology's connectivity and discovery. */
export function peerRulesOf(topology: Topology): PeerRulesFn {
  return (_here, peer) => {
    const connectivity: PeerRules = topology.connectivity === "cilium" ? CiliumMesh.peerRules(peer) : notYet("submariner");
    const discovery: PeerRules = topology.discovery === "dns-chain" ? CorednsChain.peerRules(peer) : notYet(topology.discovery);
    return joinPeerRules(connectivity, discovery);
  };
}

/** The clusters' connectivity. Construct ids (`tls`, `cilium`) are part of Terraform addresses. */
export function addConnectivity(scope: Construct, topology: Topology, members: readonly MeshMember[]): ClusterConnectivity {
  if (topology.connectivity !== "cilium") return notYet(topology.connectivity);
  const tls = new TlsProvider(scope, "tls", {});
  return new CiliumMesh(scope, "cilium", { members, cilium: topology.cilium, meshName: topology.name, tls });
}

/** The clusters' service discovery (construct id `dns`, part of Terraform addresses). */
export function addDiscovery(scope: Construct, topology: Topology, members: readonly MeshMember[]): ServiceDiscovery {
  if (topology.discovery !== "dns-chain") return notYet(topology.discovery);
  return new CorednsChain(scope, "dns", { members });
}

function notYet(mode: string): never {
  throw new Error(`${mode} is not built yet`);
}
