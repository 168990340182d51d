// Checks what a synth wrote into the mesh stack against the real chart and CRD files:
//   - every Cilium release's values validate against the chart's values.schema.json, and every
//     key okemesh sets exists in its values.yaml (the schema has no additionalProperties, so a
//     misspelt key would pass it silently);
//   - every Submariner and Coherence operator release sets only keys of its chart's values.yaml
//     (committed in schemas/submariner/<chart>/<version>/ and schemas/coherence-operator/<version>/:
//     none of these charts has a schema), with the same types;
//   - every Coherence member set's resource validates against the operator's CRD, closed
//     (unknown fields are errors: the API server would prune them silently);
//   - every ServiceExport release (discovery mcs-api or lighthouse) sets only keys of its local chart's
//     values.yaml, and a Kubernetes object name.
// The reference files are not part of okemesh; .ci/run runs this when ../shared is present:
//
//   tsx scripts/check-charts.ts <cdktf.out> <reference dir>
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse, parseAllDocuments } from "yaml";

type Json = Record<string, any>;

function main(): void {
  const [outdir, reference] = process.argv.slice(2);
  if (!outdir || !reference) {
    console.error("usage: tsx scripts/check-charts.ts <cdktf.out> <reference dir>");
    process.exit(2);
  }
  const mesh = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "mesh", "cdk.tf.json"), "utf8"));
  const releases: Json[] = Object.values(mesh.resource?.helm_release ?? {});
  const problems: string[] = [];
  let checked = 0;

  const ciliumDir = fs.readdirSync(path.join(reference, "cilium")).sort().pop()!;
  const ciliumSchema = JSON.parse(fs.readFileSync(path.join(reference, "cilium", ciliumDir, "values.schema.json"), "utf8"));
  const ciliumDefaults = parse(fs.readFileSync(path.join(reference, "cilium", ciliumDir, "values.yaml"), "utf8"));
  const validateCilium = new Ajv({ strict: false, allErrors: true }).compile(ciliumSchema);
  for (const r of releases.filter((x) => x.chart === "cilium")) {
    const where = `${r.provider} cilium`;
    const values = parse(r.values[0]);
    for (const s of r.set_sensitive ?? []) setPath(values, s.name.split("."), s.value);
    if (!validateCilium(values)) problems.push(...validateCilium.errors!.map((e) => `${where}: ${e.instancePath} ${e.message}`));
    problems.push(...unknownKeys(values, ciliumDefaults, []).map((k) => `${where}: ${k} is not a key of the chart's values.yaml`));
    checked++;
  }

  // Charts without a values schema: every key okemesh sets, with its type, against the committed values file.
  const byValuesFile = releases.filter((x) => x.chart in VALUES_FILES);
  for (const r of byValuesFile) problems.push(...valuesFileProblems(r));
  checked += byValuesFile.length;

  const crd = parseAllDocuments(fs.readFileSync(path.join(reference, "coherence", "coherence-crd.yaml"), "utf8"))[0].toJS();
  const version = crd.spec.versions[0];
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const f of ["int32", "int64", "int-or-string", "date-time", "byte", "double", "float"]) ajv.addFormat(f, true);
  const validateCoherence = ajv.compile(closed(version.schema.openAPIV3Schema) as object);
  const localChart = (x: Json, id: string) => String(x.chart).startsWith("assets/") && String(x.chart).includes(`${id}_`);
  for (const r of releases.filter((x) => localChart(x, "grid_chart"))) {
    const values = parse(r.values[0]);
    const resource = {
      apiVersion: `${crd.spec.group}/${version.name}`,
      kind: crd.spec.names.kind,
      metadata: { name: values.name, namespace: "ns" },
      spec: values.spec,
    };
    if (!validateCoherence(resource))
      problems.push(...validateCoherence.errors!.map((e) => `${r.provider} ${values.name}: ${e.instancePath} ${e.message}`));
    checked++;
  }

  const exportDefaults = parse(fs.readFileSync(path.join(__dirname, "..", "charts", "service-export", "values.yaml"), "utf8"));
  for (const r of releases.filter((x) => localChart(x, "export_chart"))) {
    const values = parse(r.values[0]);
    const where = `${r.provider} ${r.name}`;
    problems.push(...unknownKeys(values, exportDefaults, []).map((k) => `${where}: ${k} is not a key of charts/service-export/values.yaml`));
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(String(values.name))) problems.push(`${where}: name ${values.name} is not a Service name`);
    checked++;
  }

  for (const p of problems) console.error(`check-charts: ${p}`);
  console.log(
    `check-charts: ${checked} release(s) checked against ${ciliumDir}, the Submariner and Coherence operator values files and the Coherence CRD: ` +
      `${problems.length} problem(s)`,
  );
  process.exit(problems.length || checked === 0 ? 1 : 0);
}

