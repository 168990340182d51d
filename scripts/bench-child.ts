// One synth, timed from inside: what scripts/bench.ts runs in a fresh process per sample.
//   BENCH_MODE=okemesh|empty  BENCH_TOPOLOGY=<file>  BENCH_OUT=<dir>  BENCH_REPORT=<file>
const loaded = performance.now();
// As main.ts does (see there).
if (process.env.OKEMESH_SOURCE_MAPS !== "1") process.setSourceMapsEnabled(false);
import * as fs from "fs";
import { App, TerraformStack } from "cdktf";
import { parseTopology } from "../config/load";
import { addOkemeshStacks } from "../stacks";

const imported = performance.now();
const app = new App({ outdir: process.env.BENCH_OUT! });
if (process.env.BENCH_MODE === "empty") {
  new TerraformStack(app, "empty");
} else {
  const r = parseTopology(fs.readFileSync(process.env.BENCH_TOPOLOGY!, "utf8"));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  addOkemeshStacks(app, r.topology);
}
const constructed = performance.now();
app.synth();
const synthesized = performance.now();
fs.writeFileSync(
  process.env.BENCH_REPORT!,
  JSON.stringify({ startup: loaded, imports: imported - loaded, construct: constructed - imported, synth: synthesized - constructed, maxRssKb: process.resourceUsage().maxRSS }),
);
