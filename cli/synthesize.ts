// Synthesis in this process, without the cdktf CLI (no spinner, no checkpoint call, warnings
// printed as warnings): the same composition as main.ts, so the output is byte-identical.
import * as fs from "fs";
import * as path from "path";
import { Topology } from "../config/topology";
import { provenanceOf, writeProvenance } from "../pipeline/provenance";
import { ledgerUpdate } from "./ledger-file";
import { loadSynthesis } from "../support/synthesis";
import { CommandFailure, Io, UsageError, warn } from "./io";

export interface SynthProps {
  /** Absolute output directory. */
  readonly outdir: string;
  /** The topology's file: its ledger (okemesh.lock.json beside it) is checked before and
   * updated after the synth. @default no ledger (a synth for inspection only, e.g. preview) */
  readonly topologyFile?: string;
  /** Write HCL (cdk.tf) instead of JSON (cdk.tf.json). @default false */
  readonly hcl?: boolean;
}

interface ManifestAnnotations {
  readonly stacks: Record<string, { readonly annotations?: ReadonlyArray<{ constructPath: string; level: string; message: string }> }>;
}

/** Synthesizes every stack of the topology; returns the stack ids. */
export function synthesize(topology: Topology, props: SynthProps, io: Io): string[] {
  const ledger = props.topologyFile === undefined ? undefined : ledgerUpdate(props.topologyFile, topology);
  if (ledger && "problem" in ledger) throw new UsageError(ledger.problem.replace(/^okemesh: /, ""));
  fs.mkdirSync(props.outdir, { recursive: true });
  // cdktf reads SYNTH_HCL_OUTPUT from the environment over its own option: hold it to the asked format.
  const held = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = props.hcl ? "true" : "false";
  try {
    const { App, addOkemeshStacks } = loadSynthesis(io.env);
    const app = new App({ outdir: props.outdir, hclOutput: props.hcl ?? false });
    addOkemeshStacks(app, topology);
    app.synth();
    writeProvenance(props.outdir, provenanceOf(topology));
    ledger?.write();
  } catch (e) {
    // cdktf's message for error annotations lists every construct and message already.
    throw new CommandFailure(`synthesis failed: ${(e as Error).message}`);
  } finally {
    if (held === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = held;
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(props.outdir, "manifest.json"), "utf8")) as ManifestAnnotations;
  for (const stack of Object.values(manifest.stacks)) {
    for (const a of stack.annotations ?? []) if (a.level === "@cdktf/warn") warn(io, `[${a.constructPath}] ${a.message}`);
  }
  return Object.keys(manifest.stacks);
}
