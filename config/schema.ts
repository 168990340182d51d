// The topology file's shape: every key, its type and the grammar of every string. Defaults
// come from defaults.ts, limits from limits.ts; cross-field rules (overlaps, uniqueness,
// realms, sizes) live in rules/.
import { z } from "zod";
import { copyOf, DEFAULTS } from "./defaults";
import { MAX_CLUSTER_ID, MAX_REGIONS, MESH_RULES_PER_PEER, NSG_RULE_LIMIT } from "./limits";
import { CLUSTER_NAME, DNS_LABEL, HOSTNAME, IMAGE_REFERENCE, IPV4, OCI_PROFILE, ocid, PINNED_IMAGE, SHAPE, TFC_ORGANIZATION } from "./names";
import { JVM_SIZE, parseQuantity } from "./quantity";

/** The stack id of the stack that spans regions; no region may take it. */
export const MESH_STACK_ID = "mesh";

type Check = readonly [(value: string) => boolean, string];

/** A string that must pass every check, in order; only the first that fails is reported. */
function grammar(...checks: readonly Check[]) {
  return z.string().superRefine((value, ctx) => {
    const failed = checks.find(([ok]) => !ok(value));
    if (failed) ctx.addIssue({ code: "custom", message: failed[1], input: value });
  });
}
const matches = (re: RegExp) => (value: string) => re.test(value);

const regionName = grammar(
  [(n) => n.length <= 32, "must be at most 32 characters (Cilium cluster name)"],
  [matches(CLUSTER_NAME), "must be lower-case letters, digits and '-', starting and ending with a letter or digit (Cilium cluster name)"],
  // Each region is a Terraform provider alias in the mesh stack, and an identifier cannot
  // start with a digit (Terraform configuration syntax, "Identifiers").
  [(n) => /^[a-z]/.test(n), "must start with a letter: it is the region's Terraform provider alias, and an identifier cannot start with a digit"],
  [(n) => n !== "default", "'default' is reserved by Cilium"],
  [(n) => n !== MESH_STACK_ID, `'${MESH_STACK_ID}' is the id of the mesh stack`],
  // cluster.<name> is the region's DNS suffix; cluster.local is every cluster's own domain.
  [(n) => n !== "local", "'local' would make the DNS suffix cluster.local, every cluster's own domain"],
);

const KUBERNETES_VERSION = /^v1\.\d+\.\d+$/;
const kubernetesVersion = z.string().regex(KUBERNETES_VERSION, "must look like v1.34.2");

// CIDRs are strings here; the rules (rules/network.ts) check that they parse, so that every bad CIDR and
// every overlap is reported in the same run.
const cidr = z.string();

const ipv4 = z.string().regex(IPV4, "must be an IPv4 address such as 10.1.8.10");

const poolName = grammar([matches(/^[a-z0-9][-a-z0-9]{0,30}$/), "must be lower-case letters, digits and '-', at most 31 characters"]);

const IMAGE_OCID = ocid("image");

export const nodePoolSchema = z.strictObject({
  /** Node pool name, unique within the region. */
  name: poolName,
  /** Number of nodes, spread over the region's availability and fault domains. @default 3 */
  size: z.number().int().min(1).max(1000).default(DEFAULTS.nodePool.size),
  /** Compute shape. @default VM.Standard.E5.Flex */
  shape: z.string().regex(SHAPE, "must be an OCI compute shape such as VM.Standard.E5.Flex or BM.GPU.A10.4").default(DEFAULTS.nodePool.shape),
  /** OCPUs per node (Flex shapes only). @default 2 */
  ocpus: z.number().positive().max(114).default(DEFAULTS.nodePool.ocpus),
  /** Memory per node in GB (Flex shapes only). @default 16 */
  memoryInGbs: z.number().positive().max(1776).default(DEFAULTS.nodePool.memoryInGbs),
  /** Boot volume size in GB. @default 50 */
  bootVolumeSizeInGbs: z.number().int().min(50).max(32768).default(DEFAULTS.nodePool.bootVolumeSizeInGbs),
  /** OCID of the node image, pinned. @default the newest OKE image for the version and shape */
  image: z.string().regex(IMAGE_OCID, "must be an image OCID (ocid1.image.oc1.<region>.<id>)").optional(),
});

