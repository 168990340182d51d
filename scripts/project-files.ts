// Where the entry points (main.ts and the commands in scripts/) find the project's files, and
// the one way they read the topology: OKEMESH_CONFIG, or okemesh.yaml at the project root.
import * as fs from "fs";
import * as path from "path";
import { formatIssues, parseTopology } from "../config/load";
import { Topology } from "../config/topology";

const ROOT = path.join(__dirname, "..");

/** The local chart of the Coherence member sets. */
export const GRID_CHART_DIR = path.join(ROOT, "charts", "coherence-grid");

/** The topology file: OKEMESH_CONFIG (relative to the current directory), or okemesh.yaml at the
 * project root. */
export function topologyFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.OKEMESH_CONFIG ? path.resolve(env.OKEMESH_CONFIG) : path.join(ROOT, "okemesh.yaml");
}

/** A path as messages show it: relative when under the current directory. */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
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
    process.stderr.write(`okemesh: cannot read the topology ${shown}: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const loaded = parseTopology(text);
  if (!loaded.ok) {
    process.stderr.write(formatIssues(shown, loaded.issues) + "\n");
    process.exit(1);
  }
  for (const w of loaded.warnings) process.stderr.write(`okemesh: warning: ${w.path} ${w.message}\n`);
  return loaded.topology;
}
