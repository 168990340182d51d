// The pipeline commands end to end against a stand-in terraform that records its calls, so the
// order of stacks and commands can be checked offline: in-process through runPipeline, and a
// few runs of scripts/pipeline.ts as a process for its flags and exit codes.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PipelineIo, PipelineOptions, runPipeline } from "../../pipeline/commands";
import { fileSha256, provenanceOf, writeProvenance } from "../../pipeline/provenance";
import { parseArgs } from "../../scripts/pipeline";
import { built, loadFile, ROOT, synthOnce } from "../helpers";

const FIXTURES = path.join(__dirname, "..", "fixtures", "plans");
const topology = loadFile("okemesh.yaml");

/** A fake terraform (POSIX sh, quick to start): logs "<stack> <command>" (and "<stack> applied"
 * when an apply ends), prints a few lines (one in two writes, to cut it mid-line) and, for
 * `show -json`, the fixture `<stack>.json` (or `<stack>.destroy.json` for a plan -destroy) of
 * $FAKE_TF_PLANS, else an empty plan. $FAKE_TF_FAIL lists "<stack> <command>" calls that fail. */
function fakeTerraform(dir: string): { bin: string; log: string } {
  const bin = path.join(dir, "terraform");
  const log = path.join(dir, "calls.log");
  const empty = JSON.stringify({ format_version: "1.2", planned_values: { root_module: {} }, applyable: false, complete: true, errored: false });
  fs.writeFileSync(
    bin,
    `#!/bin/sh
chdir="$1"; cmd="$2"; shift 2
stack="\${chdir##*/}"; destroy=""; out=""; last=""
for a in "$@"; do
  case "$a" in -destroy) destroy=" -destroy" ;; -out=*) out="\${a#-out=}" ;; esac
  last="$a"
done
echo "$stack $cmd$destroy" >> '${log}'
case ",$FAKE_TF_FAIL," in *",$stack $cmd,"*) echo "Error: simulated $cmd failure" >&2; exit 1 ;; esac
case "$cmd" in
  init) printf 'Initializing the '; printf 'backend...\nTerraform has been successfully initialized!\n' ;;
  plan) if [ -n "$destroy" ]; then printf destroy > "$out"; else printf apply > "$out"; fi; echo "Plan: 0 to add, 0 to change, 0 to destroy." ;;
  show)
    f="$FAKE_TF_PLANS/$stack.json"; [ "$(cat "$last")" = destroy ] && f="$FAKE_TF_PLANS/$stack.destroy.json"
    if [ -f "$f" ]; then cat "$f"; else printf '%s' '${empty}'; fi ;;
  apply) echo "Apply complete!"; echo "$stack applied" >> '${log}' ;;
esac
`,
    { mode: 0o755 },
  );
  return { bin, log };
}

/** A work dir with its own copy of the suite's one synthesis of the topology, plans, fixtures and terraform. */
function setup() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-pipeline-"));
  const outdir = path.join(work, "cdktf.out");
  fs.cpSync(synthOnce(topology).dir, outdir, { recursive: true });
  writeProvenance(outdir, provenanceOf(topology));
  const tf = fakeTerraform(work);
  const plans = path.join(work, "plans");
  const fixtures = path.join(work, "fixtures");
  fs.mkdirSync(fixtures);
  const useFixture = (stack: string, name: string, mode = "") =>
    fs.copyFileSync(path.join(FIXTURES, `${name}.json`), path.join(fixtures, `${stack}${mode}.json`));
  const base: PipelineOptions = { outdir, plans, terraform: tf.bin, parallel: 4, allow: [], allowDisruptive: false, protect: topology.protect };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, CI: "true", FAKE_TF_PLANS: fixtures };
  const run = async (command: Parameters<typeof runPipeline>[0], options: Partial<PipelineOptions> = {}, io: Partial<PipelineIo> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runPipeline(command, { ...base, ...options }, { out: (t) => out.push(t), err: (t) => err.push(t), env, ...io });
    return { status, lines: out, stdout: out.join("\n"), stderr: err.join("\n") };
  };
  const calls = () => (fs.existsSync(tf.log) ? fs.readFileSync(tf.log, "utf8").trim().split("\n") : []);
  const process_ = (...args: string[]) => {
    const r = spawnSync(process.execPath, [built("scripts/pipeline.ts"), ...args, "--outdir", outdir, "--plans", plans, "--terraform", tf.bin], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, ...env, OKEMESH_CONFIG: path.join(ROOT, "okemesh.yaml"), OKEMESH_ALLOW_DESTROY: "" },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { work, outdir, plans, env, run, calls, useFixture, process: process_ };
}

