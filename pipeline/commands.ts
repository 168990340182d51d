// The pipeline commands over the synthesized stacks, with plain terraform (cdktf diff/deploy take
// one stack at a time and cannot save a plan): levels, plan, gate, apply, deploy, destroy.
// The region stacks (level 0) run in parallel; the mesh stack (level 1) reads their state, so a
// level can only be planned against what the levels before it have applied: plan and apply take
// one level. plans/ holds secrets (terraform show -json prints sensitive values in clear).
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { Protectable } from "../config/topology";
import { formatGate, gatePlans, GateResult, passed, StackPlan } from "./gate";
import { Manifest, stackLevels } from "./levels";
import { readPlanFile } from "./plan-json";
import { fileSha256, metaDifferences, PlanMeta, Provenance, readProvenance } from "./provenance";
import { formatSummary, summarize, summaryMarkdown } from "./summary";
import { runTerraform, TerraformRunner } from "./terraform";

export type PipelineCommand = "levels" | "plan" | "gate" | "apply" | "deploy" | "destroy";
export const PIPELINE_COMMANDS: readonly PipelineCommand[] = ["levels", "plan", "gate", "apply", "deploy", "destroy"];

export interface PipelineOptions {
  /** The synthesized app. @default cdktf.out (the caller's) */
  readonly outdir: string;
  /** Where plans are saved. @default plans */
  readonly plans: string;
  /** The terraform binary. @default terraform */
  readonly terraform: string;
  /** Stacks of a level run at once, at most this many. @default 4 */
  readonly parallel: number;
  readonly level?: number;
  /** Only these stacks (names); undefined = all. */
  readonly stacks?: readonly string[];
  /** Gate overrides: `<stack>:<address>`, an address in one stack's plan, or `*`. */
  readonly allow: readonly string[];
  /** Let disruptive in-place updates through the gate. */
  readonly allowDisruptive: boolean;
  /** What the gate protects (the topology's `protect`). */
  readonly protect: readonly Protectable[];
}

export interface PipelineIo {
  /** Writes one or more lines (the newline is the writer's). */
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  /** Asks y/N. @default a prompt on the terminal when stdin and stdout are TTYs and CI is unset, else none */
  confirm?(question: string): Promise<boolean>;
}

/** Bad usage or input: exit 2. */
class UsageError extends Error {}

type Mode = PlanMeta["mode"];

interface Run {
  readonly o: PipelineOptions;
  readonly io: PipelineIo;
  readonly levels: readonly string[][];
  readonly tf: TerraformRunner;
}

