// Reading a synthesized stack (cdk.tf.json): its provider configurations, what each one
import { regionOfStateId, regionStateId } from "../constructs/region-outputs";
// serves, the remote-state outputs it reads and the outputs other stacks read from it.

/** The parts of a cdk.tf.json the generator reads. */
export interface StackJson {
  readonly terraform?: { readonly required_providers?: Readonly<Record<string, unknown>> };
  readonly provider?: Readonly<Record<string, readonly { readonly alias?: string }[]>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  readonly output?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly locals?: Readonly<Record<string, unknown>>;
  readonly variable?: Readonly<Record<string, { readonly default?: unknown; readonly type?: string }>>;
}

export type TerraformBlock = Readonly<Record<string, unknown>>;

/** One resource or data source of a stack. */
export interface StackObject {
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** `oci`, `oci.c1`: the provider configuration it uses. */
  readonly provider: string;
  readonly body: TerraformBlock;
}

/** A generator input that does not fit what the generator knows: the test cannot be written. */
export class TftestError extends Error {}

/** Data sources built into Terraform: no provider to mock. */
const BUILT_IN = new Set(["terraform_remote_state"]);

/** The provider configuration an object uses (cdktf writes `provider = "oci.c1"`; none means
 * the default configuration of the type's provider). */
function providerOf(type: string, body: TerraformBlock): string {
  return typeof body.provider === "string" ? body.provider : type.split("_")[0];
}

/** Every resource and data source of the stack except Terraform's built-in ones, in the
 * stack's order. */
export function stackObjects(stack: StackJson): StackObject[] {
  const out: StackObject[] = [];
  for (const mode of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries(stack[mode] ?? {})) {
      if (BUILT_IN.has(type)) continue;
      for (const [name, body] of Object.entries(byName)) out.push({ mode, type, name, provider: providerOf(type, body), body });
    }
  }
  return out;
}

/** Provider configurations (`oci`, `oci.c1`, ...) of the stack: every `provider` block and
 * every default configuration an object relies on without a block, sorted. */
export function providerConfigs(stack: StackJson): string[] {
  const configs = new Set<string>();
  for (const [name, blocks] of Object.entries(stack.provider ?? {})) {
    for (const b of blocks) configs.add(b.alias ? `${name}.${b.alias}` : name);
  }
  for (const o of stackObjects(stack)) configs.add(o.provider);
  return [...configs].sort();
}

/** The remote-state data sources of a stack and, per data source, the output names the stack
 * reads from it (`data.terraform_remote_state.<x>.outputs.<name>` anywhere in the stack). */
export function remoteStateReads(stack: StackJson): Map<string, string[]> {
  const text = JSON.stringify(stack);
  const found = new Map<string, Set<string>>();
  for (const name of Object.keys(stack.data?.terraform_remote_state ?? {})) found.set(name, new Set());
  const pattern = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs(?:\.([A-Za-z0-9_-]+)|\[\\"([^"\\]+)\\"\])/g;
  for (const m of text.matchAll(pattern)) {
    const outputs = found.get(m[1]);
    if (!outputs) throw new TftestError(`the stack reads data.terraform_remote_state.${m[1]}, which it does not declare`);
    outputs.add(m[2] ?? m[3]);
  }
  return new Map([...found].map(([name, outputs]) => [name, [...outputs].sort()]));
}

/** The id of the stack a remote-state data source reads (the mesh names them after the region
 * stacks: constructs/region-exports.ts), checked against the app's stacks. */
export function producerOf(dataName: string, stacks: Readonly<Record<string, StackJson>>): string {
  const id = regionOfStateId(dataName);
  if (id === undefined || !stacks[id]) {
    throw new TftestError(`data.terraform_remote_state.${dataName}: no stack of the app produces it (expected ${regionStateId("<stack id>")})`);
  }
  return id;
}

/** The outputs of stack `id` that other stacks of the app read, sorted. */
export function outputsReadByOthers(id: string, stacks: Readonly<Record<string, StackJson>>): string[] {
  const names = new Set<string>();
  for (const [other, stack] of Object.entries(stacks)) {
    if (other === id) continue;
    for (const [dataName, outputs] of remoteStateReads(stack)) {
      if (producerOf(dataName, stacks) === id) outputs.forEach((o) => names.add(o));
    }
  }
  return [...names].sort();
}

/** The expression of an output, e.g. `${oci_core_drg.network_drg_173A33E3.id}`. */
export function outputExpression(stack: StackJson, stackId: string, name: string): string {
  const value = stack.output?.[name]?.value;
  if (value === undefined) throw new TftestError(`output ${name} is read from stack ${stackId}, which does not declare it`);
  if (typeof value !== "string") throw new TftestError(`output ${name} of stack ${stackId} is not a single expression`);
  return value;
}

/** A block nested once (cdktf writes single nested blocks as objects, repeated ones as lists). */
export function nested(body: TerraformBlock | undefined, key: string): TerraformBlock | undefined {
  const v = body?.[key];
  if (Array.isArray(v)) return v[0] as TerraformBlock | undefined;
  return v && typeof v === "object" ? (v as TerraformBlock) : undefined;
}
