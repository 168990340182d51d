// Submariner between the clusters, installed with Helm only (no subctl): flannel stays, IPsec
// (or WireGuard) between one active gateway node per cluster, the broker in one cluster.
// Facts: docs/facts/submariner.md, from submariner-io charts, operator, submariner and
// website @v0.18.1 (schemas/submariner/ holds the charts' values files and their provenance).
import { Release } from "@cdktf/provider-helm/lib/release";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { Fn, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { OkePorts, SubmarinerPorts } from "../config/ports";
import { RegionSpec, SubmarinerSpec } from "../config/topology";
import { ClusterConnectivity, PeerRules } from "./cluster-connectivity";
import { renderValues } from "./helm-values";
import { MeshMember } from "./mesh-member";
import { NsgRule, Protocol } from "./nsg-rules";
import { SUBMARINER_OPERATOR } from "./cluster-names";

/** The charts' repository (website operations/deployment/helm). */
export const SUBMARINER_REPOSITORY = "https://submariner-io.github.io/submariner-charts/charts";
/** The broker: release name = namespace, so the chart's fullname (and its client SA
 * `<fullname>-client`) is `submariner-k8s-broker` (chart _helpers.tpl, svc-acct.yaml). */
export const SUBMARINER_BROKER = { chart: "submariner-k8s-broker", name: "submariner-k8s-broker", namespace: "submariner-k8s-broker" } as const;
/** The broker chart's client service account: its Role is all a joining cluster may do. */
export const BROKER_CLIENT_ACCOUNT = `${SUBMARINER_BROKER.name}-client`;

export interface SubmarinerMeshProps {
  /** Every cluster of the mesh. */
  readonly members: readonly MeshMember[];
  readonly submariner: SubmarinerSpec;
  /** Provider of the shared IPsec pre-shared key. */
  readonly random: TerraformProvider;
}

export interface SubmarinerValuesInput {
  readonly spec: RegionSpec;
  /** `host:port` of the broker cluster's API, no scheme (admiral prepends https://). */
  readonly brokerServer: string;
  /** Base64 PEM of the broker cluster's CA (admiral base64-decodes broker.ca). */
  readonly brokerCa: string;
  readonly submariner: SubmarinerSpec;
}

/**
 * The submariner-operator chart values of one cluster (no secrets: broker.token and ipsec.psk
 * come separately, as sensitive values). Every key exists in the chart's values.yaml with the
 * same type (`.ci/run`, scripts/check-charts.ts).
 */
export function submarinerValues(i: SubmarinerValuesInput): Record<string, unknown> {
  return {
    broker: { server: i.brokerServer, ca: i.brokerCa, namespace: SUBMARINER_BROKER.namespace, insecure: false, globalnet: false },
    ipsec: { natPort: SubmarinerPorts.TUNNEL, forceUDPEncaps: false },
    submariner: {
      // Region names are DNS-1123 labels, unique in the mesh: what subctl requires of a cluster id.
      clusterId: i.spec.name,
      clusterCidr: i.spec.podsCidr,
      serviceCidr: i.spec.servicesCidr,
      // okemesh's CIDRs never overlap, and gateways reach each other on private IPs over the DRG.
      globalCidr: "",
      natEnabled: false,
      cableDriver: i.submariner.cableDriver,
      serviceDiscovery: true,
      // The operator writes its `lighthouse.server` block into OKE's supported hook instead of
      // editing the Corefile OKE owns (operator servicediscovery_controller.go; OKE "Configuring
      // DNS Servers for Kubernetes Clusters").
      coreDNSCustomConfig: { configMapName: "coredns-custom", namespace: "kube-system" },
    },
    serviceAccounts: { globalnet: { create: false } },
  };
}

/**
 * Submariner joining every cluster: the broker chart in the broker region's cluster, a token
 * for its client service account (a service-account-token Secret okemesh creates and waits for,
 * read back from state), and the operator chart in every cluster with the broker's address, CA
 * and token, one shared IPsec pre-shared key (random_password), the cluster's own id and CIDRs.
 * Flannel stays; Lighthouse (the operator's service discovery) is configured by the values.
 *
 * @example
 * new SubmarinerMesh(stack, "submariner", { members, submariner: topology.submariner, random });
 */
export class SubmarinerMesh extends Construct implements ClusterConnectivity {
  readonly kind = "submariner";
  readonly broker: Release;
  /** The operator release of each cluster, by member name. */
  readonly operators: ReadonlyMap<string, Release>;

  constructor(scope: Construct, id: string, props: SubmarinerMeshProps) {
    super(scope, id);
    const host = props.members.find((m) => m.name === props.submariner.brokerRegion);
    if (!host) throw new Error(`SubmarinerMesh: no member named ${props.submariner.brokerRegion}`);
    // Libreswan writes the key verbatim between quotes (submariner pkg/cable/libreswan): no specials.
    const psk = new Password(this, "ipsec_psk", { provider: props.random, length: 64, special: false });
    // The region is in the id: moving the broker plans a destroy of the old one beside the new,
    // never a release that silently changes cluster (and leaves the old broker behind).
    const brokerScope = new Construct(this, `broker_${host.name}`);
    this.broker = new Release(brokerScope, "release", {
      provider: host.helm,
      name: SUBMARINER_BROKER.name,
      repository: SUBMARINER_REPOSITORY,
      chart: SUBMARINER_BROKER.chart,
      version: props.submariner.version,
      namespace: SUBMARINER_BROKER.namespace,
      createNamespace: true,
      wait: true,
      timeout: 600,
    });
    // The token controller fills a service-account-token Secret asynchronously; the provider
    // waits for it, so the first apply never passes an empty token to the operators.
    const token = new SecretV1(brokerScope, "client-token", {
      provider: host.kubernetes,
      dependsOn: [this.broker],
      metadata: {
        name: `okemesh-${BROKER_CLIENT_ACCOUNT}-token`,
        namespace: SUBMARINER_BROKER.namespace,
        annotations: { "kubernetes.io/service-account.name": BROKER_CLIENT_ACCOUNT },
        labels: { "app.kubernetes.io/managed-by": "okemesh" },
      },
      type: "kubernetes.io/service-account-token",
      waitForServiceAccountToken: true,
    });
    const operators = new Map<string, Release>();
    for (const member of props.members) {
      const values = submarinerValues({
        spec: member.region.spec,
        brokerServer: host.region.privateEndpoint,
        brokerCa: Fn.base64encode(host.region.caCertificate),
        submariner: props.submariner,
      });
      const release = new Release(new Construct(this, member.name), "release", {
        provider: member.helm,
        name: SUBMARINER_OPERATOR.name,
        repository: SUBMARINER_REPOSITORY,
        chart: SUBMARINER_OPERATOR.chart,
        version: props.submariner.version,
        namespace: SUBMARINER_OPERATOR.namespace,
        createNamespace: true,
        values: [renderValues(values)],
        setSensitive: [
          { name: "broker.token", value: Fn.lookup(token.data, "token") },
          { name: "ipsec.psk", value: psk.result },
        ],
        dependsOn: [token],
        wait: true,
        timeout: 900,
        // Every stored release holds the broker token and the key.
        maxHistory: 3,
      });
      member.cniReady.add(release);
      operators.set(member.name, release);
    }
    this.operators = operators;
  }

  /**
   * What `here` admits from `peer` for Submariner: on the mesh NSG (which only the gateway pool
   * wears), the cable (UDP 4500), NAT discovery (UDP 4490), IPsec IKE (UDP 500: libreswan
   * negotiates there and stays there when it finds no NAT, chart ipsec.ikePort) and ESP from the peer's workers
   * subnet, where its gateways live; on the broker region's API endpoint NSG, the peer's
   * gateways and Lighthouse agents on TCP 6443. The gateways are a pool of the workers subnet,
   * so the rules admit that subnet, not only the gateway nodes (OCI NSG rules name a CIDR or
   * an NSG of the same VCN, never another region's NSG). Ingress only and stateful: the workers
   * NSG's egress to 0.0.0.0/0 (stateful) carries what the gateways send, and replies to what
   * they receive pass by connection tracking.
   */
  static peerRules(here: RegionSpec, peer: RegionSpec, brokerRegion: string): PeerRules {
    const gateways = { cidr: peer.subnets.workers };
    const who = `${peer.name} (${peer.ociRegion})`;
    const mesh: NsgRule[] = [
      {
        id: "submariner-tunnel",
        direction: "INGRESS",
        protocol: Protocol.UDP,
        ports: SubmarinerPorts.TUNNEL,
        peer: gateways,
        description: `Submariner cable (IPsec NAT-T) from ${who} gateways`,
      },
      {
        id: "submariner-nat-discovery",
        direction: "INGRESS",
        protocol: Protocol.UDP,
        ports: SubmarinerPorts.NAT_DISCOVERY,
        peer: gateways,
        description: `Submariner NAT discovery from ${who} gateways`,
      },
      {
        id: "submariner-ike",
        direction: "INGRESS",
        protocol: Protocol.UDP,
        ports: SubmarinerPorts.IKE,
        peer: gateways,
        description: `IPsec IKE from ${who} gateways`,
      },
      { id: "submariner-esp", direction: "INGRESS", protocol: Protocol.ESP, peer: gateways, description: `IPsec ESP from ${who} gateways` },
    ];
    if (here.name !== brokerRegion) return { mesh };
    const apiEndpoint: NsgRule[] = [
      {
        id: "submariner-broker",
        direction: "INGRESS",
        protocol: Protocol.TCP,
        ports: OkePorts.API_SERVER,
        peer: gateways,
        description: `Submariner broker (Kubernetes API) for ${who} gateways and Lighthouse agents`,
      },
    ];
    return { mesh, apiEndpoint };
  }
}
