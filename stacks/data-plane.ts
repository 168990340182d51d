// The data plane of the mesh, picked from the topology: one ClusterConnectivity (how clusters
// reach each other) and one ServiceDiscovery (how pods find services of other clusters). The
// mesh stack composes them; nothing else branches on the modes.
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { Construct } from "constructs";
import { RegionSpec, Topology } from "../config/topology";
import { CiliumMesh } from "../constructs/cilium-mesh";
import { ClusterConnectivity, joinPeerRules, PeerRules, PeerRulesFn } from "../constructs/cluster-connectivity";
import { CorednsChain } from "../constructs/coredns-chain";
import { McsApi } from "../constructs/mcs-api";
import { MeshMember } from "../constructs/mesh-member";
import { ServiceDiscovery } from "../constructs/service-discovery";

/** What the region `here` admits from `peer` for the topology's connectivity and discovery. */
export function peerRulesOf(topology: Topology): PeerRulesFn {
  return (_here, peer) => {
    const connectivity: PeerRules = topology.connectivity === "cilium" ? CiliumMesh.peerRules(peer) : notYet("submariner");
    const discovery: PeerRules = discoveryPeerRules(topology, peer);
    return joinPeerRules(connectivity, discovery);
  };
}

/** The clusters' connectivity. Construct ids (`tls`, `cilium`) are part of Terraform addresses. */
export function addConnectivity(scope: Construct, topology: Topology, members: readonly MeshMember[]): ClusterConnectivity {
  if (topology.connectivity !== "cilium") return notYet(topology.connectivity);
  const tls = new TlsProvider(scope, "tls", {});
  const mcsApi = topology.discovery === "mcs-api";
  return new CiliumMesh(scope, "cilium", { members, cilium: topology.cilium, meshName: topology.name, tls, ...(mcsApi ? { mcsApi } : {}) });
}

function discoveryPeerRules(topology: Topology, peer: RegionSpec): PeerRules {
  if (topology.discovery === "dns-chain") return CorednsChain.peerRules(peer);
  if (topology.discovery === "mcs-api") return McsApi.peerRules();
  return notYet(topology.discovery);
}

/** The clusters' service discovery. Construct id `dns` for every mode (part of Terraform
 * addresses): a switch between modes replaces the DNS objects anyway, their types differ. */
export function addDiscovery(scope: Construct, topology: Topology, members: readonly MeshMember[]): ServiceDiscovery {
  if (topology.discovery === "dns-chain") return new CorednsChain(scope, "dns", { members });
  if (topology.discovery === "mcs-api") return new McsApi(scope, "dns", { members });
  return notYet(topology.discovery);
}

function notYet(mode: string): never {
  throw new Error(`${mode} is not built yet`);
}
