// The plan gate: reads Terraform's JSON plan format (`terraform show -json <plan>`) and finds
// every change that would destroy or replace a protected resource.
import { Protectable } from "../config/topology";

/** The Terraform resource types behind each protectable kind. */
export const PROTECTED_TYPES: Readonly<Record<Protectable, readonly string[]>> = {
  clusters: ["oci_containerengine_cluster"],
  nodePools: ["oci_containerengine_node_pool"],
  vcns: ["oci_core_vcn"],
  subnets: ["oci_core_subnet"],
  drgs: ["oci_core_drg", "oci_core_drg_attachment"],
  peerings: ["oci_core_remote_peering_connection"],
  bastions: ["oci_bastion_bastion"],
};

/** The part of Terraform's JSON plan the gate reads. */
export interface PlanJson {
  readonly format_version?: string;
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly mode?: string;
    readonly type: string;
    readonly change: { readonly actions: readonly string[] };
    readonly action_reason?: string;
  }>;
}

export interface Violation {
  /** The stack whose plan it is. */
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly action: "destroy" | "replace";
  /** Terraform's reason, e.g. replace_because_cannot_update. */
  readonly reason?: string;
}

export interface GateResult {
  /** Destroys and replaces of protected resources that no override allows. */
  readonly blocked: readonly Violation[];
  /** The same, allowed by an override. */
  readonly allowed: readonly Violation[];
  /** How many resource changes were read. */
  readonly changes: number;
}

/** destroy for ["delete"], replace for ["delete","create"] and ["create","delete"]. */
function destructive(actions: readonly string[]): Violation["action"] | undefined {
  if (!actions.includes("delete")) return undefined;
  return actions.includes("create") ? "replace" : "destroy";
}

/**
 * Checks plans against the protected kinds. `allow` lists overrides: a resource address
 * (`oci_core_vcn.network_vcn_1A2B3C4D`), `<stack>:<address>`, or `*` for everything.
 */
export function gatePlans(plans: ReadonlyArray<{ stack: string; plan: PlanJson }>, protect: readonly Protectable[], allow: readonly string[] = []): GateResult {
  const types = new Set(protect.flatMap((p) => PROTECTED_TYPES[p]));
  const blocked: Violation[] = [];
  const allowed: Violation[] = [];
  let changes = 0;
  for (const { stack, plan } of plans) {
    if (!Array.isArray(plan.resource_changes) && plan.format_version === undefined) {
      throw new Error(`the plan of ${stack} is not Terraform's JSON plan format (terraform show -json)`);
    }
    for (const rc of plan.resource_changes ?? []) {
      changes++;
      const action = rc.mode === "data" ? undefined : destructive(rc.change.actions);
      if (!action || !types.has(rc.type)) continue;
      const v: Violation = { stack, address: rc.address, type: rc.type, action, reason: rc.action_reason };
      const isAllowed = allow.includes("*") || allow.includes(rc.address) || allow.includes(`${stack}:${rc.address}`);
      (isAllowed ? allowed : blocked).push(v);
    }
  }
  return { blocked, allowed, changes };
}

export function formatGate(result: GateResult): string {
  const line = (v: Violation) => `  - ${v.stack}: ${v.action} ${v.address}${v.reason ? ` (${v.reason})` : ""}`;
  const out: string[] = [];
  if (result.blocked.length) {
    out.push(`gate: BLOCKED: ${result.blocked.length} protected resource(s) would be destroyed or replaced:`, ...result.blocked.map(line));
    out.push("gate: to proceed on purpose, allow each address: --allow <address> (or OKEMESH_ALLOW_DESTROY=<address>,...)");
  }
  if (result.allowed.length) out.push(`gate: allowed by override:`, ...result.allowed.map(line));
  if (!result.blocked.length) out.push(`gate: passed: ${result.changes} change(s) read, no protected resource destroyed or replaced${result.allowed.length ? " except as allowed" : ""}`);
  return out.join("\n");
}