const SUBMARINER_VALUES = path.join(__dirname, "..", "schemas", "submariner");

/** Where the committed values files of each remote chart without a schema live, by chart, and how to add one. */
const VALUES_FILES: Record<string, { readonly dir: string; readonly readme: string }> = {
  "submariner-k8s-broker": { dir: path.join(SUBMARINER_VALUES, "submariner-k8s-broker"), readme: "schemas/submariner/README.md" },
  "submariner-operator": { dir: path.join(SUBMARINER_VALUES, "submariner-operator"), readme: "schemas/submariner/README.md" },
  "coherence-operator": { dir: path.join(__dirname, "..", "schemas", "coherence-operator"), readme: "schemas/coherence-operator/README.md" },
};

/** A Submariner release's values (sensitive ones included) against its version's values.yaml. */
function valuesFileProblems(r: Json): string[] {
  const where = `${r.provider} ${r.chart} ${r.version}`;
  const { dir, readme } = VALUES_FILES[r.chart];
  const file = path.join(dir, r.version, "values.yaml");
  if (!fs.existsSync(file)) return [`${where}: no committed values.yaml for this version (${readme} says how to add it)`];
  const values: Json = r.values?.[0] ? parse(r.values[0]) : {};
  for (const s of r.set_sensitive ?? []) setPath(values, s.name.split("."), "sensitive");
  const defaults = parse(fs.readFileSync(file, "utf8"));
  return [
    ...unknownKeys(values, defaults, []).map((k) => `${where}: ${k} is not a key of the chart's values.yaml`),
    ...typeMismatches(values, defaults, []).map((m) => `${where}: ${m}`),
  ];
}

/** Leaves whose type differs from the chart default's (a Terraform reference is a string). */
function typeMismatches(values: unknown, defaults: unknown, at: string[]): string[] {
  if (isMap(values) && isMap(defaults))
    return Object.entries(values).flatMap(([k, v]) => (k in defaults ? typeMismatches(v, defaults[k], [...at, k]) : []));
  const kind = (v: unknown) => (Array.isArray(v) ? "list" : v === null ? "null" : typeof v);
  if (defaults === null || kind(values) === kind(defaults) || (isMap(defaults) && Object.keys(defaults).length === 0 && isMap(values))) return [];
  return [`${at.join(".")} is a ${kind(values)}, the chart's default a ${kind(defaults)}`];
}

function setPath(obj: Json, keys: string[], value: unknown): void {
  const last = keys.pop()!;
  for (const k of keys) obj = obj[k] ??= {};
  obj[last] = value;
}

/** Key paths of `values` that the chart's defaults do not have. A key whose default is not a
 * map (e.g. clustermesh.config.clusters: []) or an empty map (Submariner's
 * submariner.coreDNSCustomConfig: {}, whose template reads configMapName and namespace) takes any
 * content. */
/** The keys a values file leaves as an empty map but its templates read, by path: an empty default
 * would let any misspelt key through. coreDNSCustomConfig becomes the Submariner CR's
 * CoreDNSCustomConfig (submariner-operator api/v1alpha1 servicediscovery_types.go @v0.18.1); a typo would
 * send the operator back to editing OKE's Corefile. */
const EMPTY_MAP_KEYS: Record<string, readonly string[]> = { "submariner.coreDNSCustomConfig": ["configMapName", "namespace"] };

function unknownKeys(values: unknown, defaults: unknown, at: string[]): string[] {
  const known = EMPTY_MAP_KEYS[at.join(".")];
  if (known && isMap(values)) return Object.keys(values).flatMap((k) => (known.includes(k) ? [] : [[...at, k].join(".")]));
  if (!isMap(values) || !isMap(defaults) || Object.keys(defaults).length === 0) return [];
  return Object.entries(values).flatMap(([k, v]) => (k in defaults ? unknownKeys(v, defaults[k], [...at, k]) : [[...at, k].join(".")]));
}

/** The schema with additionalProperties: false on every object that lists its properties. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!isMap(schema)) return schema;
  const out: Json = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === "properties" ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, closed(s)])) : closed(v),
    ]),
  );
  if (out.properties && out.additionalProperties === undefined && !out["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
  return out;
}

const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

main();
