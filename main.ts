// The composition root: it loads the topology (OKEMESH_CONFIG, or okemesh.yaml beside this
// file; every problem reported at once, exit 1 before anything is synthesized) and composes
// the stacks. Everything below it is a pure function of the topology.
import { App } from "cdktf";
import { GRID_CHART_DIR, readTopologyOrExit } from "./scripts/project-files";
import { addOkemeshStacks } from "./stacks";
import { applyTokenTraceSwitch } from "./support/token-traces";

function main(): void {
  // No stack trace for every token cdktf creates (a third of the synth); OKEMESH_TOKEN_TRACES=1 keeps them.
  applyTokenTraceSwitch(process.env);
  const topology = readTopologyOrExit();
  const app = new App();
  addOkemeshStacks(app, topology, { gridChartPath: GRID_CHART_DIR });
  app.synth();
}

main();
