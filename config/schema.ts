// The topology file's shape: every key, its type and its default. Cross-field rules
// (overlaps, uniqueness, realms, sizes) live in rules.ts.
import { z } from "zod";

/** Cilium's rule for cluster names (chart validate.yaml and agent): <= 32 chars,
 * lower-case alphanumerics and '-', alphanumeric at both ends. */
const CLUSTER_NAME = /^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/;
const KUBERNETES_VERSION = /^v1\.\d+\.\d+$/;

/** The stack id of the stack that spans regions; no region may take it. */
export const MESH_STACK_ID = "mesh";

const regionName = z
  .string()
  .max(32, "must be at most 32 characters (Cilium cluster name)")
  .regex(CLUSTER_NAME, "must be lower-case letters, digits and '-', starting and ending with a letter or digit (Cilium cluster name)")
  .refine((n) => n !== "default", "'default' is reserved by Cilium")
  .refine((n) => n !== MESH_STACK_ID, `'${MESH_STACK_ID}' is the id of the mesh stack`)
  // cluster.<name> is the region's DNS suffix; cluster.local is every cluster's own domain.
  .refine((n) => n !== "local", "'local' would make the DNS suffix cluster.local, every cluster's own domain");

const kubernetesVersion = z.string().regex(KUBERNETES_VERSION, "must look like v1.34.2");

// CIDRs are strings here; rules.ts checks that they parse, so that every bad CIDR and
// every overlap is reported in the same run.
const cidr = z.string();

export const nodePoolSchema = z.strictObject({
  /** Node pool name, unique within the region. */
  name: z.string().regex(/^[a-z0-9][-a-z0-9]{0,30}$/, "must be lower-case letters, digits and '-', at most 31 characters"),
  /** Number of nodes, spread over the region's availability and fault domains. @default 3 */
  size: z.number().int().min(1).max(1000).default(3),
  /** Compute shape. @default VM.Standard.E5.Flex */
  shape: z.string().min(1).default("VM.Standard.E5.Flex"),
  /** OCPUs per node (Flex shapes only). @default 2 */
  ocpus: z.number().positive().max(114).default(2),
  /** Memory per node in GB (Flex shapes only). @default 16 */
  memoryInGbs: z.number().positive().max(1776).default(16),
  /** OCI image OCID of the nodes. Pins the image: it changes only when this does. @default the
   * newest OKE Oracle Linux 8 image for the version and shape when the pool is created, then kept */
  image: z.string().regex(/^ocid1\.image\.oc[0-9]+\.[a-z0-9-]*(\.[a-z0-9-]*)?\.[a-z0-9]+$/, "must be an image OCID (ocid1.image.oc1.<region>.<id>)").optional(),
  /** Boot volume size in GB. @default 50 */
  bootVolumeSizeInGbs: z.number().int().min(50).max(32768).default(50),
});

const DEFAULT_NODE_POOLS = [{ name: "workers", size: 3, shape: "VM.Standard.E5.Flex", ocpus: 2, memoryInGbs: 16, bootVolumeSizeInGbs: 50 }];

export const regionSchema = z.strictObject({
  /** Stack id, Cilium cluster.name and DNS suffix `cluster.<name>`. */
  name: regionName,
  /** OCI region identifier, e.g. eu-paris-1. */
  ociRegion: z.string().regex(/^[a-z]+(-[a-z]+)+-\d+$/, "must be an OCI region identifier such as eu-paris-1"),
  /** Realm of a region the built-in list does not know yet (e.g. oc1). @default from the built-in list */
  ociRealm: z.string().regex(/^oc\d+$/, "must be a realm such as oc1").optional(),
  /** Cilium cluster.id, 1-255, unique in the mesh. */
  clusterId: z.number().int().min(1).max(255),
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
  loadBalancerIps: z.strictObject({ dns: z.string().optional(), clustermesh: z.string().optional() }).optional(),
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
  access: z.enum(API_ACCESS).default("private"),
  /** Client CIDRs allowed to reach the API: TCP 6443 on the endpoint (private, public), or
   * the bastion sessions (bastion). Nothing else can reach it. @default [] */
  allowedCidrs: z.array(cidr).default([]),
});

const CILIUM_VERSION = /^1\.20\.\d+$/;

export const ciliumSchema = z.strictObject({
  /** Cilium Helm chart version (1.20.x: the values okemesh sets are checked against 1.20).
   * @default 1.20.0 */
  version: z.string().regex(CILIUM_VERSION, "must be a 1.20.x chart version such as 1.20.0").default("1.20.0"),
  /** MTU of the Cilium devices. The inter-region path MTU is not documented, so the default
   * is the safe 1500; 0 lets Cilium detect it. @default 1500 */
  mtu: z.number().int().refine((m) => m === 0 || (m >= 1280 && m <= 9000), "must be 0 (auto) or 1280-9000").default(1500),
});

const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/;
const HEAP = /^\d+[mgMG]$/;

