// preview: what `terraform plan` will do to each stack, predicted from two synths and the
// providers' force-new facts, with no credentials and no state.
import { Protectable } from "../config/topology";
import { gatePlans, GateResult } from "../pipeline/gate";
import { PlanJson } from "../pipeline/plan-json";
import { stringsIn } from "./attributes";
import { FORCE_NEW_FACTS, ForceNewFacts } from "./facts";
import { describeReplacement } from "./format";
import { FixedPoint, ResourceState, stackStates, StackState } from "./plan";
import { Reference, referencesOf } from "./references";
import { PreviewAction, PreviewReport, ResourcePreview, StackJson, StackPreview, Synth } from "./report";

export interface PreviewProps {
  /** The kinds the gate protects (the topology's `protect`). */
  readonly protect: readonly Protectable[];
  /** Gate overrides: `<address>`, `<stack>:<address>` or `*`. @default [] */
  readonly allow?: readonly string[];
  /** @default FORCE_NEW_FACTS, the committed schemas/force-new.json */
  readonly facts?: ForceNewFacts;
}

/** The instance keys of a resource: `[""]` without count/for_each, `[0]`… or `["k"]`… for literal
 * ones, undefined when only the plan knows them. */
function instanceKeys(body: Record<string, unknown> | undefined): string[] | undefined {
  if (!body) return [];
  const { count, for_each: forEach } = body;
  if (count === undefined && forEach === undefined) return [""];
  if (typeof count === "number") return Array.from({ length: count }, (_, i) => `[${i}]`);
  if (Array.isArray(forEach) && forEach.every((k) => typeof k === "string")) return forEach.map((k) => `[${JSON.stringify(k)}]`);
  if (forEach && typeof forEach === "object" && !Array.isArray(forEach)) return Object.keys(forEach).map((k) => `[${JSON.stringify(k)}]`);
  return undefined;
}

function resourcePreviews(r: ResourceState): ResourcePreview[] {
  const changes = r.action === "update" || r.action === "replace";
  const changed = changes ? [...new Map(r.changed.map((c) => [c.leaf.key, { path: c.leaf.key, cause: c.cause }])).values()] : [];
  const common = {
    type: r.type,
    changed,
    forcedBy: r.action === "replace" ? r.forcedBy : [],
    movedFrom: r.movedFrom,
    imported: r.imported || undefined,
  };
  const [before, after] = [instanceKeys(r.base), instanceKeys(r.next)];
  if (!before || !after) return [{ ...common, address: `${r.address}[*]`, action: r.action }];
  return [...new Set([...after, ...before])].map((key) => {
    const action: PreviewAction = !before.includes(key) ? "create" : !after.includes(key) ? "delete" : r.action;
    return { ...common, address: `${r.address}${key}`, action, ...(action === r.action ? {} : { changed: [], forcedBy: [] }) };
  });
}

/** Destroying needs the provider configuration that manages the object: removing an aliased one
 * with its resources fails the plan ("Provider configuration not present", Terraform's
 * ProviderTransformer). */
function orphaned(r: ResourcePreview, body: Record<string, unknown> | undefined, next: StackJson): ResourcePreview {
  const provider = body?.provider;
  if (r.action !== "delete" || typeof provider !== "string" || !provider.includes(".")) return r;
  const [name, alias] = provider.split(".");
  if ((next.provider?.[name] ?? []).some((p) => p.alias === alias)) return r;
  return { ...r, problem: `its provider ${provider} is no longer configured, and Terraform needs it to destroy the object` };
}

function stackPreview(fixedPoint: FixedPoint, s: StackState): StackPreview {
  const resources = [...s.resources.values()];
  if (!s.next) {
    const unmanaged = resources.flatMap((r) => (instanceKeys(r.base) ?? ["[*]"]).map((k) => `${r.address}${k}`)).sort();
    return { stack: s.id, presence: "removed", resources: [], outputs: [], unmanaged };
  }
  const previews = resources
    .flatMap((r) => resourcePreviews(r).map((p) => orphaned(p, r.base, s.next!)))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { stack: s.id, presence: s.base ? "both" : "new", resources: previews, outputs: fixedPoint.outputsOf(s), unmanaged: [] };
}

