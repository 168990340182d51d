// main.ts end to end, as `cdktf synth` runs it: a child process.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { runMain } from "./config/run-main";
import { loadFile, rawTopology, ROOT, synthOnce } from "./helpers";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-main-"));

/** Every file under a folder, by relative path, with its content. */
function filesUnder(dir: string): Record<string, string> {
  const files = fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return Object.fromEntries(files.sort().map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

/** The code caches of the built app (scripts/app.js writes one after a successful run). */
const codeCaches = () => {
  const dir = path.join(ROOT, "dist", ".code-cache");
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /^main\.js\.[0-9a-f]{16}$/.test(f))
        .map((f) => path.join(dir, f))
    : [];
};

describe("main.ts", () => {
  it("exits non-zero with every problem listed, and writes nothing", () => {
    const cwd = tempDir();
    const file = path.join(cwd, "bad.yaml");
    fs.writeFileSync(
      file,
      "name: x1\nregions:\n  - name: C1\n    ociRegion: eu-paris-1\n    clusterId: 1\n    vcnCidr: 10.1.0.0/16\n    podsCidr: 10.1.0.0/16\n    servicesCidr: 10.101.0.0/16\n    extra: 1\n",
    );
    const r = runMain({ OKEMESH_CONFIG: file }, cwd);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("okemesh: bad.yaml: 3 problems, nothing was synthesized:");
    expect(r.stderr).toContain("regions[0].name: must be lower-case");
    expect(r.stderr).toContain("regions[0].podsCidr: 10.1.0.0/16 overlaps regions[0].vcnCidr 10.1.0.0/16");
    expect(r.stderr).toContain("regions[0].extra: unknown key");
    expect(fs.readdirSync(cwd)).toEqual(["bad.yaml"]);
  });

  it("says so when the topology file cannot be read", () => {
    const r = runMain({ OKEMESH_CONFIG: "missing.yaml" }, tempDir());
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/okemesh: cannot read the topology missing.yaml/);
  });

  it("delivers a report longer than a pipe holds whole, to its last line", () => {
    const cwd = tempDir();
    const raw = rawTopology(1) as any;
    raw.regions = Array.from({ length: 500 }, (_, i) => ({
      name: `Bad_${i}_${"x".repeat(40)}`,
      ociRegion: `nowhere-${i}`,
      clusterId: 0,
      vcnCidr: "10.0.0.1/16",
    }));
    fs.writeFileSync(path.join(cwd, "long.yaml"), stringify(raw));
    const r = runMain({ OKEMESH_CONFIG: "long.yaml" }, cwd);
    expect(r.status).toBe(1);
    expect(r.stderr.length).toBeGreaterThan(128 * 1024);
    const [head, ...lines] = r.stderr.trimEnd().split("\n");
    const count = Number(/: (\d+) problems, nothing was synthesized:$/.exec(head)?.[1]);
    expect(lines).toHaveLength(count);
    expect(lines[lines.length - 1]).toMatch(/^ {2}- regions\[499\]\.vcnCidr: '10\.0\.0\.1\/16' has host bits set/);
    expect(r.stderr.endsWith("\n")).toBe(true);
  });

  it("turns an unexpected failure into one line, and shows where with OKEMESH_DEBUG=1", () => {
    const cwd = tempDir();
    // cdktf cannot create an output directory whose parent is missing: nothing okemesh checks.
    const env = { CDKTF_OUTDIR: path.join(cwd, "missing", "out") };
    const quiet = runMain(env, cwd);
    expect(quiet.status).toBe(1);
    expect(quiet.stderr).toMatch(/^okemesh: failed: ENOENT: no such file or directory, mkdir '.*out' \(OKEMESH_DEBUG=1 shows where\)\n$/);
    const debug = runMain({ ...env, OKEMESH_DEBUG: "1" }, cwd);
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n {4}at /);
    expect(debug.stderr).toMatch(/okemesh: failed: ENOENT/);
  });

  it("synthesizes the default topology byte-identically from any working directory, without a warning", () => {
    const outputs = [0, 1].map((run) => {
      // The second run finds a code cache V8 rejects: it compiles the bundle and replaces the cache.
      if (run === 1) for (const f of codeCaches()) fs.writeFileSync(f, "not a code cache");
      const cwd = tempDir();
      const r = runMain({}, cwd);
      expect(r).toEqual({ status: 0, stderr: "" });
      return filesUnder(path.join(cwd, "cdktf.out", "stacks"));
    });
    expect(codeCaches().length).toBeGreaterThan(0);
    for (const f of codeCaches()) expect(fs.readFileSync(f, "utf8")).not.toBe("not a code cache");
    const stacks = Object.keys(outputs[0]).filter((f) => f.endsWith("/cdk.tf.json"));
    expect(stacks).toEqual(["c1/cdk.tf.json", "c2/cdk.tf.json", "mesh/cdk.tf.json"]);
    expect(Object.keys(outputs[0])).toContainEqual(expect.stringMatching(/^mesh\/assets\/.*\/Chart\.yaml$/));
    expect(outputs[1]).toEqual(outputs[0]);
    // The build (dist/) writes what the sources write, the Coherence chart asset included.
    expect(outputs[0]).toEqual(filesUnder(path.join(synthOnce(loadFile("okemesh.yaml")).dir, "stacks")));
  });

  it("is what cdktf.json runs, with plain node", () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app).toBe("node scripts/app.js");
  });

  it("prints a warning as okemesh: warning: <path>: <message>, and synthesizes", () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, "open.yaml"), stringify(rawTopology(2, { apiEndpoint: { access: "public", allowedCidrs: ["0.0.0.0/0"] } })));
    const r = runMain({ OKEMESH_CONFIG: "open.yaml" }, cwd);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^okemesh: warning: apiEndpoint\.allowedCidrs\[0\]: 0\.0\.0\.0\/0 opens every cluster's Kubernetes API to the whole internet, [^\n]+\n$/,
    );
    expect(fs.readdirSync(path.join(cwd, "cdktf.out", "stacks")).sort()).toEqual(["c1", "c2", "mesh"]);
  });
});
