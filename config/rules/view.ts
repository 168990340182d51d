// What every cross-field rule reads: the raw document, read defensively (a field that is
// missing or of the wrong type is the schema's to report), with each CIDR parsed once.
import { carveSubnets, Cidr, parseCidr, SubnetLayout } from "../cidr";
import { DEFAULTS } from "../defaults";
import { MAX_REGIONS } from "../limits";

export interface Issue {
  /** Field path such as `regions[1].podsCidr`. */
  readonly path: string;
  readonly message: string;
}

export type Raw = Record<string, unknown>;
export const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The CIDR fields of one region. */
export const REGION_CIDRS = ["vcnCidr", "podsCidr", "servicesCidr"] as const;

export interface RawRegion {
  /** `regions[i]` */
  readonly at: string;
  /** The region's object ({} when it is not one). */
  readonly r: Raw;
}

/** One CIDR field: its path, its text, and the parsed network or why it does not parse. */
export interface CidrField {
  readonly path: string;
  readonly value: unknown;
  readonly cidr?: Cidr;
  readonly problem?: string;
}

export interface TopologyView {
  readonly doc: Raw;
  readonly regions: readonly RawRegion[];
  readonly apiEndpoint: Raw;
  readonly coherence: Raw;
  /** Every CIDR field that is given (defaults included), in document order. */
  readonly cidrFields: readonly CidrField[];
  /** The parsed network of a CIDR field, when it is given and parses. */
  cidr(path: string): Cidr | undefined;
  /** The subnet layout of a region's VCN (`regions[i]`), or why it does not fit; undefined when
   * the VCN CIDR does not parse. Carved once. */
  layout(at: string): SubnetLayout | { tooSmall: string } | undefined;
}

/** Reads a document for the rules; undefined when it is not even an object. */
export function viewOf(doc: unknown): TopologyView | undefined {
  if (!isObject(doc)) return undefined;
  // Retired regions are still deployed while they leave: every per-region rule holds for them too.
  const entries = (key: "regions" | "retired") => list(doc[key]).map((r, i) => ({ at: `${key}[${i}]`, r: isObject(r) ? r : {} }));
  const regions = [...entries("regions"), ...entries("retired")];
  const apiEndpoint = isObject(doc.apiEndpoint) ? doc.apiEndpoint : {};
  const given: Array<[string, unknown]> = [["meshCidr", doc.meshCidr === undefined ? DEFAULTS.meshCidr : doc.meshCidr]];
  list(apiEndpoint.allowedCidrs).forEach((c, i) => given.push([`apiEndpoint.allowedCidrs[${i}]`, c]));
  for (const { at, r } of regions) for (const f of REGION_CIDRS) given.push([`${at}.${f}`, r[f]]);
  // Absent or not a string: the schema says so.
  const cidrFields = given.filter(([, value]) => typeof value === "string").map(([path, value]) => ({ path, value, ...parseCidr(value) }));
  const parsed = new Map(cidrFields.flatMap((f) => ("cidr" in f && f.cidr ? [[f.path, f.cidr] as const] : [])));
  const layouts = new Map<string, SubnetLayout | { tooSmall: string } | undefined>();
  const layout = (at: string) => {
    if (!layouts.has(at)) {
      const vcn = parsed.get(`${at}.vcnCidr`);
      layouts.set(at, vcn && carveSubnets(vcn));
    }
    return layouts.get(at);
  };
  return {
    doc,
    regions,
    apiEndpoint,
    coherence: isObject(doc.coherence) ? doc.coherence : {},
    cidrFields,
    cidr: (path) => parsed.get(path),
    layout,
  };
}

/** A named cross-field rule: every problem it finds in the document. */
export interface Rule {
  /** What it checks, in a few words. */
  readonly name: string;
  check(view: TopologyView): Issue[];
}

/** Rules that compare every region with every other one run only on a mesh of allowed size
 * (more regions is itself reported), so that a huge document cannot make them take long. */
export const pairwise = (view: TopologyView): boolean => view.regions.length <= MAX_REGIONS;

/** Every entry whose value an earlier entry already has (undefined values are the schema's to
 * report), with the label of that earlier entry. */
export function repeats(
  entries: ReadonlyArray<{ path: string; value: unknown; label: string }>,
): Array<{ path: string; value: unknown; first: string }> {
  const seen = new Map<unknown, string>();
  return entries.flatMap((e) => {
    if (e.value === undefined) return [];
    const first = seen.get(e.value);
    if (first === undefined) seen.set(e.value, e.label);
    return first === undefined ? [] : [{ path: e.path, value: e.value, first }];
  });
}
