#!/usr/bin/env node
// Regenerates schemas/force-new.json, the providers' force-new facts that `preview` reads,
// from the reference files beside the project (../shared/reference): every resource type of
// schemas/oracle-oci.json from oci-provider/force-new.json, every hashicorp type from
// force-new-hashicorp.json (kubernetes, helm and tls types okemesh uses), then the
// hashicorp/kubernetes types ../shared lacks from schemas/force-new-kubernetes-extra.json
// (read by hand from the provider's Go source at the same tag; committed with the project).
// Deterministic (keys and lists sorted), offline; not part of the build:
//
//   node scripts/refresh-force-new.js [--shared ../shared/reference] [--check]
//
// --check writes nothing and exits 1 when the committed file is not what it would write.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const outFile = path.join(root, "schemas", "force-new.json");
const OCI = "registry.terraform.io/oracle/oci";

const args = process.argv.slice(2);
let shared = path.join(root, "..", "shared", "reference");
let check = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--shared" && args[i + 1]) shared = path.resolve(args[++i]);
  else if (args[i] === "--check") check = true;
  else {
    console.error(`refresh-force-new: unknown argument ${args[i]}\nusage: refresh-force-new.js [--shared DIR] [--check]`);
    process.exit(2);
  }
}

const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`refresh-force-new: cannot read ${file}: ${e.message}`);
    process.exit(1);
  }
};
/** A path relative to the project root, with forward slashes (the same from any checkout). */
const shown = (file) => path.relative(root, file).split(path.sep).join("/");

/** Recursively sorted object keys; lists of strings sorted, lists of rules sorted by path. */
function sorted(value) {
  if (Array.isArray(value)) {
    const items = value.map(sorted);
    if (items.every((v) => typeof v === "string")) return [...items].sort();
    return items.sort((a, b) => `${a.path}:${a.line}`.localeCompare(`${b.path}:${b.line}`));
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted(value[k])]),
    );
  }
  return value;
}

/** One resource type's facts from a file in the layout of oci-provider/force-new.json. */
function entryOf(source, type, provider, framework) {
  return {
    provider,
    framework,
    force_new: source.resources[type],
    blocks: (source.blocks || {})[type] || {},
    optional_computed: (source.optional_computed || {})[type] || [],
    computed_only: (source.computed_only || {})[type] || [],
    no_update: (source.no_update || []).includes(type),
    custom: (source.custom || {})[type] || [],
    sources: (source.sources || {})[type] || {},
  };
}

const ociFile = path.join(shared, "oci-provider", "force-new.json");
const hashicorpFile = path.join(shared, "force-new-hashicorp.json");
const oci = readJson(ociFile);
const hashicorp = readJson(hashicorpFile);
const ociTypes = Object.keys(readJson(path.join(root, "schemas", "oracle-oci.json")).provider_schemas[OCI].resource_schemas);

const resources = {};
const missing = ociTypes.filter((t) => !oci.resources[t]);
if (missing.length) {
  console.error(`refresh-force-new: not in ${shown(ociFile)}: ${missing.join(", ")}`);
  process.exit(1);
}
// oracle/oci is a terraform-plugin-sdk v2 provider (oci-provider/README.md: "SDK v2 rules").
for (const t of ociTypes) resources[t] = entryOf(oci, t, oci.provider, false);
const provenance = [
  { file: shown(ociFile), provider: oci.provider, version: oci.version, revision: oci.revision, plugin: "terraform-plugin-sdk/v2" },
];
for (const key of Object.keys(hashicorp).filter((k) => k.startsWith("hashicorp/"))) {
  const p = hashicorp[key];
  // Plugin-framework providers compare a RequiresReplace block as a whole value, and an unset
  // attribute with a schema Default plans that default (force-new-hashicorp.json notes).
  const framework = String(p.plugin).startsWith("terraform-plugin-framework");
  for (const t of Object.keys(p.resources)) resources[t] = entryOf(p, t, p.provider, framework);
  provenance.push({ file: shown(hashicorpFile), provider: p.provider, version: p.version, tag: p.tag, revision: p.revision, plugin: p.plugin });
}

// Merged after force-new-hashicorp.json: the resource types okemesh uses that ../shared does not
// cover, in the layout of one of its provider sections, for a provider version it pins there.
const extraFile = path.join(root, "schemas", "force-new-kubernetes-extra.json");
const extra = readJson(extraFile);
const pinned = provenance.find((p) => p.provider === extra.provider);
if (!pinned || pinned.version !== extra.version || pinned.revision !== extra.revision) {
  console.error(
    `refresh-force-new: ${shown(extraFile)} is for ${extra.provider} ${extra.version} (${extra.revision}), ` +
      `${shown(hashicorpFile)} for ${pinned ? `${pinned.version} (${pinned.revision})` : "no such provider"}`,
  );
  process.exit(1);
}
const shadowed = Object.keys(extra.resources).filter((t) => resources[t]);
if (shadowed.length) {
  console.error(`refresh-force-new: ${shown(hashicorpFile)} now covers ${shadowed.join(", ")}: remove them from ${shown(extraFile)}`);
  process.exit(1);
}
for (const t of Object.keys(extra.resources)) {
  resources[t] = entryOf(extra, t, extra.provider, String(extra.plugin).startsWith("terraform-plugin-framework"));
}
provenance.push({
  file: shown(extraFile),
  provider: extra.provider,
  version: extra.version,
  tag: extra.tag,
  revision: extra.revision,
  plugin: extra.plugin,
});

const document = sorted({
  about:
    "ForceNew facts of the resource types okemesh uses, for `preview` (preview/facts.ts). Generated by scripts/refresh-force-new.js " +
    "from the files in provenance; do not edit. How to read them: ../shared/reference/oci-provider/README.md, 'Force-new attributes'.",
  provenance,
  resources,
});
const text = JSON.stringify(document, null, 2) + "\n";
if (check) {
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8") : "";
  if (current !== text) {
    console.error(`refresh-force-new: ${shown(outFile)} is not current: run node scripts/refresh-force-new.js`);
    process.exit(1);
  }
  console.log(`refresh-force-new: ${shown(outFile)} is current (${Object.keys(resources).length} resource types)`);
} else {
  fs.writeFileSync(outFile, text);
  console.log(`refresh-force-new: wrote ${shown(outFile)} (${Object.keys(resources).length} resource types)`);
}
