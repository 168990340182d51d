// The data plane of the mesh, picked from the topology: one ClusterConnectivity (how clusters
// reach each other) and one ServiceDiscovery (how pods find services of other clusters). The
// mesh stack composes them; nothing else branches on the modes.
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { Construct } from "constructs";
import { Discovery, RegionSpec, Topology } from "../config/topology";
import { CiliumMesh } from "../constructs/cilium-mesh";
import { ClusterConnectivity, joinPeerRules, PeerRules, PeerRulesFn } from "../constructs/cluster-connectivity";
import { CorednsChain } from "../constructs/coredns-chain";
import { Lighthouse } from "../constructs/lighthouse";
import { McsApi } from "../constructs/mcs-api";
import { MeshMember } from "../constructs/mesh-member";
import { OkeClusterProps } from "../constructs/oke-cluster";
import { ServiceDiscovery } from "../constructs/service-discovery";
import { GATEWAY_LABEL } from "../constructs/cluster-names";
import { SubmarinerMesh } from "../constructs/submariner-mesh";
import { SUBMARINER_GATEWAY_POOL } from "../config/names";
import { DEFAULTS } from "../config/defaults";

/** What the region `here` admits from `peer` for the topology's connectivity and discovery. */
export function peerRulesOf(topology: Topology): PeerRulesFn {
  return (here, peer) => {
    const connectivity: PeerRules =
      topology.connectivity === "cilium" ? CiliumMesh.peerRules(peer) : SubmarinerMesh.peerRules(here, peer, topology.submariner.brokerRegion);
    return joinPeerRules(connectivity, DISCOVERY_RULES[topology.discovery](peer));
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
  const mcsApi = topology.discovery === "mcs-api";
  return new CiliumMesh(scope, "cilium", { members, cilium: topology.cilium, meshName: topology.name, tls, ...(mcsApi ? { mcsApi } : {}) });
}

/** What each discovery needs between regions: the chain its DNS load balancers; MCS-API and
 * Lighthouse nothing (names resolve from local API objects, synced by Cilium or the broker). */
const DISCOVERY_RULES: { readonly [D in Discovery]: (peer: RegionSpec) => PeerRules } = {
  "dns-chain": CorednsChain.peerRules,
  "mcs-api": () => McsApi.peerRules(),
  lighthouse: () => ({}),
};

/** The clusters' service discovery. Construct id `dns` for every mode (part of Terraform
 * addresses): a switch between modes replaces the DNS objects anyway, their types differ. */
export function addDiscovery(scope: Construct, topology: Topology, members: readonly MeshMember[]): ServiceDiscovery {
  switch (topology.discovery) {
    case "dns-chain":
      return new CorednsChain(scope, "dns", { members });
    case "mcs-api":
      return new McsApi(scope, "dns", { members });
    case "lighthouse":
      return new Lighthouse(scope, "dns", { members, version: topology.submariner.version });
  }
}