const ACTIONS: Record<PreviewAction, string[]> = {
  create: ["create"],
  update: ["update"],
  replace: ["delete", "create"],
  delete: ["delete"],
  "no-op": ["no-op"],
};

/** A resource's configuration in one synth, by its stack and instance address (`type.name[key]`). */
export type BodyOf = (stack: string, address: string) => Record<string, unknown> | undefined;

const bodyIn =
  (synth: Synth): BodyOf =>
  (stack, address) => {
    const [type, name] = address.replace(/\[.*$/, "").split(".");
    return synth.stacks[stack]?.resource?.[type]?.[name];
  };

/** What the gate may read of a configuration: the chart of a Helm release, which tells the Cilium
 * release from the others (pipeline/changes.ts isCiliumRelease). Nothing else, so that no
 * unresolved expression reads as a planned value. */
const gateView = (body: Record<string, unknown> | undefined) => (typeof body?.chart === "string" ? { chart: body.chart } : undefined);

/** The plan gate (pipeline/gate.ts) on the predicted changes, as if they were a plan. `base` and
 * `next` give each change's configuration before and after. */
export function gateOf(
  stacks: readonly StackPreview[],
  protect: readonly Protectable[],
  allow: readonly string[] = [],
  configs: { readonly base?: BodyOf; readonly next?: BodyOf } = {},
): GateResult {
  const plans = stacks.map((s) => {
    const changes = s.resources.filter((r) => r.action !== "no-op");
    // Shaped as Terraform's JSON plan format 1.x, which is all the gate reads.
    const plan: PlanJson = {
      format_version: "1.2",
      planned_values: {},
      complete: true,
      resource_changes: changes.map((r) => ({
        address: r.address,
        type: r.type,
        mode: "managed",
        change: {
          actions: ACTIONS[r.action],
          before: gateView(configs.base?.(s.stack, r.address)),
          after: gateView(configs.next?.(s.stack, r.address)),
        },
        action_reason: r.action === "replace" ? describeReplacement(r) : undefined,
      })),
    };
    return { stack: s.stack, plan };
  });
  return gatePlans(plans, protect, allow);
}

/** Every template string of the next synth, parsed once. */
async function referenceTable(next: Synth): Promise<ReadonlyMap<string, readonly Reference[]>> {
  const table = new Map<string, readonly Reference[]>();
  for (const [id, stack] of Object.entries(next.stacks)) {
    try {
      for (const [s, refs] of await referencesOf(stringsIn(stack))) table.set(s, refs);
    } catch (e) {
      throw new Error(`stack ${id}: ${(e as Error).message}`);
    }
  }
  return table;
}

/** Compares the last synth (`base`) with a new one (`next`): per stack, what a plan will do. */
export async function previewSynths(base: Synth, next: Synth, props: PreviewProps): Promise<PreviewReport> {
  const table = await referenceTable(next);
  const refsOf = (value: unknown) => stringsIn(value).flatMap((s) => table.get(s) ?? []);
  const states = stackStates(base, next, refsOf);
  const fixedPoint = new FixedPoint(states, refsOf, props.facts ?? FORCE_NEW_FACTS);
  fixedPoint.run();
  const stacks = [...states.values()].map((s) => stackPreview(fixedPoint, s));
  const problems = stacks.flatMap((s) => s.resources.filter((r) => r.problem).map((r) => `${s.stack}: ${r.address}: ${r.problem}`));
  return { stacks, gate: gateOf(stacks, props.protect, props.allow, { base: bodyIn(base), next: bodyIn(next) }), problems };
}
