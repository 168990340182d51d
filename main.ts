// The composition root: it loads the topology (OKEMESH_CONFIG, or okemesh.yaml beside this
// file; every problem reported at once, exit 1 before anything is synthesized) and composes
// the stacks. Everything below it is a pure function of the topology. Whatever fails on the
// way is one line and exit 1, never a stack trace (OKEMESH_DEBUG=1 shows it).
import { App } from "cdktf";
import { GRID_CHART_DIR, readTopologyOrExit, runOrExit } from "./scripts/project-files";
import { addOkemeshStacks } from "./stacks";

function main(): void {
  // cdktf records a stack trace for every token; with source maps on (tsx turns them on),
  // mapping those traces is about half the synth time. OKEMESH_SOURCE_MAPS=1 keeps them.
  if (process.env.OKEMESH_SOURCE_MAPS !== "1") process.setSourceMapsEnabled(false);
  const topology = readTopologyOrExit();
  const app = new App();
  addOkemeshStacks(app, topology, { gridChartPath: GRID_CHART_DIR });
  app.synth();
}

runOrExit(main);
