// Offline stand-ins for the tools okemesh runs (terraform, oci, kubectl, cilium, ssh,
// ssh-keygen): small node scripts in a temp dir put first on PATH. Each records its argv (one
// JSON line per call) and answers from a fixtures file the test writes, so a test can check
// both what okemesh asked and what it made of the answers.
//
// A tool okemesh runs to completion (operate/exec.ts runTool, and the pipeline's terraform,
// pipeline/terraform.ts runTerraform) runs the same script inside the test's own process by
// default: the same arguments, output, exit code and calls.log as a child process, without
// starting node for each call (most of the operate and pipeline tests' time). The process
// boundary stays covered: `standIns(fixtures, { processes: true })` starts each tool as a child
// process as okemesh does, bin.test.ts runs okemesh itself as a process against them, and
// pipeline/command.test.ts runs the pipeline's script against a terraform that is a process; ssh
// (kept open by okemesh tunnel) is always a process.
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { Io } from "../../cli/io";
import * as exec from "../../operate/exec";
import * as terraform from "../../pipeline/terraform";
import { rawTopology } from "../helpers";

export interface Fixtures {
  /** terraform output -json per stack: name -> value. A stack without an entry has no state. */
  outputs?: Record<string, Record<string, string>>;
  terraformVersion?: string;
  /** oci network remote-peering-connection list, per DRG OCID. */
  rpcs?: Record<string, Array<Record<string, string>>>;
  /** oci bastion session get: the state a session reaches (default ACTIVE after one CREATING). */
  sessionState?: string;
  /** kubectl run output (the DNS probe), per context. */
  dns?: Record<string, string>;
  /** kubectl get service -o json, per context. */
  services?: Record<string, unknown>;
  /** kubectl get serviceexports,serviceimports -A -o json, per context. */
  mcs?: Record<string, unknown>;
  /** kubectl get coherence <name> -o json, per context. */
  coherence?: Record<string, unknown>;
  /** kubectl get nodes -o json, per context. */
  nodes?: Record<string, unknown>;
  /** kubectl get gateways.submariner.io -o json, per context. */
  gateways?: Record<string, unknown>;
  /** cilium clustermesh status exit code per context (default 0). */
  clustermesh?: Record<string, number>;
  /** Tools that act as if not installed. */
  missing?: string[];
}

const TOOLS = ["terraform", "oci", "kubectl", "cilium", "ssh", "ssh-keygen"];

/** The behaviour of every stand-in, keyed by tool name. */
const COMMON = String.raw`
const fs = require("fs"), path = require("path"), net = require("net");
module.exports = (tool, dir) => {
  const args = process.argv.slice(2);
  fs.appendFileSync(path.join(dir, "calls.log"), JSON.stringify([tool, ...args]) + "\n");
  const fx = JSON.parse(fs.readFileSync(path.join(dir, "fixtures.json"), "utf8"));
  const out = (v) => process.stdout.write(typeof v === "string" ? v : JSON.stringify(v));
  const fail = (msg, code = 1) => { process.stderr.write(msg + "\n"); process.exit(code); };
  const flag = (name) => args[args.indexOf(name) + 1];
  if ((fx.missing || []).includes(tool)) fail(tool + ": command not found", 127);
  if (tool === "terraform") {
    if (args[0] === "version") return out({ terraform_version: fx.terraformVersion || "1.12.2" });
    const stackDir = args[0].replace(/^-chdir=/, "");
    const stack = path.basename(stackDir);
    if (args[1] === "plan") return fs.writeFileSync(args.find((a) => a.startsWith("-out=")).slice(5), "binary plan");
    if (args[1] === "show") {
      const f = path.join(stackDir, "plan.json");
      return out(fs.existsSync(f) ? fs.readFileSync(f, "utf8") : { format_version: "1.2", planned_values: {}, resource_changes: [] });
    }
    if (args[1] !== "output") return;
    const values = (fx.outputs || {})[stack];
    if (!values) fail("Error: Backend initialization required, please run \"terraform init\"");
    return out(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { sensitive: false, type: "string", value: v }])));
  }
  if (tool === "oci") {
    if (args[0] === "--version") return out("3.50.0\n");
    if (args[0] === "network") return out({ data: (fx.rpcs || {})[flag("--drg-id")] || [] });
    // One file per session: okemesh polls the regions' sessions in parallel.
    const session = (id) => path.join(dir, "session-" + id + ".json");
    if (args[2].startsWith("create")) {
      const id = "ocid1.bastionsession.oc1." + flag("--region") + "." + flag("--display-name");
      fs.writeFileSync(session(id), JSON.stringify({ gets: 0 }));
      return out({ data: { id, "lifecycle-state": "CREATING" } });
    }
    const id = flag("--session-id");
    if (args[2] === "delete") return (fs.rmSync(session(id)), out(""));
    const known = JSON.parse(fs.readFileSync(session(id), "utf8"));
    known.gets++;
    fs.writeFileSync(session(id), JSON.stringify(known));
    const state = known.gets < 2 ? "CREATING" : fx.sessionState || "ACTIVE";
    const command = "ssh -i <privateKey> -N -D 127.0.0.1:<localPort> -p 22 " + id + "@host.bastion." + flag("--region") + ".oci.oraclecloud.com";
    return out({ data: { id, "lifecycle-state": state, "lifecycle-details": state === "FAILED" ? "quota" : null, "ssh-metadata": { command } } });
  }
  if (tool === "kubectl") {
    if (args[0] === "version") return out("{}");
    const context = flag("--context");
    if (args.includes("run")) return out((fx.dns || {})[context] || "");
    if (args.some((a) => a.startsWith("serviceexports"))) return out((fx.mcs || {})[context] || { items: [] });
    if (args.includes("nodes")) return out((fx.nodes || {})[context] || { items: [] });
    if (args.includes("gateways.submariner.io")) return out((fx.gateways || {})[context] || { items: [] });
    if (args.includes("service")) return out((fx.services || {})[context] || { items: [] });
    if (args.includes("coherence")) return (fx.coherence || {})[context] ? out(fx.coherence[context]) : fail("Error from server (NotFound)");
  }
  if (tool === "cilium") {
    if (args[0] === "version") return out("cilium-cli: v0.18.9\n");
    const code = ((fx.clustermesh || {})[flag("--context")]) || 0;
    out(code === 0 ? "✅ All 2 nodes are connected to all clusters\n" : "");
    return code === 0 ? undefined : fail("timeout waiting for cluster mesh", code);
  }
  if (tool === "ssh") {
    if (args[0] === "-V") return process.stderr.write("OpenSSH_9.2p1\n");
    const port = Number(flag("-D").split(":")[1]);
    const server = net.createServer((s) => s.end()).listen(port, "127.0.0.1");
    process.on("SIGTERM", () => (server.close(), process.exit(0)));
    return;
  }
  if (tool === "ssh-keygen") {
    const file = flag("-f");
    fs.writeFileSync(file, "PRIVATE KEY\n");
    fs.writeFileSync(file + ".pub", "ssh-ed25519 AAAAstandin okemesh\n");
  }
};
`;

