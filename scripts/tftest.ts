// Plans and applies every synthesized stack with Terraform's own engine, offline: `terraform
// test` with mocked providers over the schema-only plugins of ../shared/tools/tfshim, and a
// test file generated from the stack (tftest/): apply succeeds, the node pools cover every
// availability domain on the newest image, the outputs other stacks read have their shape, the
// image precondition and the load balancers' postconditions fail when they must.
//
//   tsx scripts/tftest.ts <cdktf.out> [--keep] [--if-available] [--self-test]
//                         [--tfshim DIR] [--terraform BIN] [--parallel N] [--mirror DIR] [--managed-plugins]
//
// The topology is OKEMESH_CONFIG (or okemesh.yaml), the one the stacks were synthesized from.
// --self-test breaks copies of the stacks (an output indexing an empty list, a precondition
// removed, a postcondition expecting another IP) and passes only if each one's test fails.
// --if-available: exit 0 with a message when terraform or tfshim is missing (else exit 2).
// --mirror DIR: the directory an earlier `validate-stacks --keep` left (plugin mirror and CLI
// config), instead of making one. --managed-plugins: let terraform start the plugins itself.
import { PROJECT_ROOT } from "../constructs/package-files";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { tftestFile, TftestError, StackJson } from "../tftest/generate";
import { brokenStacks } from "../tftest/self-test";
import { Topology } from "../config/topology";
import { readTopologyOrExit } from "../cli/topology-file";

interface Options {
  outdir: string;
  keep: boolean;
  ifAvailable: boolean;
  selfTest: boolean;
  tfshim: string;
  terraform: string;
  parallel: number;
  managedPlugins: boolean;
  /** A directory `validate-stacks --keep` left, to reuse instead of making one. */
  mirror?: string;
}

/** One `terraform test` to run: a stack's directory, its configuration and its test file. */
interface StackTest {
  readonly name: string;
  readonly dir: string;
  readonly config: StackJson;
  readonly test: string;
  /** For a broken stack: the text its failure must show. */
  readonly mustFailWith?: string;
}

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: string;
  readonly workdir: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    outdir: "",
    keep: false,
    ifAvailable: false,
    selfTest: false,
    tfshim: path.join(PROJECT_ROOT, "..", "shared", "tools", "tfshim"),
    terraform: "terraform",
    parallel: 2,
    managedPlugins: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--keep") o.keep = true;
    else if (a === "--if-available") o.ifAvailable = true;
    else if (a === "--self-test") o.selfTest = true;
    else if (a === "--tfshim") o.tfshim = argv[++i] ?? "";
    else if (a === "--terraform") o.terraform = argv[++i] ?? "";
    else if (a === "--parallel") o.parallel = Number(argv[++i]);
    else if (a === "--managed-plugins") o.managedPlugins = true;
    else if (a === "--mirror") o.mirror = argv[++i] ?? "";
    else if (!a.startsWith("-") && !o.outdir) o.outdir = a;
    else fail(`unknown argument ${a}`);
  }
  if (!o.outdir) {
    fail(
      "usage: tftest.ts <cdktf.out> [--keep] [--if-available] [--self-test] [--tfshim DIR] [--terraform BIN] [--parallel N] " +
        "[--mirror DIR] [--managed-plugins]",
    );
  }
  if (!(Number.isInteger(o.parallel) && o.parallel >= 1)) fail("--parallel takes a whole number of at least 1");
  return o;
}

function fail(message: string): never {
  console.error(`tftest: ${message}`);
  process.exit(2);
}

/** Why the tests cannot run here, or undefined when they can. */
function unavailable(o: Options): string | undefined {
  const version = spawnSync(o.terraform, ["version"], { encoding: "utf8" });
  if (version.error || version.status !== 0) return `terraform (${o.terraform}) is not installed`;
  if (!fs.existsSync(path.join(o.tfshim, "validate-stacks"))) return `${o.tfshim}/validate-stacks is not there (../shared is missing)`;
  if (!fs.existsSync(path.join(o.tfshim, "node_modules"))) return `tfshim's dependencies are not installed (npm ci --prefix ${o.tfshim})`;
  return undefined;
}

function readStacks(outdir: string): Record<string, StackJson> {
  const file = path.join(outdir, "manifest.json");
  if (!fs.existsSync(file)) fail(`${file} not found: synthesize first (npm run synth)`);
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { stacks: Record<string, unknown> };
  return Object.fromEntries(
    Object.keys(manifest.stacks).map((id) => [id, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) as StackJson]),
  );
}

