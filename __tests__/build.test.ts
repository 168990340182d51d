// scripts/build.js: dist/ holds every .ts of the project as one bundle each, and a bundle keeps
// what cdktf does at synth (jest's global setup has just built dist/).
import { ChildProcess, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./helpers";

interface Build {
  build(o?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
  bundleOptions(entries: string[], outdir: string): Record<string, unknown>;
  entryPoints(root?: string): string[];
  upToDate(
    last: Stamp | undefined,
    inputs: string[],
    stats: (files: string[]) => unknown,
    hash: (files: string[]) => string,
  ): "stats" | "content" | false;
}
interface Stamp {
  digest: string;
  inputs: string[];
  stats?: unknown;
}
const { build, bundleOptions, entryPoints, upToDate } = require("../scripts/build") as Build;
const esbuild = require("esbuild") as { build(o: Record<string, unknown>): Promise<unknown> };

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-build-"));

function tree(root: string, files: string[]) {
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), "export {};\n");
  }
}

describe("the build", () => {
  it("takes every .ts of the project, in any folder, and nothing of the tests, dependencies, generated code or outputs", () => {
    const root = tmp();
    tree(root, [
      "main.ts",
      "cli/index.ts",
      "operate/deep/verify.ts",
      "types.d.ts",
      "README.md",
      "__tests__/a.test.ts",
      "node_modules/p/i.ts",
      ".gen/providers/oci/x.ts",
      "dist/main.ts",
      "cdktf.out/x.ts",
      "hcl/x.ts",
    ]);
    expect(entryPoints(root)).toEqual(["cli/index.ts", "main.ts", "operate/deep/verify.ts"]);
  });

  it("bundles each source file of this project to the same path under dist/", () => {
    const entries = entryPoints();
    expect(entries).toEqual(expect.arrayContaining(["main.ts", "cli/topology-file.ts", "support/token-traces.ts"]));
    for (const e of entries) expect(fs.existsSync(path.join(ROOT, "dist", e.replace(/\.ts$/, ".js")))).toBe(true);
  });

  it("does nothing when no source changed since the last build", async () => {
    const stamp = fs.statSync(path.join(ROOT, "dist", ".okemesh-build.json")).mtimeMs;
    await expect(build({ quiet: true })).resolves.toBe(false);
    expect(fs.statSync(path.join(ROOT, "dist", ".okemesh-build.json")).mtimeMs).toBe(stamp);
  });

  it("knows it is up to date from its inputs' sizes and times, and from their content when only the times changed", () => {
    const stats = (files: string[]) => Object.fromEntries(files.map((f) => [f, [1, 2]]));
    const touched = (files: string[]) => Object.fromEntries(files.map((f) => [f, [1, 3]]));
    const unread = () => {
      throw new Error("read the files");
    };
    const last: Stamp = { digest: "d", inputs: ["a.ts"], stats: stats(["a.ts"]) };
    expect(upToDate(last, ["a.ts"], stats, unread)).toBe("stats");
    expect(upToDate(last, ["a.ts"], touched, () => "d")).toBe("content");
    expect(upToDate(last, ["a.ts"], touched, () => "e")).toBe(false);
    // A new entry point has no recorded time; its content decides.
    expect(upToDate(last, ["a.ts", "b.ts"], stats, () => "e")).toBe(false);
    // The stamp of an earlier okemesh, without times.
    expect(upToDate({ digest: "d", inputs: ["a.ts"] }, ["a.ts"], stats, () => "d")).toBe("content");
    expect(upToDate(undefined, ["a.ts"], stats, () => "d")).toBe(false);
  });

  it("records the size and time of every file it read, the build script and the lock file among them", () => {
    const stamp = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", ".okemesh-build.json"), "utf8"));
    expect(Object.keys(stamp.stats).sort()).toEqual([...stamp.inputs, "package-lock.json", "scripts/build.js", "tsconfig.json"].sort());
    const main = fs.statSync(path.join(ROOT, "main.ts"));
    expect(stamp.stats["main.ts"]).toEqual([main.size, main.mtimeMs]);
  });

  it("keeps cdktf's zipped assets working inside a bundle (cdktf zips in a child process of its own file)", async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, "content"));
    fs.writeFileSync(path.join(dir, "content", "file.txt"), "zipped");
    const app = [
      'import { App, AssetType, TerraformAsset, TerraformStack } from "cdktf";',
      // A child that runs this bundle again instead of cdktf's zipper stops at once.
      "if (process.env.ZIP_FIXTURE_CHILD) process.exit(3);",
      'process.env.ZIP_FIXTURE_CHILD = "1";',
      "const app = new App({ outdir: process.argv[2] });",
      'new TerraformAsset(new TerraformStack(app, "s"), "zip", { path: process.argv[3], type: AssetType.ARCHIVE });',
      "app.synth();",
    ].join("\n");
    const { outdir: _outdir, entryPoints: _entries, ...options } = bundleOptions([], dir);
    const bundle = path.join(dir, "bundle", "app.js");
    await esbuild.build({ ...options, stdin: { contents: app, resolveDir: ROOT, loader: "ts" }, outfile: bundle });
    // Outside the project, the bundle finds the installed cdktf through NODE_PATH.
    const env = { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") };
    execFileSync(process.execPath, [bundle, path.join(dir, "out"), path.join(dir, "content")], { stdio: "pipe", env });
    const assets = path.join(dir, "out", "stacks", "s", "assets");
    const zips = fs
      .readdirSync(assets, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".zip"));
    expect(zips).toHaveLength(1);
    expect(fs.readFileSync(path.join(assets, zips[0])).subarray(0, 2).toString()).toBe("PK");
  });
});