export const coherenceSchema = z.strictObject({
  /** Stretch one Coherence data grid over every cluster. @default true */
  enabled: z.boolean().default(true),
  /** The Coherence cluster name, the same in every region. @default the topology's name */
  clusterName: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS label").optional(),
  /** Namespace of the grid's members. @default coherence */
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS label").default("coherence"),
  /** Namespace of the Coherence operator. @default coherence-operator */
  operatorNamespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS label").default("coherence-operator"),
  /** Coherence operator Helm chart version. @default 3.5.14 */
  operatorVersion: z.string().regex(/^3\.5\.\d+$/, "must be a 3.5.x chart version such as 3.5.14").default("3.5.14"),
  /** Coherence image, pinned explicitly (a tag or digest, never latest). @default container-registry.oracle.com/middleware/coherence-ce:14.1.2-0-3 */
  image: z
    .string()
    .regex(/^[^\s:@]+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/, "must name a tag or digest, e.g. repo/coherence-ce:14.1.2-0-3")
    .refine((i) => !/:latest$/.test(i), "must be pinned, not :latest")
    .default("container-registry.oracle.com/middleware/coherence-ce:14.1.2-0-3"),
  /** Members per cluster. @default 3 */
  replicas: z.number().int().min(1).max(100).default(3),
  /** JVM heap per member (sets initial and maximum heap). @default 2g */
  heapSize: z.string().regex(HEAP, "must look like 2g or 512m").default("2g"),
  /** Memory request and limit per member: heap plus headroom. @default 3Gi */
  memory: z.string().regex(QUANTITY, "must be a Kubernetes quantity such as 3Gi").default("3Gi"),
  /** CPU request per member (no CPU limit: throttling causes GC pauses and evictions). @default 1 */
  cpu: z.string().regex(QUANTITY, "must be a Kubernetes quantity such as 1 or 500m").default("1"),
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
    kmsKeyId: z.string().regex(/^ocid1\.key\./, "must be a key OCID (ocid1.key...)").optional(),
    /** Profile of ~/.oci/config. @default DEFAULT */
    configFileProfile: z.string().min(1).optional(),
    /** APIKey, InstancePrincipal, ResourcePrincipal, SecurityToken, ... @default APIKey */
    auth: z.enum(["APIKey", "InstancePrincipal", "InstancePrincipalWithCerts", "ResourcePrincipal", "SecurityToken", "OKEWorkloadIdentity"]).optional(),
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
    organization: z.string().min(1),
    /** @default okemesh-<name>- */
    workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, "must be letters, digits, '-' and '_'").optional(),
    /** @default app.terraform.io */
    hostname: z.string().min(1).optional(),
  }),
]);

/** What the plan gate refuses to destroy or replace without an explicit override. */
export const PROTECTABLE = ["clusters", "nodePools", "vcns", "subnets", "drgs", "peerings", "bastions", "clustermeshCa", "cilium"] as const;

export const topologySchema = z.strictObject({
  /** The mesh; also the Coherence cluster name. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, "must be 2-32 lower-case letters, digits and '-', starting with a letter"),
  /** Supernet routed to the DRG in every VCN; must contain every vcnCidr, so adding a region
   * never changes an existing region's route tables. @default 10.0.0.0/8 */
  meshCidr: cidr.default("10.0.0.0/8"),
  /** @default v1.34.2 */
  kubernetesVersion: kubernetesVersion.default("v1.34.2"),
  apiEndpoint: apiEndpointSchema.default({ access: "private", allowedCidrs: [] }),
  cilium: ciliumSchema.default({ version: "1.20.0", mtu: 1500 }),
  coherence: coherenceSchema.default(() => coherenceSchema.parse({})),
  /** Node pools of every region that does not list its own. @default one pool "workers" of 3 VM.Standard.E5.Flex (2 OCPU, 16 GB) */
  nodePools: z.array(nodePoolSchema).min(1).default(DEFAULT_NODE_POOLS),
  state: stateSchema.default({ backend: "local" }),
  /** Kinds of resources the plan gate protects from destroy and replace.
   * @default [clusters, nodePools, vcns, drgs, peerings] */
  protect: z.array(z.enum(PROTECTABLE)).default(["clusters", "nodePools", "vcns", "drgs", "peerings", "clustermeshCa", "cilium"]),
  regions: z.array(regionSchema).min(1, "must list at least one region").max(255),
  /** Regions being removed: move a region's entry here from `regions` (okemesh destroys its part
   * of the mesh, then its stack), and delete it once its stack is destroyed. @default [] */
  retired: z.array(regionSchema).default([]),
});

export type TopologyInput = z.input<typeof topologySchema>;
export type ParsedTopology = z.output<typeof topologySchema>;
export type ParsedRegion = z.output<typeof regionSchema>;
export type NodePoolSpec = z.output<typeof nodePoolSchema>;
export type CiliumSpec = z.output<typeof ciliumSchema>;
export type CoherenceInput = z.output<typeof coherenceSchema>;
export type StateSpec = z.output<typeof stateSchema>;
export type Protectable = (typeof PROTECTABLE)[number];

/** Every key the schema knows, to suggest the nearest one for a typo. */
export function knownKeys(): string[] {
  const keys = new Set<string>();
  const walk = (s: z.ZodType): void => {
    const def = (s as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType } }).def;
    if (def.shape) for (const [k, v] of Object.entries(def.shape)) (keys.add(k), walk(v));
    for (const inner of [def.element, def.innerType, def.in]) if (inner) walk(inner);
  };
  walk(topologySchema);
  return [...keys];
}
