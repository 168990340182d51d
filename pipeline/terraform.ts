// Runs terraform in a stack's directory, streaming its output line by line with the stack's
// name in front, so that the stacks of a level, which run at once, stay readable: each write is
// one whole line (readline splits the stream), so lines never interleave mid-line.
import { spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { Readable } from "stream";

export interface TerraformRunner {
  /** The terraform binary. */
  readonly bin: string;
  /** cdktf.out: the stacks are `<outdir>/stacks/<stack>`. */
  readonly outdir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where the output lines go. */
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface RunOptions {
  /** Capture stdout instead of streaming it (for `show -json`, which prints secrets). @default false */
  readonly capture?: boolean;
}

function prefixed(stream: Readable, prefix: string, write: (line: string) => void): Promise<void> {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  lines.on("line", (l) => write(`${prefix}${l}`));
  return new Promise((resolve) => lines.once("close", resolve));
}

/** Resolves to the captured stdout (empty unless `capture`); rejects when terraform fails. */
export function runTerraform(t: TerraformRunner, stack: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(t.bin, [`-chdir=${path.join(t.outdir, "stacks", stack)}`, ...args], {
      env: { ...t.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const prefix = `[${stack}] `;
    const captured: Buffer[] = [];
    const done = [prefixed(child.stderr, prefix, t.err)];
    if (options.capture) child.stdout.on("data", (b: Buffer) => captured.push(b));
    else done.push(prefixed(child.stdout, prefix, t.out));
    child.on("error", (e) => reject(new Error(`[${stack}] cannot run ${t.bin}: ${e.message}`)));
    child.on("close", (code) => {
      void Promise.all(done).then(() =>
        code === 0 ? resolve(Buffer.concat(captured).toString()) : reject(new Error(`[${stack}] terraform ${args[0]} failed (exit ${code})`)),
      );
    });
  });
}
