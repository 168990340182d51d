// Leaving cdktf: writes every stack of the topology (OKEMESH_CONFIG or okemesh.yaml) as plain
// Terraform HCL, one folder per stack: <out>/stacks/<stack>/cdk.tf (+ assets). The folders sit
// at the same depth as cdktf.out/stacks/<stack>, so the relative local-state paths and the
// cross-stack remote-state lookups keep working. Offline; equivalent to `cdktf synth --hcl`.
//
//   node dist/scripts/export-hcl.js [--out hcl]   (npm run export:hcl -- --out hcl)
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fixCdktfHcl } from "../pipeline/hcl";
import { PROJECT_ROOT } from "./project-files";

const args = process.argv.slice(2);
const out = path.resolve(args[0] === "--out" && args[1] ? args[1] : "hcl");
// Only ever replace a previous export: never a directory that holds anything else.
if (fs.existsSync(out)) {
  const previous = fs.readdirSync(out).every((f) => f === "stacks" || f === "manifest.json");
  if (!previous) {
    console.error(`export-hcl: ${out} exists and is not a previous export; choose another --out`);
    process.exit(2);
  }
  fs.rmSync(out, { recursive: true, force: true });
}
fs.mkdirSync(path.dirname(out), { recursive: true });
// The app as cdktf.json runs it (plain node on the build).
const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "scripts", "app.js")], { stdio: "inherit", env: { ...process.env, SYNTH_HCL_OUTPUT: "true", CDKTF_OUTDIR: out } });
if (r.status !== 0) process.exit(r.status ?? 1);
const stacks = fs.readdirSync(path.join(out, "stacks")).sort();
for (const s of stacks) {
  fs.rmSync(path.join(out, "stacks", s, "metadata.json"), { force: true });
  const file = path.join(out, "stacks", s, "cdk.tf");
  fs.writeFileSync(file, fixCdktfHcl(fs.readFileSync(file, "utf8")));
}
console.log(`export-hcl: ${stacks.length} stacks as HCL in ${path.relative(process.cwd(), out) || out}/stacks/{${stacks.join(",")}}/cdk.tf`);
console.log("export-hcl: from there on, `terraform -chdir=<dir> init/plan/apply` in the same order: region stacks, then mesh");