/** Stand-in folders whose tools runTool runs in this process. */
const inProcess = new Set<string>();
const runTool = exec.runTool;

/** process.exit inside a stand-in running in this process. */
class StandInExit {
  constructor(readonly code: number) {}
}

/** One stand-in call in this process: the script as its child would run it, with its own argv,
 * stdout, stderr and exit code. */
function runInProcess(dir: string, tool: string, args: readonly string[]): exec.ToolResult {
  let stdout = "";
  let stderr = "";
  const fakeProcess = {
    argv: [process.execPath, path.join(dir, tool), ...args],
    stdout: { write: (t: string) => void (stdout += t) },
    stderr: { write: (t: string) => void (stderr += t) },
    exit: (code = 0) => {
      throw new StandInExit(code);
    },
    on: () => undefined,
  };
  const module = { exports: undefined as unknown as (tool: string, dir: string) => void };
  new Function("module", "require", "process", COMMON)(module, require, fakeProcess);
  try {
    module.exports(tool, dir);
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (e instanceof StandInExit) return { code: e.code, stdout, stderr };
    return { code: 1, stdout, stderr: `${stderr}${(e as Error).stack}\n` };
  }
}

/** The stand-in folder first on a PATH, when its tools run in this process. */
const inProcessDir = (env: NodeJS.ProcessEnv): string | undefined => {
  const dir = (env.PATH ?? "").split(path.delimiter)[0];
  return inProcess.has(dir) ? dir : undefined;
};

jest.spyOn(exec, "runTool").mockImplementation((command, args, options) => {
  const dir = inProcessDir(options.env);
  return dir && TOOLS.includes(command) ? Promise.resolve(runInProcess(dir, command, args)) : runTool(command, args, options);
});

const runTerraform = terraform.runTerraform;

/** runTerraform's contract with a stand-in in this process: its lines prefixed with the stack,
 * stdout captured or streamed, a rejection naming the stack and the subcommand on failure. */
jest.spyOn(terraform, "runTerraform").mockImplementation((t, stack, args, options = {}) => {
  const dir = inProcessDir(t.env);
  if (!dir || t.bin !== "terraform") return runTerraform(t, stack, args, options);
  const r = runInProcess(dir, "terraform", [`-chdir=${path.join(t.outdir, "stacks", stack)}`, ...args]);
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  for (const l of lines(r.stderr)) t.err(`[${stack}] ${l}`);
  if (!options.capture) for (const l of lines(r.stdout)) t.out(`[${stack}] ${l}`);
  if (r.code !== 0) return Promise.reject(new Error(`[${stack}] terraform ${args[0]} failed (exit ${r.code})`));
  return Promise.resolve(options.capture ? r.stdout : "");
});

export interface StandInOptions {
  /** Start each tool okemesh runs as a child process, as in real use. @default false: run in this process */
  readonly processes?: boolean;
}

