import { Fn, TerraformIterator, TerraformLocal, TerraformProvider, TerraformResourceLifecycle } from "cdktf";
import { Construct } from "constructs";
import { ContainerengineAddon } from "../.gen/providers/oci/containerengine-addon";
import { ContainerengineCluster } from "../.gen/providers/oci/containerengine-cluster";
import { ContainerengineNodePool } from "../.gen/providers/oci/containerengine-node-pool";
import { DataOciContainerengineClusterKubeConfig } from "../.gen/providers/oci/data-oci-containerengine-cluster-kube-config";
import { DataOciContainerengineNodePoolOption } from "../.gen/providers/oci/data-oci-containerengine-node-pool-option";
import { DataOciIdentityAvailabilityDomains } from "../.gen/providers/oci/data-oci-identity-availability-domains";
import { isFlexShape } from "../config/names";
import { NodePoolSpec, RegionSpec } from "../config/topology";
import { IMAGE_DATE, imagePattern, isArm } from "./oke-images";
import { Region } from "./region";

export interface OkeClusterProps {
  /** The region whose VCN, subnets and NSGs the cluster uses. */
  readonly region: Region;
  /** The mesh name, prefix of display names. */
  readonly meshName: string;
  /** Compartment of the cluster and its node pools. */
  readonly compartmentId: string;
  /** Give the API endpoint a public IP (its NSG admits only the allow-list). @default false */
  readonly publicEndpoint?: boolean;
  /** @default the stack's default OCI provider */
  readonly provider?: TerraformProvider;
  /** Keep OKE's flannel running (Submariner runs over it). @default false: flannel never
   * schedules, for Cilium to own the CNI */
  readonly keepFlannel?: boolean;
  /** A pool of its own that alone carries the cross-region traffic: it wears the mesh NSG and
   * its labels, the other pools only the workers NSG. @default none: every pool wears the mesh NSG */
  readonly gatewayPool?: GatewayPoolSpec;
}

/** A node pool for the nodes that tunnel between regions (Submariner's gateways). */
export interface GatewayPoolSpec extends NodePoolSpec {
  /** Labels every node of the pool carries from its start. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The CNI OKE installs. Cilium replaces it in the mesh stack; OKE has no "no CNI" type. */
const CNI_TYPE = "FLANNEL_OVERLAY";
/** A node label no node carries: flannel's DaemonSet selects it and so never runs. */
export const FLANNEL_OFF_NODE_SELECTOR = { "okemesh.io/flannel": "off" };
const FAULT_DOMAINS = ["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"];

/**
 * An ENHANCED OKE cluster in a `Region`: pods and services CIDRs from the topology, the API
 * endpoint in the region's API subnet and NSG (private unless `publicEndpoint`), internal
 * load balancers in the internal-LB subnet, and one node pool per topology entry, spread over
 * every availability domain and fault domain of the region, on the newest (by build date) OKE
 * Oracle Linux 8 image for the cluster's Kubernetes version and the pool's shape.
 *
 * With `keepFlannel` (Submariner) flannel stays OKE's CNI and `gatewayPool` adds the pool whose
 * nodes alone wear the mesh NSG. Otherwise flannel never runs: before any node pool exists, the OKE Flannel add-on is reconfigured
 * (declaratively, `override_existing`) to select a node label no node has. Nodes therefore
 * join without a CNI and stay NotReady until the mesh stack installs Cilium, which owns the
 * CNI from the first pod on; nothing has to be restarted and flannel's VXLAN (UDP 8472, the
 * same port as Cilium's) never comes up.
 *
 * @example
 * const cluster = new OkeCluster(stack, "oke", { region, meshName: "australis", compartmentId });
 * cluster.cluster.id; cluster.privateEndpoint;
 */
export class OkeCluster extends Construct {
  readonly region: Region;
  readonly cluster: ContainerengineCluster;
  readonly nodePools: readonly ContainerengineNodePool[];
  /** `host:port` of the private API endpoint, e.g. 10.1.10.3:6443. */
  readonly privateEndpoint: string;
  /** `host:port` of the public API endpoint (empty when private). */
  readonly publicEndpoint: string;
  /** PEM of the cluster's CA, from the cluster's kubeconfig (public, not a secret). */
  readonly caCertificate: string;
  /** The Flannel add-on, reconfigured so flannel never schedules (absent with `keepFlannel`). */
  readonly flannelOff?: ContainerengineAddon;

