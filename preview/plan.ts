// The prediction: every resource of two synths paired by address (and `moved` blocks), then a
// fixed point over "this value changes at plan time": a reference to a resource being created or
// replaced is unknown, so a force-new argument holding it replaces its resource too, through
// locals, data sources and, across stacks, region outputs read by terraform_remote_state.
import { isWithin, Leaf, leavesOf, sameJson } from "./attributes";
import { ForceNewFacts } from "./facts";
import { Reference, referenceOf } from "./references";
import { ChangedLeaf, ForcedBy, replacementReasons } from "./rules";
import { OutputPreview, PreviewAction, StackJson, Synth } from "./report";
import { regionOfStateId } from "../constructs/region-outputs";

type Json = Record<string, unknown>;
export type RefsOf = (value: unknown) => readonly Reference[];

/** A resource in one or both synths, with what the fixed point has found so far. */
export interface ResourceState {
  /** `type.name` (the next synth's, for a moved resource). */
  readonly address: string;
  readonly type: string;
  readonly base?: Json;
  readonly next?: Json;
  readonly movedFrom?: string;
  readonly imported: boolean;
  readonly leaves: readonly Leaf[];
  /** The references of each unchanged leaf (index-aligned with `leaves`). */
  readonly leafRefs: ReadonlyArray<readonly Reference[]>;
  /** lifecycle.replace_triggered_by */
  readonly triggers: readonly Reference[];
  /** lifecycle.ignore_changes, as facts paths ("" for all). */
  readonly ignored: readonly string[];
  action: PreviewAction;
  changed: ChangedLeaf[];
  forcedBy: ForcedBy[];
}

export interface StackState {
  readonly id: string;
  readonly base?: StackJson;
  readonly next?: StackJson;
  readonly resources: ReadonlyMap<string, ResourceState>;
}

const flatten = (blocks: StackJson["resource"]) =>
  new Map<string, { type: string; body: Json }>(
    Object.entries(blocks ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => [`${type}.${name}`, { type, body }] as const),
    ),
  );

const ignoredPaths = (lifecycle: unknown): string[] => {
  const ignore = (lifecycle as Json | undefined)?.ignore_changes;
  if (ignore === "all") return [""];
  return Array.isArray(ignore) ? ignore.map((p) => String(p).replace(/\[[^\]]*\]/g, "")) : [];
};

function resourceState(
  address: string,
  type: string,
  base: Json | undefined,
  next: Json | undefined,
  refsOf: RefsOf,
  extra: Partial<ResourceState>,
): ResourceState {
  const leaves = base && next ? leavesOf(base, next) : [];
  return {
    address,
    type,
    base,
    next,
    imported: false,
    ...extra,
    leaves,
    leafRefs: leaves.map((l) => (l.textChanged ? [] : refsOf(l.next))),
    triggers: refsOf((next?.lifecycle as Json | undefined)?.replace_triggered_by),
    ignored: ignoredPaths(next?.lifecycle),
    action: !base ? "create" : !next ? "delete" : "no-op",
    changed: [],
    forcedBy: [],
  };
}

/** Pairs a stack's resources by address; a `moved` block pairs its `to` with the base's `from`. */
export function stackState(id: string, base: StackJson | undefined, next: StackJson | undefined, refsOf: RefsOf): StackState {
  const [before, after] = [flatten(base?.resource), flatten(next?.resource)];
  const moves = new Map((next?.moved ?? []).map((m) => [m.to, m.from]));
  const imports = new Set((next?.import ?? []).map((i) => i.to));
  const resources = new Map<string, ResourceState>();
  const movedAway = new Set<string>();
  for (const [address, { type, body }] of after) {
    const from = moves.get(address);
    const movedFrom = !before.has(address) && from !== undefined && before.has(from) && !after.has(from) ? from : undefined;
    if (movedFrom) movedAway.add(movedFrom);
    const prior = before.get(movedFrom ?? address)?.body;
    resources.set(address, resourceState(address, type, prior, body, refsOf, { movedFrom, imported: !prior && imports.has(address) }));
  }
  for (const [address, { type, body }] of before) {
    if (!after.has(address) && !movedAway.has(address)) resources.set(address, resourceState(address, type, body, undefined, refsOf, {}));
  }
  return { id, base, next, resources };
}

/** Why a value changes, by its root (the object created or replaced, or the local, output or data
 * source whose configuration changed); `replaced` when the root is an object being created or
 * replaced: unknown at plan time, and then another object than before. */
export interface Cause {
  readonly text: string;
  readonly replaced: boolean;
}

