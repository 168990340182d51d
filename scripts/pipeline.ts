// Pipeline gates over the synthesized stacks, with plain terraform (cdktf diff/deploy take one
// stack at a time and cannot save a plan):
//
//   tsx scripts/pipeline.ts levels                 the deploy order, level by level
//   tsx scripts/pipeline.ts plan --level N         init + plan -out + show -json per stack
//   tsx scripts/pipeline.ts gate [--allow ADDR]... fail on destroy/replace of protected resources
//                                                  in the last plan's stacks (or --level N)
//   tsx scripts/pipeline.ts apply --level N        apply the saved plans of one level
//   tsx scripts/pipeline.ts deploy                 per level: plan, gate, apply
//
// Options: --outdir cdktf.out, --plans plans, --terraform terraform, --parallel 4.
// The topology (OKEMESH_CONFIG, or the project's okemesh.yaml) says what the gate protects.
// Region stacks (level 0) run in parallel; the mesh stack (level 1) reads their state, so it
// can only be planned against what level 0 has applied: plan and apply take one level.
// plans/ holds secrets (terraform show -json prints sensitive values in clear): keep it to
// the job that made it, never publish it.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { formatGate, gatePlans, PlanJson } from "../pipeline/gate";
import { Manifest, stackLevels } from "../pipeline/levels";
import { readTopologyOrExit } from "./project-files";

interface Options {
  command: string;
  outdir: string;
  plans: string;
  terraform: string;
  parallel: number;
  level?: number;
  allow: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { command: argv[0] ?? "", outdir: "cdktf.out", plans: "plans", terraform: "terraform", parallel: 4, allow: [] };
  for (let i = 1; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--outdir") o.outdir = value;
    else if (flag === "--plans") o.plans = value;
    else if (flag === "--terraform") o.terraform = value;
    else if (flag === "--parallel") o.parallel = Number(value ?? "");
    else if (flag === "--level") o.level = Number(value);
    else if (flag === "--allow") o.allow.push(value);
    else fail(`unknown argument ${flag}`);
    i++;
  }
  if (!["levels", "plan", "gate", "apply", "deploy"].includes(o.command)) fail("usage: pipeline.ts levels|plan|gate|apply|deploy [--level N] [--outdir DIR] [--plans DIR] [--terraform BIN] [--parallel N] [--allow ADDRESS]...");
  if (o.level !== undefined && !(Number.isInteger(o.level) && o.level >= 0)) fail("--level takes a level number (see the levels command)");
  if (!(Number.isInteger(o.parallel) && o.parallel >= 1)) fail("--parallel takes a whole number of at least 1");
  o.allow.push(...(process.env.OKEMESH_ALLOW_DESTROY ?? "").split(",").filter(Boolean));
  return o;
}

function fail(message: string): never {
  console.error(`pipeline: ${message}`);
  process.exit(2);
}

function levelsOf(o: Options): string[][] {
  const file = path.join(o.outdir, "manifest.json");
  if (!fs.existsSync(file)) fail(`${file} not found: synthesize first (npm run synth)`);
  const levels = stackLevels(JSON.parse(fs.readFileSync(file, "utf8")) as Manifest);
  if (o.level !== undefined && !levels[o.level]) fail(`there is no level ${o.level} (levels 0-${levels.length - 1})`);
  return levels;
}

/** Runs terraform in a stack's directory; resolves to its stdout, rejects with its stderr. */
function terraform(o: Options, stack: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.terraform, [`-chdir=${path.join(o.outdir, "stacks", stack)}`, ...args], {
      env: { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(Buffer.concat(out).toString()) : reject(new Error(`[${stack}] terraform ${args[0]} failed (exit ${code}):\n${Buffer.concat(err).toString()}${Buffer.concat(out).toString()}`)),
    );
  });
}

/** Runs `work` for every stack of a level, at most `parallel` at a time. */
async function eachStack(o: Options, stacks: string[], work: (stack: string) => Promise<void>): Promise<void> {
  const queue = [...stacks];
  const errors: Error[] = [];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) await work(s).catch((e: Error) => errors.push(e));
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.parallel, stacks.length)) }, worker));
  if (errors.length) throw new Error(errors.map((e) => e.message).join("\n"));
}

/** Which stacks the last plan run planned: what the gate checks by default. */
const LAST_PLAN = "last-plan.json";

async function plan(o: Options, stacks: string[]): Promise<void> {
  const plans = path.resolve(o.plans);
  fs.mkdirSync(plans, { recursive: true });
  fs.writeFileSync(path.join(plans, LAST_PLAN), JSON.stringify({ stacks }) + "\n");
  await eachStack(o, stacks, async (stack) => {
    const file = path.join(plans, `${stack}.tfplan`);
    await terraform(o, stack, ["init", "-input=false", "-no-color"]);
    await terraform(o, stack, ["plan", "-input=false", "-no-color", `-out=${file}`]);
    fs.writeFileSync(path.join(plans, `${stack}.json`), await terraform(o, stack, ["show", "-json", "-no-color", file]));
    console.log(`pipeline: planned ${stack} -> ${path.relative(process.cwd(), file)} (+ .json)`);
  });
}

function gate(o: Options, stacks?: string[]): boolean {
  const topology = readTopologyOrExit();
  if (!fs.existsSync(o.plans)) fail(`${o.plans} not found: run the plan command first`);
  const last = path.join(o.plans, LAST_PLAN);
  if (!stacks && !fs.existsSync(last)) fail(`no ${LAST_PLAN} in ${o.plans}: run the plan command first`);
  const names: string[] = stacks ?? JSON.parse(fs.readFileSync(last, "utf8")).stacks;
  for (const n of names) if (!fs.existsSync(path.join(o.plans, `${n}.json`))) fail(`no plan JSON for ${n} in ${o.plans}: run the plan command first`);
  const plans = names.map((stack) => ({ stack, plan: JSON.parse(fs.readFileSync(path.join(o.plans, `${stack}.json`), "utf8")) as PlanJson }));
  const result = gatePlans(plans, topology.protect, o.allow);
  console.log(formatGate(result));
  return result.blocked.length === 0;
}

async function apply(o: Options, stacks: string[]): Promise<void> {
  await eachStack(o, stacks, async (stack) => {
    const file = path.resolve(o.plans, `${stack}.tfplan`);
    if (!fs.existsSync(file)) throw new Error(`[${stack}] no saved plan ${file}: run the plan command first`);
    await terraform(o, stack, ["apply", "-input=false", "-no-color", file]);
    console.log(`pipeline: applied ${stack}`);
  });
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.command === "gate") process.exit(gate(o, o.level === undefined ? undefined : levelsOf(o)[o.level]) ? 0 : 1);
  const levels = levelsOf(o);
  const chosen = o.level === undefined ? levels : [levels[o.level]];
  switch (o.command) {
    case "levels":
      levels.forEach((l, i) => console.log(`level ${i}: ${l.join(" ")}`));
      return;
    case "plan":
      if (o.level === undefined) fail("plan takes --level N: a level can only be planned against what the levels before it have applied");
      await plan(o, chosen[0]);
      return;
    case "apply":
      if (o.level === undefined) fail("apply takes --level N: apply one level, then plan the next against it");
      await apply(o, chosen[0]);
      return;
    case "deploy":
      for (const [i, level] of chosen.entries()) {
        console.log(`pipeline: level ${o.level ?? i}: ${level.join(" ")}`);
        await plan(o, level);
        if (!gate(o, level)) process.exit(1);
        await apply(o, level);
      }
      return;
  }
}

main().catch((e: Error) => {
  console.error(`pipeline: ${e.message}`);
  process.exit(1);
});
