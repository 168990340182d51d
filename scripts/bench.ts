// Synth benchmark. Every figure is a fresh process started the way users start it, timed next
// to a fixed yardstick, `node -e 'require("cdktf")'` (loading cdktf and nothing else), run just
// before it in the same round, so a busy machine slows both: the ratio is the figure to compare
// across machines and sessions. Rounds interleave all figures. Figures: the floor (an empty
// cdktf app), the app command of cdktf.json and `cdktf synth` on generated topologies of N
// regions; per figure min / median / max of wall time and of the ratio, the median CPU time
// (user + system) and the peak RSS (both from /usr/bin/time when it exists), and the
// resources per stack.
//
//   npm run bench -- [--runs 5] [--sizes 2,4,8,16,31] [--cli-sizes 2]
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { parseTopology } from "../config/load";
import { OCI_REGION_REALMS } from "../config/oci-regions";
import { PROJECT_ROOT } from "../constructs/package-files";
import { helpOrContinue, machine, median, option, Sample, sample as timedSample, YARDSTICK } from "./bench-support";

helpOrContinue(
  "usage: npm run bench -- [--runs 5] [--sizes 2,4,8,16,31] [--cli-sizes 2]\n" +
    "  each size is a generated topology of that many oc1 regions (r1..rN, distinct CIDRs), synthesized by cdktf.json's app;\n" +
    "  --cli-sizes also through `cdktf synth`; a size the topology rules refuse is measured at the most regions they accept",
);
const runs = Number(option("--runs", "5"));
const sizes = option("--sizes", "2,4,8,16,31").split(",").map(Number);
const cliSizes = option("--cli-sizes", "2").split(",").filter(Boolean).map(Number);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-bench-"));
const APP = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "cdktf.json"), "utf8")).app as string;

interface Figure {
  readonly label: string;
  readonly command: string;
  readonly env?: Record<string, string>;
  /** The resources of the last run's stacks. */
  readonly resources?: () => string;
}

/** One run of a shell command from the project root, as cdktf runs its app. */
const sample = (command: string, env: Record<string, string> = {}): Sample => timedSample(command, { cwd: PROJECT_ROOT, work, env });

const OC1_REGIONS = Object.entries(OCI_REGION_REALMS)
  .filter(([, realm]) => realm === "oc1")
  .map(([id]) => id);

/** A topology of n oc1 regions, r1..rn, with distinct CIDRs. */
function topologyText(n: number): string {
  return stringify({
    name: "bench",
    regions: OC1_REGIONS.slice(0, n).map((ociRegion, i) => ({
      name: `r${i + 1}`,
      ociRegion,
      clusterId: i + 1,
      vcnCidr: `10.${i + 1}.0.0/16`,
      podsCidr: `10.${i + 101}.0.0/16`,
      servicesCidr: `10.${i + 201}.0.0/16`,
    })),
  });
}

/** Why okemesh refuses n regions, or undefined when it accepts them. */
function rejection(n: number): string | undefined {
  if (n > OC1_REGIONS.length) return `okemesh knows only ${OC1_REGIONS.length} regions of realm oc1`;
  const loaded = parseTopology(topologyText(n));
  return loaded.ok ? undefined : `the topology rules reject it: ${loaded.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`;
}

/** The size to measure for the size asked: itself, or the most regions okemesh accepts below it. */
function measuredSize(asked: number, notes: string[]): number | undefined {
  const why = rejection(asked);
  if (!why) return asked;
  let [ok, refused] = [0, asked];
  while (refused - ok > 1) {
    const mid = Math.floor((ok + refused) / 2);
    if (rejection(mid)) refused = mid;
    else ok = mid;
  }
  notes.push(`${asked} regions: ${why}; ${ok ? `measured ${ok}, the most it accepts` : "nothing measured"}`);
  return ok || undefined;
}

function topologyFile(n: number): string {
  const file = path.join(work, `${n}-regions.yaml`);
  fs.writeFileSync(file, topologyText(n));
  return file;
}

function resourceCounts(outdir: string): string {
  const count = (stack: string) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    return Object.values<Record<string, unknown>>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  };
  return `${count("r1")} per region, ${count("mesh")} mesh`;
}

function figures(): { figures: Figure[]; notes: string[] } {
  const floor = { label: "empty cdktf app (floor)", command: "node scripts/bench-empty-app.js", env: { CDKTF_OUTDIR: path.join(work, "empty") } };
  // The CLI's start, which every okemesh command pays before its own work.
  const help = { label: "`okemesh --help` (the CLI's start)", command: "node bin/okemesh.js --help", env: {} };
  const list: Figure[] = [floor, help];
  const notes: string[] = [];
  const measured = new Set<number>();
  for (const asked of sizes) {
    const n = measuredSize(asked, notes);
    if (n === undefined || measured.has(n)) continue;
    measured.add(n);
    const file = topologyFile(n);
    const out = path.join(work, `out-${n}`);
    const env = { OKEMESH_CONFIG: file, CDKTF_OUTDIR: out };
    list.push({ label: `${n} regions, \`${APP}\``, command: APP, env, resources: () => resourceCounts(out) });
    if (cliSizes.includes(asked)) {
      const cliOut = path.join(work, `cli-${n}`);
      const command = `node_modules/.bin/cdktf synth --output ${cliOut}`;
      list.push({ label: `${n} regions, \`cdktf synth\``, command, env: { OKEMESH_CONFIG: file }, resources: () => resourceCounts(cliOut) });
    }
  }
  return { figures: list, notes };
}

const range = (xs: number[], digits: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(digits)} / ${median(s).toFixed(digits)} / ${s[s.length - 1].toFixed(digits)}`;
};

function row(label: string, samples: Sample[], ratios: number[] | undefined, resources: string): string {
  const cpu = samples.every((s) => s.cpu !== undefined) ? `${median(samples.map((s) => s.cpu!)).toFixed(2)} s` : "-";
  const rss = samples.every((s) => s.rssMb !== undefined) ? `${Math.max(...samples.map((s) => s.rssMb!)).toFixed(0)} MB` : "-";
  const ratio = ratios ? `${range(ratios, 2)}` : "1";
  return `| ${label} | ${range(
    samples.map((s) => s.wall),
    2,
  )} s | ${ratio} | ${cpu} | ${rss} | ${resources} |`;
}

function main(): void {
  const { figures: list, notes } = figures();
  const yardstick: Sample[] = [];
  const results = list.map(() => ({ samples: [] as Sample[], ratios: [] as number[] }));
  console.log(`okemesh synth benchmark: ${runs} interleaved rounds; ${machine()}`);
  for (let round = 0; round < runs; round++) {
    list.forEach((f, i) => {
      const y = sample(YARDSTICK);
      const s = sample(f.command, f.env);
      yardstick.push(y);
      results[i].samples.push(s);
      results[i].ratios.push(s.wall / y.wall);
    });
  }
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
  console.log("| figure | wall (min / median / max) | ÷ yardstick, paired (min / median / max) | CPU (median) | peak RSS | resources |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  console.log(row(`yardstick, \`${YARDSTICK}\``, yardstick, undefined, "-"));
  list.forEach((f, i) => console.log(row(f.label, results[i].samples, results[i].ratios, f.resources?.() ?? "-")));
  for (const note of notes) console.log(`\n${note}`);
  fs.rmSync(work, { recursive: true, force: true });
}

main();