/** The environment of every terraform call: the tfshim plugin mirror, nothing from the user's
 * own Terraform settings. */
function terraformEnv(cliConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  const foreign = ["TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR", "TF_WORKSPACE", "TF_REATTACH_PROVIDERS"];
  for (const k of Object.keys(env)) if (foreign.includes(k) || k.startsWith("TF_CLI_ARGS")) delete env[k];
  return env;
}

/** The plugin mirror and CLI config `validate-stacks --keep` leaves, made for one stack that
 * requires every provider any stack requires (so no real stack is validated twice). */
function pluginMirror(o: Options, stacks: Record<string, StackJson>, scratch: string): string {
  const required: Record<string, unknown> = {};
  for (const s of Object.values(stacks)) Object.assign(required, s.terraform?.required_providers ?? {});
  const dir = path.join(scratch, "providers");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify({ terraform: { required_providers: required } }, null, 2));
  const r = spawnSync(path.join(o.tfshim, "validate-stacks"), ["--keep", "--terraform", o.terraform, dir], { encoding: "utf8" });
  const kept = /^kept (.+)$/m.exec(r.stdout ?? "")?.[1];
  if (r.status !== 0 || !kept) fail(`validate-stacks could not set up the plugin mirror:\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  return kept;
}

/** Terraform's go-plugin handshake cookie (hashicorp/terraform internal/plugin/serve.go). */
const MAGIC_COOKIE = { TF_PLUGIN_MAGIC_COOKIE: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2" };

interface PluginServers {
  /** TF_REATTACH_PROVIDERS: provider address -> where its server listens. */
  readonly reattach: string;
  readonly processes: readonly ChildProcess[];
}

/** Starts one plugin server per provider of the mirror and lets every terraform call attach to
 * them (TF_REATTACH_PROVIDERS, "unmanaged" providers: how the plugin SDKs' test harnesses run
 * a provider; Test = true, so terraform never stops them). Otherwise terraform starts a plugin
 * process per provider configuration and graph walk: 150 for a 6-region mesh stack, most of
 * the test's time. The servers only serve schemas and validation; the mocks answer the rest. */
async function startPluginServers(mirror: string): Promise<PluginServers> {
  const binaries = (fs.readdirSync(mirror, { recursive: true }) as string[]).filter((f) => /terraform-provider-[^/]+$/.test(f)).sort();
  const processes: ChildProcess[] = [];
  const entries = await Promise.all(
    binaries.map(async (relative) => {
      const address = relative.split(path.sep).slice(0, 3).join("/");
      const env = { ...process.env, ...MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSIONS: "6" };
      const child = spawn(path.join(mirror, relative), [], { env, stdio: ["ignore", "pipe", "pipe"] });
      processes.push(child);
      const line = await firstLine(child, address);
      // go-plugin's handshake: core version|protocol version|network|address|protocol|cert
      const [, version, network, listen] = line.split("|");
      const server = { Protocol: "grpc", ProtocolVersion: Number(version), Pid: child.pid, Test: true, Addr: { Network: network, String: listen } };
      return [address, server] as const;
    }),
  ).catch((e: Error) => {
    processes.forEach((p) => p.kill());
    throw e;
  });
  process.on("exit", () => processes.forEach((p) => p.kill()));
  return { reattach: JSON.stringify(Object.fromEntries(entries)), processes };
}

function firstLine(child: ChildProcess, address: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
    child.on("exit", (code) => reject(new Error(`the plugin for ${address} exited (${code}) before its handshake: ${err.trim()}`)));
  });
}

function run(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => chunks.push(b));
    child.stderr.on("data", (b: Buffer) => chunks.push(b));
    child.on("error", (e) => resolve({ code: -1, output: e.message }));
    child.on("close", (code) => resolve({ code: code ?? -1, output: Buffer.concat(chunks).toString() }));
  });
}

/** Copies the stack (without Terraform's working files), writes its test file, then init and
 * test. A broken stack passes when its test fails with the expected text. */
async function testStack(o: Options, t: StackTest, env: NodeJS.ProcessEnv, scratch: string): Promise<Outcome> {
  const started = Date.now();
  const work = path.join(scratch, t.name);
  const workingFile = /^(\.terraform|\.terraform\.lock\.hcl|.*\.tfstate(\.backup)?)$/;
  fs.cpSync(t.dir, work, { recursive: true, filter: (src) => !workingFile.test(path.basename(src)) });
  fs.writeFileSync(path.join(work, "cdk.tf.json"), JSON.stringify(t.config, null, 2));
  fs.mkdirSync(path.join(work, "tests"), { recursive: true });
  fs.writeFileSync(path.join(work, "tests", "okemesh.tftest.hcl"), t.test);
  const init = await run(o.terraform, ["init", "-backend=false", "-input=false", "-no-color"], work, env);
  const test = init.code === 0 ? await run(o.terraform, ["test", "-no-color"], work, env) : init;
  const seconds = (Date.now() - started) / 1000;
  const ok = t.mustFailWith === undefined ? test.code === 0 : test.code !== 0 && test.output.includes(t.mustFailWith);
  const summary = /^(Success|Failure)! .*$/m.exec(test.output)?.[0] ?? (init.code === 0 ? "no summary" : "terraform init failed");
  return { name: t.name, ok, seconds, detail: ok ? summary : test.output, workdir: work };
}

/** Runs the tests, at most `parallel` at a time, printing each outcome as it comes. */
async function runAll(o: Options, tests: readonly StackTest[], env: NodeJS.ProcessEnv, scratch: string): Promise<Outcome[]> {
  const queue = [...tests];
  const outcomes: Outcome[] = [];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const r = await testStack(o, t, env, scratch);
      const expectation = t.mustFailWith === undefined ? "" : ` (broken: must fail with "${t.mustFailWith}")`;
      console.log(`tftest: [${r.name}] ${r.ok ? "pass" : "FAIL"}${expectation} in ${r.seconds.toFixed(1)} s: ${r.ok ? r.detail : ""}`);
      if (!r.ok) console.log(r.detail.replace(/^/gm, "    "));
      outcomes.push(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.parallel, tests.length) }, worker));
  return outcomes;
}

/** The tests of every stack, or of the broken copies for --self-test. A stack the generator
 * cannot write a test for is a failure, reported with the generator's reason. */
function stackTests(o: Options, stacks: Record<string, StackJson>, topology: Topology): { tests: StackTest[]; problems: string[] } {
  const dirOf = (id: string) => path.join(o.outdir, "stacks", id);
  const cases = o.selfTest
    ? brokenStacks(stacks).map((b) => ({ ...b, dir: dirOf(b.stackId) }))
    : Object.keys(stacks).map((id) => ({ name: id, stackId: id, stacks, dir: dirOf(id), mustFailWith: undefined }));
  const tests: StackTest[] = [];
  const problems: string[] = [];
  for (const c of cases) {
    try {
      const test = tftestFile({ stackId: c.stackId, stacks: c.stacks, topology });
      tests.push({ name: c.name, dir: c.dir, config: c.stacks[c.stackId], test, mustFailWith: c.mustFailWith });
    } catch (e) {
      if (!(e instanceof TftestError)) throw e;
      problems.push(`tftest: [${c.name}] FAIL: cannot write its test: ${e.message}`);
    }
  }
  // The largest stack (the mesh) first: it takes longest, the others fill the other workers.
  const size = (t: StackTest) => JSON.stringify(t.config).length;
  return { tests: tests.sort((a, b) => size(b) - size(a)), problems };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const missing = unavailable(o);
  if (missing) {
    console.log(`tftest: ${missing}; skipping terraform test`);
    process.exit(o.ifAvailable ? 0 : 2);
  }
  const topology = readTopologyOrExit();
  const stacks = readStacks(o.outdir);
  const { tests, problems } = stackTests(o, stacks, topology);
  problems.forEach((p) => console.log(p));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-tftest-"));
  const mirror = o.mirror ?? pluginMirror(o, stacks, scratch);
  const env = terraformEnv(path.join(mirror, "terraform.rc"));
  const servers = o.managedPlugins ? undefined : await startPluginServers(path.join(mirror, "mirror"));
  if (servers) env.TF_REATTACH_PROVIDERS = servers.reattach;
  const outcomes = await runAll(o, tests, env, scratch).finally(() => servers?.processes.forEach((p) => p.kill()));
  const failed = outcomes.filter((r) => !r.ok).length + problems.length;
  if (o.keep) console.log(`tftest: kept ${scratch} (stack copies) and ${mirror} (plugin mirror)`);
  else for (const d of o.mirror ? [scratch] : [scratch, mirror]) fs.rmSync(d, { recursive: true, force: true });
  const what = o.selfTest ? "broken stack(s) caught" : "stack(s) passed";
  console.log(`tftest: ${outcomes.length + problems.length - failed} of ${outcomes.length + problems.length} ${what}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e: Error) => {
  console.error(`tftest: ${e.message}`);
  process.exit(2);
});
