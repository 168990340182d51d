// A plan in a few lines: how many resources each action touches, every destroy and replace
// with Terraform's reason and the attributes forcing it, and every disruptive update. Values
// appear only for the disruptive attributes, and never when the plan marks them sensitive.
import { Change, changeOf, describeAttribute, describeReason } from "./changes";
import { PlanJson } from "./plan-json";

export interface PlanSummary {
  readonly stack: string;
  readonly create: number;
  readonly update: number;
  /** Destroys and forgets. */
  readonly destroy: number;
  /** Replaces, including create-then-forget. */
  readonly replace: number;
  /** Every destroy, replace (and change okemesh does not know), in plan order. */
  readonly removals: readonly Change[];
  /** In-place updates of a disruptive attribute. */
  readonly disruptive: readonly Change[];
}

const SYMBOL: Readonly<Record<string, string>> = { create: "+", update: "~", destroy: "-", replace: "±", unknown: "?" };

export function summarize(stack: string, plan: PlanJson): PlanSummary {
  const changes = (plan.resource_changes ?? []).map(changeOf);
  const count = (action: Change["action"]) => changes.filter((c) => c.action === action).length;
  return {
    stack,
    create: count("create"),
    update: count("update"),
    destroy: count("destroy"),
    replace: count("replace"),
    removals: changes.filter((c) => ["destroy", "replace", "unknown"].includes(c.action)),
    disruptive: changes.filter((c) => c.disruptive.length > 0),
  };
}

const counts = (s: PlanSummary) => `+ ${s.create} create, ~ ${s.update} update, - ${s.destroy} destroy, ± ${s.replace} replace`;

/** The summary as terminal lines. */
export function formatSummary(s: PlanSummary): string {
  const removal = (c: Change) => {
    const reason = describeReason(c);
    return `  ${SYMBOL[c.action]} ${c.action} ${c.address}${reason ? ` (${reason})` : ""}`;
  };
  const disruptive = (c: Change) => `  ~ disruptive update ${c.address}: ${c.disruptive.map((a) => describeAttribute(a)).join(", ")}`;
  return [`plan ${s.stack}: ${counts(s)}`, ...s.removals.map(removal), ...s.disruptive.map(disruptive)].join("\n");
}

/** Inline code that cannot be broken out of. */
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** The summary as Markdown, for $GITHUB_STEP_SUMMARY. */
export function summaryMarkdown(s: PlanSummary, title = "okemesh plan"): string {
  const removal = (c: Change) => {
    const reason = describeReason(c);
    return `- ${SYMBOL[c.action]} ${c.action} ${code(c.address)}${reason ? `: ${reason.replace(/[`<>]/g, "'")}` : ""}`;
  };
  const disruptive = (c: Change) =>
    `- ⚠️ disruptive update ${code(c.address)}: ${c.disruptive.map((a) => code(describeAttribute(a, "→"))).join(", ")}`;
  const table = [
    "| + create | ~ update | - destroy | ± replace |",
    "| ---: | ---: | ---: | ---: |",
    `| ${s.create} | ${s.update} | ${s.destroy} | ${s.replace} |`,
  ];
  const items = [...s.removals.map(removal), ...s.disruptive.map(disruptive)];
  return [`### ${title} ${code(s.stack)}`, "", ...table, ...(items.length ? ["", ...items] : []), ""].join("\n") + "\n";
}
