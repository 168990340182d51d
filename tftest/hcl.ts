// Just enough HCL to write a .tftest.hcl file: blocks, attributes, literal values and
// expressions. Every string from a stack or the topology goes through `literal`, which
// escapes template sequences, so no such string ever becomes Terraform code.

/** A Terraform expression written as is (a reference, a keyword, a condition). Made only by
 * `ref`, `keyword` and `expr` below, from checked identifiers and escaped literals. */
export class Expr {
  private constructor(readonly text: string) {}
  /** @internal */
  static of(text: string): Expr {
    return new Expr(text);
  }
}

export type HclValue = string | number | boolean | Expr | readonly HclValue[] | { readonly [key: string]: HclValue };

export interface HclBlock {
  readonly type: string;
  readonly labels?: readonly string[];
  /** Attributes, written in this order before the nested blocks. */
  readonly attributes?: Readonly<Record<string, HclValue>>;
  readonly blocks?: readonly HclBlock[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An address such as `data.oci_core_services.network_osn_1234` from checked identifiers. */
export function ref(...parts: readonly (string | number)[]): Expr {
  const text = parts
    .map((p) => {
      if (typeof p === "number") return `[${p}]`;
      if (!IDENTIFIER.test(p)) throw new Error(`not a Terraform identifier: ${JSON.stringify(p)}`);
      return `.${p}`;
    })
    .join("")
    .slice(1);
  return Expr.of(text);
}

/** A bare keyword value: `apply`, `plan`. */
export function keyword(word: "apply" | "plan"): Expr {
  return Expr.of(word);
}

/** An expression assembled from expressions and values (values are written as literals). */
export function expr(strings: TemplateStringsArray, ...values: readonly HclValue[]): Expr {
  return Expr.of(strings.reduce((out, s, i) => out + s + (i < values.length ? value(values[i], null) : ""), ""));
}

/** A quoted HCL string whose content is taken literally (`${` and `%{` escaped). */
export function literal(s: string): string {
  const escaped = s.replace(/[\\"\n\r\t]|[\u0000-\u001f\u007f]/g, (c) => {
    const named: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  // A function replacement: in a replacement string "$$" would mean a single "$".
  return `"${escaped.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{")}"`;
}

/** `indent` null writes lists and objects on one line (inside expressions). */
function value(v: HclValue, indent: string | null): string {
  if (v instanceof Expr) return v.text;
  if (typeof v === "string") return literal(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return String(v);
  const list = isList(v);
  const items: ((i: string | null) => string)[] = list
    ? v.map((x) => (i: string | null) => value(x, i))
    : Object.entries(v).map(
        ([k, x]) =>
          (i: string | null) =>
            `${literal(k)} = ${value(x, i)}`,
      );
  const [open, close] = list ? ["[", "]"] : ["{", "}"];
  if (items.length === 0) return open + close;
  if (indent === null) return list ? `[${items.map((f) => f(null)).join(", ")}]` : `{ ${items.map((f) => f(null)).join(", ")} }`;
  const inner = `${indent}  `;
  return `${open}\n${items.map((f) => `${inner}${f(inner)}${list ? "," : ""}`).join("\n")}\n${indent}${close}`;
}

const isList = (v: HclValue): v is readonly HclValue[] => Array.isArray(v);

function block(b: HclBlock, indent: string): string {
  if (!IDENTIFIER.test(b.type)) throw new Error(`not a block type: ${JSON.stringify(b.type)}`);
  const inner = `${indent}  `;
  const head = [b.type, ...(b.labels ?? []).map(literal)].join(" ");
  const lines = Object.entries(b.attributes ?? {}).map(([k, v]) => {
    if (!IDENTIFIER.test(k)) throw new Error(`not an attribute name: ${JSON.stringify(k)}`);
    return `${inner}${k} = ${value(v, inner)}`;
  });
  const nested = (b.blocks ?? []).map((x) => block(x, inner));
  const body = [...lines, ...nested];
  return body.length === 0 ? `${indent}${head} {}` : `${indent}${head} {\n${body.join("\n")}\n${indent}}`;
}

/** The blocks as HCL text, one blank line between top-level blocks. */
export function renderHcl(blocks: readonly HclBlock[]): string {
  return blocks.map((b) => block(b, "")).join("\n\n") + "\n";
}
