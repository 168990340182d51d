// The mocks of a test file: one mock_provider per provider configuration of the stack, with
// defaults for the computed values the configuration reads, and overrides for the remote
// state (the outputs other stacks produce) and the load balancers' status.
import { RegionSpec, Topology } from "../config/topology";
import { Expr, HclBlock, HclValue, keyword, ref } from "./hcl";
import {
  nested,
  outputExpression,
  producerOf,
  providerConfigs,
  remoteStateReads,
  StackJson,
  stackObjects,
  TerraformBlock,
  TftestError,
} from "./stack";
import {
  availabilityDomains,
  clusterEndpoints,
  kubeconfig,
  ocid,
  oracleServicesNetwork,
  privateEndpoint,
  publicEndpoint,
  regionImages,
  TEST_CA_PEM,
} from "./values";

export interface MockContext {
  readonly stackId: string;
  readonly stacks: Readonly<Record<string, StackJson>>;
  readonly topology: Topology;
  readonly availabilityDomains: number;
}

/** Every region with a stack: the live ones and the retired ones (whose stacks are emptied). */
const allRegions = (ctx: MockContext): readonly RegionSpec[] => [...ctx.topology.regions, ...ctx.topology.retired];

/** Whether `name` is a retired region: its stack declares nothing, and the mesh reads it leniently. */
export const isRetired = (name: string, topology: Topology): boolean => topology.retired.some((r) => r.name === name);

/** The region a provider configuration serves: its alias (the mesh stack's aliases are region
 * names) or, for a default configuration, the stack's own region. */
export function regionOf(config: string, ctx: MockContext): RegionSpec | undefined {
  const name = config.split(".")[1] ?? ctx.stackId;
  return allRegions(ctx).find((r) => r.name === name);
}

export function regionNamed(name: string, ctx: MockContext): RegionSpec {
  const region = allRegions(ctx).find((r) => r.name === name);
  const names = allRegions(ctx)
    .map((r) => r.name)
    .join(", ");
  if (!region) throw new TftestError(`stack ${name} is not a region of the topology (regions: ${names})`);
  return region;
}

/** What an output of a region stack carries, from its expression. */
export type OutputKind =
  | { readonly kind: "id"; readonly type: string; readonly name: string }
  | { readonly kind: "privateEndpoint" | "publicEndpoint" | "caCertificate" }
  | { readonly kind: "attribute"; readonly attribute: string }
  /** An attribute the configuration sets to a literal: a mock keeps configured values. */
  | { readonly kind: "configured"; readonly value: string };

export function outputKind(stack: StackJson, stackId: string, output: string): OutputKind {
  const expression = outputExpression(stack, stackId, output);
  const local = /^\$\{local\.([A-Za-z0-9_-]+)\}$/.exec(expression);
  if (local && JSON.stringify(stack.locals?.[local[1]] ?? "").includes("certificate-authority-data")) return { kind: "caCertificate" };
  const attribute = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(.+)\}$/.exec(expression);
  if (!attribute) throw new TftestError(`output ${output} of stack ${stackId} (${expression}): no mock value for this kind of output`);
  const [, type, name, path] = attribute;
  if (path === "id") return { kind: "id", type, name };
  if (path === "endpoints[0].private_endpoint") return { kind: "privateEndpoint" };
  if (path === "endpoints[0].public_endpoint") return { kind: "publicEndpoint" };
  const configured = stack.resource?.[type]?.[name]?.[path];
  if (typeof configured === "string" && !/[$%]\{/.test(configured)) return { kind: "configured", value: configured };
  return { kind: "attribute", attribute: path };
}

/** The value a region stack's output has once applied (what the mesh stack reads). */
export function outputValue(kind: OutputKind, region: RegionSpec): string {
  switch (kind.kind) {
    case "id":
      return ocid(kind.type, region, kind.name);
    case "privateEndpoint":
      return privateEndpoint(region);
    case "publicEndpoint":
      return publicEndpoint(region);
    case "caCertificate":
      return TEST_CA_PEM;
    case "attribute":
      return `${region.name}-${kind.attribute}`;
    case "configured":
      return kind.value;
  }
}

