// The one place the CLI reaches the pipeline (levels, plan, gate, apply, deploy, destroy):
// pipeline/commands.ts's runPipeline, in this process, after checking that the synthesized app
// is the topology's (plans of another topology must never be made or applied).
import * as path from "path";
import { PipelineCommand, PipelineOptions, runPipeline as run } from "../pipeline/commands";
import { synthMismatch } from "../pipeline/provenance";
import { Topology } from "../config/topology";
import { ExitCode, Io } from "./io";

export type { PipelineCommand, PipelineOptions } from "../pipeline/commands";

export async function runPipeline(command: PipelineCommand, o: PipelineOptions, topology: Topology, io: Io): Promise<number> {
  const outdir = path.resolve(io.cwd, o.outdir);
  let mismatch: string | undefined;
  try {
    mismatch = command === "levels" ? undefined : synthMismatch(topology, outdir);
  } catch (e) {
    mismatch = (e as Error).message; // no provenance: not synthesized by okemesh
  }
  if (mismatch) {
    io.stderr(`okemesh: ${mismatch}\n`);
    return ExitCode.USAGE;
  }
  const line = (write: (t: string) => void) => (text: string) => write(text.endsWith("\n") ? text : `${text}\n`);
  return run(command, { ...o, outdir, plans: path.resolve(io.cwd, o.plans) }, { out: line(io.stdout), err: line(io.stderr), env: io.env });
}
