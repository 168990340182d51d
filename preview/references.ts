// What a synthesized string refers to: the references in its `${...}` and `%{...}` templates,
// found by cdktf's own HCL expression parser (@cdktf/hcl2json, Go HCL compiled to WASM), which
// knows for-expression variables and `$${` escapes.
import type * as Hcl2Json from "@cdktf/hcl2json";

/** hcl2json, loaded on the first parse: loading it starts its WebAssembly (Go HCL, gunzipped and
 * compiled as the module loads, about 0.4 s), which every okemesh command paid, --help included,
 * when it was imported at the top. V8 compiles WebAssembly twice, with its baseline compiler and
 * then again, in the background, with its optimizing one; for the few hundred expressions a
 * preview parses the second costs far more than it saves (300 expressions: 2.0 s of CPU and
 * 1.3 s of wall with it, 0.7 s and 0.7 s without), so it is turned off for this process first. */
let hcl2json: typeof Hcl2Json | undefined;
function loadHcl2json(): typeof Hcl2Json {
  (require("v8") as typeof import("v8")).setFlagsFromString("--liftoff-only");
  return require("@cdktf/hcl2json") as typeof Hcl2Json;
}
const getReferencesInExpression: typeof Hcl2Json.getReferencesInExpression = (file, expression) =>
  (hcl2json ??= loadHcl2json()).getReferencesInExpression(file, expression);

/** A reference that can change between two synths. Variables, `each`, `count`, `self`, `path`
 * and `terraform` cannot: they are the same inputs at plan time. */
export type Reference =
  /** `T.N.attr…`: `address` is `T.N`; `attribute` may start with a count/for_each key. */
  | { readonly kind: "resource"; readonly address: string; readonly attribute: readonly string[] }
  /** `data.T.N.attr…` */
  | { readonly kind: "data"; readonly address: string; readonly attribute: readonly string[] }
  | { readonly kind: "local"; readonly address: string }
  /** `data.terraform_remote_state.<input>.outputs.<output>`: another stack's output. */
  | { readonly kind: "remote"; readonly input: string; readonly output: string };

const FIXED_ROOTS = new Set(["var", "each", "count", "self", "path", "terraform", "module"]);

/** Whether a string can hold references at all. */
export const isTemplate = (s: string): boolean => s.includes("${") || s.includes("%{");

/** Parses one traversal as hcl2json prints it (`a.b.0."key".c`). */
export function referenceOf(traversal: string): Reference | undefined {
  const parts = traversal.split(".");
  const [root, type, name, ...rest] = parts;
  if (FIXED_ROOTS.has(root) || parts.length < 2) return undefined;
  if (root === "local") return { kind: "local", address: `local.${type}` };
  if (root === "data") {
    if (name === undefined) return undefined;
    if (type === "terraform_remote_state" && rest[0] === "outputs" && rest[1] !== undefined) {
      return { kind: "remote", input: name, output: rest[1] };
    }
    return { kind: "data", address: `data.${type}.${name}`, attribute: rest };
  }
  return { kind: "resource", address: `${root}.${type}`, attribute: parts.slice(2) };
}

const cache = new Map<string, Promise<readonly Reference[]>>();

async function parse(template: string): Promise<readonly Reference[]> {
  const found = await getReferencesInExpression("cdk.tf.json", template);
  const refs = found.map((r) => referenceOf(r.value)).filter((r): r is Reference => r !== undefined);
  // One entry per referenced thing, in a stable order.
  return [...new Map(refs.map((r) => [JSON.stringify(r), r])).values()];
}

/**
 * The references of every template among `strings`. Rejects, naming the string, when one does
 * not parse (Terraform would reject that configuration too).
 */
export async function referencesOf(strings: Iterable<string>): Promise<ReadonlyMap<string, readonly Reference[]>> {
  const unique = [...new Set(strings)].filter(isTemplate);
  const parsed = await Promise.all(
    unique.map(async (s) => {
      if (!cache.has(s)) cache.set(s, parse(s));
      try {
        return [s, await cache.get(s)!] as const;
      } catch (e) {
        cache.delete(s);
        throw new Error(`cannot parse the expression ${JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}…` : s)}: ${(e as Error).message}`);
      }
    }),
  );
  return new Map(parsed);
}
