// okemesh synth, export-hcl and diagram in-process: where they read the topology from, where
// they write, and what they refuse.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../cli/main";
import { parseTopology } from "../../config/load";
import { diagramTarget } from "../../cli/commands/diagram";
import { DEFAULT_TOPOLOGY, PROJECT_ROOT } from "../../cli/topology";
import { loadFile, synthOnce } from "../helpers";
import { memoryIo, workdir } from "./stand-ins";

// Whole synths in-process: seconds each on a busy machine.
jest.setTimeout(120_000);

const env = { ...process.env, OKEMESH_CONFIG: "" };
const stacksOf = (dir: string) =>
  Object.fromEntries(fs.readdirSync(path.join(dir, "stacks")).map((s) => [s, fs.readFileSync(path.join(dir, "stacks", s, "cdk.tf.json"), "utf8")]));

describe("okemesh synth", () => {
  it("writes --out relative to the current directory, byte for byte what the app synthesizes", async () => {
    const cwd = workdir(3);
    const io = memoryIo(cwd, env);
    expect(await run(["synth", "--config", "topology.yaml", "--out", "out/app"], io)).toBe(0);
    expect(io.out()).toContain("synthesized 4 stacks into out/app/stacks/{c1,c2,c3,mesh}");
    const viaHelpers = synthOnce(JSON.parse(JSON.stringify(loadFileFrom(cwd))));
    expect(stacksOf(path.join(cwd, "out", "app"))).toEqual(viaHelpers.text);
  });

  it("reads OKEMESH_CONFIG relative to the current directory, and --config wins over it", async () => {
    const cwd = workdir(2);
    fs.copyFileSync(path.join(PROJECT_ROOT, "examples", "submariner-3-regions.yaml"), path.join(cwd, "three.yaml"));
    expect(await run(["synth"], memoryIo(cwd, { ...env, OKEMESH_CONFIG: "three.yaml" }))).toBe(0);
    expect(Object.keys(stacksOf(path.join(cwd, "cdktf.out"))).sort()).toEqual(["amsterdam", "london", "mesh", "newport"]);
    expect(await run(["synth", "--config", "topology.yaml", "--out", "two"], memoryIo(cwd, { ...env, OKEMESH_CONFIG: "three.yaml" }))).toBe(0);
    expect(Object.keys(stacksOf(path.join(cwd, "two"))).sort()).toEqual(["c1", "c2", "mesh"]);
  });

  it("without --config or OKEMESH_CONFIG synthesizes the project's okemesh.yaml, printing each loader warning once, as a warning", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-cli-"));
    const io = memoryIo(cwd, env);
    expect(await run(["synth"], io)).toBe(0);
    expect(Object.keys(stacksOf(path.join(cwd, "cdktf.out"))).sort()).toEqual(["c1", "c2", "mesh"]);
    const loaded = parseTopology(fs.readFileSync(DEFAULT_TOPOLOGY, "utf8"));
    const warnings = loaded.ok ? loaded.warnings : [];
    expect(io.err().match(/^okemesh: warning: /gm) ?? []).toHaveLength(warnings.length);
    for (const w of warnings) expect(io.err()).toContain(`okemesh: warning: ${w.path} ${w.message}\n`);
    expect(io.err()).not.toMatch(/ERROR|error:/);
  });

  it("reports every problem of a bad topology at once, exits 2 and writes nothing", async () => {
    const cwd = workdir(2, {}, (raw) => {
      raw.regions[1].clusterId = 1;
      raw.regions[0].vcnCidr = "10.1.0.1/16";
      raw.extra = true;
    });
    const io = memoryIo(cwd, env);
    expect(await run(["synth", "--config", "topology.yaml"], io)).toBe(2);
    expect(io.err()).toContain("okemesh: topology.yaml: 3 problems");
    expect(io.err()).toContain("regions[1].clusterId: 1 is also used by regions[0]");
    expect(io.err()).toContain("regions[0].vcnCidr: '10.1.0.1/16' has host bits set");
    expect(io.err()).toContain("extra: unknown key");
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(cwd)).toEqual(["topology.yaml"]);
  });

  it("names a topology file it cannot read, exit 2", async () => {
    const io = memoryIo(workdir(2), env);
    expect(await run(["synth", "--config", "nope.yaml"], io)).toBe(2);
    expect(io.err()).toMatch(/^okemesh: cannot read the topology nope\.yaml: ENOENT/);
  });
});

