// The composition root: it loads the topology (OKEMESH_CONFIG, or okemesh.yaml beside this
// file; every problem reported at once, exit 1 before anything is synthesized), checks it
// against the ledger of regions that have stacks, and composes the stacks. Everything below it
// is a pure function of the topology. Whatever fails on the way is one line and exit 1, never a
// stack trace (OKEMESH_DEBUG=1 shows it).
import { checkLedgerOrExit } from "./cli/ledger-file";
import { provenanceOf, writeProvenance } from "./pipeline/provenance";
import { readTopologyOrExit, runOrExit, topologyFile } from "./cli/topology-file";
import { loadSynthesis } from "./support/synthesis";

function main(): void {
  // The topology and the ledger first: bad input exits before cdktf and the stacks load.
  const topology = readTopologyOrExit();
  const writeLedger = checkLedgerOrExit(topologyFile(), topology);
  const { App, addOkemeshStacks } = loadSynthesis(process.env);
  const app = new App();
  addOkemeshStacks(app, topology);
  app.synth();
  writeProvenance(app.outdir, provenanceOf(topology)); // which topology this is, for the pipeline's plans
  writeLedger();
}

runOrExit(main);