export const regionSchema = z.strictObject({
  /** Stack id, Cilium cluster.name and DNS suffix `cluster.<name>`. */
  name: regionName,
  /** OCI region identifier, e.g. eu-paris-1. */
  ociRegion: z.string().regex(/^[a-z]+(-[a-z]+)+-\d+$/, "must be an OCI region identifier such as eu-paris-1"),
  /** Realm of a region the built-in list does not know yet (e.g. oc1). @default from the built-in list */
  ociRealm: z
    .string()
    .regex(/^oc\d+$/, "must be a realm such as oc1")
    .optional(),
  /** Cilium cluster.id, 1-MAX_CLUSTER_ID, unique in the mesh. */
  clusterId: z.number().int().min(1).max(MAX_CLUSTER_ID),
  vcnCidr: cidr,
  podsCidr: cidr,
  servicesCidr: cidr,
  /** @default the topology's kubernetesVersion */
  kubernetesVersion: kubernetesVersion.optional(),
  /** @default the topology's nodePools */
  nodePools: z.array(nodePoolSchema).min(1).optional(),
  /** Coherence members in this cluster. @default coherence.replicas */
  coherenceReplicas: z.number().int().min(0).max(100).optional(),
  /** Private IPs of the internal NLBs, inside the internal-LB subnet. Only needed if OKE does
   * not honour the pinned-IP annotation: set them to the IPs it assigned.
   * @default the 10th (dns) and 11th (clustermesh) address of the internal-LB subnet */
  loadBalancerIps: z.strictObject({ dns: ipv4.optional(), clustermesh: ipv4.optional() }).optional(),
});

/** How terraform (and you) reach each cluster's Kubernetes API. */
export const API_ACCESS = ["private", "bastion", "public"] as const;
export type ApiAccess = (typeof API_ACCESS)[number];

export const apiEndpointSchema = z.strictObject({
  /** private: no public IP; the mesh stack is applied from a network that routes to the
   * private endpoints (a runner in a mesh VCN, VPN, FastConnect).
   * bastion: no public IP; an OCI Bastion per region, and the mesh stack's providers go
   * through a local SOCKS5 tunnel per region (ssh -D 127.0.0.1:<10800 + clusterId>).
   * public: a public IP that admits only allowedCidrs.
   * @default private */
  access: z.enum(API_ACCESS).default(DEFAULTS.apiEndpoint.access),
  /** Client CIDRs allowed to reach the API: TCP 6443 on the endpoint (private, public), or
   * the bastion sessions (bastion). Nothing else can reach it. @default [] */
  allowedCidrs: z.array(cidr).default(copyOf(DEFAULTS.apiEndpoint.allowedCidrs)),
});

const CILIUM_VERSION = /^1\.20\.\d+$/;

export const ciliumSchema = z.strictObject({
  /** Cilium Helm chart version (1.20.x: the values okemesh sets are checked against 1.20).
   * @default 1.20.0 */
  version: z.string().regex(CILIUM_VERSION, "must be a 1.20.x chart version such as 1.20.0").default(DEFAULTS.cilium.version),
  /** MTU of the Cilium devices. The inter-region path MTU is not documented, so the default
   * is the safe 1500; 0 lets Cilium detect it. @default 1500 */
  mtu: z
    .number()
    .int()
    .refine((m) => m === 0 || (m >= 1280 && m <= 9000), "must be 0 (auto) or 1280-9000")
    .default(DEFAULTS.cilium.mtu),
});

const dnsLabel = z.string().regex(DNS_LABEL, "must be a DNS label");

/** Memory of a container: a Kubernetes quantity of whole bytes. */
const memoryQuantity = grammar(
  [(q) => parseQuantity(q) !== undefined, "must be a Kubernetes quantity such as 3Gi"],
  [(q) => parseQuantity(q)?.suffix !== "milli", "uses 'm', which is milli in a Kubernetes quantity (thousandths of a byte): use Mi or Gi"],
  [(q) => (parseQuantity(q)?.value ?? 0) >= 1, "must be at least one byte"],
);

/** CPU of a container: cores (1, 0.5) or millicores (500m), never a byte size. */
const cpuQuantity = grammar(
  [(q) => parseQuantity(q) !== undefined, "must be a Kubernetes quantity such as 1 or 500m"],
  [(q) => ["none", "milli"].includes(parseQuantity(q)?.suffix ?? ""), "must be cores (1, 0.5) or millicores (500m), not a size"],
  [(q) => (parseQuantity(q)?.value ?? 0) >= 0.001, "must be at least 1m (a thousandth of a core)"],
);

const heapSize = grammar([matches(JVM_SIZE), "must look like 2g or 512m"], [(h) => !/^0+[a-zA-Z]$/.test(h), "must be more than 0"]);

