// The pipeline commands: levels, plan, gate, apply, deploy, destroy. Plain terraform on the
// synthesized stacks, one level at a time (region stacks, then mesh), through the pipeline
// adapter. The gate protects what the topology's `protect` lists.
import { Command } from "commander";
import { collect, commandRunner, CommandSpec, wholeNumber, withConfig } from "../command";
import { PipelineCommand, runPipeline } from "../pipeline-adapter";
import { loadTopology } from "../topology";

type Flag = "plans" | "terraform" | "parallel" | "level" | "stack" | "allow";

interface PipelineFlags {
  readonly config?: string;
  readonly outdir: string;
  readonly plans: string;
  readonly terraform: string;
  readonly parallel: number;
  readonly level?: number;
  readonly stack?: string[];
  readonly allow?: string[];
  readonly allowDisruptive?: boolean;
}

const FLAGS: Record<Flag, (c: Command) => Command> = {
  plans: (c) => c.option("--plans <dir>", "where saved plans and their JSON are kept (holds secrets: keep it in the job)", "plans"),
  terraform: (c) => c.option("--terraform <bin>", "the terraform binary", "terraform"),
  parallel: (c) => c.option("--parallel <n>", "stacks of a level at the same time", wholeNumber(1), 4),
  level: (c) => c.option("--level <n>", "one level of the deploy order (see levels; plan and apply take exactly one)", wholeNumber(0)),
  stack: (c) => c.option("--stack <name>", "only this stack of the level (repeatable)", collect),
  allow: (c) =>
    c
      .option(
        "--allow <address>",
        "let the gate pass destroying or replacing [stack:]address, or * (repeatable; also $OKEMESH_ALLOW_DESTROY)",
        collect,
      )
      .option("--allow-disruptive", "let the gate pass in-place changes it reports as disruptive"),
};

function pipelineCommand(name: PipelineCommand, description: string, flags: readonly Flag[]): CommandSpec {
  return {
    name,
    define: (c) => {
      withConfig(c).description(description).option("--outdir <dir>", "the synthesized app", "cdktf.out");
      flags.forEach((f) => FLAGS[f](c));
    },
    action: async (o: PipelineFlags, _args, io) => {
      const { topology } = loadTopology(io, o.config);
      const fromEnv = (io.env.OKEMESH_ALLOW_DESTROY ?? "")
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean);
      return runPipeline(
        name,
        {
          outdir: o.outdir,
          plans: o.plans ?? "plans",
          terraform: o.terraform ?? "terraform",
          parallel: o.parallel ?? 4,
          level: o.level,
          stacks: o.stack,
          allow: [...(o.allow ?? []), ...fromEnv],
          allowDisruptive: o.allowDisruptive ?? false,
          protect: topology.protect,
        },
        topology,
        io,
      );
    },
  };
}

/** Terraform runs over the stacks of one level (or of each level in turn). */
const RUN: readonly Flag[] = ["plans", "terraform", "parallel", "level", "stack"];

export const levelsCommand = pipelineCommand("levels", "print the deploy order: level 0 the region stacks, level 1 mesh", []);
export const planCommand = pipelineCommand("plan", "init, plan -out and show -json for every stack of one level -> --plans", RUN);
export const gateCommand = pipelineCommand("gate", "exit 1 if the last plan destroys or replaces a protected resource", [
  "plans",
  "level",
  "stack",
  "allow",
]);
export const applyCommand = pipelineCommand("apply", "apply the saved plans of one level", RUN);
export const deployCommand = pipelineCommand("deploy", "per level: plan, gate, apply (stops at the first blocked gate)", [...RUN, "allow"]);
export const destroyCommand = pipelineCommand("destroy", "destroy the stacks in reverse level order (mesh first, then the regions)", [
  ...RUN,
  "allow",
]);

export const PIPELINE_COMMANDS = [levelsCommand, planCommand, gateCommand, applyCommand, deployCommand, destroyCommand];

export const runLevels = commandRunner(levelsCommand);
export const runPlan = commandRunner(planCommand);
export const runGate = commandRunner(gateCommand);
export const runApply = commandRunner(applyCommand);
export const runDeploy = commandRunner(deployCommand);
export const runDestroy = commandRunner(destroyCommand);
