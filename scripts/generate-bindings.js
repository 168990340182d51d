#!/usr/bin/env node
// Generates the OCI provider bindings into .gen/providers/oci from the committed schema
// (schemas/oracle-oci.json), offline, with the same import paths and class names that
// `cdktf get` produces. Runs on `npm ci`/`npm install` (postinstall) and before synth/test;
// it is a no-op when the schema, the constraint and the generator are unchanged.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const root = path.resolve(__dirname, "..");
const schemaFile = path.join(root, "schemas", "oracle-oci.json");
const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));
const outdir = path.join(root, cdktfJson.codeMakerOutput || ".gen");
const constraint = (cdktfJson.terraformProviders || []).find((p) => String(p).startsWith("oracle/oci"));
if (!constraint) {
  console.error("generate-bindings: cdktf.json terraformProviders has no oracle/oci entry");
  process.exit(1);
}

const generatorVersion = require("@cdktf/provider-generator/package.json").version;
const schemaText = fs.readFileSync(schemaFile, "utf8");
const stamp = crypto.createHash("sha256").update(`${generatorVersion}\n${constraint}\n${schemaText}`).digest("hex");
const stampFile = path.join(outdir, "providers", "oci", ".okemesh-stamp");

if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp) process.exit(0);

async function main() {
  const { TerraformProviderGenerator, CodeMaker } = require("@cdktf/provider-generator");
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES } = require("@cdktf/commons");
  fs.rmSync(path.join(outdir, "providers", "oci"), { recursive: true, force: true });
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, JSON.parse(schemaText));
  generator.generate(new ConstructsMakerProviderTarget(new TerraformProviderConstraint(constraint), LANGUAGES[0]));
  await code.save(outdir);
  fs.writeFileSync(stampFile, stamp);
  console.log(`generate-bindings: ${constraint} -> ${path.relative(root, path.join(outdir, "providers", "oci"))}`);
}

main().catch((e) => {
  console.error(`generate-bindings: ${e.stack || e}`);
  process.exit(1);
});
