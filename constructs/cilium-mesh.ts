import { Release } from "@cdktf/provider-helm/lib/release";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { Fn, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { CiliumSpec, GlobalServiceSpec, RegionSpec } from "../config/topology";
import { renderValues } from "./helm-values";
import { internalNlbService } from "./internal-nlb";
import { MAX_CLUSTER_ID } from "../config/limits";
import { MeshPorts, OkePorts } from "../config/ports";
import { MeshMember } from "./mesh-member";
import { CILIUM_CHART, ciliumGlobalServiceAnnotations, CLUSTERMESH_SERVICE } from "./cluster-names";
import { ClusterConnectivity, PeerRules } from "./cluster-connectivity";
import { clustermeshRulesFrom, meshWorkerRulesFrom } from "./security-rules";

/** Replicas of each cluster's Cluster Mesh API server. */
export const CLUSTERMESH_APISERVER_REPLICAS = 2;

export interface CiliumMeshProps {
  /** Every cluster of the mesh. */
  readonly members: readonly MeshMember[];
  readonly cilium: CiliumSpec;
  /** The mesh name, in the CA's subject. */
  readonly meshName: string;
  /** Provider of the shared CA's key and certificate. */
  readonly tls: TerraformProvider;
  /** Cilium serves the Multi-Cluster Services API (discovery mcs-api). @default false */
  readonly mcsApi?: boolean;
}

export interface CiliumValuesInput {
  readonly spec: RegionSpec;
  readonly peers: readonly RegionSpec[];
  /** IP (no port) of the cluster's private API endpoint, for the agents before any CNI. */
  readonly apiHost: string;
  /** Base64 PEM of the shared Cluster Mesh CA certificate. */
  readonly caCertificate: string;
  readonly cilium: CiliumSpec;
  /** @default false */
  readonly mcsApi?: boolean;
}

/** Cilium's MCS-API (values.yaml clustermesh.mcsapi): the operator's controllers and CRDs, and
 * no corednsAutoConfigure: its Job rewrites the `coredns` ConfigMap, which OKE manages ("You
 * cannot modify the Corefile directly"); McsApi configures CoreDNS through coredns-custom instead. */
const MCS_API_VALUES = { enabled: true, installCRDs: true, corednsAutoConfigure: { enabled: false } };

const CERTS_BY_CRONJOB = { enabled: true, method: "cronJob", certValidityDuration: 365, schedule: "0 0 1 */4 *" };

/**
 * The Cilium 1.20 chart values of one cluster, as one structured document (numbers stay
 * numbers). Every key exists in the chart's values.yaml; the whole validates against its
 * values.schema.json (`.ci/run` checks both against the real chart files).
 */
export function ciliumValues(i: CiliumValuesInput): Record<string, unknown> {
  return {
    cluster: { name: i.spec.name, id: i.spec.clusterId },
    k8sServiceHost: i.apiHost,
    k8sServicePort: OkePorts.API_SERVER,
    // OKE's kube-proxy add-on stays: NLB health checks keep hitting kube-proxy on 10256.
    kubeProxyReplacement: "false",
    routingMode: "tunnel",
    tunnelProtocol: "vxlan",
    MTU: i.cilium.mtu,
    pmtuDiscovery: { enabled: true },
    // Node podCIDRs allocated by OKE from the cluster's podsCidr.
    ipam: { mode: "kubernetes" },
    k8s: { requireIPv4PodCIDR: true },
    cni: { install: true, exclusive: true },
    rollOutCiliumPods: true,
    // The key comes separately, as a sensitive value.
    tls: { ca: { cert: i.caCertificate } },
    hubble: { enabled: true, tls: { enabled: true, auto: CERTS_BY_CRONJOB }, relay: { enabled: true }, ui: { enabled: true } },
    clustermesh: {
      useAPIServer: true,
      maxConnectedClusters: MAX_CLUSTER_ID,
      // Also what headless MCS-API exports need (Cilium mcsapi.rst, "Prerequisites").
      enableEndpointSliceSynchronization: true,
      ...(i.mcsApi ? { mcsapi: MCS_API_VALUES } : {}),
      apiserver: {
        // Two replicas: a node drain never cuts the peers off. The chart sets ClientIP affinity
        // only on a Service it renders; okemesh's own Service sets it (internalNlbService).
        replicas: CLUSTERMESH_APISERVER_REPLICAS,
        kvstoremesh: { enabled: true },
        // okemesh creates the Service itself, as an internal NLB on a pinned IP.
        service: { externallyCreated: true },
        // Leaf certificates renewed in-cluster; "helm" would renew them only on upgrades.
        // authMode cluster: each peer logs in to this cluster's etcd as remote-<its name>, so one
        // cluster's client certificate unlocks nothing another cluster exposes (values.yaml
        // clustermesh.apiserver.tls.authMode; needs the shared CA and every peer listed below).
        tls: { auto: CERTS_BY_CRONJOB, authMode: "cluster" },
      },
      // What `cilium clustermesh connect` would write, declaratively: every peer's API server.
      config: {
        enabled: true,
        domain: "mesh.cilium.io",
        clusters: Object.fromEntries(i.peers.map((p) => [p.name, { port: MeshPorts.CLUSTERMESH_API, ips: [p.loadBalancerIps.clustermesh] }])),
      },
    },
  };
}

/**
 * Cilium instead of flannel on every cluster, joined in one Cluster Mesh without the cilium
 * CLI: one CA generated by Terraform and shared by every cluster (so `clustermesh connect`'s
 * CA mismatch never happens), the chart per cluster with its own name and id and every peer's
 * API server address, and each cluster's `clustermesh-apiserver` Service as an internal NLB on
 * an IP pinned from the topology. Peers' addresses are known at synth time, so no cluster's
 * apply waits for another's: there is no dependency cycle.
 *
 * @example
 * new CiliumMesh(stack, "cilium", { members, cilium: topology.cilium, meshName: topology.name, tls });
 */
export class CiliumMesh extends Construct implements ClusterConnectivity {
  readonly kind = "cilium";
  readonly caKey: PrivateKey;
  readonly caCertificate: SelfSignedCert;

  constructor(scope: Construct, id: string, props: CiliumMeshProps) {
    super(scope, id);
    this.caKey = new PrivateKey(this, "shared_ca_key", { provider: props.tls, algorithm: "RSA", rsaBits: 4096 });
    this.caCertificate = new SelfSignedCert(this, "shared_ca", {
      provider: props.tls,
      privateKeyPem: this.caKey.privateKeyPem,
      isCaCertificate: true,
      // Cilium's certgen never rotates the CA and refuses one that expires within a year.
      validityPeriodHours: 10 * 365 * 24,
      allowedUses: ["cert_signing", "crl_signing", "digital_signature", "key_encipherment"],
      subject: [{ commonName: `${props.meshName} Cilium Cluster Mesh CA`, organization: "okemesh" }],
    });
    for (const member of props.members) this.addCluster(member, props);
  }

  /** What a region admits from a peer for Cilium: its nodes' VXLAN tunnel, health checks and
   * echo on the mesh NSG; its agents on this region's Cluster Mesh API server. */
  static peerRules(peer: RegionSpec): PeerRules {
    return { mesh: meshWorkerRulesFrom(peer), internalLb: clustermeshRulesFrom(peer) };
  }

  globalServiceAnnotations(service: GlobalServiceSpec): Record<string, string> {
    return ciliumGlobalServiceAnnotations(service);
  }

  /** Cilium in one cluster, and its Cluster Mesh API server behind an internal NLB. */
  private addCluster(member: MeshMember, props: CiliumMeshProps): void {
    const { cilium } = props;
    const scope = new Construct(this, member.name);
    const { spec } = member.region;
    const values = ciliumValues({
      spec,
      peers: member.peers.map((p) => p.region.spec),
      apiHost: member.apiHost,
      caCertificate: Fn.base64encode(this.caCertificate.certPem),
      cilium,
      mcsApi: props.mcsApi,
    });
    const release = new Release(scope, "release", {
      provider: member.helm,
      name: "cilium",
      repository: CILIUM_CHART.repository,
      chart: CILIUM_CHART.chart,
      version: cilium.version,
      namespace: CILIUM_CHART.namespace,
      values: [renderValues(values)],
      setSensitive: [{ name: "tls.ca.key", value: Fn.base64encode(this.caKey.privateKeyPem) }],
      // The nodes exist (NotReady, no CNI) when this runs: wait until Cilium makes them Ready.
      wait: true,
      timeout: 1200,
      // Rolling back or uninstalling a CNI strands every node: keep a failed release to fix.
      atomic: false,
      cleanupOnFail: false,
      // Every stored release holds the CA key.
      maxHistory: 3,
    });
    member.cniReady.add(release);
    internalNlbService(scope, "apiserver-service", {
      member,
      name: CLUSTERMESH_SERVICE.name,
      namespace: CILIUM_CHART.namespace,
      selector: { ...CLUSTERMESH_SERVICE.selector },
      labels: { ...CLUSTERMESH_SERVICE.selector, "app.kubernetes.io/name": "clustermesh-apiserver", "app.kubernetes.io/part-of": "cilium" },
      ports: [{ name: "etcd", port: MeshPorts.CLUSTERMESH_API, targetPort: String(MeshPorts.CLUSTERMESH_API), protocol: "TCP" }],
      ip: spec.loadBalancerIps.clustermesh,
      // Each replica runs its own etcd: a client that reconnects elsewhere resyncs in full
      // (values.yaml clustermesh.apiserver.service.enableSessionAffinity).
      sessionAffinity: "ClientIP",
      reservedIp: member.region.clustermeshLbReservedIp,
      dependsOn: [release],
    });
  }
}
