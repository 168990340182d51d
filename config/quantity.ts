// Sizes as Kubernetes and the JVM read them. A Kubernetes quantity follows the grammar of
// k8s.io/apimachinery/pkg/api/resource (Quantity):
//   <quantity> ::= <signedNumber><suffix>
//   <number>   ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
//   <suffix>   ::= <binarySI> (Ki Mi Gi Ti Pi Ei) | <decimalSI> (m "" k M G T P E) | e<signedNumber> | E<signedNumber>
// so "m" is milli and "M" mega there, while the JVM's -Xmx reads "m" and "g" as MiB and GiB.

export type QuantitySuffix = "binary" | "decimal" | "milli" | "exponent" | "none";

export interface Quantity {
  /** The value in base units (bytes for memory, cores for CPU). */
  readonly value: number;
  /** Which kind of suffix it was written with. */
  readonly suffix: QuantitySuffix;
}

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?(?:\d+\.?\d*|\.\d+))?$/;
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A Kubernetes quantity, or undefined when `text` does not follow the grammar. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const number = Number(m[1]);
  const suffix = m[2] ?? "";
  if (suffix === "") return { value: number, suffix: "none" };
  if (suffix === "m") return { value: number / 1000, suffix: "milli" };
  if (suffix in BINARY) return { value: number * BINARY[suffix], suffix: "binary" };
  if (suffix in DECIMAL) return { value: number * DECIMAL[suffix], suffix: "decimal" };
  return { value: number * 10 ** Number(suffix.slice(1)), suffix: "exponent" };
}

/** The JVM's size grammar for -Xms/-Xmx: whole numbers with k, m, g or t (either case), binary. */
export const JVM_SIZE = /^(\d+)([kKmMgGtT])$/;
const JVM_UNITS: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** Bytes of a JVM size such as 2g or 512m, or undefined when it is not one. */
export function jvmBytes(text: string): number | undefined {
  const m = JVM_SIZE.exec(text);
  return m ? Number(m[1]) * JVM_UNITS[m[2].toLowerCase()] : undefined;
}
