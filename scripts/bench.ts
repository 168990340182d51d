// Synth benchmark: generated topologies of 2, 4, 8 and 16 regions, each synthesized several
// times in a fresh process (as `cdktf synth` runs the app), next to the floor of an empty
// cdktf app run the same way. Prints median wall time, peak memory (max RSS), where the time
// goes (process start and module loading, building the constructs, synthesis) and the
// resources per stack.
//
//   tsx scripts/bench.ts [--runs 5] [--sizes 2,4,8,16]
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { OCI_REGION_REALMS } from "../config/oci-regions";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(opt("--runs", "5"));
const sizes = opt("--sizes", "2,4,8,16").split(",").map(Number);
const root = path.join(__dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-bench-"));

/** A valid topology of n regions of realm oc1. */
function topology(n: number): string {
  const regions = Object.entries(OCI_REGION_REALMS).filter(([, realm]) => realm === "oc1").map(([id]) => id);
  if (n > regions.length) throw new Error(`at most ${regions.length} oc1 regions`);
  return stringify({
    name: "bench",
    regions: regions.slice(0, n).map((ociRegion, i) => ({
      name: `r${i + 1}`,
      ociRegion,
      clusterId: i + 1,
      vcnCidr: `10.${i + 1}.0.0/16`,
      podsCidr: `10.${i + 101}.0.0/16`,
      servicesCidr: `10.${i + 201}.0.0/16`,
    })),
  });
}

interface Sample { wall: number; rssMb: number; startup: number; construct: number; synth: number }

function sample(mode: string, file: string): { sample: Sample; out: string } {
  const out = fs.mkdtempSync(path.join(work, "out-"));
  const report = path.join(out, "report.json");
  const t0 = process.hrtime.bigint();
  const r = spawnSync(tsx, [path.join(root, "scripts", "bench-child.ts")], {
    env: { ...process.env, BENCH_MODE: mode, BENCH_TOPOLOGY: file, BENCH_OUT: out, BENCH_REPORT: report },
    encoding: "utf8",
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`bench: synth failed: ${r.stderr}`);
  const rep = JSON.parse(fs.readFileSync(report, "utf8"));
  return { sample: { wall, rssMb: rep.maxRssKb / 1024, startup: rep.startup, construct: rep.construct, synth: rep.synth }, out };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function resources(out: string, stack: string): number {
  const j = JSON.parse(fs.readFileSync(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8"));
  return Object.values<Record<string, unknown>>(j.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

function measure(label: string, mode: string, n: number) {
  const file = path.join(work, `${label}.yaml`);
  fs.writeFileSync(file, topology(Math.max(n, 1)));
  const results = Array.from({ length: runs }, () => sample(mode, file));
  const s = results.map((r) => r.sample);
  const m = (k: keyof Sample) => median(s.map((x) => x[k]));
  const out = results[results.length - 1].out;
  const counts = mode === "empty" ? "-" : `${resources(out, "r1")} per region, ${resources(out, "mesh")} mesh`;
  return `| ${label} | ${(m("wall") / 1000).toFixed(2)} s | ${m("rssMb").toFixed(0)} MB | ${(m("startup") / 1000).toFixed(2)} s | ${(m("construct") / 1000).toFixed(2)} s | ${(m("synth") / 1000).toFixed(2)} s | ${counts} |`;
}

const cpu = os.cpus();
console.log(`okemesh synth benchmark: median of ${runs} runs each; ${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`);
console.log("");
console.log("| topology | wall | peak RSS | start + load | constructs | synth | resources |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
console.log(measure("empty cdktf app (floor)", "empty", 1));
for (const n of sizes) console.log(measure(`${n} regions`, "okemesh", n));
fs.rmSync(work, { recursive: true, force: true });
