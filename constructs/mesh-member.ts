// One cluster of the mesh as the mesh stack sees it: its exports, its providers, its peers and
// what other constructs wait for in it. Mesh constructs take members, never region constructs.
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { OciProvider } from "../.gen/providers/oci/provider";
import { ApiAccess } from "../config/topology";
import { RegionExports } from "./region-outputs";

/** Something a construct provides in a cluster and other constructs wait for (the CNI, DNS). */
export class Readiness {
  private readonly items: ITerraformDependable[] = [];

  constructor(
    private readonly what: string,
    private readonly member: string,
  ) {}

  /** Marks `dependables` as part of this readiness. */
  add(...dependables: ITerraformDependable[]): void {
    this.items.push(...dependables);
  }

  /** What to depend on. Composition order is a programming contract: asking before anything
   * was added is a bug, not an empty dependency. */
  get dependables(): ITerraformDependable[] {
    if (this.items.length === 0) throw new Error(`${this.what} of ${this.member} was read before any construct provided it`);
    return [...this.items];
  }
}

/** How the Kubernetes and Helm providers reach a cluster's API (README, "Reaching the API"). */
export function clusterConnection(access: ApiAccess, region: RegionExports) {
  return {
    host: `https://${access === "public" ? region.publicEndpoint : region.privateEndpoint}`,
    clusterCaCertificate: region.caCertificate,
    ...(access === "bastion" ? { proxyUrl: `socks5://127.0.0.1:${region.spec.socksPort}` } : {}),
    // A short-lived token from the OCI CLI on every run: no kubeconfig or token in state.
    exec: {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "oci",
      args: ["ce", "cluster", "generate-token", "--cluster-id", region.clusterId, "--region", region.spec.ociRegion],
    },
  };
}

export interface MeshMemberProps {
  readonly region: RegionExports;
  /** How the providers reach the cluster's API. */
  readonly access: ApiAccess;
}

/**
 * A cluster of the mesh: the region's exports and the mesh stack's OCI, Kubernetes and Helm
 * provider aliases for it (alias = region name), its peers, and readiness handles.
 */
export class MeshMember {
  readonly region: RegionExports;
  readonly name: string;
  readonly oci: OciProvider;
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;
  /** The CNI runs in the cluster (Cilium's release): what everything inside waits for. */
  readonly cniReady: Readiness;
  /** Cross-cluster names resolve in the cluster (the DNS chain). */
  readonly dnsReady: Readiness;
  private peerList?: readonly MeshMember[];

  /** The providers' construct ids (`oci-<name>`, …) are part of Terraform addresses: stable. */
  constructor(scope: Construct, props: MeshMemberProps) {
    const { region } = props;
    this.region = region;
    this.name = region.spec.name;
    const connection = clusterConnection(props.access, region);
    this.oci = new OciProvider(scope, `oci-${this.name}`, { alias: this.name, region: region.spec.ociRegion });
    this.kubernetes = new KubernetesProvider(scope, `kubernetes-${this.name}`, { alias: this.name, ...connection, exec: [connection.exec] });
    this.helm = new HelmProvider(scope, `helm-${this.name}`, { alias: this.name, kubernetes: connection });
    this.cniReady = new Readiness("the CNI", this.name);
    this.dnsReady = new Readiness("the DNS chain", this.name);
  }

  /** The other members, sorted by name (from the topology's peers). */
  get peers(): readonly MeshMember[] {
    if (!this.peerList) throw new Error(`the peers of ${this.name} were read before MeshMember.join`);
    return this.peerList;
  }

  /** IP of the private API endpoint, without the port: what the Cilium agents use before any
   * CNI or kube-proxy Service routing exists. */
  get apiHost(): string {
    return Fn.element(Fn.split(":", this.region.privateEndpoint), 0);
  }

  /** Creates one member per region and gives each its peers, in the order `peerNames` lists them. */
  static join(
    scope: Construct,
    regions: readonly RegionExports[],
    access: ApiAccess,
    peerNames: Readonly<Record<string, readonly { name: string }[]>>,
  ): MeshMember[] {
    const members = regions.map((region) => new MeshMember(scope, { region, access }));
    const byName = new Map(members.map((m) => [m.name, m]));
    for (const m of members) m.peerList = (peerNames[m.name] ?? []).map((p) => byName.get(p.name)).filter((p): p is MeshMember => p !== undefined);
    return members;
  }
}