export const coherenceSchema = z.strictObject({
  /** Stretch one Coherence data grid over every cluster. @default true */
  enabled: z.boolean().default(DEFAULTS.coherence.enabled),
  /** The Coherence cluster name, the same in every region. @default the topology's name */
  clusterName: dnsLabel.optional(),
  /** Namespace of the grid's members. @default coherence */
  namespace: dnsLabel.default(DEFAULTS.coherence.namespace),
  /** Namespace of the Coherence operator. @default coherence-operator */
  operatorNamespace: dnsLabel.default(DEFAULTS.coherence.operatorNamespace),
  /** Coherence operator Helm chart version. @default 3.5.14 */
  operatorVersion: z
    .string()
    .regex(/^3\.5\.\d+$/, "must be a 3.5.x chart version such as 3.5.14")
    .default(DEFAULTS.coherence.operatorVersion),
  /** Coherence image, pinned explicitly (a tag or digest, never latest). @default container-registry.oracle.com/middleware/coherence-ce:14.1.2-0-3 */
  image: grammar(
    [matches(IMAGE_REFERENCE), "must be a container image reference: registry/repository:tag or @sha256:digest, no spaces or '$', '%', '{'"],
    [matches(PINNED_IMAGE), "must name a tag or digest, e.g. repo/coherence-ce:14.1.2-0-3"],
    [(i) => !/:latest$/.test(i), "must be pinned, not :latest"],
  ).default(DEFAULTS.coherence.image),
  /** Members per cluster. @default 3 */
  replicas: z.number().int().min(1).max(100).default(DEFAULTS.coherence.replicas),
  /** JVM heap per member (sets initial and maximum heap). @default 2g */
  heapSize: heapSize.default(DEFAULTS.coherence.heapSize),
  /** Memory request and limit per member: heap plus headroom. @default 3Gi */
  memory: memoryQuantity.default(DEFAULTS.coherence.memory),
  /** CPU request per member (no CPU limit: throttling causes GC pauses and evictions). @default 1 */
  cpu: cpuQuantity.default(DEFAULTS.coherence.cpu),
});

/** How pods and nodes of different clusters reach each other. */
export const CONNECTIVITY = ["cilium", "submariner"] as const;
export type Connectivity = (typeof CONNECTIVITY)[number];
/** How a pod finds a service of another cluster by name. */
export const DISCOVERY = ["dns-chain", "mcs-api", "lighthouse"] as const;
export type Discovery = (typeof DISCOVERY)[number];
/** The discovery modes each connectivity can carry; the first is its default. */
export const DISCOVERY_OF: { readonly [C in Connectivity]: readonly Discovery[] } = {
  // dns-chain first: it works on every Kubernetes version okemesh accepts and needs nothing of
  // OKE's CoreDNS image but the forward and rewrite plugins (README, "Service discovery").
  cilium: ["dns-chain", "mcs-api"],
  submariner: ["lighthouse"],
};

