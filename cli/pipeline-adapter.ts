// The one place the CLI reaches the pipeline (levels, plan, gate, apply, deploy, destroy).
// For now it runs scripts/pipeline.ts as a child with the equivalent flags; at merge this
// becomes a direct call of pipeline/commands.ts's runPipeline(command, options, io), which has
// this same signature.
import { spawn } from "child_process";
import * as path from "path";
import { Protectable } from "../config/topology";
import { toolEnv } from "../operate/exec";
import { Io } from "./io";
import { PROJECT_ROOT } from "./topology";

export type PipelineCommand = "levels" | "plan" | "gate" | "apply" | "deploy" | "destroy";

export interface PipelineOptions {
  /** The synthesized app. */
  readonly outdir: string;
  /** Where plans (and their JSON) are kept. */
  readonly plans: string;
  readonly terraform: string;
  /** Stacks of one level at a time. */
  readonly parallel: number;
  readonly level?: number;
  /** Only these stacks of the level. @default every stack */
  readonly stacks?: readonly string[];
  /** Addresses (`[stack:]address`, `*`) the gate lets be destroyed or replaced. */
  readonly allow: readonly string[];
  /** Let the gate pass disruptive in-place changes. */
  readonly allowDisruptive: boolean;
  /** What the gate protects (the topology's `protect`). */
  readonly protect: readonly Protectable[];
  /** The topology file, for the pipeline script that reads it itself. */
  readonly topologyFile: string;
}

/** scripts/pipeline.ts's arguments for a command. */
export function pipelineArgs(command: PipelineCommand, o: PipelineOptions): string[] {
  return [
    command,
    ...["--outdir", o.outdir, "--plans", o.plans, "--terraform", o.terraform, "--parallel", String(o.parallel)],
    ...(o.level === undefined ? [] : ["--level", String(o.level)]),
    ...(o.stacks ?? []).flatMap((s) => ["--stack", s]),
    ...o.allow.flatMap((a) => ["--allow", a]),
    ...(o.allowDisruptive ? ["--allow-disruptive"] : []),
  ];
}

export function runPipeline(command: PipelineCommand, o: PipelineOptions, io: Io): Promise<number> {
  const tsx = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  // The allow-list travels as flags only, and the script reads the same topology (its `protect`).
  const { OKEMESH_ALLOW_DESTROY: _allow, ...env } = toolEnv(io.env);
  return new Promise((resolve) => {
    const child = spawn(tsx, [path.join(PROJECT_ROOT, "scripts", "pipeline.ts"), ...pipelineArgs(command, o)], {
      cwd: io.cwd,
      env: { ...env, OKEMESH_CONFIG: o.topologyFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (b: Buffer) => io.stdout(b.toString()));
    child.stderr.on("data", (b: Buffer) => io.stderr(b.toString()));
    child.on("error", (e) => (io.stderr(`okemesh: cannot run the pipeline: ${e.message}\n`), resolve(1)));
    child.on("close", (code) => resolve(code ?? 1));
  });
}
