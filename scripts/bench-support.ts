// What the benchmarks (scripts/bench.ts, scripts/bench-suite.ts) share: their flags, the
// median, the machine they ran on, the yardstick and a timed run of a command.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A fixed yardstick of the machine's speed right now: loading cdktf and nothing else. */
export const YARDSTICK = `node -e 'require("cdktf")'`;

const GNU_TIME = "/usr/bin/time";

export interface Sample {
  readonly wall: number;
  /** User + system seconds, every child process included (from /usr/bin/time, when it exists). */
  readonly cpu?: number;
  readonly rssMb?: number;
}

/** One run of a shell command in `cwd`: its wall time, and its CPU time and peak RSS from
 * /usr/bin/time when it exists (its report goes to a file in `work`). Throws when it fails. */
export function sample(command: string, options: { cwd: string; work: string; env?: Record<string, string> }): Sample {
  const timed = fs.existsSync(GNU_TIME);
  const report = path.join(options.work, "time.txt");
  const argv = timed ? [GNU_TIME, "-f", "%U %S %M", "-o", report, "sh", "-c", command] : ["sh", "-c", command];
  const t0 = process.hrtime.bigint();
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1", ...options.env };
  const r = spawnSync(argv[0], argv.slice(1), { cwd: options.cwd, env, encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`bench: \`${command}\` failed (${r.status}): ${r.stderr.slice(-4000)}`);
  if (!timed) return { wall };
  const [user, system, rssKb] = fs.readFileSync(report, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { wall, cpu: user + system, rssMb: rssKb / 1024 };
}

/** With --help (or -h) on the command line: prints the usage and exits 0, before anything is measured. */
export function helpOrContinue(usage: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (!argv.includes("--help") && !argv.includes("-h")) return;
  console.log(usage);
  process.exit(0);
}

/** The value after a flag on the command line, or the fallback. */
export function option(name: string, fallback: string, argv: readonly string[] = process.argv.slice(2)): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

/** The median (the upper one of an even count). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** The machine: cores, CPU model, memory, Node, OS, and how busy it is right now. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return (
    `nproc ${os.availableParallelism()}, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ` +
    `${os.type()} ${os.release()}; load average before: ${load}`
  );
}
