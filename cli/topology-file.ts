// Where main.ts and the commands find the project's files, and
// the one way they read the topology: OKEMESH_CONFIG, or okemesh.yaml at the project root.
import * as fs from "fs";
import * as path from "path";
import { formatIssues, parseTopology } from "../config/load";
import { Topology } from "../config/topology";
import { PROJECT_ROOT } from "../constructs/package-files";

export { GRID_CHART_DIR, PROJECT_ROOT } from "../constructs/package-files";

/** The project's own topology. */
export const DEFAULT_TOPOLOGY = path.join(PROJECT_ROOT, "okemesh.yaml");

/** The topology file: OKEMESH_CONFIG (relative to the current directory), or okemesh.yaml at the
 * project root. */
export function topologyFile(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), config?: string): string {
  const chosen = config ?? env.OKEMESH_CONFIG;
  return chosen ? path.resolve(cwd, chosen) : DEFAULT_TOPOLOGY;
}

/** A path as messages show it: relative when under `cwd`. */
export function shownPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith("..") ? relative : file;
}

/** Reads and validates the topology; on any problem prints them all and exits 1. Warnings are
 * printed and the topology returned. */
export function readTopologyOrExit(env: NodeJS.ProcessEnv = process.env): Topology {
  const file = topologyFile(env);
  const shown = shownPath(file);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    exitWith(`okemesh: cannot read the topology ${shown}: ${(e as Error).message}`);
  }
  const loaded = parseTopology(text);
  if (!loaded.ok) exitWith(formatIssues(shown, loaded.issues));
  for (const w of loaded.warnings) writeToStderr(`okemesh: warning: ${w.path}: ${w.message}\n`);
  return loaded.topology;
}

/**
 * Runs an entry point; any exception it throws becomes one line on stderr and exit 1, not a
 * stack trace (OKEMESH_DEBUG=1 prints the trace as well).
 */
export function runOrExit(entry: () => void, env: NodeJS.ProcessEnv = process.env): void {
  try {
    entry();
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    if (env.OKEMESH_DEBUG === "1") writeToStderr(`${error.stack ?? error.message}\n`);
    const firstLine = error.message.split("\n")[0];
    exitWith(`okemesh: failed: ${firstLine}${env.OKEMESH_DEBUG === "1" ? "" : " (OKEMESH_DEBUG=1 shows where)"}`);
  }
}

/** Prints a report whole, then exits 1. */
function exitWith(report: string): never {
  writeToStderr(`${report}\n`);
  process.exit(1);
}

/**
 * Writes to stderr synchronously, all of it: process.stderr is asynchronous on a pipe, so a
 * report written just before process.exit() would be cut at the pipe's buffer (64 KiB).
 */
function writeToStderr(text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let written = 0;
  while (written < bytes.length) {
    try {
      written += fs.writeSync(process.stderr.fd, bytes, written);
    } catch (e) {
      // A full non-blocking pipe: wait for the reader a moment, then go on.
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}
