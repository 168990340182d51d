// No Terraform template can come in through the topology: every string-valued field of the
// schema, found by walking the schema itself (so a new field cannot be forgotten), rejects
// `${...}` and `%{...}` with an error on that very field.
import { z } from "zod";
import { formatPath, validateTopology } from "../../config/load";
import { topologySchema } from "../../config/schema";
import { rawTopology } from "../helpers";

type Segment = string | 0;
interface StringField {
  /** Keys, and 0 for "an element of this list". */
  readonly path: readonly Segment[];
  /** The state backend the field belongs to, for fields of one variant of `state`. */
  readonly backend?: string;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (s: z.ZodType) => (s as unknown as { def: Def }).def;

/** Every field of the schema whose value is a string (plain, enum or literal), at any depth. */
function stringFields(schema: z.ZodType, path: Segment[] = [], backend?: string): StringField[] {
  const def = defOf(schema);
  if (["string", "enum", "literal"].includes(def.type)) return [{ path, backend }];
  if (def.shape) return Object.entries(def.shape).flatMap(([k, v]) => stringFields(v, [...path, k], backend));
  if (def.type === "array" && def.element) return stringFields(def.element, [...path, 0], backend);
  if (def.options) {
    return def.options.flatMap((option) => {
      const literal = defOf(defOf(option).shape!.backend) as unknown as { values: string[] };
      return stringFields(option, path, literal.values[0]);
    });
  }
  const inner = def.innerType ?? def.in;
  if (inner) return stringFields(inner, path, backend);
  return [];
}

/** A valid document with `value` at the field's place (lists get it in their first element). */
function documentWith(field: StringField, value: string): Record<string, unknown> {
  const doc = rawTopology(2) as Record<string, any>;
  if (field.backend) doc.state = { backend: field.backend };
  let at: any = doc;
  field.path.forEach((key, i) => {
    if (i === field.path.length - 1) {
      at[key] = value;
      return;
    }
    const next = field.path[i + 1];
    at[key] ??= next === 0 ? [] : {};
    if (next !== 0 && typeof at[key] !== "object") at[key] = {};
    at = at[key];
  });
  return doc;
}

const FIELDS = stringFields(topologySchema);
const TEMPLATES = ["${x}", "%{x}", "ok-${var.x}", "%{ if true }x%{ endif }"];

describe("no Terraform template in any string", () => {
  it("finds the string fields of every part of the schema", () => {
    const paths = FIELDS.map((f) => formatPath(f.path));
    expect(paths).toEqual(
      expect.arrayContaining([
        "name",
        "meshCidr",
        "apiEndpoint.allowedCidrs[0]",
        "coherence.image",
        "nodePools[0].shape",
        "nodePools[0].image",
        "regions[0].name",
        "regions[0].nodePools[0].image",
        "regions[0].loadBalancerIps.dns",
        "state.kmsKeyId",
        "state.organization",
        "state.hostname",
        "protect[0]",
        "retired[0].name",
      ]),
    );
    expect(FIELDS.length).toBeGreaterThan(35);
  });

  describe.each(FIELDS.map((f) => [`${formatPath(f.path)}${f.backend ? ` (state.backend ${f.backend})` : ""}`, f] as const))("%s", (_name, field) => {
    it.each(TEMPLATES)("rejects %j", (template) => {
      const r = validateTopology(documentWith(field, template));
      expect(r.ok).toBe(false);
      const at = formatPath(field.path);
      expect(r.ok ? [] : r.issues.filter((i) => i.path === at)).not.toEqual([]);
    });
  });

  it("builds documents that are valid but for the field", () => {
    // The walk is only meaningful if a good value in the same place passes.
    expect(validateTopology(documentWith({ path: ["coherence", "namespace"] }, "grid")).ok).toBe(true);
    expect(validateTopology(documentWith({ path: ["regions", 0, "nodePools", 0, "name"] }, "big")).ok).toBe(true);
    expect(validateTopology(documentWith({ path: ["state", "organization"], backend: "cloud" }, "acme"))).toMatchObject({ ok: true });
  });
});
