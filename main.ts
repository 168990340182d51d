// The composition root: it loads the topology (OKEMESH_CONFIG, or okemesh.yaml beside this
// file; every problem reported at once, exit 1 before anything is synthesized) and composes
// the stacks. Everything below it is a pure function of the topology.
import { App } from "cdktf";
import { provenanceOf, writeProvenance } from "./pipeline/provenance";
import { GRID_CHART_DIR, readTopologyOrExit } from "./scripts/project-files";
import { addOkemeshStacks } from "./stacks";

function main(): void {
  // cdktf records a stack trace for every token; with source maps on (tsx turns them on),
  // mapping those traces is about half the synth time. OKEMESH_SOURCE_MAPS=1 keeps them.
  if (process.env.OKEMESH_SOURCE_MAPS !== "1") process.setSourceMapsEnabled(false);
  const topology = readTopologyOrExit();
  const app = new App();
  addOkemeshStacks(app, topology, { gridChartPath: GRID_CHART_DIR });
  app.synth();
  writeProvenance(app.outdir, provenanceOf(topology)); // which topology this is, for the pipeline's plans
}

main();