const changes = (text: string): Cause => ({ text, replaced: false });

/** The stack a remote state reads: the mesh names its inputs after the region stacks
 * (constructs/region-exports.ts). */
const remoteStack = regionOfStateId;

/** Runs the fixed point over every stack of both synths. */
export class FixedPoint {
  private readonly memo = new Map<string, Cause | null | "pending">();

  constructor(
    readonly stacks: ReadonlyMap<string, StackState>,
    private readonly refsOf: RefsOf,
    private readonly facts: ForceNewFacts,
  ) {}

  run(): void {
    const all = [...this.stacks.values()].flatMap((s) => [...s.resources.values()].map((r) => [s, r] as const));
    // Each round only escalates (no-op -> update -> replace, more changed leaves): it ends.
    for (let round = 0; round <= 3 * all.length + 1; round++) {
      this.memo.clear();
      let grew = false;
      for (const [s, r] of all) grew = this.evaluate(s, r) || grew;
      if (!grew) return;
    }
  }

  private evaluate(stack: StackState, r: ResourceState): boolean {
    if (!r.base || !r.next) return false;
    const changed = r.leaves.flatMap((leaf, i): ChangedLeaf[] => {
      if (r.ignored.some((p) => p === "" || isWithin(leaf.key, p))) return [];
      if (leaf.textChanged) return [{ leaf }];
      const cause = this.firstCause(stack, r.leafRefs[i]);
      return cause ? [{ leaf, cause: cause.text }] : [];
    });
    const diff = { type: r.type, base: r.base, next: r.next, leaves: r.leaves, changed };
    const forcedBy = [...replacementReasons(this.facts.resources[r.type], diff), ...this.metaReasons(stack, r)];
    const action: PreviewAction = forcedBy.length ? "replace" : changed.length ? "update" : "no-op";
    const grew = action !== r.action || changed.length !== r.changed.length || forcedBy.length !== r.forcedBy.length;
    Object.assign(r, { action, changed, forcedBy });
    return grew;
  }

  /** Replacements from meta-arguments: another provider configuration, replace_triggered_by. */
  private metaReasons(stack: StackState, r: ResourceState): ForcedBy[] {
    const out: ForcedBy[] = [];
    const [before, after] = [r.base?.provider ?? "the default provider", r.next?.provider ?? "the default provider"];
    if (before !== after) {
      const rule =
        `${before} -> ${after}: Terraform reads the object through another provider configuration; ` +
        "in another region it is not found, so a new one is created and the old one is no longer managed";
      out.push({ path: "provider", rule });
    }
    const trigger = this.firstCause(stack, r.triggers);
    if (trigger) out.push({ path: "lifecycle.replace_triggered_by", rule: "replace_triggered_by", cause: trigger.text });
    const target = this.providerTarget(stack, r);
    if (target) out.push(target);
    return out;
  }

  /** A provider configured from an object being replaced (an OKE cluster for kubernetes and helm)
   * reads the resource from the new object, does not find it, and creates it again. */
  private providerTarget(stack: StackState, r: ResourceState): ForcedBy | undefined {
    const alias = String(r.next?.provider ?? r.type.split("_")[0]);
    const [name, aliasName] = alias.split(".");
    const config = (stack.next?.provider?.[name] ?? []).find((p) => p.alias === aliasName);
    const cause = config && this.firstCause(stack, this.refsOf(config));
    if (!cause?.replaced) return undefined;
    return { path: "provider", rule: `${alias} is configured from a new object, where the resource does not exist yet`, cause: cause.text };
  }

  firstCause(stack: StackState, refs: readonly Reference[]): Cause | undefined {
    for (const ref of refs) {
      const cause = this.differs(stack, ref);
      if (cause) return cause;
    }
    return undefined;
  }

  /** Why the value `ref` stands for changes between the synths, or undefined if it does not. */
  differs(stack: StackState, ref: Reference): Cause | undefined {
    switch (ref.kind) {
      case "resource":
        return this.resourceDiffers(stack, ref.address, ref.attribute);
      case "data":
        return this.named(`${stack.id} ${ref.address}`, () => this.dataDiffers(stack, ref.address));
      case "local":
        return this.named(`${stack.id} ${ref.address}`, () => this.valueDiffers(stack, ref.address, stack.base?.locals, stack.next?.locals));
      case "remote":
        return this.remoteDiffers(stack, ref.input, ref.output);
    }
  }

