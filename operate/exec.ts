// Running the tools a deployment needs (terraform, oci, kubectl, cilium, ssh): by name on the
// PATH of the given environment, never through a shell, so no argument is ever interpreted.
import { spawn } from "child_process";

export interface ToolResult {
  /** The exit code; 127 when the tool is not installed, 124 when it timed out. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ToolOptions {
  /** The environment the tool runs in (its PATH finds the tool). */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Kill the tool after this long. @default no limit */
  readonly timeoutMs?: number;
}

/** Every child okemesh starts: no HashiCorp checkpoint call, no prompts. */
export function toolEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
}

/** Runs a tool to completion, collecting its output. Never rejects. */
export function runTool(command: string, args: readonly string[], options: ToolOptions): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: toolEnv(options.env), cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = options.timeoutMs ? setTimeout(() => ((timedOut = true), child.kill("SIGTERM")), options.timeoutMs) : undefined;
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      resolve({ code: e.code === "ENOENT" ? 127 : 1, stdout: "", stderr: e.code === "ENOENT" ? `${command}: not found on PATH` : e.message });
    });
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString();
      resolve({
        code: timedOut ? 124 : (code ?? 1),
        stdout: Buffer.concat(out).toString(),
        stderr: timedOut ? `${stderr}${command}: timed out` : stderr,
      });
    });
  });
}

/** The first line of a tool's complaint, for a table cell. */
export function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find(Boolean) ?? ""
  );
}
