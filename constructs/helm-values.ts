import { stringify } from "yaml";

/** Renders a Helm values document as YAML with sorted keys: one structured document (numbers
 * stay numbers), stable across synths, small diffs in plans. */
export function renderValues(values: Record<string, unknown>): string {
  return stringify(values, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}