  constructor(scope: Construct, id: string, props: OkeClusterProps) {
    super(scope, id);
    const { region, compartmentId, provider } = props;
    const spec = region.spec;
    this.region = region;
    const displayName = `${props.meshName}-${spec.name}`;

    this.cluster = new ContainerengineCluster(this, "cluster", {
      provider,
      compartmentId,
      name: displayName,
      kubernetesVersion: spec.kubernetesVersion,
      vcnId: region.vcn.id,
      // Enhanced: add-ons are declarative and CoreDNS customizations persist.
      type: "ENHANCED_CLUSTER",
      clusterPodNetworkOptions: [{ cniType: CNI_TYPE }],
      endpointConfig: {
        subnetId: region.subnets.apiEndpoint.id,
        nsgIds: [region.nsgs.apiEndpoint.id],
        isPublicIpEnabled: props.publicEndpoint ?? false,
      },
      options: {
        kubernetesNetworkConfig: { podsCidr: spec.podsCidr, servicesCidr: spec.servicesCidr },
        serviceLbSubnetIds: [region.subnets.internalLb.id],
        serviceLbConfig: { backendNsgIds: [region.nsgs.workers.id] },
      },
    });
    const endpoints = this.cluster.endpoints.get(0);
    this.privateEndpoint = endpoints.privateEndpoint;
    this.publicEndpoint = endpoints.publicEndpoint;
    // Only the CA leaves this stack (a local, so the cross-stack output is the CA alone).
    const kubeconfig = new DataOciContainerengineClusterKubeConfig(this, "kubeconfig", {
      provider,
      clusterId: this.cluster.id,
      tokenVersion: "2.0.0",
    });
    const clusterEntry = Fn.lookup(Fn.element(Fn.lookup(Fn.yamldecode(kubeconfig.content), "clusters"), 0), "cluster");
    this.caCertificate = new TerraformLocal(this, "ca-certificate", Fn.base64decode(Fn.lookup(clusterEntry, "certificate-authority-data"))).asString;

    if (!props.keepFlannel) {
      this.flannelOff = new ContainerengineAddon(this, "flannel-off", {
        provider,
        clusterId: this.cluster.id,
        addonName: "Flannel",
        overrideExisting: true,
        // Flannel is an essential add-on: never ask OCI to remove it on destroy.
        removeAddonResourcesOnDelete: false,
        configurations: [{ key: "nodeSelectors", value: JSON.stringify(FLANNEL_OFF_NODE_SELECTOR) }],
      });
    }

    const ads = new DataOciIdentityAvailabilityDomains(this, "availability-domains", { provider, compartmentId });
    // Node pools keep their construct ids (Terraform addresses); the image lookups live apart,
    // so no pool name can collide with them.
    const pools = new Construct(this, "node-pools");
    const lookups = new Construct(this, "node-images");
    const gateway = props.gatewayPool;
    const nsgsOf = (pool: NodePoolSpec) => (!gateway || pool === gateway ? [region.nsgs.workers.id, region.nsgs.mesh.id] : [region.nsgs.workers.id]);
    const labelsOf = (pool: NodePoolSpec) => [
      { key: "okemesh/pool", value: pool.name },
      ...Object.entries(pool === gateway ? gateway.labels : {}).map(([key, value]) => ({ key, value })),
    ];
    this.nodePools = [...spec.nodePools, ...(gateway ? [gateway] : [])].map((pool) => {
      const image: { id: string; lifecycle?: TerraformResourceLifecycle } = pool.image
        ? { id: pool.image }
        : newestImage(new Construct(lookups, pool.name), { provider, clusterId: this.cluster.id, pool, spec });
      const placement = TerraformIterator.fromList(ads.availabilityDomains);
      return new ContainerengineNodePool(pools, pool.name, {
        provider,
        // No node may ever start flannel (unless it is kept).
        dependsOn: this.flannelOff ? [this.flannelOff] : undefined,
        compartmentId,
        clusterId: this.cluster.id,
        name: `${displayName}-${pool.name}`,
        kubernetesVersion: spec.kubernetesVersion,
        nodeShape: pool.shape,
        ...(isFlexShape(pool.shape) ? { nodeShapeConfig: { ocpus: pool.ocpus, memoryInGbs: pool.memoryInGbs } } : {}),
        nodeSourceDetails: { sourceType: "IMAGE", imageId: image.id, bootVolumeSizeInGbs: String(pool.bootVolumeSizeInGbs) },
        nodeConfigDetails: {
          size: pool.size,
          nsgIds: nsgsOf(pool),
          nodePoolPodNetworkOptionDetails: { cniType: CNI_TYPE },
          placementConfigs: placement.dynamic({
            availability_domain: placement.getString("name"),
            subnet_id: region.subnets.workers.id,
            fault_domains: FAULT_DOMAINS,
          }),
        },
        initialNodeLabels: labelsOf(pool),
        // Image and version changes roll through the pool one node at a time.
        nodePoolCyclingDetails: { isNodeCyclingEnabled: true, maximumSurge: "1", maximumUnavailable: "0" },
        lifecycle: image.lifecycle,
      });
    });
  }
}

interface ImageLookup {
  readonly provider?: TerraformProvider;
  readonly clusterId: string;
  readonly pool: NodePoolSpec;
  readonly spec: RegionSpec;
}

/**
 * The newest (by build date) OKE Oracle Linux 8 image for the pool's version and shape, chosen
 * when the pool is created and then kept: `ignore_changes` on the image means a new Oracle image
 * never shows up in a plan by itself. The pool's `image` in the topology pins it explicitly
 * (and is how an upgrade rolls a new image). A precondition fails the plan if nothing matches.
 */
function newestImage(scope: Construct, l: ImageLookup): { id: string; lifecycle: TerraformResourceLifecycle } {
  const { pool, spec } = l;
  const options = new DataOciContainerengineNodePoolOption(scope, "options", {
    provider: l.provider,
    nodePoolOptionId: l.clusterId,
    nodePoolK8SVersion: spec.kubernetesVersion,
    nodePoolOsType: "OL",
    nodePoolOsArch: isArm(pool.shape) ? "AARCH64" : "X86_64",
  });
  // "<date>-<build>|<image id>" of every matching image: sorted, the last is the newest.
  const images = new TerraformLocal(
    scope,
    "images",
    `\${[for s in ${options.fqn}.sources : "\${regex("${IMAGE_DATE}", s.source_name)}|\${s.image_id}" if length(regexall("${imagePattern(pool, spec.kubernetesVersion)}", s.source_name)) > 0]}`,
  );
  return {
    id: Fn.try([Fn.element(Fn.split("|", Fn.element(Fn.reverse(Fn.sort(images.expression)), 0)), 1), ""]),
    lifecycle: {
      ignoreChanges: ["node_source_details[0].image_id"],
      precondition: [
        {
          condition: `\${length(${images.fqn}) > 0}`,
          errorMessage: `No OKE image for Kubernetes ${spec.kubernetesVersion} and shape ${pool.shape} in ${spec.ociRegion}: check kubernetesVersion and the pool's shape, or pin nodePools[].image.`,
        },
      ],
    },
  };
}