/** Runs one command; resolves to the exit code: 0 ok, 1 gate blocked or terraform failed, 2 usage or input error. */
export async function runPipeline(command: PipelineCommand, options: PipelineOptions, io: PipelineIo): Promise<number> {
  try {
    return await dispatch(command, start(options, io));
  } catch (e) {
    io.err(`pipeline: ${(e as Error).message}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

async function dispatch(command: PipelineCommand, run: Run): Promise<number> {
  switch (command) {
    case "levels":
      run.levels.forEach((l, i) => run.io.out(`level ${i}: ${l.join(" ")}`));
      return 0;
    case "plan":
      await planStacks(run, oneLevel(run, "plan"), "apply");
      return 0;
    case "gate":
      return (await gate(run, gatedStacks(run))) ? 0 : 1;
    case "apply":
      await applyStacks(run, oneLevel(run, "apply"), "apply");
      return 0;
    case "deploy":
      return cycle(run, selectedLevels(run), "apply");
    case "destroy":
      // Mesh first: its Kubernetes objects (and the load balancers Kubernetes made in the
      // region stacks' subnets) go before the subnets and clusters they live in.
      return cycle(run, [...selectedLevels(run)].reverse(), "destroy");
    default:
      throw new UsageError(`unknown command ${String(command)} (${PIPELINE_COMMANDS.join(", ")})`);
  }
}

function start(o: PipelineOptions, io: PipelineIo): Run {
  if (!(Number.isInteger(o.parallel) && o.parallel >= 1)) throw new UsageError("--parallel takes a whole number of at least 1");
  if (o.level !== undefined && !(Number.isInteger(o.level) && o.level >= 0)) {
    throw new UsageError("--level takes a level number (see the levels command)");
  }
  const file = path.join(o.outdir, "manifest.json");
  if (!fs.existsSync(file)) throw new UsageError(`${file} not found: synthesize first (npm run synth)`);
  const levels = manifestLevels(file);
  if (o.level !== undefined && !levels[o.level]) throw new UsageError(`there is no level ${o.level} (levels 0-${levels.length - 1})`);
  const known = levels.flat();
  const unknown = (o.stacks ?? []).filter((s) => !known.includes(s));
  if (unknown.length) throw new UsageError(`no stack ${unknown.join(", ")} in ${file} (stacks: ${known.join(", ")})`);
  return { o, io, levels, tf: { bin: o.terraform, outdir: o.outdir, env: io.env, out: (l) => io.out(l), err: (l) => io.err(l) } };
}

function manifestLevels(file: string): string[][] {
  try {
    return stackLevels(JSON.parse(fs.readFileSync(file, "utf8")) as Manifest);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

const chosen = (run: Run, stacks: readonly string[]) => stacks.filter((s) => !run.o.stacks || run.o.stacks.includes(s));

/** The one level plan and apply work on: --level N, or the level of the stacks named. */
function oneLevel(run: Run, verb: string): string[] {
  const { level, stacks } = run.o;
  if (level !== undefined) {
    const outside = (stacks ?? []).filter((s) => !run.levels[level].includes(s));
    const members = run.levels[level].join(" ");
    if (outside.length) throw new UsageError(`--stack ${outside.join(", ")} is not in level ${level} (level ${level}: ${members})`);
    return chosen(run, run.levels[level]);
  }
  const levels = run.levels.filter((l) => chosen(run, l).length > 0);
  if (!stacks || levels.length !== 1) {
    const why =
      verb === "plan"
        ? "a level can only be planned against what the levels before it have applied"
        : "apply one level, then plan the next against it";
    throw new UsageError(`${verb} takes --level N (or --stack names of one level): ${why}`);
  }
  return chosen(run, levels[0]);
}

/** The levels deploy and destroy go through, limited to the stacks chosen. */
function selectedLevels(run: Run): { readonly index: number; readonly stacks: string[] }[] {
  return run.levels
    .map((l, index) => ({ index, stacks: chosen(run, l) }))
    .filter((l) => l.stacks.length > 0 && (run.o.level === undefined || l.index === run.o.level));
}

/** Per level: plan, gate, apply; stops at the first level that does not pass. */
async function cycle(run: Run, levels: { readonly index: number; readonly stacks: string[] }[], mode: Mode): Promise<number> {
  for (const { index, stacks } of levels) {
    run.io.out(`pipeline: level ${index}${mode === "destroy" ? " (destroy)" : ""}: ${stacks.join(" ")}`);
    await planStacks(run, stacks, mode);
    if (!(await gate(run, stacks))) return 1;
    await applyStacks(run, stacks, mode);
  }
  return 0;
}

/** Which stacks the last plan run planned, and its id: what gate and apply accept. */
const LAST_PLAN = "last-plan.json";

interface LastPlan {
  readonly runId: string;
  readonly stacks: readonly string[];
  readonly mode: Mode;
}

const planFiles = (run: Run, stack: string) => {
  const dir = run.o.plans;
  return { tfplan: path.join(dir, `${stack}.tfplan`), json: path.join(dir, `${stack}.json`), meta: path.join(dir, `${stack}.meta.json`) };
};

function readLastPlan(run: Run): LastPlan {
  const file = path.join(run.o.plans, LAST_PLAN);
  if (!fs.existsSync(file)) throw new UsageError(`no ${LAST_PLAN} in ${run.o.plans}: run the plan command first`);
  const last = readJson<LastPlan>(file);
  if (typeof last === "string") throw new UsageError(`${file} ${last}: run the plan command again`);
  return last;
}

function provenance(run: Run): Provenance {
  try {
    return readProvenance(run.o.outdir);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const stackFile = (run: Run, stack: string) => path.join(run.o.outdir, "stacks", stack, "cdk.tf.json");

async function planStacks(run: Run, stacks: readonly string[], mode: Mode): Promise<void> {
  const synthesized = provenance(run);
  const runId = randomUUID();
  fs.mkdirSync(run.o.plans, { recursive: true });
  // A plan that fails must not leave the previous plan of its stack for gate and apply.
  for (const stack of stacks) for (const f of Object.values(planFiles(run, stack))) fs.rmSync(f, { force: true });
  const last: LastPlan = { runId, stacks, mode };
  fs.writeFileSync(path.join(run.o.plans, LAST_PLAN), JSON.stringify(last, null, 2) + "\n");
  await eachStack(run.o.parallel, stacks, async (stack) => {
    const files = planFiles(run, stack);
    const meta: PlanMeta = { ...synthesized, stack, stackSha256: fileSha256(stackFile(run, stack)), runId, mode };
    await runTerraform(run.tf, stack, ["init", "-input=false", "-no-color"]);
    const destroy = mode === "destroy" ? ["-destroy"] : [];
    await runTerraform(run.tf, stack, ["plan", "-input=false", "-no-color", ...destroy, `-out=${path.resolve(files.tfplan)}`]);
    const json = await runTerraform(run.tf, stack, ["show", "-json", "-no-color", path.resolve(files.tfplan)], { capture: true });
    fs.writeFileSync(files.json, json, { mode: 0o600 });
    fs.writeFileSync(files.meta, JSON.stringify(meta, null, 2) + "\n");
    report(run, stack, files.json, mode);
  });
}

/** The plan's summary on the terminal and, in GitHub Actions, in the job summary. */
function report(run: Run, stack: string, jsonFile: string, mode: Mode): void {
  const read = readPlanFile(jsonFile);
  if (!read.plan) return run.io.err(`pipeline: ${read.problem}`);
  const summary = summarize(stack, read.plan);
  run.io.out(formatSummary(summary));
  const stepSummary = run.io.env.GITHUB_STEP_SUMMARY;
  if (stepSummary) fs.appendFileSync(stepSummary, summaryMarkdown(summary, mode === "destroy" ? "okemesh destroy plan" : "okemesh plan"));
}

/** The stacks gate checks: those of --level N, else those of the last plan run. */
function gatedStacks(run: Run): string[] {
  return run.o.level !== undefined ? chosen(run, run.levels[run.o.level]) : chosen(run, readLastPlan(run).stacks);
}

/** Reads the stacks' saved plans, refusing (as problems naming the file) any that is not of this
 * synthesis, of the stack as it is now, of the last plan run, or of the mode expected. */
function loadPlans(run: Run, stacks: readonly string[], mode?: Mode): { plans: StackPlan[]; problems: string[] } {
  const last = readLastPlan(run);
  const synthesized = provenance(run);
  const plans: StackPlan[] = [];
  const problems: string[] = [];
  for (const stack of stacks) {
    const files = planFiles(run, stack);
    const meta = readJson<Partial<PlanMeta>>(files.meta);
    if (typeof meta === "string") {
      problems.push(`${files.meta}: ${meta}: the last plan run did not plan ${stack} (or it failed): plan again`);
      continue;
    }
    const expected: PlanMeta = { ...synthesized, stack, stackSha256: fileSha256(stackFile(run, stack)), runId: last.runId, mode: mode ?? last.mode };
    const differences = metaDifferences(meta, expected);
    if (differences.length) {
      problems.push(`${files.meta}: ${differences.join("; ")}: plan again`);
      continue;
    }
    const read = readPlanFile(files.json);
    if (read.plan) plans.push({ stack, plan: read.plan });
    else problems.push(read.problem);
  }
  return { plans, problems };
}

/** A JSON file's content, or why it has none ("not found", "is not valid JSON"). */
function readJson<T>(file: string): T | string {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : "is not valid JSON";
  }
}

async function gate(run: Run, stacks: readonly string[]): Promise<boolean> {
  const loaded = loadPlans(run, stacks);
  const result = gatePlans(loaded.plans, run.o.protect, run.o.allow, { allowDisruptive: run.o.allowDisruptive });
  const merged: GateResult = { ...result, problems: [...loaded.problems, ...result.problems] };
  run.io.out(formatGate(merged));
  if (passed(merged)) return true;
  const onlyDisruptive = merged.blocked.length === 0 && merged.problems.length === 0;
  const confirm = run.io.confirm ?? terminalConfirm(run.io.env);
  if (!onlyDisruptive || !confirm) return false;
  const yes = await confirm(`gate: apply the ${merged.disruptive.length} disruptive update(s) above?`);
  run.io.out(yes ? "gate: passed: disruptive updates approved at the prompt" : "gate: not approved");
  return yes;
}

/** A y/N prompt when a person is at the terminal (stdin and stdout TTYs, CI unset). */
function terminalConfirm(env: NodeJS.ProcessEnv): PipelineIo["confirm"] {
  if (!process.stdin.isTTY || !process.stdout.isTTY || env.CI) return undefined;
  return (question) =>
    new Promise((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      rl.question(`${question} [y/N] `, (answer) => {
        rl.close();
        resolve(/^y(es)?$/i.test(answer.trim()));
      });
    });
}

async function applyStacks(run: Run, stacks: readonly string[], mode: Mode): Promise<void> {
  const loaded = loadPlans(run, stacks, mode);
  const missing = stacks.map((s) => planFiles(run, s).tfplan).filter((f) => !fs.existsSync(f));
  const problems = [...loaded.problems, ...missing.map((f) => `${f}: not found: run the plan command first`)];
  if (problems.length) throw new Error(`apply refused:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  const disruptive = loaded.plans.filter(({ stack, plan }) => summarize(stack, plan).disruptive.length > 0).map((p) => p.stack);
  // A disruptive update (nodes cycled, a control plane or Cilium upgraded) goes to one region
  // at a time, so a failure stops before it reaches the next region.
  const serial = disruptive.length > 0 && stacks.length > 1;
  if (serial) {
    const how = `applying ${stacks.join(", ")} one at a time, stopping at the first failure`;
    run.io.out(`pipeline: disruptive updates in ${disruptive.join(", ")}: ${how}`);
  }
  await eachStack(
    serial ? 1 : run.o.parallel,
    stacks,
    async (stack) => {
      await runTerraform(run.tf, stack, ["apply", "-input=false", "-no-color", path.resolve(planFiles(run, stack).tfplan)]);
      run.io.out(`pipeline: ${mode === "destroy" ? "destroyed" : "applied"} ${stack}`);
    },
    serial,
  );
}

/** Runs `work` for every stack, at most `parallel` at a time; with `stopOnError`, starts no
 * stack after one fails. */
async function eachStack(parallel: number, stacks: readonly string[], work: (stack: string) => Promise<void>, stopOnError = false): Promise<void> {
  const queue = [...stacks];
  const errors: string[] = [];
  const worker = async () => {
    for (let s = queue.shift(); s; s = stopOnError && errors.length ? undefined : queue.shift()) {
      await work(s).catch((e: Error) => errors.push(e.message));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, stacks.length)) }, worker));
  if (queue.length && errors.length) errors.push(`not started after the failure: ${queue.join(", ")}`);
  if (errors.length) throw new Error(errors.join("\n"));
}
