// Test-suite benchmark: runs `npm test` as users run it (bindings check, type-check, jest)
// and reports its wall time, its CPU time (user + system, every child process included, from
// /usr/bin/time when it exists), how much of the wall time jest took, the test counts, the
// slowest jest files (groups of test files, __tests__/test-groups.js), the test files whose
// tests took longest and each folder's tests' time with its group (to balance the groups), with
// the machine and its load, which other work on it inflates. Before
// each run it times the synth benchmark's yardstick (`node -e 'require("cdktf")'`, the median of
// five) and shows the run's wall time over it: a rough sign of how fast a shared machine whose
// speed drifts within the hour was at that moment (one short process; paired runs stay the
// comparison to trust).
//
//   npm run bench:suite -- [--runs 1] [--slowest 5]
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { helpOrContinue, machine, median, option, sample, YARDSTICK } from "./bench-support";
import { PROJECT_ROOT } from "../constructs/package-files";
// CommonJS, as jest.config.js reads it.
const { folderOf, groupOf } = require("../__tests__/test-groups") as { folderOf: (file: string) => string; groupOf: (file: string) => string };

helpOrContinue("usage: npm run bench:suite -- [--runs 1] [--slowest 5]");
const runs = Number(option("--runs", "1"));
const slowest = Number(option("--slowest", "5"));

interface JestFile {
  name: string;
  startTime: number;
  endTime: number;
  assertionResults: { ancestorTitles: string[]; duration?: number | null }[];
}
interface JestReport {
  numTotalTests: number;
  numPassedTests: number;
  numTotalTestSuites: number;
  startTime: number;
  testResults: JestFile[];
}
interface SuiteRun {
  wall: number;
  cpu?: number;
  jestWall: number;
  report: JestReport;
  /** The yardstick's median wall time just before the run. */
  yardstick: number;
}

function runSuite(): SuiteRun {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-bench-suite-"));
  const yardstick = median(Array.from({ length: 5 }, () => sample(YARDSTICK, { cwd: PROJECT_ROOT, work }).wall));
  const json = path.join(work, "jest.json");
  const { wall, cpu } = sample(`npm test --silent -- --json --outputFile=${json}`, { cwd: PROJECT_ROOT, work });
  const report = JSON.parse(fs.readFileSync(json, "utf8")) as JestReport;
  const jestWall = (Math.max(...report.testResults.map((f) => f.endTime)) - report.startTime) / 1000;
  fs.rmSync(work, { recursive: true, force: true });
  return { wall, cpu, jestWall, report, yardstick };
}

function main(): void {
  console.log(`okemesh test-suite benchmark: ${runs} run(s) of \`npm test\`; ${machine()}`);
  const results = Array.from({ length: runs }, runSuite);
  const last = results[results.length - 1].report;
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
  console.log(
    `| run | \`npm test\` wall | CPU (user + system) | of which jest (wall) | tests | jest files | yardstick before (\`${YARDSTICK}\`, median of 5) | wall ÷ yardstick |`,
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  results.forEach((r, i) => {
    const cpu = r.cpu === undefined ? "-" : `${r.cpu.toFixed(1)} s`;
    const tests = `${r.report.numPassedTests}/${r.report.numTotalTests}`;
    const ratio = (r.wall / r.yardstick).toFixed(0);
    console.log(
      `| ${i + 1} | ${r.wall.toFixed(1)} s | ${cpu} | ${r.jestWall.toFixed(1)} s | ${tests} | ${r.report.numTotalTestSuites} | ${r.yardstick.toFixed(3)} s | ${ratio} |`,
    );
  });
  if (runs > 1) {
    const ratios = median(results.map((r) => r.wall / r.yardstick)).toFixed(0);
    console.log(`\nmedian wall: ${median(results.map((r) => r.wall)).toFixed(1)} s; median wall ÷ yardstick: ${ratios}`);
  }
  const files = [...last.testResults].sort((a, b) => b.endTime - b.startTime - (a.endTime - a.startTime)).slice(0, slowest);
  const timed = files.map((f) => `${path.relative(PROJECT_ROOT, f.name)} ${((f.endTime - f.startTime) / 1000).toFixed(1)} s`);
  console.log(`\nslowest jest files (last run): ${timed.join(", ")}`);
  // In a group each test file is a describe block named by its path: its tests' time, summed.
  const byTestFile = new Map<string, number>();
  for (const f of last.testResults) {
    for (const a of f.assertionResults) {
      const file = /\.test\.ts$/.test(a.ancestorTitles[0] ?? "") ? a.ancestorTitles[0] : path.relative(path.join(PROJECT_ROOT, "__tests__"), f.name);
      byTestFile.set(file, (byTestFile.get(file) ?? 0) + (a.duration ?? 0) / 1000);
    }
  }
  const tests = [...byTestFile].sort((a, b) => b[1] - a[1]).slice(0, slowest);
  console.log(
    `slowest test files by their tests' time (hooks and loading not counted): ${tests.map(([f, t]) => `${f} ${t.toFixed(1)} s`).join(", ")}`,
  );
  // What to move when one group takes longer than the other.
  const byFolder = new Map<string, number>();
  for (const [file, t] of byTestFile) byFolder.set(folderOf(file), (byFolder.get(folderOf(file)) ?? 0) + t);
  const folders = [...byFolder].sort((a, b) => b[1] - a[1]);
  console.log(
    `tests' time per folder, with its group: ${folders.map(([f, t]) => `${f} ${t.toFixed(1)} s (${groupOf(`${f}/x.test.ts`)})`).join(", ")}`,
  );
}

main();
