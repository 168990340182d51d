// What the benchmarks (scripts/bench.ts, scripts/bench-suite.ts) share: their flags, the
// median, and the machine they ran on.
import * as os from "os";

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
