// What one resource change of a plan does, in the terms the summary and the gate speak:
// create / update / destroy / replace, whether it only forgets the object, the attributes that
// force a replacement, and the in-place updates that disrupt a running mesh.
import { ResourceChange, ValuePath } from "./plan-json";

/** The chart constructs/cilium-mesh.ts installs (CILIUM_CHART.chart; a test keeps them equal):
 * not imported, so that the pipeline does not load cdktf. */
export const CILIUM_CHART_NAME = "cilium";
/** The charts constructs/submariner-mesh.ts installs (SUBMARINER_BROKER, SUBMARINER_OPERATOR; a
 * test keeps them equal). */
export const SUBMARINER_CHART_NAMES: readonly string[] = ["submariner-k8s-broker", "submariner-operator"];

export type ChangeAction = "create" | "update" | "destroy" | "replace" | "read" | "no-op" | "unknown";

/** One attribute of an in-place update, with its values when neither is sensitive. */
export interface AttributeChange {
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
}

export interface Change {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** The actions as Terraform wrote them, e.g. ["create","forget"]. */
  readonly actions: readonly string[];
  /** The old object is removed from state but left running ("forget"). */
  readonly forget: boolean;
  readonly reason?: string;
  /** The attributes that force the replacement (replace_paths), e.g. `kubernetes_network_config[0].pods_cidr`. */
  readonly replacePaths: readonly string[];
  readonly deposed?: string;
  /** The disruptive attributes an in-place update changes (empty for anything else). */
  readonly disruptive: readonly AttributeChange[];
}

const KNOWN_ACTIONS = new Set(["no-op", "create", "read", "update", "delete", "forget"]);

/** "delete" and "forget" both end Terraform's management of the object: with "create" a
 * replace, alone a destroy. Terraform lists the actions so that scanning for them finds every
 * removal (jsonplan.Change.Actions). */
function actionOf(actions: readonly string[]): ChangeAction {
  if (actions.includes("delete") || actions.includes("forget")) return actions.includes("create") ? "replace" : "destroy";
  if (actions.length !== 1 || !KNOWN_ACTIONS.has(actions[0])) return "unknown";
  return actions[0] as ChangeAction;
}

/** The Helm chart a helm_release installs (`chart` before or after), by its last path segment. */
function chartOf(value: unknown): string | undefined {
  const chart = typeof value === "object" && value !== null ? (value as Record<string, unknown>).chart : undefined;
  return typeof chart === "string" ? chart.split("/").pop() : undefined;
}

const installs = (rc: ResourceChange, charts: readonly string[]): boolean =>
  rc.type === "helm_release" && [rc.change.before, rc.change.after].some((v) => charts.includes(chartOf(v) ?? ""));

/** The release of the Cilium chart, told by its `chart` value rather than its address. */
export function isCiliumRelease(rc: ResourceChange): boolean {
  return installs(rc, [CILIUM_CHART_NAME]);
}

/** A release of Submariner's broker or operator chart: without it a cluster leaves the mesh. */
export function isSubmarinerRelease(rc: ResourceChange): boolean {
  return installs(rc, SUBMARINER_CHART_NAMES);
}

interface Disruption {
  readonly type: string;
  readonly matches?: (rc: ResourceChange) => boolean;
  readonly paths: readonly ValuePath[];
}

/** In-place updates that take down what runs: on a node pool with node cycling, a new image,
 * Kubernetes version or shape replaces every node (OKE cordons, drains and terminates them:
 * "Updating Worker Nodes in an Existing Node Pool by Terminating and Replacing Nodes"); a
 * cluster version upgrades the control plane; a Cilium chart version restarts the CNI agent
 * on every node (helm_release updates chart versions in place, helm provider 3.1.1 ModifyPlan). */
export const DISRUPTIVE: readonly Disruption[] = [
  {
    type: "oci_containerengine_node_pool",
    paths: [["node_source_details", 0, "image_id"], ["kubernetes_version"], ["node_shape"], ["node_shape_config"]],
  },
  { type: "oci_containerengine_cluster", paths: [["kubernetes_version"]] },
  { type: "helm_release", matches: isCiliumRelease, paths: [["version"]] },
];

function at(value: unknown, path: ValuePath): unknown {
  let v = value;
  for (const step of path) {
    if (v === true) return true; // a mask (sensitive, unknown) that covers the whole subtree
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

export function formatPath(path: ValuePath): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** A value fit to print: scalars only (a block prints as its attribute name alone), never a sensitive one. */
/** Whether a mask (after_unknown, *_sensitive) has `true` anywhere under it. */
function anyTrue(mask: unknown): boolean {
  return mask === true || (typeof mask === "object" && mask !== null && Object.values(mask).some(anyTrue));
}

function shown(value: unknown, sensitive: unknown): string | undefined {
  if (anyTrue(sensitive)) return "(sensitive)";
  return value === undefined || (typeof value === "object" && value !== null) ? undefined : JSON.stringify(value);
}

function disruptiveAttributes(rc: ResourceChange): AttributeChange[] {
  const d = DISRUPTIVE.find((x) => x.type === rc.type && (!x.matches || x.matches(rc)));
  if (!d) return [];
  const c = rc.change;
  return d.paths.flatMap((path) => {
    const unknown = anyTrue(at(c.after_unknown, path));
    if (!unknown && JSON.stringify(at(c.before, path)) === JSON.stringify(at(c.after, path))) return [];
    const before = shown(at(c.before, path), at(c.before_sensitive, path));
    const after = unknown ? "(known after apply)" : shown(at(c.after, path), at(c.after_sensitive, path));
    return [{ path: formatPath(path), before, after }];
  });
}

export function changeOf(rc: ResourceChange): Change {
  const action = rc.mode === "data" ? "read" : actionOf(rc.change.actions);
  return {
    address: rc.address,
    type: rc.type,
    action,
    actions: rc.change.actions,
    forget: rc.change.actions.includes("forget"),
    reason: rc.action_reason,
    replacePaths: (rc.change.replace_paths ?? []).map(formatPath),
    deposed: rc.deposed,
    disruptive: action === "update" ? disruptiveAttributes(rc) : [],
  };
}

/** `path "old" -> "new"`, or the path alone when a value is sensitive or a block. */
export function describeAttribute(a: AttributeChange, arrow = "->"): string {
  return a.before !== undefined || a.after !== undefined ? `${a.path} ${a.before ?? "(none)"} ${arrow} ${a.after ?? "(none)"}` : a.path;
}

/** Why and how: `replace_because_cannot_update; forced by kubernetes_version`, the forget, the deposed object. */
export function describeReason(c: Change): string {
  const parts = [
    c.forget ? "forget: the object is left running, no longer managed" : undefined,
    c.deposed ? `deposed object ${c.deposed}` : undefined,
    c.reason,
    c.replacePaths.length ? `forced by ${c.replacePaths.join(", ")}` : undefined,
    c.action === "unknown" ? `actions ${JSON.stringify(c.actions)} okemesh does not know` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.join("; ");
}

/** One line: `replace <address> (<reason>)` or `update <address>: <disruptive attributes>`. */
export function describeChange(c: Change): string {
  const reason = describeReason(c);
  const attributes = c.disruptive.map((a) => describeAttribute(a)).join(", ");
  return `${c.action} ${c.address}${reason ? ` (${reason})` : ""}${attributes ? `: ${attributes}` : ""}`;
}
