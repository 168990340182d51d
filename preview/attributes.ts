// The arguments of a resource as cdktf writes them (blocks as objects or arrays, dynamic blocks
// as `dynamic.<block>.content`), flattened into leaves that two synths can be compared on.

/** A list index (number) or an object key. */
export type Segment = string | number;

export interface Leaf {
  /** Where the value sits in cdk.tf.json, with list indexes. */
  readonly path: readonly Segment[];
  /** The argument path as the providers' facts spell it: names only, no indexes, dynamic blocks
   * unwrapped (`node_config_details.placement_configs.subnet_id`). */
  readonly key: string;
  readonly base: unknown;
  readonly next: unknown;
  /** The written values differ (structurally). */
  readonly textChanged: boolean;
}

/** Terraform meta-arguments and cdktf's metadata: not arguments of the resource. */
export const META_ARGUMENTS = new Set(["//", "provider", "depends_on", "lifecycle", "count", "for_each", "provisioner", "connection"]);

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const holdsObjects = (v: unknown) => Array.isArray(v) && v.some(isObject);

/** Structural equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

/** The facts' spelling of a path: indexes dropped, `dynamic.B.content.x` read as `B.x`. */
export function keyOf(path: readonly Segment[]): string {
  const names: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const s = path[i];
    if (typeof s === "number") continue;
    if (s === "dynamic" && i + 1 < path.length) {
      names.push(String(path[i + 1]));
      if (path[i + 2] !== "content") break; // for_each / iterator: the block as a whole
      i += 2;
      continue;
    }
    names.push(s);
  }
  return names.join(".");
}

/** `key` is `prefix` or lies inside it. */
export const isWithin = (key: string, prefix: string): boolean => key === prefix || key.startsWith(`${prefix}.`);

/** Every leaf of the union of two argument trees: primitives, lists of primitives and maps'
 * values; blocks (objects, lists of objects) are descended, a block written as an object on one
 * side and a list on the other is read as a list of one. */
export function leavesOf(base: unknown, next: unknown, path: Segment[] = [], skip: ReadonlySet<string> = META_ARGUMENTS): Leaf[] {
  if (isObject(base) || isObject(next)) {
    if (holdsObjects(base) || holdsObjects(next))
      return leavesOf(Array.isArray(base) ? base : [base], Array.isArray(next) ? next : [next], path, skip);
    if ((base === undefined || isObject(base)) && (next === undefined || isObject(next))) {
      const keys = [...new Set([...Object.keys(base ?? {}), ...Object.keys(next ?? {})])].filter((k) => !(path.length === 0 && skip.has(k)));
      return keys.sort().flatMap((k) => leavesOf((base as JsonObject | undefined)?.[k], (next as JsonObject | undefined)?.[k], [...path, k], skip));
    }
  } else if (holdsObjects(base) || holdsObjects(next)) {
    const [b, n] = [Array.isArray(base) ? base : [], Array.isArray(next) ? next : []];
    return Array.from({ length: Math.max(b.length, n.length) }, (_, i) => leavesOf(b[i], n[i], [...path, i], skip)).flat();
  }
  if (base === undefined && next === undefined) return [];
  return [{ path, key: keyOf(path), base, next, textChanged: !sameJson(base, next) }];
}

/** The value at a raw path. */
export function valueAt(tree: unknown, path: readonly Segment[]): unknown {
  let v: unknown = tree;
  for (const s of path) {
    if (typeof s === "number") v = Array.isArray(v) ? v[s] : s === 0 ? v : undefined;
    else v = isObject(v) ? v[s] : undefined;
  }
  return v;
}

/** The raw prefix of `path` that spells the facts' path `key` (a prefix of `keyOf(path)`). */
export function rawPrefix(path: readonly Segment[], key: string): readonly Segment[] {
  for (let end = 1; end <= path.length; end++) {
    if (keyOf(path.slice(0, end)) === key && typeof path[end] !== "number") return path.slice(0, end);
  }
  return path;
}

/** How many elements a block at a facts path has (`dynamic` when a dynamic block writes it:
 * its count is only known at plan time). */
export function elementCount(tree: unknown, key: string): number | "dynamic" {
  let items: unknown[] = [tree];
  for (const name of key.split(".")) {
    const children: unknown[] = [];
    for (const item of items.flatMap((i) => (Array.isArray(i) ? i : [i])).filter(isObject)) {
      if (isObject(item.dynamic) && name in item.dynamic) return "dynamic";
      if (item[name] !== undefined) children.push(item[name]);
    }
    items = children;
  }
  return items.reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
}

/** Every string in a JSON value (for reference lookup), in document order. */
export function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, into);
  else if (isObject(value)) for (const v of Object.values(value)) stringsIn(v, into);
  return into;
}
