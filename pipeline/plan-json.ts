// Terraform's JSON plan format (`terraform show -json <plan file>`): the part okemesh reads, and
// what makes a document something the gate may pass. Facts from Terraform's own encoder
// (internal/command/jsonplan/plan.go, internal/command/jsonstate/state.go) and the "JSON Output
// Format" page: a plan always carries `planned_values` (a struct, never omitted) while
// `resource_changes` is omitted when nothing changes; a state document has only
// `format_version`, `terraform_version` and `values`; "reject any input which reports an
// unsupported major version"; `errored` (1.5+) and `complete` (1.8+) are always written.
import * as fs from "fs";

/** A path into a resource's value: attribute names and list indices. */
export type ValuePath = ReadonlyArray<string | number>;

export interface ResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  /** Set when the change is to a deposed object (left by a create_before_destroy replace). */
  readonly deposed?: string;
  readonly change: {
    /** ["no-op"], ["create"], ["read"], ["update"], ["delete"], ["forget"], or a replace:
     * ["delete","create"], ["create","delete"], ["create","forget"]. */
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    /** `after`'s shape with `true` at every value known only after apply. */
    readonly after_unknown?: unknown;
    /** `before`'s and `after`'s shape with `true` at every sensitive value. */
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    /** The attributes whose change forces the replacement. */
    readonly replace_paths?: readonly ValuePath[];
  };
  /** Why Terraform chose the action, e.g. replace_because_cannot_update. */
  readonly action_reason?: string;
}

export interface PlanJson {
  readonly format_version?: string;
  readonly planned_values?: unknown;
  readonly resource_changes?: readonly ResourceChange[];
  readonly errored?: boolean;
  readonly complete?: boolean;
}

/** The major version of the format this reader knows. */
const FORMAT_MAJOR = "1";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function malformedChange(rc: unknown): boolean {
  if (!isObject(rc) || typeof rc.address !== "string" || typeof rc.type !== "string" || !isObject(rc.change)) return true;
  const actions = rc.change.actions;
  return !Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === "string");
}

/** Why a parsed document may not be gated, or undefined when it is a plan okemesh reads. */
export function planProblem(doc: unknown): string | undefined {
  if (!isObject(doc)) return "is not a JSON object";
  if ("lineage" in doc && "serial" in doc) return "is a Terraform state file, not a plan";
  if (!("planned_values" in doc)) {
    return "values" in doc
      ? "is Terraform's JSON state (terraform show -json without a plan file), not a plan"
      : "is not Terraform's JSON plan format (terraform show -json <plan file>)";
  }
  const version = doc.format_version;
  if (typeof version !== "string") return "has no format_version: not Terraform's JSON plan format";
  if (version.split(".")[0] !== FORMAT_MAJOR) return `has format_version ${version}: okemesh reads format ${FORMAT_MAJOR}.x only`;
  if (doc.errored === true) return "is a plan that errored (errored: true): terraform plan failed, nothing may be applied from it";
  if (doc.complete === false) return "is an incomplete plan (complete: false): it does not hold every change";
  const changes = doc.resource_changes;
  if (changes !== undefined && !Array.isArray(changes)) return "has a resource_changes that is not a list";
  const bad = (changes ?? []).findIndex(malformedChange);
  if (bad >= 0) return `has a malformed resource change (resource_changes[${bad}])`;
  return undefined;
}

export type PlanRead = { readonly plan: PlanJson; readonly problem?: undefined } | { readonly plan?: undefined; readonly problem: string };

/** Reads a plan JSON file; a missing, unreadable or invalid file is a problem naming the file. */
export function readPlanFile(file: string, shown: string = file): PlanRead {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "not found" : err instanceof SyntaxError ? `is not JSON (${err.message})` : err.message;
    return { problem: `${shown}: ${why}` };
  }
  const problem = planProblem(doc);
  return problem ? { problem: `${shown}: ${problem}` } : { plan: doc as PlanJson };
}
