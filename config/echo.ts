// How a message shows a value the user gave: short, on one line, whatever its size.
import { MAX_ECHO } from "./limits";

const cut = (text: string): string => (text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text);

/** `text` cut to MAX_ECHO characters (with an ellipsis), control characters escaped. */
export function clip(text: string): string {
  // eslint-disable-next-line no-control-regex
  return cut(text).replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** A value as JSON (strings quoted), cut like `clip`. */
export function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(cut(value));
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : clip(json);
}

/** A field path such as `regions[1].podsCidr` from its keys and indices. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  const joined = path.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${clip(String(k))}` : clip(String(k))), "");
  return joined || "(top level)";
}