/** A Kubernetes label key (optional DNS-subdomain prefix, then a name of at most 63 characters). */
const labelKey = z
  .string()
  .regex(
    /^(?:[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    "must be a Kubernetes label key such as app or app.kubernetes.io/name",
  );
const labelValue = z.string().regex(/^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, "must be a Kubernetes label value");

export const submarinerSchema = z.strictObject({
  /** Submariner Helm chart version (submariner-k8s-broker and submariner-operator; 0.18.x: the
   * values okemesh sets are checked against 0.18.1's). @default 0.18.1 */
  version: z
    .string()
    .regex(/^0\.18\.\d+$/, "must be a 0.18.x chart version such as 0.18.1")
    .default(DEFAULTS.submariner.version),
  /** Cable driver between the gateways. @default libreswan */
  cableDriver: z.enum(["libreswan", "wireguard"]).default(DEFAULTS.submariner.cableDriver),
  /** The region whose cluster hosts the broker; required with connectivity submariner (a default
   * would move the broker whenever a region that sorts first is added). */
  brokerRegion: regionName.optional(),
  /** The gateway node pool of every region (labelled submariner.io/gateway=true). @default 2 VM.Standard.E5.Flex (1 OCPU, 8 GB) */
  gateways: z
    .strictObject({
      /** Gateway nodes per region: one active, the others passive. @default 2 */
      size: z.number().int().min(1).max(3).default(DEFAULTS.submariner.gateways.size),
      shape: z.string().regex(SHAPE, "must be an OCI compute shape such as VM.Standard.E5.Flex").default(DEFAULTS.submariner.gateways.shape),
      ocpus: z.number().positive().max(114).default(DEFAULTS.submariner.gateways.ocpus),
      memoryInGbs: z.number().positive().max(1776).default(DEFAULTS.submariner.gateways.memoryInGbs),
      /** OCID of the gateways' node image, pinned (as nodePools[].image: how a Kubernetes upgrade
       * rolls a new image onto them). @default the newest OKE image, kept once the pool exists */
      image: z.string().regex(IMAGE_OCID, "must be an image OCID (ocid1.image.oc1.<region>.<id>)").optional(),
    })
    .prefault({}),
});

const servicePort = z.strictObject({
  /** Port name, required by Kubernetes when a Service has several. @default the protocol and port, e.g. tcp-80 */
  name: dnsLabel.optional(),
  port: z.number().int().min(1).max(65535),
  /** @default port */
  targetPort: z.number().int().min(1).max(65535).optional(),
  /** @default TCP */
  protocol: z.enum(["TCP", "UDP"]).default("TCP"),
});

/** A Service okemesh creates in every cluster, with the same name, namespace and selector, and
 * makes global: Cilium's global service (and, with a cluster-set discovery, a ServiceExport). */
export const globalServiceSchema = z.strictObject({
  name: dnsLabel,
  namespace: dnsLabel,
  /** Pods it selects in each cluster. */
  selector: z.record(labelKey, labelValue).refine((s) => Object.keys(s).length > 0, "must select at least one label"),
  ports: z.array(servicePort).min(1),
  /** This cluster's endpoints are offered to the others (service.cilium.io/shared). @default true */
  shared: z.boolean().default(true),
  /** Which endpoints a cluster prefers (service.cilium.io/affinity): none, local or remote. @default none */
  affinity: z.enum(["none", "local", "remote"]).default("none"),
});

const bucketName = z.string().regex(/^[A-Za-z0-9_.-]{1,256}$/, "must be an Object Storage bucket name");
const osNamespace = z.string().regex(/^[a-z0-9]{1,64}$/, "must be the tenancy's Object Storage namespace (oci os ns get)");
const stateRegion = z.string().regex(/^[a-z]+(-[a-z]+)+-\d+$/, "must be an OCI region identifier such as eu-frankfurt-1");
const keyPrefix = z.string().regex(/^[A-Za-z0-9_./-]*$/, "must be an object name prefix such as okemesh/australis/");

/** Where the stacks keep their state: one state per stack, a key per stack. */
export const stateSchema = z.discriminatedUnion("backend", [
  /** ./state/<stack>.tfstate beside the project: one person, one laptop. */
  z.strictObject({ backend: z.literal("local") }),
  /** Terraform's native OCI Object Storage backend (Terraform >= 1.12): locking by
   * conditional writes, encryption at rest by Object Storage (or kmsKeyId). */
  z.strictObject({
    backend: z.literal("oci"),
    bucket: bucketName,
    namespace: osNamespace,
    region: stateRegion,
    /** @default okemesh/<name>/ */
    keyPrefix: keyPrefix.optional(),
    /** Vault key that encrypts the state objects. @default Oracle-managed keys */
    kmsKeyId: z.string().regex(ocid("key"), "must be a key OCID (ocid1.key...)").optional(),
    /** Profile of ~/.oci/config. @default DEFAULT */
    configFileProfile: z.string().regex(OCI_PROFILE, "must be a profile name of ~/.oci/config such as DEFAULT").optional(),
    /** APIKey, InstancePrincipal, ResourcePrincipal, SecurityToken, ... @default APIKey */
    auth: z
      .enum(["APIKey", "InstancePrincipal", "InstancePrincipalWithCerts", "ResourcePrincipal", "SecurityToken", "OKEWorkloadIdentity"])
      .optional(),
  }),
  /** Object Storage through its Amazon S3 compatibility API, for Terraform < 1.12 (Oracle
   * calls this route deprecated). Credentials: a Customer Secret Key in AWS_ACCESS_KEY_ID /
   * AWS_SECRET_ACCESS_KEY, never in the topology. */
  z.strictObject({
    backend: z.literal("s3"),
    bucket: bucketName,
    namespace: osNamespace,
    region: stateRegion,
    /** @default okemesh/<name>/ */
    keyPrefix: keyPrefix.optional(),
    /** Lock with a lock object (use_lockfile, Terraform >= 1.10). @default true */
    lockfile: z.boolean().default(true),
  }),
  /** HCP Terraform (or Terraform Enterprise): one workspace per stack. Token in
   * TF_TOKEN_<host>, never in the topology. */
  z.strictObject({
    backend: z.literal("cloud"),
    organization: z.string().regex(TFC_ORGANIZATION, "must be an organization name: letters, digits, '.', '-' and '_'"),
    /** @default okemesh-<name>- */
    workspacePrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]*$/, "must be letters, digits, '-' and '_'")
      .optional(),
    /** @default app.terraform.io */
    hostname: z.string().regex(HOSTNAME, "must be a host name such as app.terraform.io").optional(),
  }),
]);