  private resourceDiffers(stack: StackState, address: string, attribute: readonly string[]): Cause | undefined {
    const r = stack.resources.get(address);
    if (!r?.next || r.action === "no-op") return undefined;
    if (r.action === "create") return { text: `${address} is created`, replaced: true };
    // A configured argument is known at plan time, even of a replaced resource: it changes only
    // with its configuration. Computed ones (ids, endpoints) are unknown on a replacement and kept
    // by an in-place update.
    const path = attribute.filter((s) => !/^(\d+|".*")$/.test(s)).join(".");
    const configured = path !== "" && r.leaves.some((l) => l.next !== undefined && (isWithin(l.key, path) || isWithin(path, l.key)));
    if (r.action === "replace" && !configured) return { text: `${address} is replaced`, replaced: true };
    if (!path) return changes(`${address} changes`);
    return r.changed.some((c) => isWithin(c.leaf.key, path) || isWithin(path, c.leaf.key)) ? changes(`${address}.${path} changes`) : undefined;
  }

  /** A data source reads something else when its arguments change, and is read only during apply
   * when they are unknown or a resource it depends_on has changes. */
  private dataDiffers(stack: StackState, address: string): Cause | undefined {
    const [, type, name] = address.split(".");
    const [base, next] = [stack.base?.data?.[type]?.[name], stack.next?.data?.[type]?.[name]];
    if (!next) return undefined;
    if (!base) return changes(`${address} is new`);
    if (leavesOf(base, next).some((l) => l.textChanged)) return changes(`${address} is read with other arguments`);
    const dependsOn = ((next.depends_on as string[] | undefined) ?? []).map(referenceOf).filter((r): r is Reference => r !== undefined);
    return this.firstCause(stack, [...this.refsOf(leavesOf(undefined, next).map((l) => l.next)), ...dependsOn]);
  }

  /** A local or an output. */
  private valueDiffers(
    stack: StackState,
    address: string,
    base: Readonly<Record<string, unknown>> = {},
    next: Readonly<Record<string, unknown>> = {},
  ) {
    const name = address.slice(address.indexOf(".") + 1);
    if (!(name in next)) return changes(`${address} is removed`);
    if (!(name in base)) return changes(`${address} is new`);
    if (!sameJson(base[name], next[name])) return changes(`${address} changes`);
    return this.firstCause(stack, this.refsOf(next[name]));
  }

  private remoteDiffers(stack: StackState, input: string, output: string): Cause | undefined {
    const config = this.named(`${stack.id} remote ${input}`, () => this.dataDiffers(stack, `data.terraform_remote_state.${input}`));
    const source = this.stacks.get(remoteStack(input) ?? "");
    if (config || !source) return config;
    if (!source.base) return { text: `stack ${source.id} is new`, replaced: true };
    const values = (s?: StackJson) => Object.fromEntries(Object.entries(s?.output ?? {}).map(([k, v]) => [k, v.value]));
    const cause = this.named(`${source.id} output.${output}`, () =>
      this.valueDiffers(source, `output.${output}`, values(source.base), values(source.next)),
    );
    return cause && { ...cause, text: `${source.id}: ${cause.text}` };
  }

  /** Memoized per round; a cycle (which Terraform rejects) reads as unchanged. */
  private named(key: string, compute: () => Cause | undefined): Cause | undefined {
    const known = this.memo.get(key);
    if (known === "pending") return undefined;
    if (known !== undefined) return known ?? undefined;
    this.memo.set(key, "pending");
    const value = compute();
    this.memo.set(key, value ?? null);
    return value;
  }

  /** What happens to each output of a stack, once the fixed point is reached. */
  outputsOf(stack: StackState): OutputPreview[] {
    const [base, next] = [stack.base?.output ?? {}, stack.next?.output ?? {}];
    return [...new Set([...Object.keys(next), ...Object.keys(base)])].sort().flatMap((name): OutputPreview[] => {
      if (!(name in next)) return [{ name, action: "delete" }];
      if (!(name in base)) return [{ name, action: "create" }];
      if (!sameJson(base[name].value, next[name].value)) return [{ name, action: "update" }];
      const cause = this.firstCause(stack, this.refsOf(next[name].value));
      return cause ? [{ name, action: "update", cause: cause.text }] : [];
    });
  }
}

/** Builds the state of every stack of both synths (the next synth's order, then removed ones). */
export function stackStates(base: Synth, next: Synth, refsOf: RefsOf): Map<string, StackState> {
  const ids = [...new Set([...Object.keys(next.stacks), ...Object.keys(base.stacks)])];
  return new Map(ids.map((id) => [id, stackState(id, base.stacks[id], next.stacks[id], refsOf)]));
}
