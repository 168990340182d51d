// Where the entry points (main.ts and the commands in scripts/) find the project's files, and
// the one way they read the topology: OKEMESH_CONFIG, or okemesh.yaml at the project root.
import * as fs from "fs";
import * as path from "path";
import { formatIssues, parseTopology } from "../config/load";
import { Topology } from "../config/topology";

/** The project root: the nearest folder above this file holding package.json. Not a fixed
 * number of levels up, as this file also runs bundled into dist/ (scripts/build.js). */
export const PROJECT_ROOT = projectRootAbove(__dirname);

function projectRootAbove(dir: string): string {
  if (fs.existsSync(path.join(dir, "package.json"))) return dir;
  const parent = path.dirname(dir);
  if (parent === dir) throw new Error(`okemesh: no package.json above ${__dirname}`);
  return projectRootAbove(parent);
}

/** The local chart of the Coherence member sets. */
export const GRID_CHART_DIR = path.join(PROJECT_ROOT, "charts", "coherence-grid");

/** Reads and validates the topology; on any problem prints them all and exits 1. Warnings are
 * printed and the topology returned. */
export function readTopologyOrExit(env: NodeJS.ProcessEnv = process.env): Topology {
  const file = env.OKEMESH_CONFIG ? path.resolve(env.OKEMESH_CONFIG) : path.join(PROJECT_ROOT, "okemesh.yaml");
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith("..") ? relative : file;
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
