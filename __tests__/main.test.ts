// main.ts end to end, as `cdktf synth` runs it: a child process, the command of cdktf.json
// (plain node on the build, dist/main.js, which jest's global setup brought up to date).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadFile, ROOT, synthApp } from "./helpers";

const APP = path.join(ROOT, "scripts", "app.js");

function runMain(env: Record<string, string>, cwd: string) {
  // The output goes to <cwd>/cdktf.out, whatever the environment says.
  const { CDKTF_OUTDIR: _outdir, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [APP], { cwd, env: { ...inherited, ...env }, encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

/** Every file under a folder, by relative path, with its content. */
function filesUnder(dir: string): Record<string, string> {
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return Object.fromEntries(files.sort().map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

/** The code caches of the built app (scripts/app.js writes one after a successful run). */
const codeCaches = () => {
  const dir = path.join(ROOT, "dist", ".code-cache");
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^main\.js\.[0-9a-f]{16}$/.test(f)).map((f) => path.join(dir, f)) : [];
};

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

  it("synthesizes the default topology byte-identically from any working directory, as the sources do", () => {
    const outputs = [0, 1].map((run) => {
      // The second run finds a code cache V8 rejects: it compiles the bundle and replaces the cache.
      if (run === 1) for (const f of codeCaches()) fs.writeFileSync(f, "not a code cache");
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-main-"));
      const r = runMain({}, cwd);
      expect(r.status).toBe(0);
      return filesUnder(path.join(cwd, "cdktf.out", "stacks"));
    });
    expect(codeCaches().length).toBeGreaterThan(0);
    for (const f of codeCaches()) expect(fs.readFileSync(f, "utf8")).not.toBe("not a code cache");
    const stacks = Object.keys(outputs[0]).filter((f) => f.endsWith("/cdk.tf.json"));
    expect(stacks).toEqual(["c1/cdk.tf.json", "c2/cdk.tf.json", "mesh/cdk.tf.json"]);
    expect(Object.keys(outputs[0])).toContainEqual(expect.stringMatching(/^mesh\/assets\/.*\/Chart\.yaml$/));
    expect(outputs[1]).toEqual(outputs[0]);
    // The build (dist/) writes what the sources write, the Coherence chart asset included.
    expect(outputs[0]).toEqual(filesUnder(path.join(synthApp(loadFile("okemesh.yaml")).dir, "stacks")));
  });

  it("is what cdktf.json runs, with plain node", () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app).toBe("node scripts/app.js");
  });
});