export interface StandIns {
  readonly dir: string;
  /** PATH with the stand-ins first. */
  readonly env: NodeJS.ProcessEnv;
  /** Every call so far: [tool, ...argv]. */
  calls(tool?: string): string[][];
  fixtures(f: Fixtures): void;
}

export function standIns(fixtures: Fixtures = {}, options: StandInOptions = {}): StandIns {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-standins-"));
  if (!options.processes) inProcess.add(dir);
  fs.writeFileSync(path.join(dir, "common.js"), COMMON);
  for (const tool of TOOLS) {
    fs.writeFileSync(
      path.join(dir, tool),
      `#!/usr/bin/env node\nrequire(${JSON.stringify(path.join(dir, "common.js"))})(${JSON.stringify(tool)}, ${JSON.stringify(dir)});\n`,
      {
        mode: 0o755,
      },
    );
  }
  const write = (f: Fixtures) => fs.writeFileSync(path.join(dir, "fixtures.json"), JSON.stringify(f));
  write(fixtures);
  const log = path.join(dir, "calls.log");
  return {
    dir,
    env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}`, OKEMESH_CONFIG: "", OKEMESH_ALLOW_DESTROY: "" },
    calls: (tool) =>
      (fs.existsSync(log)
        ? fs
            .readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as string[])
        : []
      ).filter((c) => !tool || c[0] === tool),
    fixtures: write,
  };
}

export interface MemoryIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

/** An Io that keeps what the command prints. */
export function memoryIo(cwd: string, env: NodeJS.ProcessEnv): MemoryIo {
  let out = "";
  let err = "";
  return { cwd, env, stdout: (t) => void (out += t), stderr: (t) => void (err += t), out: () => out, err: () => err };
}

/** A temp working directory holding a topology file of n regions (c1..cn) as topology.yaml. */
export function workdir(n: number, extra: Record<string, unknown> = {}, edit?: (raw: any) => void): string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-cli-"));
  const raw = rawTopology(n, extra) as any;
  edit?.(raw);
  fs.writeFileSync(path.join(cwd, "topology.yaml"), stringify(raw));
  return cwd;
}

/** Region outputs as the region stacks export them, for stand-in terraform. */
export function regionOutputsFixture(names: readonly string[], extra: (name: string, i: number) => Record<string, string> = () => ({})) {
  return Object.fromEntries(
    names.map((name, i) => [
      name,
      {
        cluster_id: `ocid1.cluster.oc1..${name}`,
        cluster_private_endpoint: `10.${i + 1}.10.2:6443`,
        cluster_public_endpoint: `203.0.113.${i + 1}:6443`,
        cluster_ca_certificate: `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`,
        drg_id: `ocid1.drg.oc1..${name}`,
        vcn_id: `ocid1.vcn.oc1..${name}`,
        ...extra(name, i),
      },
    ]),
  );
}

// CommonJS, as jest reads them.
const { alive } = require("../processes") as { alive: (pid: number) => boolean };
const { tempBase } = require("../global-setup") as { tempBase: (env: NodeJS.ProcessEnv) => string };

/** Where the tests of every suite on this machine reserve cluster ids: beside the suite's own temp
 * folder (in the base __tests__/global-setup.js makes it in), so another checkout's suite sees
 * them too. */
export const RESERVED_IDS = path.join(tempBase(process.env), "okemesh-test-cluster-ids");

/** Reserves a cluster id for this process: a file named by the id, made only if there is none
 * (O_EXCL), that holds its pid. An id another live process holds (or is writing: an empty file) is
 * not taken; one whose process is gone is taken over (two processes taking over the same one at the
 * very same moment could both get it). No release: a jest worker runs its tests one at a time and
 * takes its own ids again. */
function reserve(dir: string, id: number): boolean {
  const file = path.join(dir, String(id));
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let owner: number;
    try {
      owner = Number(fs.readFileSync(file, "utf8"));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue; // taken over meanwhile: try again
      throw e;
    }
    if (owner === process.pid) return true;
    if (!(owner > 0) || alive(owner)) return false;
    fs.rmSync(file, { force: true });
  }
  return false;
}

/** Cilium cluster ids in 200..255 whose SOCKS ports (10800 + id) nothing on this machine listens
 * on, reserved for this process (`reserve`): okemesh binds a port only once the bastion sessions
 * are up, and two test files opening tunnels at the same time (jest's two workers, or the suite
 * of another checkout) found the same port free before either listened on it. Each process starts
 * looking at its own place (by pid), so they seldom meet. */
export async function freeClusterIds(n: number, reservations: string = RESERVED_IDS): Promise<number[]> {
  fs.mkdirSync(reservations, { recursive: true });
  const free: number[] = [];
  const start = (process.pid % 8) * 7; // eight slices of seven ids
  for (let i = 0; i < 56 && free.length < n; i++) {
    const id = 200 + ((start + i) % 56);
    if (!reserve(reservations, id)) continue;
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createServer().once("error", () => resolve(false));
      s.listen(10800 + id, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (ok) free.push(id);
  }
  return free;
}
