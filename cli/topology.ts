// How every command finds and reads the topology: --config (relative to the current
// directory), else OKEMESH_CONFIG, else the project's okemesh.yaml. Problems are all reported
// at once as an input error; warnings are printed as warnings.
import * as fs from "fs";
import { formatIssues, parseTopology } from "../config/load";
import { Topology } from "../config/topology";
import { PROJECT_ROOT } from "../constructs/package-files";
import { Io, UsageError, warn } from "./io";
import { DEFAULT_TOPOLOGY, topologyFile as locate, shownPath } from "./topology-file";

export { PROJECT_ROOT };
export { DEFAULT_TOPOLOGY };

export interface LoadedTopology {
  readonly topology: Topology;
  /** Absolute path of the file it came from. */
  readonly file: string;
}

/** The topology file of a command (cli/topology-file.ts, with --config first). */
export function topologyFile(io: Io, config?: string): string {
  return locate(io.env, io.cwd, config);
}

export function loadTopology(io: Io, config?: string): LoadedTopology {
  const file = topologyFile(io, config);
  const shown = shownPath(file, io.cwd);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read the topology ${shown}: ${(e as Error).message}`);
  }
  const loaded = parseTopology(text);
  if (!loaded.ok) throw new UsageError(formatIssues(shown, loaded.issues).replace(/^okemesh: /, ""));
  for (const w of loaded.warnings) warn(io, `${w.path} ${w.message}`);
  return { topology: loaded.topology, file };
}

/** The regions `--stack` names (all when none), failing on a name the topology does not have. */
export function chosenRegions(topology: Topology, stacks: readonly string[] | undefined) {
  if (!stacks || stacks.length === 0) return topology.regions;
  const unknown = stacks.filter((s) => !topology.regions.some((r) => r.name === s));
  if (unknown.length) {
    throw new UsageError(`--stack ${unknown.join(", ")}: not a region of the topology (regions: ${topology.regions.map((r) => r.name).join(", ")})`);
  }
  return topology.regions.filter((r) => stacks.includes(r.name));
}