const CLUSTER = "oci_containerengine_cluster";

/** The OCID of the stack's (first) OKE cluster: the kubeconfig names it too. */
function clusterId(ctx: MockContext, region: RegionSpec): string {
  const name = Object.keys(ctx.stacks[ctx.stackId].resource?.[CLUSTER] ?? {})[0] ?? "cluster";
  return ocid(CLUSTER, region, name);
}

/** mock_data defaults of the data sources the stacks read, for a region. */
function dataDefaults(type: string, region: RegionSpec, ctx: MockContext): Record<string, HclValue> | undefined {
  switch (type) {
    case "oci_identity_availability_domains":
      return { availability_domains: availabilityDomains(region, ctx.availabilityDomains) };
    case "oci_core_services":
      return { services: [oracleServicesNetwork(region)] };
    case "oci_containerengine_cluster_kube_config":
      return { content: kubeconfig(region, clusterId(ctx, region)) };
    case "oci_containerengine_node_pool_option":
      return { sources: regionImages(region) };
  }
  return undefined;
}

/** What the token controller writes into a service-account-token Secret (the one okemesh waits
 * for with wait_for_service_account_token): its keys, with test values. */
const SERVICE_ACCOUNT_TOKEN_DATA = { token: "test-service-account-token", "ca.crt": TEST_CA_PEM };

/** mock_resource defaults of the computed values the stacks read: the cluster's id and API
 * endpoints (mocks leave nested computed lists empty, and endpoints[0] is read), and a
 * service-account-token Secret's data. */
function resourceDefaults(type: string, body: TerraformBlock, region: RegionSpec, ctx: MockContext): Record<string, HclValue> | undefined {
  if (type === "kubernetes_secret_v1" && body.type === "kubernetes.io/service-account-token") return { data: SERVICE_ACCOUNT_TOKEN_DATA };
  if (type !== CLUSTER) return undefined;
  return { id: clusterId(ctx, region), endpoints: clusterEndpoints(region, nested(body, "endpoint_config")?.is_public_ip_enabled === true) };
}

/** mock_data and mock_resource blocks of one provider configuration serving `region`. */
function mocksOf(config: string, region: RegionSpec, ctx: MockContext): HclBlock[] {
  const mocks = new Map<string, HclBlock>();
  for (const o of stackObjects(ctx.stacks[ctx.stackId])) {
    const key = `${o.mode}:${o.type}`;
    if (o.provider !== config || mocks.has(key)) continue;
    const defaults = o.mode === "data" ? dataDefaults(o.type, region, ctx) : resourceDefaults(o.type, o.body, region, ctx);
    if (defaults) mocks.set(key, { type: o.mode === "data" ? "mock_data" : "mock_resource", labels: [o.type], attributes: { defaults } });
  }
  return [...mocks.values()];
}

/** One mock_provider per provider configuration. */
export function mockProviders(ctx: MockContext): HclBlock[] {
  return providerConfigs(ctx.stacks[ctx.stackId]).map((config) => {
    const [type, alias] = config.split(".");
    const region = regionOf(config, ctx);
    const attributes: Record<string, HclValue> = alias ? { alias } : {};
    return { type: "mock_provider", labels: [type], attributes, blocks: region ? mocksOf(config, region, ctx) : [] };
  });
}

/** The OCIDs of the resources whose ids other stacks read, one per resource (mocks would give
 * every resource of a type the same one): the values those stacks' remote state carries. */
