// main.ts as `cdktf synth` runs it (cdktf.json: plain node on the build, which jest's global
// setup brought up to date): a child process, its stderr piped.
import { spawn, spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "../helpers";

const APP = [path.join(ROOT, "scripts", "app.js")];

export interface MainRun {
  readonly status: number | null;
  readonly stderr: string;
}

/** The environment of a run: this one's, less CDKTF_OUTDIR (the output goes to <cwd>/cdktf.out
 * unless `env` says otherwise), plus `env`. */
function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  const { CDKTF_OUTDIR: _outdir, OKEMESH_DEBUG: _debug, ...inherited } = process.env;
  return { ...inherited, ...env };
}

export function runMain(env: Record<string, string>, cwd: string): MainRun {
  const r = spawnSync(process.execPath, APP, { cwd, env: environment(env), encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

/** The same, without blocking, so that several runs can share the machine's cores. */
export function runMainAsync(env: Record<string, string>, cwd: string): Promise<MainRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, APP, { cwd, env: environment(env), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject).on("close", (status) => resolve({ status, stderr }));
  });
}

/** Runs `tasks` with at most `limit` of them at a time, results in order. */
export async function inTurns<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