const REGION_LIMIT_REASON = `each region's mesh NSG holds ${MESH_RULES_PER_PEER} rules per peer, and OCI allows ${NSG_RULE_LIMIT} rules in one NSG`;

/** What the plan gate refuses to destroy or replace without an explicit override. */
export const PROTECTABLE = [
  "clusters",
  "nodePools",
  "vcns",
  "subnets",
  "drgs",
  "peerings",
  "bastions",
  "clustermeshCa",
  "cilium",
  "submariner",
] as const;

export const topologySchema = z.strictObject({
  /** The mesh; also the Coherence cluster name. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, "must be 2-32 lower-case letters, digits and '-', starting with a letter"),
  /** Supernet routed to the DRG in every VCN; must contain every vcnCidr, so adding a region
   * never changes an existing region's route tables. @default 10.0.0.0/8 */
  meshCidr: cidr.default(DEFAULTS.meshCidr),
  /** @default v1.34.2 */
  kubernetesVersion: kubernetesVersion.default(DEFAULTS.kubernetesVersion),
  /** @default private, no allowed CIDRs */
  apiEndpoint: apiEndpointSchema.prefault({}),
  /** @default 1.20.0, MTU 1500 */
  cilium: ciliumSchema.prefault({}),
  /** How clusters reach each other: cilium (Cluster Mesh, Cilium replaces flannel) or submariner
   * (flannel stays; IPsec or WireGuard between gateway nodes). @default cilium */
  connectivity: z.enum(CONNECTIVITY).default(DEFAULTS.connectivity),
  /** How pods find services of other clusters: dns-chain (`<svc>.<ns>.cluster.<region>`), mcs-api
   * (cilium; `clusterset.local`) or lighthouse (submariner; `clusterset.local`).
   * @default dns-chain with cilium, lighthouse with submariner */
  discovery: z.enum(DISCOVERY).optional(),
  /** Used with connectivity: submariner. @default chart 0.18.1, libreswan, 2 gateways per region */
  submariner: submarinerSchema.prefault({}),
  /** Services reachable from every cluster under one name. @default [] */
  globalServices: z.array(globalServiceSchema).default(copyOf(DEFAULTS.globalServices)),
  /** @default enabled, with the defaults of each field */
  coherence: coherenceSchema.prefault({}),
  /** Node pools of every region that does not list its own. @default one pool "workers" of 3 VM.Standard.E5.Flex (2 OCPU, 16 GB) */
  nodePools: z.array(nodePoolSchema).min(1).default(copyOf(DEFAULTS.nodePools)),
  state: stateSchema.default(copyOf(DEFAULTS.state)),
  /** Kinds of resources the plan gate protects from destroy and replace.
   * @default [clusters, nodePools, vcns, drgs, peerings, clustermeshCa, cilium, submariner] */
  protect: z.array(z.enum(PROTECTABLE)).default(copyOf(DEFAULTS.protect)),
  regions: z
    .array(regionSchema)
    .min(1, "must list at least one region")
    .max(MAX_REGIONS, `must list at most ${MAX_REGIONS} regions: ${REGION_LIMIT_REASON}`),
  /** Regions being removed: move a region's entry here from `regions` (okemesh destroys its part
   * of the mesh, then its stack), and delete it once its stack is destroyed. @default [] */
  retired: z.array(regionSchema).default(copyOf(DEFAULTS.retired)),
});
export type TopologyInput = z.input<typeof topologySchema>;
export type ParsedTopology = z.output<typeof topologySchema>;
export type ParsedRegion = z.output<typeof regionSchema>;
export type NodePoolSpec = z.output<typeof nodePoolSchema>;
export type CiliumSpec = z.output<typeof ciliumSchema>;
export type CoherenceInput = z.output<typeof coherenceSchema>;
export type StateSpec = z.output<typeof stateSchema>;
export type SubmarinerInput = z.output<typeof submarinerSchema>;
export type GlobalServiceSpec = z.output<typeof globalServiceSchema>;
export type Protectable = (typeof PROTECTABLE)[number];

/** Every key the schema knows, to suggest the nearest one for a typo. */
export function knownKeys(): string[] {
  const keys = new Set<string>();
  const walk = (s: z.ZodType): void => {
    const def = (
      s as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType } }
    ).def;
    if (def.shape) for (const [k, v] of Object.entries(def.shape)) (keys.add(k), walk(v));
    for (const inner of [def.element, def.innerType, def.in]) if (inner) walk(inner);
  };
  walk(topologySchema);
  return [...keys];
}
