// The plan gate: reads Terraform's JSON plan format (`terraform show -json <plan>`) and finds
// every change that would destroy, replace or forget a protected resource, and every in-place
// update that disrupts the running mesh (pipeline/changes.ts).
import { Protectable } from "../config/topology";
import { Change, changeOf, describeChange, isCiliumRelease, isSubmarinerRelease } from "./changes";
import { PlanJson, planProblem, ResourceChange } from "./plan-json";

/** The Terraform resource types behind each protectable kind. */
export const PROTECTED_TYPES: Readonly<Record<Protectable, readonly string[]>> = {
  clusters: ["oci_containerengine_cluster"],
  nodePools: ["oci_containerengine_node_pool"],
  vcns: ["oci_core_vcn"],
  subnets: ["oci_core_subnet"],
  drgs: ["oci_core_drg", "oci_core_drg_attachment"],
  peerings: ["oci_core_remote_peering_connection"],
  bastions: ["oci_bastion_bastion"],
  // A new Cluster Mesh CA breaks every cluster's mesh until every Cilium has the new one.
  clustermeshCa: ["tls_private_key", "tls_self_signed_cert"],
  cilium: ["helm_release"],
  submariner: ["helm_release"],
};

/** Kinds whose type alone is too wide: only the Cilium (or Submariner) charts' releases among the Helm releases. */
const PROTECTED_MATCH: Partial<Record<Protectable, (rc: ResourceChange) => boolean>> = {
  cilium: isCiliumRelease,
  submariner: isSubmarinerRelease,
};

export interface Violation extends Change {
  /** The stack whose plan it is. */
  readonly stack: string;
}

export interface GateResult {
  /** Destroys, replaces and forgets of protected resources that no override allows. */
  readonly blocked: readonly Violation[];
  /** The same, allowed by an override. */
  readonly allowed: readonly Violation[];
  /** Disruptive in-place updates that no override allows. */
  readonly disruptive: readonly Violation[];
  /** The same, allowed (--allow-disruptive, or the address named). */
  readonly disruptiveAllowed: readonly Violation[];
  /** Overrides that allow nothing because their address is in several stacks' plans. */
  readonly ambiguous: readonly string[];
  /** Plans that cannot be gated at all (errored, incomplete, not a plan, stale). */
  readonly problems: readonly string[];
  /** How many resource changes were read. */
  readonly changes: number;
}

export interface GateOptions {
  /** Let every disruptive in-place update through. @default false */
  readonly allowDisruptive?: boolean;
}

export interface StackPlan {
  readonly stack: string;
  readonly plan: PlanJson;
}

export function passed(r: GateResult): boolean {
  return r.blocked.length === 0 && r.disruptive.length === 0 && r.problems.length === 0;
}

function isProtected(rc: ResourceChange, protect: readonly Protectable[]): boolean {
  return protect.some((p) => PROTECTED_TYPES[p].includes(rc.type) && (PROTECTED_MATCH[p]?.(rc) ?? true));
}

/** Which stacks' plans hold each address: a bare `--allow <address>` must name one resource. */
function stacksByAddress(plans: readonly StackPlan[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const { stack, plan } of plans) {
    for (const rc of plan.resource_changes ?? []) m.set(rc.address, [...new Set([...(m.get(rc.address) ?? []), stack])]);
  }
  return m;
}

function ambiguities(allow: readonly string[], where: Map<string, string[]>): string[] {
  return allow.flatMap((a) => {
    const stacks = where.get(a) ?? [];
    if (stacks.length < 2) return [];
    const inPlans = `the address is in the plans of ${stacks.join(", ")}`;
    return [`--allow ${a} allows nothing: ${inPlans}; name one as <stack>:<address>, e.g. ${stacks[0]}:${a}`];
  });
}

/**
 * Checks plans against the protected kinds and the disruptive updates. `allow` lists overrides:
 * `<stack>:<address>`, a bare address (only when one stack's plan has it), or `*` for everything.
 */
export function gatePlans(
  plans: readonly StackPlan[],
  protect: readonly Protectable[],
  allow: readonly string[] = [],
  options: GateOptions = {},
): GateResult {
  const problems = plans.flatMap(({ stack, plan }) => {
    const p = planProblem(plan);
    return p ? [`the plan of ${stack} ${p}`] : [];
  });
  const readable = plans.filter(({ plan }) => planProblem(plan) === undefined);
  const where = stacksByAddress(readable);
  const isAllowed = (v: Violation) =>
    allow.includes("*") || allow.includes(`${v.stack}:${v.address}`) || (allow.includes(v.address) && where.get(v.address)?.length === 1);
  const destructive: Violation[] = [];
  const disruptive: Violation[] = [];
  let changes = 0;
  for (const { stack, plan } of readable) {
    for (const rc of plan.resource_changes ?? []) {
      changes++;
      const v: Violation = { stack, ...changeOf(rc) };
      if (["destroy", "replace", "unknown"].includes(v.action) && isProtected(rc, protect)) destructive.push(v);
      if (v.disruptive.length) disruptive.push(v);
    }
  }
  const disruptiveOk = (v: Violation) => options.allowDisruptive === true || isAllowed(v);
  return {
    blocked: destructive.filter((v) => !isAllowed(v)),
    allowed: destructive.filter(isAllowed),
    disruptive: disruptive.filter((v) => !disruptiveOk(v)),
    disruptiveAllowed: disruptive.filter(disruptiveOk),
    ambiguous: ambiguities(allow, where),
    problems,
    changes,
  };
}

const line = (v: Violation) => `  - ${v.stack}: ${describeChange(v)}`;

export function formatGate(result: GateResult): string {
  const out: string[] = [];
  if (result.problems.length) out.push(`gate: FAILED: ${result.problems.length} plan(s) cannot be gated:`, ...result.problems.map((p) => `  - ${p}`));
  if (result.blocked.length) {
    out.push(`gate: BLOCKED: ${result.blocked.length} protected resource(s) would be destroyed or replaced:`, ...result.blocked.map(line));
    out.push("gate: to proceed on purpose, allow each address: --allow <stack>:<address> (or OKEMESH_ALLOW_DESTROY=<stack>:<address>,...)");
  }
  if (result.disruptive.length) {
    const what = "disruptive in-place update(s) (nodes cycled, control plane or CNI upgraded)";
    out.push(`gate: BLOCKED: ${result.disruptive.length} ${what}:`, ...result.disruptive.map(line));
    out.push("gate: to proceed, --allow-disruptive, or --allow <stack>:<address> for each");
  }
  out.push(...result.ambiguous.map((a) => `gate: ${a}`));
  if (result.allowed.length) out.push(`gate: allowed by override:`, ...result.allowed.map(line));
  if (result.disruptiveAllowed.length) out.push(`gate: disruptive updates allowed:`, ...result.disruptiveAllowed.map(line));
  if (passed(result)) {
    const except = result.allowed.length || result.disruptiveAllowed.length ? " except as allowed" : "";
    out.push(`gate: passed: ${result.changes} change(s) read, no protected resource destroyed or replaced, no disruptive update${except}`);
  }
  return out.join("\n");
}
