// The pipeline commands (pipeline/commands.ts) from the command line:
//
//   tsx scripts/pipeline.ts levels                 the deploy order, level by level
//   tsx scripts/pipeline.ts plan --level N         init + plan -out + show -json per stack, and a summary
//   tsx scripts/pipeline.ts gate [--allow ADDR]... fail on destroy/replace of protected resources and
//                                                  on disruptive updates, in the last plan's stacks (or --level N)
//   tsx scripts/pipeline.ts apply --level N        apply the saved plans of one level
//   tsx scripts/pipeline.ts deploy                 per level: plan, gate, apply
//   tsx scripts/pipeline.ts destroy                per level, mesh first: plan -destroy, gate, apply
//
// Options: --outdir cdktf.out, --plans plans, --terraform terraform, --parallel 4, --stack NAME
// (repeatable), --allow ADDRESS (repeatable; OKEMESH_ALLOW_DESTROY=a,b adds more), --allow-disruptive.
// The topology (OKEMESH_CONFIG, or the project's okemesh.yaml) says what the gate protects.
// Exit codes: 0 ok, 1 gate blocked or terraform failed, 2 usage or input error.
import { PIPELINE_COMMANDS, PipelineCommand, PipelineOptions, runPipeline } from "../pipeline/commands";
import { synthMismatch } from "../pipeline/provenance";
import { readTopologyOrExit } from "../cli/topology-file";

const USAGE = `usage: pipeline.ts ${PIPELINE_COMMANDS.join("|")} [--level N] [--stack NAME]... [--allow ADDRESS]... [--allow-disruptive]
                   [--outdir DIR] [--plans DIR] [--terraform BIN] [--parallel N]`;

function fail(message: string): never {
  process.stderr.write(`pipeline: ${message}\n`);
  process.exit(2);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Flags = Mutable<Omit<PipelineOptions, "protect" | "stacks" | "allow">> & { stacks?: string[]; allow: string[] };

/** The command and its options from the arguments (OKEMESH_ALLOW_DESTROY adds to --allow);
 * a usage error exits 2. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { command: PipelineCommand; flags: Flags } {
  const command = argv[0] as PipelineCommand;
  if (!PIPELINE_COMMANDS.includes(command)) fail(USAGE);
  const f: Flags = { outdir: "cdktf.out", plans: "plans", terraform: "terraform", parallel: 4, allow: [], allowDisruptive: false };
  const takes: Record<string, (value: string) => void> = {
    "--outdir": (v) => (f.outdir = v),
    "--plans": (v) => (f.plans = v),
    "--terraform": (v) => (f.terraform = v),
    "--parallel": (v) => (f.parallel = Number(v)),
    "--level": (v) => (f.level = v.trim() === "" ? NaN : Number(v)),
    "--stack": (v) => (f.stacks = [...(f.stacks ?? []), v]),
    "--allow": (v) => f.allow.push(v),
  };
  for (let i = 1; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--allow-disruptive") f.allowDisruptive = true;
    else if (!takes[flag]) fail(`unknown argument ${flag}\n${USAGE}`);
    else if (argv[i + 1] === undefined) fail(`${flag} takes a value`);
    else takes[flag](argv[++i]);
  }
  f.allow.push(
    ...(env.OKEMESH_ALLOW_DESTROY ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean),
  );
  return { command, flags: f };
}

async function main(): Promise<void> {
  const { command, flags } = parseArgs(process.argv.slice(2));
  // The levels need no topology; everything else gates or plans what the topology describes.
  const topology = command === "levels" ? undefined : readTopologyOrExit();
  if (topology) {
    let stale: string | undefined;
    try {
      stale = synthMismatch(topology, flags.outdir);
    } catch (e) {
      fail((e as Error).message);
    }
    if (stale) fail(stale);
  }
  const io = { out: (t: string) => process.stdout.write(`${t}\n`), err: (t: string) => process.stderr.write(`${t}\n`), env: process.env };
  process.exitCode = await runPipeline(command, { ...flags, protect: topology?.protect ?? [] }, io);
}

if (require.main === module) void main();
