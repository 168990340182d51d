// The composition root: it loads the topology (OKEMESH_CONFIG, or okemesh.yaml beside this
// file; every problem reported at once, exit 1 before anything is synthesized), checks it
// against the ledger of regions that have stacks, and composes the stacks. Everything below it
// is a pure function of the topology. Whatever fails on the way is one line and exit 1, never a
// stack trace (OKEMESH_DEBUG=1 shows it).
import { checkLedgerOrExit } from "./cli/ledger-file";
import { provenanceOf, writeProvenance } from "./pipeline/provenance";
import { readTopologyOrExit, runOrExit, topologyFile } from "./cli/topology-file";
import { applyPreparePassSwitch } from "./support/prepare-pass";
import { applyTokenTraceSwitch } from "./support/token-traces";

function main(): void {
  // The topology and the ledger first: bad input exits before cdktf and the stacks load (about
  // a third of a default synth), so it is answered sooner.
  const topology = readTopologyOrExit();
  const writeLedger = checkLedgerOrExit(topologyFile(), topology);
  // No stack trace for every token cdktf creates (a third of the synth); OKEMESH_TOKEN_TRACES=1 keeps them.
  applyTokenTraceSwitch(process.env);
  // One resolving pass instead of two (a quarter of a large synth); OKEMESH_PREPARE_PASS=1 keeps cdktf's.
  applyPreparePassSwitch(process.env);
  // Required only now, after the switches, which must come before cdktf makes its first token.
  const { App } = require("cdktf") as typeof import("cdktf");
  const { addOkemeshStacks } = require("./stacks") as typeof import("./stacks");
  const app = new App();
  addOkemeshStacks(app, topology);
  app.synth();
  writeProvenance(app.outdir, provenanceOf(topology)); // which topology this is, for the pipeline's plans
  writeLedger();
}

runOrExit(main);
