// main.ts end to end, as `cdktf synth` runs it: a child process, the command of cdktf.json
// (plain node on the build, dist/main.js, which jest's global setup brought up to date).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./helpers";

const APP = path.join(ROOT, "scripts", "app.js");

function runMain(env: Record<string, string>, cwd: string) {
  // The output goes to <cwd>/cdktf.out, whatever the environment says.
  const { CDKTF_OUTDIR: _outdir, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [APP], { cwd, env: { ...inherited, ...env }, encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

describe("main.ts", () => {
  it("exits non-zero with every problem listed, and writes nothing", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-main-"));
    const file = path.join(cwd, "bad.yaml");
    fs.writeFileSync(file, "name: x1\nregions:\n  - name: C1\n    ociRegion: eu-paris-1\n    clusterId: 1\n    vcnCidr: 10.1.0.0/16\n    podsCidr: 10.1.0.0/16\n    servicesCidr: 10.101.0.0/16\n    extra: 1\n");
    const r = runMain({ OKEMESH_CONFIG: file }, cwd);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("okemesh: bad.yaml: 3 problems, nothing was synthesized:");
    expect(r.stderr).toContain("regions[0].name: must be lower-case");
    expect(r.stderr).toContain("regions[0].podsCidr: 10.1.0.0/16 overlaps regions[0].vcnCidr 10.1.0.0/16");
    expect(r.stderr).toContain("regions[0].extra: unknown key");
    expect(fs.readdirSync(cwd)).toEqual(["bad.yaml"]);
  });

  it("says so when the topology file cannot be read", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-main-"));
    const r = runMain({ OKEMESH_CONFIG: "missing.yaml" }, cwd);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/okemesh: cannot read the topology missing.yaml/);
  });

  it("synthesizes the default topology byte-identically from any working directory", () => {
    const outputs = [0, 1].map(() => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-main-"));
      const r = runMain({}, cwd);
      expect(r.status).toBe(0);
      const stacks = path.join(cwd, "cdktf.out", "stacks");
      return Object.fromEntries(fs.readdirSync(stacks).map((s) => [s, fs.readFileSync(path.join(stacks, s, "cdk.tf.json"), "utf8")]));
    });
    expect(Object.keys(outputs[0]).sort()).toEqual(["c1", "c2", "mesh"]);
    expect(outputs[1]).toEqual(outputs[0]);
  });
});