describe("okemesh export-hcl", () => {
  it("writes one HCL folder per stack and refuses a directory that is not a previous export", async () => {
    const cwd = workdir(2);
    expect(await run(["export-hcl", "--config", "topology.yaml", "--out", "hcl"], memoryIo(cwd, env))).toBe(0);
    expect(fs.readdirSync(path.join(cwd, "hcl", "stacks")).sort()).toEqual(["c1", "c2", "mesh"]);
    expect(fs.readFileSync(path.join(cwd, "hcl", "stacks", "c1", "cdk.tf"), "utf8")).toMatch(/^terraform \{/);
    // A previous export is replaced...
    expect(await run(["export-hcl", "--config", "topology.yaml", "--out", "hcl"], memoryIo(cwd, env))).toBe(0);
    // ...anything else is not.
    fs.mkdirSync(path.join(cwd, "mine"));
    fs.writeFileSync(path.join(cwd, "mine", "notes.txt"), "keep");
    const io = memoryIo(cwd, env);
    expect(await run(["export-hcl", "--config", "topology.yaml", "--out", "mine"], io)).toBe(2);
    expect(io.err()).toContain("is not a previous export");
    expect(fs.readdirSync(path.join(cwd, "mine"))).toEqual(["notes.txt"]);
  });
});

describe("okemesh diagram", () => {
  const io = memoryIo(os.tmpdir(), env);

  it("draws the project's own topology to docs/mesh.svg by default, and nothing else without --out", () => {
    expect(diagramTarget({}, DEFAULT_TOPOLOGY, io)).toEqual({ format: "svg", out: path.join(PROJECT_ROOT, "docs", "mesh.svg") });
    expect(() => diagramTarget({}, "/elsewhere/t.yaml", io)).toThrow("--out is required");
    expect(() => diagramTarget({ format: "dot" }, DEFAULT_TOPOLOGY, io)).toThrow("--out is required");
  });

  it("takes the format from --out's extension, and refuses png and a mismatch", () => {
    expect(diagramTarget({ out: "m.dot" }, DEFAULT_TOPOLOGY, io)).toEqual({ format: "dot", out: path.join(os.tmpdir(), "m.dot") });
    expect(() => diagramTarget({ format: "png" }, DEFAULT_TOPOLOGY, io)).toThrow("renders svg, dot, json only");
    expect(() => diagramTarget({ format: "dot", out: "m.svg" }, DEFAULT_TOPOLOGY, io)).toThrow("has the extension of svg, but --format is dot");
  });

  it("writes the file asked for, or to stdout with --out -", async () => {
    const cwd = workdir(3);
    expect(await run(["diagram", "--config", "topology.yaml", "--out", "pics/mesh.dot"], memoryIo(cwd, env))).toBe(0);
    expect(fs.readFileSync(path.join(cwd, "pics", "mesh.dot"), "utf8")).toMatch(/^graph australis \{[\s\S]*"c3\/drg"/);
    const out = memoryIo(cwd, env);
    expect(await run(["diagram", "--config", "topology.yaml", "--out", "-"], out)).toBe(0);
    expect(out.out()).toMatch(/^<\?xml[\s\S]*<\/svg>\s*$/);
    const png = memoryIo(cwd, env);
    expect(await run(["diagram", "--config", "topology.yaml", "--format", "png"], png)).toBe(2);
    expect(fs.readdirSync(cwd).sort()).toEqual(["pics", "topology.yaml"]);
  });
});

function loadFileFrom(cwd: string) {
  const rel = path.relative(PROJECT_ROOT, path.join(cwd, "topology.yaml"));
  return loadFile(rel);
}
