// The result rows of verify and doctor, and how they print: an aligned table a person reads
// in a terminal or a CI log.

export type Status = "ok" | "FAIL" | "warn" | "note" | "skip";

export interface CheckRow {
  readonly check: string;
  /** The region (stack) it is about; "-" for the machine or the mesh as a whole. */
  readonly scope: string;
  readonly status: Status;
  readonly detail: string;
  /** What to do about it, for a failure or a warning. */
  readonly next?: string;
}

export const row = (check: string, scope: string, status: Status, detail: string, next?: string): CheckRow => ({
  check,
  scope,
  status,
  detail,
  next,
});

export function formatTable(rows: readonly CheckRow[]): string {
  const head = ["CHECK", "SCOPE", "RESULT", "DETAIL"];
  const cells = rows.map((r) => [r.check, r.scope, r.status, r.detail]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]))).join("  ");
  return [line(head), ...cells.map(line)].join("\n") + "\n";
}

/** The distinct next steps of the rows that need one, in order. */
export function nextSteps(rows: readonly CheckRow[]): string[] {
  return [...new Set(rows.filter((r) => r.next && (r.status === "FAIL" || r.status === "warn" || r.status === "note")).map((r) => r.next!))];
}

export const failed = (rows: readonly CheckRow[]) => rows.some((r) => r.status === "FAIL");
