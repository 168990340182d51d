#!/usr/bin/env node
// Regenerates schemas/oracle-oci.json from the real oracle/oci provider, keeping only the
// resource and data source types the committed schema already has (plus any given with
// --add TYPE). Needs terraform and access to the Terraform registry, so it is for users
// upgrading the provider, never part of the build:
//
//   node scripts/refresh-schema.js [--version 8.29.0] [--add oci_core_private_ip]...
//   node scripts/refresh-schema.js --from ../shared/reference/oci-provider/schema-full.json.gz --add TYPE
//
// --from takes the whole provider schema from a `terraform providers schema -json` document
// (.json or .json.gz) instead of the registry: offline, for the version that document holds.
//
// Then update the constraint in cdktf.json (terraformProviders) and run `npm run gen`,
// `npm test` and review the snapshot diff.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const zlib = require("zlib");

const root = path.resolve(__dirname, "..");
const schemaFile = path.join(root, "schemas", "oracle-oci.json");
const ADDR = "registry.terraform.io/oracle/oci";

const args = process.argv.slice(2);
let version;
let from;
const add = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--version") version = args[++i];
  else if (args[i] === "--add") add.push(args[++i]);
  else if (args[i] === "--from") from = args[++i];
  else {
    console.error(
      `refresh-schema: unknown argument ${args[i]}\nusage: refresh-schema.js [--version X.Y.Z | --from SCHEMA.json[.gz]] [--add TYPE]...`,
    );
    process.exit(2);
  }
}
const current = JSON.parse(fs.readFileSync(schemaFile, "utf8")).provider_schemas[ADDR];
version =
  version ||
  (JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).terraformProviders.find((p) => p.startsWith("oracle/oci")) || "").replace(
    /^oracle\/oci@~>\s*/,
    "",
  );

function fromRegistry() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-schema-"));
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { oci: { source: "oracle/oci", version } } } }));
  const run = (...a) => {
    const r = spawnSync("terraform", a, { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
    if (r.status !== 0) {
      console.error(`refresh-schema: terraform ${a.join(" ")} failed:\n${r.stderr}`);
      process.exit(1);
    }
    return r.stdout;
  };
  run("init", "-input=false", "-backend=false");
  const schema = JSON.parse(run("providers", "schema", "-json"));
  fs.rmSync(dir, { recursive: true, force: true });
  return schema;
}
const full = from
  ? JSON.parse((from.endsWith(".gz") ? zlib.gunzipSync(fs.readFileSync(from)) : fs.readFileSync(from)).toString("utf8"))
  : fromRegistry();
const provider = full.provider_schemas[ADDR];
const pick = (kind, have) => {
  const out = {};
  for (const type of [...Object.keys(have || {}), ...add].sort()) {
    if (provider[kind][type]) out[type] = provider[kind][type];
  }
  return out;
};
const subset = {
  format_version: full.format_version,
  provider_schemas: {
    [ADDR]: {
      provider: provider.provider,
      resource_schemas: pick("resource_schemas", current.resource_schemas),
      data_source_schemas: pick("data_source_schemas", current.data_source_schemas),
    },
  },
};
const missing = add.filter((t) => !provider.resource_schemas[t] && !provider.data_source_schemas[t]);
if (missing.length) console.error(`refresh-schema: not in oracle/oci ${version}: ${missing.join(", ")}`);
// Keys sorted, so a refresh diffs only in what changed.
const sorted = (v) =>
  Array.isArray(v)
    ? v.map(sorted)
    : v && typeof v === "object"
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted(v[k])]),
        )
      : v;
fs.writeFileSync(schemaFile, JSON.stringify(sorted(subset), null, 2) + "\n");
console.log(`refresh-schema: wrote ${path.relative(root, schemaFile)} (oracle/oci ${from ? `from ${from}` : version})`);