describe("jest's global setup", () => {
  type Statfs = (dir: string) => { type: number; bavail: number; bsize: number };
  type Setup = ((g: unknown, p: unknown, build: () => Promise<boolean>, env: NodeJS.ProcessEnv) => Promise<void>) & {
    tempBase: (env: NodeJS.ProcessEnv, statfs?: Statfs, writable?: (dir: string) => void) => string;
    staleRuns: (base: string, isAlive?: (pid: number) => boolean, now?: number) => string[];
  };
  const globalSetup = require("./global-setup") as Setup;
  // The setups a test runs make their folders in this run's (which goes with it).
  const inThisRun = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...env, TMPDIR: os.tmpdir() });
  const globalTeardown = require("./global-teardown") as (g: unknown, p: unknown, env: NodeJS.ProcessEnv) => ChildProcess | undefined;

  it("returns only once the build has finished, so no test runs a dist/ being replaced", async () => {
    let finish: (built: boolean) => void = () => undefined;
    const building = new Promise<boolean>((resolve) => (finish = resolve));
    const env = inThisRun();
    let returned = false;
    const setup = globalSetup({}, {}, () => building, env).then(() => (returned = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(returned).toBe(false);
    finish(true);
    await setup;
    expect(returned).toBe(true);
    expect(fs.existsSync(env.OKEMESH_TEST_SYNTHS!)).toBe(true);
    fs.rmSync(env.OKEMESH_TEST_TMPDIR!, { recursive: true });
  });

  it("gives the run a temporary folder of its own, the shared synths in it, which the teardown removes with all the tests left there", async () => {
    const env = inThisRun();
    await globalSetup({}, {}, async () => false, env);
    const root = env.OKEMESH_TEST_TMPDIR!;
    expect(path.dirname(root)).toBe(os.tmpdir());
    expect(path.basename(root)).toMatch(new RegExp(`^okemesh-suite-${process.pid}-`));
    expect(env.TMPDIR).toBe(root);
    expect(env.OKEMESH_TEST_SYNTHS).toBe(path.join(root, "synths"));
    expect(fs.statSync(env.OKEMESH_TEST_SYNTHS!).isDirectory()).toBe(true);
    fs.mkdirSync(path.join(root, "okemesh-cli-x"));
    fs.writeFileSync(path.join(root, "okemesh-cli-x", "topology.yaml"), "name: x\n");
    const removing = globalTeardown({}, {}, env)!;
    expect(await new Promise((resolve) => removing.on("exit", resolve))).toBe(0);
    expect(fs.existsSync(root)).toBe(false);
    expect(globalTeardown({}, {}, {})).toBeUndefined(); // and without a folder, nothing
    // And this run's workers make their temp dirs in the run's folder.
    expect(os.tmpdir()).toBe(process.env.OKEMESH_TEST_TMPDIR);
    expect(process.env.OKEMESH_TEST_SYNTHS).toBe(path.join(os.tmpdir(), "synths"));
  });

  it("makes each run's folder beside the last one's, as jest's watch mode runs it again in the same process", () => {
    // In a process of its own, as jest's: the first run sets that process's TMPDIR to its folder.
    const script = `
      const setup = require(${JSON.stringify(path.join(__dirname, "global-setup.js"))});
      const teardown = require(${JSON.stringify(path.join(__dirname, "global-teardown.js"))});
      // Waited for here (the teardown's process is unref'd: jest does not wait for it).
      const removed = () => new Promise((resolve) => { const c = teardown({}, {}); c.ref(); c.on("exit", resolve); });
      (async () => {
        await setup({}, {}, async () => false);
        const first = process.env.OKEMESH_TEST_TMPDIR;
        await removed();
        await setup({}, {}, async () => false);
        console.log(JSON.stringify([first, process.env.OKEMESH_TEST_TMPDIR, process.env.TMPDIR]));
        await removed();
      })();`;
    const [first, second, tmpdir] = JSON.parse(
      execFileSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, OKEMESH_TEST_TMPDIR: "" } }),
    );
    expect(path.dirname(first)).toBe(os.tmpdir());
    expect(path.dirname(second)).toBe(os.tmpdir());
    expect([second !== first, tmpdir]).toEqual([true, second]);
  });

  it("puts the run's folder in memory when /dev/shm is a tmpfs with room, unless TMPDIR says where", () => {
    const tmpfs =
      (room: number): Statfs =>
      () => ({ type: 0x01021994, bavail: room / 4096, bsize: 4096 });
    const ok = () => undefined;
    expect(globalSetup.tempBase({}, tmpfs(2 ** 30), ok)).toBe("/dev/shm");
    expect(globalSetup.tempBase({ TMPDIR: "/var/tmp/" }, tmpfs(2 ** 30), ok)).toBe("/var/tmp");
    expect(globalSetup.tempBase({ OKEMESH_TEST_TMPDIR: "/dev/shm/okemesh-suite-1-a", TMPDIR: "/x" }, tmpfs(2 ** 30), ok)).toBe("/dev/shm");
    // Docker's 64 MB, a disk, no /dev/shm, or one not ours to write: the system's temp folder.
    expect(globalSetup.tempBase({}, tmpfs(64 * 2 ** 20), ok)).toBe(os.tmpdir());
    expect(globalSetup.tempBase({}, () => ({ type: 0xef53, bavail: 2 ** 30, bsize: 4096 }), ok)).toBe(os.tmpdir());
    const missing = () => {
      throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
    };
    expect(globalSetup.tempBase({}, missing, ok)).toBe(os.tmpdir());
    expect(globalSetup.tempBase({}, tmpfs(2 ** 30), missing)).toBe(os.tmpdir());
  });

  it("takes for stale only the folders of runs whose jest is gone, left alone for ten minutes", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-bases-"));
    const names = [
      "okemesh-suite-111-aaa",
      "okemesh-suite-222-bbb",
      `okemesh-suite-${process.pid}-ccc`,
      "okemesh-suite-x-ddd",
      "okemesh-other-333-e",
      "okemesh-suite-444-fff",
    ];
    for (const n of names) fs.mkdirSync(path.join(base, n));
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const n of names.slice(0, 5)) fs.utimesSync(path.join(base, n), hourAgo, hourAgo);
    const gone = (pid: number) => pid !== 222;
    const stale = globalSetup.staleRuns(base, (pid) => !gone(pid));
    // 111 is gone; 222 lives; this process's own is never stale; 444 is gone but was just written.
    expect(stale).toEqual([path.join(base, "okemesh-suite-111-aaa")]);
    expect(globalSetup.staleRuns(path.join(base, "missing"))).toEqual([]);
    fs.rmSync(base, { recursive: true });
  });

  it("removes the stale folders of the base it makes the run's folder in", async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-bases-"));
    const stale = path.join(base, "okemesh-suite-999999999-old");
    fs.mkdirSync(path.join(stale, "synths"), { recursive: true });
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(stale, hourAgo, hourAgo);
    const env: NodeJS.ProcessEnv = { TMPDIR: base };
    await globalSetup({}, {}, async () => false, env);
    expect(path.dirname(env.OKEMESH_TEST_TMPDIR!)).toBe(base);
    // By a process of its own, which nothing waits for.
    for (let i = 0; i < 60 && fs.existsSync(stale); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(env.OKEMESH_TEST_TMPDIR!)).toBe(true);
    fs.rmSync(base, { recursive: true });
  });

  it("takes NODE_EXTRA_CA_CERTS out of the suite's environment (each process would parse the file as it starts)", async () => {
    const env = inThisRun({ NODE_EXTRA_CA_CERTS: "/etc/ssl/certs/ca-certificates.crt", PATH: "/usr/bin" });
    await globalSetup({}, {}, async () => false, env);
    expect(env.NODE_EXTRA_CA_CERTS).toBeUndefined();
    expect(env.PATH).toBe("/usr/bin");
    fs.rmSync(env.OKEMESH_TEST_TMPDIR!, { recursive: true });
    // And the workers run without it.
    expect(process.env.NODE_EXTRA_CA_CERTS).toBeUndefined();
  });
});
