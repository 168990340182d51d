// Update or replace: which of a resource's changed arguments force a replacement, by the rules of
// ../shared/reference/oci-provider/README.md ("Predicting a replacement from two configurations",
// terraform-plugin-sdk v2 finalizeDiff/diffList/diffSet) and the framework's RequiresReplace.
import { elementCount, isWithin, Leaf, rawPrefix, valueAt } from "./attributes";
import { ChangedLeaf, CUSTOM_RULES } from "./custom-rules";
import { TypeFacts } from "./facts";

export type { ChangedLeaf } from "./custom-rules";

/** One reason a resource is replaced. */
export interface ForcedBy {
  /** The argument path (facts spelling), e.g. `endpoint_config.subnet_id`. */
  readonly path: string;
  /** The rule, e.g. `ForceNew`, or a custom rule's explanation. */
  readonly rule: string;
  /** Why the value changes when its text does not, e.g. `oci_core_subnet.x is replaced`. */
  readonly cause?: string;
}

export interface ResourceDiff {
  readonly type: string;
  readonly base: unknown;
  readonly next: unknown;
  /** Every leaf of the resource's arguments. */
  readonly leaves: readonly Leaf[];
  /** The leaves whose value changes (their text, or what they refer to). */
  readonly changed: readonly ChangedLeaf[];
}

/** The most specific force-new attribute (not an SDK block) that holds `key`. */
function forceNewAttribute(facts: TypeFacts, key: string): string | undefined {
  const isBlock = (p: string) => !facts.framework && facts.blocks[p] !== undefined && !facts.blocks[p].as_attribute;
  return facts.force_new.filter((p) => isWithin(key, p) && !isBlock(p)).sort((a, b) => b.length - a.length)[0];
}

/** The Optional+Computed argument at or above the leaf that the next configuration leaves out. */
const leftOut = (facts: TypeFacts, leaf: Leaf, next: unknown) =>
  facts.optional_computed.find((p) => isWithin(leaf.key, p) && valueAt(next, rawPrefix(leaf.path, p)) === undefined);

/** Rule 1 (and the framework's RequiresReplace): a changed force-new attribute. */
function attributeRule(facts: TypeFacts, { leaf, cause }: ChangedLeaf, next: unknown): ForcedBy | undefined {
  const path = forceNewAttribute(facts, leaf.key);
  if (path === undefined || facts.computed_only.includes(path)) return undefined;
  if (leftOut(facts, leaf, next)) {
    // SDK v2 keeps the prior value of an Optional+Computed argument left out; the framework plans
    // the schema Default, which differs unless the prior value was that default.
    return facts.framework ? { path, rule: "left out: the provider plans its default", cause } : undefined;
  }
  return { path, rule: "ForceNew", cause };
}

/** Rules 2 and 3 (SDK v2): a force-new list block whose element count changes, a set block whose
 * changed element carries force-new fields. */
function blockRules(facts: TypeFacts, diff: ResourceDiff): ForcedBy[] {
  if (facts.framework) return [];
  const out: ForcedBy[] = [];
  for (const [path, block] of Object.entries(facts.blocks)) {
    const inside = diff.changed.filter((c) => isWithin(c.leaf.key, path));
    if (block.as_attribute || inside.length === 0) continue;
    if (block.nesting === "set") {
      const forceNewInside = facts.force_new.filter((p) => p !== path && isWithin(p, path));
      const carried = diff.leaves.some((l) => forceNewInside.some((p) => isWithin(l.key, p)) && (l.base !== undefined || l.next !== undefined));
      if (carried) out.push({ path, rule: "set block: a changed element is removed and added with its force-new fields", cause: inside[0].cause });
    } else if (block.force_new) {
      const [before, after] = [elementCount(diff.base, path), elementCount(diff.next, path)];
      const keptByLeavingOut = facts.optional_computed.some((p) => isWithin(path, p) && elementCount(diff.next, p) === 0);
      const unknown = after === "dynamic" && inside.some((c) => c.leaf.key === path);
      if (!keptByLeavingOut && (before !== after || unknown))
        out.push({ path, rule: "ForceNew block: its number of elements changes", cause: inside[0].cause });
    }
  }
  return out;
}

/** The custom (CustomizeDiff) rules whose path holds a changed leaf. */
function customRules(facts: TypeFacts, diff: ResourceDiff): ForcedBy[] {
  return facts.custom.flatMap((rule) => {
    const path = rule.path.replace(/\.(\d+|N)(?=\.|$)/g, "");
    const changed = diff.changed.filter((c) => isWithin(c.leaf.key, path));
    const evaluator = CUSTOM_RULES[`${diff.type} ${rule.path}`];
    if (changed.length === 0) return [];
    if (!evaluator) return [{ path, rule: `custom rule without an evaluator, assumed to replace: ${rule.rule}` }];
    const why = evaluator.evaluate({ base: diff.base, next: diff.next, changed });
    return why ? [{ path, rule: why, cause: changed[0].cause }] : [];
  });
}

/** Why the changed resource is replaced; empty when it is updated in place. */
export function replacementReasons(facts: TypeFacts | undefined, diff: ResourceDiff): ForcedBy[] {
  if (diff.changed.length === 0) return [];
  if (!facts) return [{ path: diff.changed[0].leaf.key, rule: `no force-new facts for ${diff.type}: assumed to replace` }];
  const reasons = facts.no_update
    ? diff.changed
        .filter((c) => !facts.computed_only.includes(c.leaf.key))
        .map((c) => ({ path: c.leaf.key, rule: "the type cannot be updated", cause: c.cause }))
    : diff.changed.map((c) => attributeRule(facts, c, diff.next)).filter((r): r is ForcedBy => r !== undefined);
  const all = [...reasons, ...blockRules(facts, diff), ...customRules(facts, diff)];
  return [...new Map(all.map((r) => [`${r.path}\n${r.rule}`, r])).values()];
}
