// scripts/pipeline.ts end to end against a stand-in terraform that records its calls, so the
// order of stacks and commands can be checked offline.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadFile, ROOT, synthApp } from "../helpers";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const FIXTURES = path.join(__dirname, "..", "fixtures", "plans");

/** A fake terraform: logs "<stack> <command>" and, for `show -json`, prints the stack's
 * fixture plan (plan.json in the stack dir) or an empty plan. */
function fakeTerraform(dir: string): { bin: string; log: string } {
  const bin = path.join(dir, "terraform");
  const log = path.join(dir, "calls.log");
  fs.writeFileSync(
    bin,
    `#!/usr/bin/env node
const fs = require("fs"), path = require("path");
const [chdir, cmd, ...rest] = process.argv.slice(2);
const stackDir = chdir.replace(/^-chdir=/, "");
fs.appendFileSync(${JSON.stringify(log)}, path.basename(stackDir) + " " + cmd + "\\n");
if (cmd === "plan") fs.writeFileSync(rest.find((a) => a.startsWith("-out=")).slice(5), "binary plan");
if (cmd === "show") {
  const f = path.join(stackDir, "plan.json");
  process.stdout.write(fs.existsSync(f) ? fs.readFileSync(f, "utf8") : JSON.stringify({ format_version: "1.2", resource_changes: [] }));
}
`,
    { mode: 0o755 },
  );
  return { bin, log };
}

function setup() {
  const out = synthApp(loadFile("okemesh.yaml"));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-pipeline-"));
  const tf = fakeTerraform(work);
  const plans = path.join(work, "plans");
  const run = (...args: string[]) => {
    const r = spawnSync(TSX, [path.join(ROOT, "scripts", "pipeline.ts"), ...args, "--outdir", out.dir, "--plans", plans, "--terraform", tf.bin], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, OKEMESH_CONFIG: path.join(ROOT, "okemesh.yaml"), OKEMESH_ALLOW_DESTROY: "" },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const calls = () => (fs.existsSync(tf.log) ? fs.readFileSync(tf.log, "utf8").trim().split("\n") : []);
  return { out, plans, run, calls };
}

describe("pipeline command", () => {
  it("lists the levels", () => {
    const { run } = setup();
    expect(run("levels").stdout).toBe("level 0: c1 c2\nlevel 1: mesh\n");
  });

  it("plans one level: init, plan -out, show -json per stack, saving the plan and its JSON", () => {
    const { run, calls, plans } = setup();
    const r = run("plan", "--level", "0");
    expect(r.status).toBe(0);
    expect(fs.readdirSync(plans).sort()).toEqual(["c1.json", "c1.tfplan", "c2.json", "c2.tfplan", "last-plan.json"]);
    for (const stack of ["c1", "c2"]) expect(calls().filter((c) => c.startsWith(stack))).toEqual([`${stack} init`, `${stack} plan`, `${stack} show`]);
    expect(calls().some((c) => c.startsWith("mesh"))).toBe(false);
  });

  it("gates: blocks a protected replacement (exit 1) unless it is allowed", () => {
    const { run, out } = setup();
    fs.copyFileSync(path.join(FIXTURES, "replace-cluster.json"), path.join(out.dir, "stacks", "c1", "plan.json"));
    expect(run("plan", "--level", "0").status).toBe(0);
    const blocked = run("gate");
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain("c1: replace oci_containerengine_cluster.oke_cluster_292EA92A");
    const allowed = run("gate", "--allow", "c1:oci_containerengine_cluster.oke_cluster_292EA92A");
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain("gate: allowed by override:");
  });

  it("deploys level by level: the mesh stack is planned only after every region stack is applied", () => {
    const { run, calls } = setup();
    const r = run("deploy");
    expect(r.status).toBe(0);
    const c = calls();
    const lastRegionApply = Math.max(c.indexOf("c1 apply"), c.indexOf("c2 apply"));
    expect(lastRegionApply).toBeGreaterThan(-1);
    expect(c.indexOf("mesh plan")).toBeGreaterThan(lastRegionApply);
    expect(c[c.length - 1]).toBe("mesh apply");
  });

  it("stops before applying a level whose plan the gate blocks", () => {
    const { run, calls, out } = setup();
    fs.copyFileSync(path.join(FIXTURES, "destroy-peering.json"), path.join(out.dir, "stacks", "mesh", "plan.json"));
    const r = run("deploy");
    expect(r.status).toBe(1);
    expect(calls()).toContain("c1 apply");
    expect(calls()).not.toContain("mesh apply");
  });

  it("gates only the stacks of the last plan (or of the level asked for), not stale plans", () => {
    const { run, out } = setup();
    fs.copyFileSync(path.join(FIXTURES, "replace-cluster.json"), path.join(out.dir, "stacks", "c1", "plan.json"));
    expect(run("plan", "--level", "0").status).toBe(0);
    expect(run("plan", "--level", "1").status).toBe(0);
    expect(run("gate").status).toBe(0); // the mesh plan only; c1's plan is from the level before
    expect(run("gate", "--level", "0").status).toBe(1);
  });

  it("refuses plan and apply without a level, a level that does not exist and a bad --parallel", () => {
    const { run } = setup();
    expect(run("apply").stderr).toContain("apply takes --level N");
    expect(run("plan").stderr).toContain("plan takes --level N");
    expect(run("plan", "--level", "5").stderr).toContain("there is no level 5 (levels 0-1)");
    expect(run("plan", "--level", "0", "--parallel", "x").stderr).toContain("--parallel takes a whole number of at least 1");
    expect(run("gate").stderr).toContain("run the plan command first");
  });
});
