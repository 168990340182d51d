// cdktf resolves a stack by handing every value of it to its token resolver
// (cdktf/lib/tokens/private/resolve.js in cdktf 0.21), which for each value, plain or not, joins
// its whole path into a string, makes a context with two closures and copies its options; and
// TerraformStack.toTerraform resolves every element and then the merged stack a second time. Most
// of a stack is plain data, and resolving it was 40 % of a synth. This switch walks the plain
// part itself and hands cdktf's resolver every value that is, or may hold, a token, at the same
// path, so what cdktf makes of it (and any error, with its path) is cdktf's own, and each token
// is produced once, in cdktf's order. Plain, here, is what cdktf's resolver copies unchanged:
// null, booleans, strings in which neither a token marker ("{TfToken[") nor anything cdktf would
// take for an encoded number occurs, and arrays and objects of Object's own kind. An array that
// holds a number or a string that is not plain, and an object with a key that is not plain, go
// to cdktf whole; numbers, functions, class instances and anything with a resolve method go to
// it one by one. The output is byte-identical: __tests__/support/synthesis.test.ts compares every
// topology file and generated meshes of every mode with cdktf as it is, plain-resolve.test.ts the
// edge cases. cdktf's stacks call the function through its module's exports
// (cdktf/lib/_tokens.js), which is what is replaced; if an upgrade of cdktf moves either
// function, this throws instead of silently doing nothing. OKEMESH_FULL_RESOLVE=1 leaves cdktf's
// resolve alone.
import { movedError } from "./cdktf-moved";

/** The environment variable that keeps cdktf's resolve for every value. */
export const FULL_RESOLVE_ENV = "OKEMESH_FULL_RESOLVE";

type StackResolve = (scope: unknown, obj: unknown, preparing?: boolean) => unknown;

interface ResolveOptions {
  readonly scope: unknown;
  readonly preparing: boolean;
  readonly resolver: unknown;
  readonly prefix: string[];
}

/** The parts of cdktf's internals the switch uses. */
export interface ResolveInternals {
  /** cdktf/lib/_tokens: the resolve TerraformStack calls for each element and for the stack. */
  readonly stack: { resolve: StackResolve };
  /** cdktf/lib/tokens/private/resolve: the resolver's own resolve, which takes a path. */
  readonly tokens: { resolve: (obj: unknown, options: ResolveOptions) => unknown };
}

const STACK_PATH = "cdktf/lib/_tokens";
const TOKENS_PATH = "cdktf/lib/tokens/private/resolve";
const originals = new WeakMap<object, StackResolve>();

const moved = movedError("plain-resolve.ts", FULL_RESOLVE_ENV);

function cdktfInternals(): ResolveInternals {
  try {
    // Plain requires of literal paths: the modules' own exports objects, the ones cdktf's modules
    // read (a bundler maps a literal path onto the module cdktf's own code requires).
    return { stack: require("cdktf/lib/_tokens"), tokens: require("cdktf/lib/tokens/private/resolve") };
  } catch (e) {
    throw moved(`cannot load ${STACK_PATH} or ${TOKENS_PATH} (${(e as Error).message.split("\n")[0]})`);
  }
}

/** A token marker: string, list and map tokens are `${TfToken[…]}`, `#{TfToken[…]}`, `&{TfToken[…]}`. */
const TOKEN_MARKER = "{TfToken[";
/** What cdktf's resolver looks at as a possibly encoded number in a string (its NUMBER_TOKEN_REGEX). */
const NUMBER_LIKE = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
/** The strings cdktf rejects in a scalar place: the placeholders of map tokens (cdktf's Token). */
const MAP_PLACEHOLDERS = new Set(["String Map Token Value", "Any Map Token Value"]);

const plainString = (s: string): boolean => !s.includes(TOKEN_MARKER) && !NUMBER_LIKE.test(s) && !MAP_PLACEHOLDERS.has(s);

/**
 * cdktf's stack resolve with the plain part of `obj` walked here: the same result, built with
 * `resolveAt` (cdktf's resolver at a path) for every part that is not plain.
 */
