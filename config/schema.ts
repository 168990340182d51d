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
  .refine((n) => n !== MESH_STACK_ID, `'${MESH_STACK_ID}' is the id of the mesh stack`);

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
});

export const apiEndpointSchema = z.strictObject({
  /** Give the Kubernetes API endpoint a public IP. Requires allowedCidrs. @default false */
  public: z.boolean().default(false),
  /** Client CIDRs allowed to reach the API endpoint on TCP 6443 (besides the cluster's own
   * nodes). Nothing else can reach it. @default [] */
  allowedCidrs: z.array(cidr).default([]),
});

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
  apiEndpoint: apiEndpointSchema.default({ public: false, allowedCidrs: [] }),
  /** Node pools of every region that does not list its own. @default one pool "workers" of 3 VM.Standard.E5.Flex (2 OCPU, 16 GB) */
  nodePools: z.array(nodePoolSchema).min(1).default(DEFAULT_NODE_POOLS),
  regions: z.array(regionSchema).min(1, "must list at least one region").max(255),
});

export type TopologyInput = z.input<typeof topologySchema>;
export type ParsedTopology = z.output<typeof topologySchema>;
export type ParsedRegion = z.output<typeof regionSchema>;
export type NodePoolSpec = z.output<typeof nodePoolSchema>;

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