const CLUSTER = "oci_containerengine_cluster.oke_cluster_292EA92A";
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

describe("pipeline command", () => {
  it("lists the levels", async () => {
    const { run } = setup();
    expect((await run("levels")).stdout).toBe("level 0: c1 c2\nlevel 1: mesh");
  });

  it("plans one level: init, plan -out, show -json per stack, saving the plan, its JSON and its provenance", async () => {
    const { run, calls, plans, outdir } = setup();
    const r = await run("plan", { level: 0 });
    expect(r.status).toBe(0);
    expect(fs.readdirSync(plans).sort()).toEqual(["c1.json", "c1.meta.json", "c1.tfplan", "c2.json", "c2.meta.json", "c2.tfplan", "last-plan.json"]);
    for (const stack of ["c1", "c2"]) expect(calls().filter((c) => c.startsWith(stack))).toEqual([`${stack} init`, `${stack} plan`, `${stack} show`]);
    expect(calls().some((c) => c.startsWith("mesh"))).toBe(false);
    const last = readJson(path.join(plans, "last-plan.json"));
    expect(last).toEqual({ runId: expect.stringMatching(/^[0-9a-f-]{36}$/), stacks: ["c1", "c2"], mode: "apply" });
    expect(readJson(path.join(plans, "c1.meta.json"))).toEqual({
      name: "australis",
      topologySha256: provenanceOf(topology).topologySha256,
      stack: "c1",
      stackSha256: fileSha256(path.join(outdir, "stacks", "c1", "cdk.tf.json")),
      runId: last.runId,
      mode: "apply",
    });
    expect(fs.statSync(path.join(plans, "c1.json")).mode & 0o077).toBe(0); // it holds secrets
  });

  it("streams terraform's output a whole line at a time, each line prefixed with its stack, then a summary per stack", async () => {
    const { run, useFixture } = setup();
    useFixture("c1", "replace-cluster");
    const r = await run("plan", { level: 0 });
    const terraformLines = r.lines.filter((l) => l.startsWith("["));
    expect(terraformLines.every((l) => !l.includes("\n"))).toBe(true);
    for (const stack of ["c1", "c2"]) {
      const init = [`[${stack}] Initializing the backend...`, `[${stack}] Terraform has been successfully initialized!`];
      expect(terraformLines).toEqual(expect.arrayContaining(init));
      expect(terraformLines).toContain(`[${stack}] Plan: 0 to add, 0 to change, 0 to destroy.`);
    }
    expect(terraformLines.some((l) => l.includes("format_version"))).toBe(false); // show -json is never printed
    expect(r.lines).toContain(
      "plan c1: + 0 create, ~ 0 update, - 1 destroy, ± 1 replace\n" +
        `  ± replace ${CLUSTER} (replace_because_cannot_update; forced by kubernetes_network_config[0].pods_cidr)\n` +
        "  - destroy oci_core_network_security_group_security_rule.network_workers-nsg_rules_out-internet_8B1A2C3D",
    );
    expect(r.lines).toContain("plan c2: + 0 create, ~ 0 update, - 0 destroy, ± 0 replace");
  });

  it("appends the summaries as Markdown to $GITHUB_STEP_SUMMARY when it is set", async () => {
    const { run, env, work, useFixture } = setup();
    const file = path.join(work, "step-summary.md");
    fs.writeFileSync(file, "earlier step\n");
    useFixture("c1", "update-node-pool-image");
    env.GITHUB_STEP_SUMMARY = file;
    expect((await run("plan", { level: 0 })).status).toBe(0);
    const md = fs.readFileSync(file, "utf8");
    expect(md.startsWith("earlier step\n")).toBe(true);
    expect(md).toContain("### okemesh plan `c1`");
    expect(md).toContain("### okemesh plan `c2`");
    expect(md).toContain("- ⚠️ disruptive update `oci_containerengine_node_pool.oke_node-pools_workers_30CD9F04`");
  });

  it("gates: blocks a protected replacement (exit 1) unless it is allowed", async () => {
    const { run, useFixture } = setup();
    useFixture("c1", "replace-cluster");
    expect((await run("plan", { level: 0 })).status).toBe(0);
    const blocked = await run("gate");
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain(`c1: replace ${CLUSTER}`);
    const allowed = await run("gate", { allow: [`c1:${CLUSTER}`] });
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain("gate: allowed by override:");
  });

  it("gates a disruptive update: blocked without a person at the terminal, asked y/N when there is one", async () => {
    const { run, useFixture } = setup();
    useFixture("c1", "update-node-pool-image");
    expect((await run("plan", { level: 0 })).status).toBe(0);
    expect((await run("gate")).status).toBe(1);
    expect((await run("gate", { allowDisruptive: true })).status).toBe(0);
    const questions: string[] = [];
    const ask = (answer: boolean) => async (q: string) => (questions.push(q), answer);
    const yes = await run("gate", {}, { confirm: ask(true) });
    expect([yes.status, questions]).toEqual([0, ["gate: apply the 1 disruptive update(s) above?"]]);
    expect(yes.stdout).toContain("gate: passed: disruptive updates approved at the prompt");
    expect((await run("gate", {}, { confirm: ask(false) })).status).toBe(1);
  });

  it("does not ask when a protected resource is blocked as well", async () => {
    const { run, useFixture } = setup();
    useFixture("c1", "upgrade-cluster");
    useFixture("c2", "replace-cluster");
    expect((await run("plan", { level: 0 })).status).toBe(0);
    const confirm = jest.fn(async () => true);
    expect((await run("gate", {}, { confirm })).status).toBe(1);
    expect(confirm).not.toHaveBeenCalled();
  });

  it("deploys level by level: the mesh stack is planned only after every region stack is applied", async () => {
    const { run, calls } = setup();
    const r = await run("deploy");
    expect(r.status).toBe(0);
    const c = calls();
    const lastRegionApply = Math.max(c.indexOf("c1 apply"), c.indexOf("c2 apply"));
    expect(lastRegionApply).toBeGreaterThan(-1);
    expect(c.indexOf("mesh plan")).toBeGreaterThan(lastRegionApply);
    expect(c[c.length - 2]).toBe("mesh apply");
  });

  it("stops before applying a level whose plan the gate blocks", async () => {
    const { run, calls, useFixture } = setup();
    useFixture("mesh", "destroy-peering");
    const r = await run("deploy");
    expect(r.status).toBe(1);
    expect(calls()).toContain("c1 apply");
    expect(calls()).not.toContain("mesh apply");
  });

  it("gates only the stacks of the last plan (or of the level asked for), and refuses the earlier run's plans", async () => {
    const { run, useFixture } = setup();
    useFixture("c1", "replace-cluster");
    expect((await run("plan", { level: 0 })).status).toBe(0);
    expect((await run("plan", { level: 1 })).status).toBe(0);
    expect((await run("gate")).status).toBe(0); // the mesh plan only; c1's plan is from the level before
    const earlier = await run("gate", { level: 0 });
    expect(earlier.status).toBe(1);
    expect(earlier.stdout).toMatch(/c1\.meta\.json: from an earlier plan run \([0-9a-f-]+\) than the last one \([0-9a-f-]+\): plan again/);
    const apply = await run("apply", { level: 0 });
    expect(apply.status).toBe(1);
    expect(apply.stderr).toContain("apply refused:");
  });

  it("refuses plans of another topology, and of a stack whose cdk.tf.json changed since", async () => {
    const { run, calls, outdir, plans } = setup();
    expect((await run("plan", { level: 0 })).status).toBe(0);
    fs.appendFileSync(path.join(outdir, "stacks", "c2", "cdk.tf.json"), "\n");
    const changed = await run("gate");
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain(`${path.join(plans, "c2.meta.json")}: c2's cdk.tf.json changed since it was planned (sha256 `);
    expect(changed.stdout).not.toContain("c1.meta.json");
    writeProvenance(outdir, { name: "australis", topologySha256: "0".repeat(64) });
    const other = await run("apply", { level: 0 });
    expect(other.status).toBe(1);
    const planned = `australis ${provenanceOf(topology).topologySha256.slice(0, 12)}`;
    const meta = path.join(plans, "c1.meta.json");
    expect(other.stderr).toContain(`${meta}: planned from another topology (${planned}; the synthesis is australis 000000000000)`);
    expect(calls().filter((c) => c.endsWith("apply"))).toEqual([]);
  });

  it("never leaves the previous plan of a stack whose plan failed for gate and apply", async () => {
    const { run, calls, env, plans } = setup();
    expect((await run("plan", { level: 0 })).status).toBe(0);
    env.FAKE_TF_FAIL = "c2 plan";
    const failed = await run("plan", { level: 0 });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("[c2] Error: simulated plan failure");
    expect(failed.stderr).toContain("pipeline: [c2] terraform plan failed (exit 1)");
    expect(fs.readdirSync(plans).filter((f) => f.startsWith("c2"))).toEqual([]);
    const gate = await run("gate");
    expect(gate.status).toBe(1);
    expect(gate.stdout).toContain(`${path.join(plans, "c2.meta.json")}: not found: the last plan run did not plan c2 (or it failed): plan again`);
    expect((await run("apply", { level: 0 })).status).toBe(1);
    expect(calls().filter((c) => c.endsWith("apply"))).toEqual([]);
  });

  it("applies a level with a disruptive update one stack at a time, stopping at the first failure; other levels in parallel", async () => {
    const { run, calls, env, useFixture } = setup();
    expect((await run("plan", { level: 0 })).status).toBe(0);
    const parallel = await run("apply", { level: 0 });
    expect(parallel.status).toBe(0);
    expect(parallel.stdout).not.toContain("one at a time");
    useFixture("c2", "update-node-pool-image");
    expect((await run("plan", { level: 0 })).status).toBe(0);
    const before = calls().length;
    const serial = await run("apply", { level: 0 });
    expect(serial.stdout).toContain("pipeline: disruptive updates in c2: applying c1, c2 one at a time, stopping at the first failure");
    expect(calls().slice(before)).toEqual(["c1 apply", "c1 applied", "c2 apply", "c2 applied"]);
    expect((await run("plan", { level: 0 })).status).toBe(0);
    env.FAKE_TF_FAIL = "c1 apply";
    const stopped = await run("apply", { level: 0 });
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toContain("not started after the failure: c2");
    expect(calls().slice(-1)).toEqual(["c1 apply"]);
  });

  it("destroys in reverse level order, mesh first, each level planned -destroy, gated and applied", async () => {
    const { run, calls, outdir, useFixture } = setup();
    // A stack that depends on the mesh stack (as a retired region's would) comes at level 2, and goes first.
    const manifest = readJson(path.join(outdir, "manifest.json"));
    manifest.stacks.retired = { ...manifest.stacks.mesh, name: "retired", dependencies: ["mesh"], workingDirectory: "stacks/retired" };
    fs.writeFileSync(path.join(outdir, "manifest.json"), JSON.stringify(manifest));
    fs.cpSync(path.join(outdir, "stacks", "mesh"), path.join(outdir, "stacks", "retired"), { recursive: true });
    expect((await run("levels")).stdout).toBe("level 0: c1 c2\nlevel 1: mesh\nlevel 2: retired");
    useFixture("mesh", "destroy-cilium", ".destroy");
    const blocked = await run("destroy");
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain("mesh: destroy helm_release.mesh_c1_cni_0A1B2C3D");
    const retired = ["retired init", "retired plan -destroy", "retired show", "retired apply", "retired applied"];
    expect(calls()).toEqual([...retired, "mesh init", "mesh plan -destroy", "mesh show"]);
    const r = await run("destroy", { allow: ["*"] });
    expect(r.status).toBe(0);
    const c = calls().slice(8);
    expect(c.indexOf("mesh applied")).toBeLessThan(c.indexOf("c1 plan -destroy"));
    expect(c.indexOf("retired applied")).toBeLessThan(c.indexOf("mesh plan -destroy"));
    expect(c.filter((x) => x.endsWith("plan -destroy"))).toHaveLength(4);
    expect(r.stdout).toContain("pipeline: destroyed c2");
  });

  it("limits destroy (and plan) to the stacks named, and never applies a destroy plan with apply", async () => {
    const { run, calls } = setup();
    expect((await run("destroy", { stacks: ["c2"] })).status).toBe(0);
    expect(calls()).toEqual(["c2 init", "c2 plan -destroy", "c2 show", "c2 apply", "c2 applied"]);
    expect((await run("plan", { stacks: ["c2"] })).status).toBe(0);
    expect((await run("destroy", { stacks: ["c2"], level: 0 })).status).toBe(0);
    const refused = await run("apply", { level: 0, stacks: ["c2"] });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("c2.meta.json: a plan to destroy, not to apply: plan again");
    expect((await run("plan", { stacks: ["mesh"] })).status).toBe(0);
    expect(calls().slice(-3)).toEqual(["mesh init", "mesh plan", "mesh show"]);
  });

  it("refuses plan and apply without a level, a level or stack that does not exist, a bad --parallel or last-plan.json (exit 2)", async () => {
    const { run, plans } = setup();
    const cases: Array<[Parameters<typeof runPipeline>[0], Partial<PipelineOptions>, string]> = [
      ["apply", {}, "apply takes --level N"],
      ["plan", {}, "plan takes --level N"],
      ["plan", { level: 5 }, "there is no level 5 (levels 0-1)"],
      ["plan", { level: 0, parallel: NaN }, "--parallel takes a whole number of at least 1"],
      ["gate", {}, "run the plan command first"],
      ["plan", { stacks: ["c9"] }, "no stack c9 in"],
      ["plan", { stacks: ["c1", "mesh"] }, "plan takes --level N (or --stack names of one level)"],
      ["plan", { stacks: ["c1", "mesh"], level: 0 }, "--stack mesh is not in level 0 (level 0: c1 c2)"],
    ];
    for (const [command, options, message] of cases) {
      const r = await run(command, options);
      expect([r.status, r.stderr]).toEqual([2, expect.stringContaining(message)]);
    }
    fs.mkdirSync(plans);
    fs.writeFileSync(path.join(plans, "last-plan.json"), "{");
    const corrupt = await run("gate");
    const message = `pipeline: ${path.join(plans, "last-plan.json")} is not valid JSON: run the plan command again`;
    expect([corrupt.status, corrupt.stderr]).toEqual([2, message]);
  });

  it("takes its options from the command line, OKEMESH_ALLOW_DESTROY adding to --allow", () => {
    const argv = ["destroy", "--stack", "c1", "--stack", "mesh", "--allow", "c1:a.b", "--allow-disruptive"];
    argv.push("--level", "1", "--parallel", "2", "--plans", "p");
    expect(parseArgs(argv, { OKEMESH_ALLOW_DESTROY: "mesh:c.d, *" })).toEqual({
      command: "destroy",
      flags: {
        ...{ outdir: "cdktf.out", plans: "p", terraform: "terraform", parallel: 2, level: 1 },
        ...{ stacks: ["c1", "mesh"], allow: ["c1:a.b", "mesh:c.d", "*"], allowDisruptive: true },
      },
    });
  });

  it("runs as a process: exit codes 0, 1 and 2", async () => {
    const { process: run, useFixture, plans } = setup();
    useFixture("c1", "update-node-pool-image");
    expect(run("plan", "--stack", "c1").status).toBe(0);
    expect(fs.existsSync(path.join(plans, "c2.meta.json"))).toBe(false);
    const blocked = run("gate");
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain("gate: BLOCKED: 1 disruptive in-place update(s)");
    const usage = run("plan", "--levle", "0");
    expect([usage.status, usage.stderr]).toEqual([2, expect.stringContaining("pipeline: unknown argument --levle")]);
  });
});