export function plainResolve(obj: unknown, resolveAt: (value: unknown, prefix: string[]) => unknown): unknown {
  // The path as a chain from the value up, made into cdktf's array only for what goes to cdktf
  // (copying the array for every value was a third of the walk).
  interface Path {
    readonly up: Path | undefined;
    readonly key: string;
  }
  const prefixOf = (path: Path | undefined): string[] => {
    const keys: string[] = [];
    for (let p = path; p; p = p.up) keys.push(p.key);
    return keys.reverse();
  };
  const walk = (value: unknown, path: Path | undefined, depth: number): unknown => {
    // cdktf's limit on depth (its guard against cycles), with its error.
    if (depth > 200) return resolveAt(value, prefixOf(path));
    switch (typeof value) {
      case "undefined":
        return undefined;
      case "boolean":
        return value;
      case "string":
        return plainString(value) ? value : resolveAt(value, prefixOf(path));
      case "object":
        break;
      default:
        // Numbers may be encoded tokens; functions and the rest are cdktf's to reject or keep.
        return resolveAt(value, prefixOf(path));
    }
    if (value === null) return null;
    if (Array.isArray(value)) {
      const plain =
        Object.getPrototypeOf(value) === Array.prototype && !value.some((x) => typeof x === "number" || (typeof x === "string" && !plainString(x)));
      if (!plain) return resolveAt(value, prefixOf(path));
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        // A hole is skipped, as cdktf's Array.map skips it (depth and all).
        if (!(i in value)) continue;
        const r = walk(value[i], { up: path, key: `${i}` }, depth + 1);
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    const proto = Object.getPrototypeOf(value);
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    const plain =
      (proto === Object.prototype || proto === null) &&
      typeof o.resolve !== "function" &&
      // What cdktf takes for a construct (and refuses to resolve).
      !(o._children !== undefined && o._metadata !== undefined) &&
      keys.every(plainString);
    if (!plain) return resolveAt(value, prefixOf(path));
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const r = walk(o[k], { up: path, key: k }, depth + 1);
      if (r !== undefined) out[k] = r;
    }
    return out;
  };
  return walk(obj, undefined, 0);
}

/** Turns the plain walk on, or leaves cdktf's resolve for every value (off). */
export function setPlainResolve(on: boolean, internals: ResolveInternals = cdktfInternals()): void {
  const { stack, tokens } = internals;
  if (typeof stack.resolve !== "function") throw moved(`${STACK_PATH} no longer exports resolve`);
  if (typeof tokens.resolve !== "function") throw moved(`${TOKENS_PATH} no longer exports resolve`);
  if (!originals.has(stack)) originals.set(stack, stack.resolve);
  const original = originals.get(stack)!;
  if (!on) {
    stack.resolve = original;
    return;
  }
  const { DefaultTokenResolver, Lazy, StringConcat, TerraformOutput, TerraformStack, Token } = require("cdktf") as typeof import("cdktf");
  const { Construct } = require("constructs") as typeof import("constructs");
  if (!MAP_PLACEHOLDERS.has(Token.STRING_MAP_TOKEN_VALUE) || !MAP_PLACEHOLDERS.has(Token.ANY_MAP_TOKEN_VALUE)) {
    throw moved("the placeholders of map tokens (Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE) changed");
  }
  // What cdktf/lib/_tokens resolves with: a default resolver, string concatenation.
  const resolver = new DefaultTokenResolver(new StringConcat());
  let calls = 0;
  // No second try on an error: cdktf's resolver, called at the value's path, throws cdktf's own
  // error, and a token is never produced twice.
  stack.resolve = (scope, obj, preparing = false) => {
    calls++;
    return plainResolve(obj, (value, prefix) => tokens.resolve(value, { scope, preparing, resolver, prefix }));
  };
  // The check on the spot: a stack (under a bare construct: no app, nothing written) resolves
  // through the replaced function, and a token in it. Its token is one more in cdktf's registry,
  // as the token-trace switch's check makes one.
  const probe = new TerraformStack(new Construct(undefined as never, ""), "okemesh-probe");
  new TerraformOutput(probe, "probe", { value: { a: ["b", Lazy.stringValue({ produce: () => "c" })] } });
  const before = calls;
  const value = (probe.toTerraform() as { output?: Record<string, { value?: unknown }> }).output?.probe?.value;
  const broken =
    calls === before
      ? `TerraformStack no longer resolves through ${STACK_PATH}`
      : JSON.stringify(value) !== '{"a":["b","c"]}'
        ? `${STACK_PATH}'s resolve no longer resolves a value as it did`
        : undefined;
  if (broken) {
    stack.resolve = original;
    throw moved(broken);
  }
}

/** The switch every entry point applies first: the plain walk unless OKEMESH_FULL_RESOLVE=1. */
export function applyPlainResolveSwitch(env: NodeJS.ProcessEnv): void {
  setPlainResolve(env[FULL_RESOLVE_ENV] !== "1");
}
