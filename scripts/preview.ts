// What `terraform plan` will do, before anyone runs it: compares the last synth with the
// topology's new one and prints, per stack, what will be created, updated, replaced and
// destroyed, and what the plan gate would block. No credentials, no state, offline.
//
//   tsx scripts/preview.ts [--base cdktf.out] [--config okemesh.yaml] [--allow ADDRESS]... [--json]
//   tsx scripts/preview.ts --next DIR ...     compare two existing synth directories instead
//
// The topology (--config, OKEMESH_CONFIG or okemesh.yaml) is synthesized into a temporary
// directory (cdktf.out is left as it is) and says what the gate protects. Exit 0: nothing
// protected is replaced or destroyed; 1: the gate would block, or a change cannot be planned;
// 2: usage error.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { formatPreview, previewSynths, StackJson, Synth } from "../preview";
import { ledgerUpdate } from "../cli/ledger-file";
import { loadSynthesis } from "../support/synthesis";
import { readTopologyOrExit, topologyFile } from "../cli/topology-file";

const USAGE = "usage: preview.ts [--base DIR] [--config FILE] [--next DIR] [--allow ADDRESS]... [--json]";

export interface PreviewIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

class UsageError extends Error {}

/** Reads a synth directory in cdktf's layout: manifest.json and each stack's cdk.tf.json. */
export function readSynth(dir: string): Synth {
  const manifestFile = path.join(dir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new UsageError(`${manifestFile} not found: synthesize first (npm run synth), or give --base DIR`);
  const read = (file: string) => {
    try {
      return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
  };
  const manifest = read(manifestFile) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  const entries = Object.entries(manifest.stacks ?? {});
  return {
    stacks: Object.fromEntries(
      entries.map(([id, s]) => [id, read(path.join(dir, s.synthesizedStackPath ?? path.join("stacks", id, "cdk.tf.json"))) as StackJson]),
    ),
  };
}

/** Synthesizes the topology in-process into a temporary directory and reads it back. */
function synthesize(topology: ReturnType<typeof readTopologyOrExit>, env: NodeJS.ProcessEnv): Synth {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-preview-"));
  try {
    const { App, addOkemeshStacks } = loadSynthesis(env);
    const app = new App({ outdir });
    addOkemeshStacks(app, topology);
    app.synth();
    return readSynth(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        base: { type: "string" },
        config: { type: "string" },
        next: { type: "string" },
        allow: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
}

/** The command; resolves to its exit code. */
export async function runPreview(argv: string[], io: PreviewIo): Promise<number> {
  try {
    const o = options(argv);
    const env = o.config ? { ...io.env, OKEMESH_CONFIG: o.config } : io.env;
    const topology = readTopologyOrExit(env);
    // A region dropped without being retired is refused by synth: preview says so first.
    const ledger = ledgerUpdate(topologyFile(env), topology);
    if ("problem" in ledger) {
      io.stderr(`${ledger.problem}\n`);
      return 1;
    }
    const base = readSynth(path.resolve(o.base ?? "cdktf.out"));
    const next = o.next ? readSynth(path.resolve(o.next)) : synthesize(topology, io.env);
    const allow = [...(o.allow ?? []), ...(io.env.OKEMESH_ALLOW_DESTROY ?? "").split(",").filter(Boolean)];
    const report = await previewSynths(base, next, { protect: topology.protect, allow });
    io.stdout((o.json ? JSON.stringify(report, null, 2) : formatPreview(report)) + "\n");
    return report.gate.blocked.length || report.problems.length ? 1 : 0;
  } catch (e) {
    io.stderr(`preview: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  const io: PreviewIo = { env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  runPreview(process.argv.slice(2), io).then((code) => process.exit(code));
}
