// The report as text: per stack, one line per change (Terraform's symbols), then a summary line
// and the gate's verdict.
import { formatGate } from "../pipeline/gate";
import { ForcedBy, PreviewAction, PreviewReport, ResourcePreview, StackPreview } from "./report";

const SYMBOL: Record<PreviewAction, string> = {
  create: "+ create ",
  update: "~ update ",
  replace: "± replace",
  delete: "- destroy",
  "no-op": "  no-op  ",
};
const COUNTED = ["create", "update", "replace", "delete"] as const;
const WORD: Record<(typeof COUNTED)[number], string> = { create: "create", update: "update", replace: "replace", delete: "destroy" };

/** At most `n` items, then how many more. */
const firstOf = (items: readonly string[], n: number, sep = ", ") =>
  items.slice(0, n).join(sep) + (items.length > n ? `${sep}and ${items.length - n} more` : "");

const reason = (f: ForcedBy) => `${f.path}${f.rule === "ForceNew" ? "" : `: ${f.rule}`}${f.cause ? ` (${f.cause})` : ""}`;

/** "forced by endpoint_config.subnet_id: … (oci_core_subnet.x is replaced)": the gate shows it too. */
export const describeReplacement = (r: ResourcePreview): string => `forced by ${firstOf(r.forcedBy.map(reason), 3, "; ")}`;

function detail(r: ResourcePreview): string {
  const parts: string[] = [];
  if (r.movedFrom) parts.push(`moved from ${r.movedFrom}`);
  if (r.imported) parts.push("imported");
  if (r.action === "replace") parts.push(describeReplacement(r));
  if (r.action === "update")
    parts.push(
      firstOf(
        r.changed.map((c) => (c.cause ? `${c.path} (${c.cause})` : c.path)),
        5,
      ),
    );
  if (r.problem) parts.push(`the plan fails: ${r.problem}`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

const counts = (resources: readonly ResourcePreview[]) =>
  COUNTED.map((a) => `${resources.filter((r) => r.action === a).length} to ${WORD[a]}`).join(", ");

function formatStack(s: StackPreview): string[] {
  if (s.presence === "removed") {
    const head = `stack ${s.stack}: removed from the synth: its resources are no longer managed (they keep running and billing)`;
    return [`${head}: ${s.unmanaged.length} resource(s)`, ...s.unmanaged.map((a) => `  ? unmanaged ${a}`)];
  }
  const shown = s.resources.filter((r) => r.action !== "no-op" || r.movedFrom);
  const outputs = s.outputs.map((o) => `${{ create: "+", update: "~", delete: "-" }[o.action]} ${o.name}${o.cause ? ` (${o.cause})` : ""}`);
  if (shown.length === 0 && outputs.length === 0) return [`stack ${s.stack}: no changes`];
  const lines = shown.map((r) => `  ${r.action === "no-op" ? "→ move   " : SYMBOL[r.action]} ${r.address}${detail(r)}`);
  if (outputs.length) lines.push(`  outputs: ${outputs.join(", ")}`);
  return [`stack ${s.stack}${s.presence === "new" ? " (new)" : ""}: ${counts(s.resources)}`, ...lines];
}

/** The whole report: each stack, a summary line, the gate's verdict. */
export function formatPreview(report: PreviewReport): string {
  const all = report.stacks.flatMap((s) => s.resources);
  const removed = report.stacks.filter((s) => s.presence === "removed");
  const unmanaged = removed.reduce((n, s) => n + s.unmanaged.length, 0);
  const added = report.stacks.filter((s) => s.presence === "new").length;
  const extra = [added ? `${added} new` : "", removed.length ? `${removed.length} removed: ${unmanaged} resource(s) no longer managed` : ""].filter(
    Boolean,
  );
  const summary = `preview: ${counts(all)} in ${report.stacks.length} stack(s)${extra.length ? ` (${extra.join(", ")})` : ""}`;
  const problems = report.problems.length
    ? [`preview: the plan fails: ${report.problems.length} change(s) Terraform cannot plan (see "the plan fails" above)`]
    : [];
  return [...report.stacks.flatMap(formatStack), summary, ...problems, formatGate(report.gate)].join("\n");
}