export function exportedIdOverrides(ctx: MockContext, exported: readonly string[]): HclBlock[] {
  const stack = ctx.stacks[ctx.stackId];
  const ids = new Map<string, HclBlock>();
  for (const kind of exported.map((o) => outputKind(stack, ctx.stackId, o))) {
    if (kind.kind !== "id" || kind.type === CLUSTER) continue;
    const region = regionNamed(ctx.stackId, ctx);
    ids.set(`${kind.type}.${kind.name}`, override("override_resource", ref(kind.type, kind.name), { id: ocid(kind.type, region, kind.name) }));
  }
  return [...ids.values()];
}

/** override_data for every remote state the stack reads: exactly the outputs it reads, with
 * the values the producing region stack would have. A retired region's stack has none left
 * (it is emptied after the mesh lets go of it): the mesh must still plan, reading "" through
 * try() (constructs/region-exports.ts importRegion, lenient). */
export function remoteStateOverrides(ctx: MockContext): HclBlock[] {
  return [...remoteStateReads(ctx.stacks[ctx.stackId])].map(([dataName, outputs]) => {
    const producer = producerOf(dataName, ctx.stacks);
    if (isRetired(producer, ctx.topology)) return override("override_data", ref("data", "terraform_remote_state", dataName), { outputs: {} });
    const region = regionNamed(producer, ctx);
    const values = Object.fromEntries(outputs.map((o) => [o, outputValue(outputKind(ctx.stacks[producer], producer, o), region)]));
    return override("override_data", ref("data", "terraform_remote_state", dataName), { outputs: values });
  });
}

export interface LoadBalancerService {
  readonly name: string;
  /** The IP the load balancer gets: the address its annotation asks for (the reserved IP). */
  readonly ip: string;
}

/** The annotation by which a Service asks OKE for its reserved private IP (constructs/internal-nlb.ts). */
export const RESERVED_IP_ANNOTATION = "oci.oraclecloud.com/reserved-private-ips";

/** The address an annotation value names: a literal, or a region output (remote state) whose
 * value the region stack configures as a literal (its reserved private IP). */
function addressOf(value: unknown, stacks: Readonly<Record<string, StackJson>>): string | undefined {
  if (typeof value !== "string") return undefined;
  if (/^[0-9.]+$/.test(value)) return value;
  const read = /^\$\{data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_]+)\}$/.exec(value);
  if (!read) return undefined;
  const producer = producerOf(read[1], stacks);
  const kind = outputKind(stacks[producer], producer, read[2]);
  return kind.kind === "configured" ? kind.value : undefined;
}

/** The stack's Services of type LoadBalancer that ask for a reserved IP. */
export function loadBalancerServices(stack: StackJson, stacks: Readonly<Record<string, StackJson>>): LoadBalancerService[] {
  return Object.entries(stack.resource?.kubernetes_service_v1 ?? {}).flatMap(([name, body]) => {
    const ip = addressOf((nested(nested(body, "metadata"), "annotations") ?? {})[RESERVED_IP_ANNOTATION], stacks);
    return nested(body, "spec")?.type === "LoadBalancer" && ip ? [{ name, ip }] : [];
  });
}

/** An override_resource or override_data block; `duringPlan` makes its values known while
 * planning (Terraform >= 1.11, hashicorp/terraform#36227), for runs that only plan. Only for
 * such runs: an applied run would see the mock's other computed values change between plan
 * and apply ("Provider produced inconsistent final plan"). */
export function override(type: "override_resource" | "override_data", target: Expr, values: HclValue, duringPlan = false): HclBlock {
  return { type, attributes: { target, ...(duringPlan ? { override_during: keyword("plan") } : {}), values } };
}

/** The load-balancer status a Service gets when the OCI CCM assigns it `ip`. */
export function serviceStatus(service: LoadBalancerService, ip: string, duringPlan = false): HclBlock {
  const status = [{ load_balancer: [{ ingress: [{ ip, hostname: "" }] }] }];
  return override("override_resource", ref("kubernetes_service_v1", service.name), { status }, duringPlan);
}
