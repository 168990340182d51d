// bin/okemesh.js as a real process: the same synthesis as the cdktf app (main.ts), exit codes,
// and a foreground tunnel that closes its sessions on SIGTERM.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cdktfAtStart, loadedAtStart, ROOT } from "../helpers";
import { freeClusterIds, regionOutputsFixture, standIns, workdir } from "./stand-ins";

jest.setTimeout(180_000);

const BIN = path.join(ROOT, "bin", "okemesh.js");
const APP = path.join(ROOT, "scripts", "app.js");
const { CDKTF_OUTDIR: _outdir, ...inherited }: NodeJS.ProcessEnv = process.env;
const env = { ...inherited, OKEMESH_CONFIG: "" };

const files = (dir: string): Record<string, string> =>
  Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .map((f) => [path.relative(dir, f), fs.readFileSync(f, "utf8")]),
  );

describe("bin/okemesh.js", () => {
  it("starts without cdktf: nothing the command runs as it starts imports cdktf, constructs or a provider", () => {
    const loaded = loadedAtStart("cli/main.ts");
    expect(loaded.has("cli/command.ts")).toBe(true);
    expect(cdktfAtStart(loaded)).toEqual([]);
    // The check sees what it must: the command does load yaml and zod at start.
    expect([...loaded.keys()]).toEqual(
      expect.arrayContaining([expect.stringMatching(/node_modules\/yaml\//), expect.stringMatching(/node_modules\/zod\//)]),
    );
  });

  it("synthesizes exactly what the cdktf app (node scripts/app.js, cdktf.json) does, with warnings (if any) only on stderr", () => {
    const [a, b] = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-bin-")));
    const cli = spawnSync(process.execPath, [BIN, "synth"], { cwd: a, env, encoding: "utf8" });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toBe("okemesh: synthesized 3 stacks into cdktf.out/stacks/{c1,c2,mesh}\n");
    expect(
      cli.stderr
        .split("\n")
        .filter(Boolean)
        .every((l) => l.startsWith("okemesh: warning: ")),
    ).toBe(true);
    expect(spawnSync(process.execPath, [APP], { cwd: b, env, encoding: "utf8" }).status).toBe(0);
    expect(files(path.join(a, "cdktf.out"))).toEqual(files(path.join(b, "cdktf.out")));
  });

  it("runs from V8's code cache after a successful run, and recovers from one V8 rejects", () => {
    const dir = path.join(ROOT, "dist", "cli", ".code-cache");
    const caches = () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^main\.js\.[0-9a-f]{16}$/.test(f)) : []);
    expect(spawnSync(process.execPath, [BIN, "--help"], { env, encoding: "utf8" }).status).toBe(0);
    expect(caches()).toHaveLength(1);
    const cache = path.join(dir, caches()[0]);
    fs.writeFileSync(cache, "not a code cache");
    const help = spawnSync(process.execPath, [BIN, "--help"], { env, encoding: "utf8" });
    expect([help.status, help.stderr]).toEqual([0, ""]);
    expect(help.stdout).toContain("Usage: okemesh");
    expect(fs.readFileSync(cache, "utf8")).not.toBe("not a code cache");
  });

  it("keeps a run's exit code when the code cache cannot be written", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-code-cache-"));
    fs.writeFileSync(path.join(dir, "bundle.js"), 'process.stdout.write("ran");\n');
    fs.writeFileSync(path.join(dir, ".code-cache"), "a file where the cache folder would go");
    const load = `require(${JSON.stringify(path.join(ROOT, "scripts", "code-cache.js"))}).requireWithCodeCache(${JSON.stringify(path.join(dir, "bundle.js"))})`;
    const r = spawnSync(process.execPath, ["-e", load], { encoding: "utf8" });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "ran", ""]);
  });

  it("exits 2 on an unknown flag, with one message and no stack trace", () => {
    const r = spawnSync(process.execPath, [BIN, "verify", "--bogus"], { env, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("okemesh: error: unknown option '--bogus'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("holds the tunnels open in the foreground until SIGTERM, then deletes the sessions", async () => {
    const ids = await freeClusterIds(2);
    const tools = standIns({ outputs: regionOutputsFixture(["c1", "c2"], (name) => ({ bastion_id: `ocid1.bastion.oc1..${name}` })) });
    const cwd = workdir(2, { apiEndpoint: { access: "bastion", allowedCidrs: ["192.0.2.0/24"] } }, (raw) =>
      raw.regions.forEach((r: any, i: number) => (r.clusterId = ids[i])),
    );
    const child = spawn(process.execPath, [BIN, "tunnel", "--config", "topology.yaml", "--poll-ms", "10"], { cwd, env: tools.env });
    let out = "";
    const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("tunnels open")) resolve();
      }),
    );
    expect(out).toContain(`c1: socks5://127.0.0.1:${10800 + ids[0]}`);
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(out).toContain("tunnels closed, bastion sessions deleted");
    expect(tools.calls("oci").filter((c) => c[3] === "delete")).toHaveLength(2);
  });
});
