// scripts/preview.ts: in-process (runPreview) for the behaviours, once as a process for the exit code.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { runPreview } from "../../scripts/preview";
import { rawTopology, ROOT, synthApp, topologyOf } from "../helpers";

const PATIENCE = 60_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-preview-test-"));

/** A topology file of two regions with the given API access. */
function topologyFile(access: "private" | "public"): string {
  const file = path.join(work, `${access}.yaml`);
  fs.writeFileSync(file, stringify(rawTopology(2, { apiEndpoint: { access, allowedCidrs: ["203.0.113.0/24"] } })));
  return file;
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runPreview(args, { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("scripts/preview.ts", () => {
  const privateFile = topologyFile("private");
  const publicFile = topologyFile("public");
  const base = synthApp(topologyOf(rawTopology(2, { apiEndpoint: { access: "private", allowedCidrs: ["203.0.113.0/24"] } }))).dir;

  it(
    "synthesizes the topology into a temporary directory and finds nothing to do against its own synth",
    async () => {
      const before = fs.readdirSync(base, { recursive: true }).sort();
      const r = await run(["--base", base, "--config", privateFile]);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toContain("stack c1: no changes\nstack c2: no changes\nstack mesh: no changes\n");
      expect(r.stdout).toContain("gate: passed");
      expect(fs.readdirSync(base, { recursive: true }).sort()).toEqual(before);
    },
    PATIENCE,
  );

  it(
    "exits 1 when the gate would block, 0 once the replacements are allowed",
    async () => {
      const blocked = await run(["--base", base, "--config", publicFile]);
      expect(blocked.code).toBe(1);
      expect(blocked.stdout).toMatch(/^ {2}± replace oci_containerengine_cluster\.oke_cluster_\w+ \(forced by endpoint_config\.subnet_id: /m);
      expect(blocked.stdout).toContain("gate: BLOCKED: 4 protected resource(s) would be destroyed or replaced:");
      const allowed = await run(["--base", base, "--config", publicFile, "--allow", "*"]);
      expect(allowed.code).toBe(0);
      expect((await run(["--base", base, "--config", publicFile], { OKEMESH_ALLOW_DESTROY: "*" })).code).toBe(0);
    },
    PATIENCE,
  );

  it(
    "compares two synth directories with --next, and prints JSON with --json",
    async () => {
      const next = synthApp(topologyOf(rawTopology(2, { apiEndpoint: { access: "public", allowedCidrs: ["203.0.113.0/24"] } }))).dir;
      const r = await run(["--base", base, "--next", next, "--config", privateFile, "--json"]);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.stacks.map((s: { stack: string }) => s.stack)).toEqual(["c1", "c2", "mesh"]);
      expect(report.gate.blocked).toHaveLength(4);
    },
    PATIENCE,
  );

  it("exits 2 on a usage error, naming it", async () => {
    const unknown = await run(["--bogus"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^preview: Unknown option '--bogus'.*\nusage: preview\.ts /s);
    const missing = await run(["--base", path.join(work, "nothing"), "--config", privateFile]);
    expect(missing).toMatchObject({ code: 2, stdout: "" });
    expect(missing.stderr).toContain("manifest.json not found: synthesize first (npm run synth), or give --base DIR");
  });

  it("runs as a command and exits with the code", () => {
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const r = spawnSync(tsx, [path.join(ROOT, "scripts", "preview.ts"), "--base", base, "--next", base, "--config", privateFile], {
      encoding: "utf8",
    });
    expect(r.stdout).toContain("preview: 0 to create, 0 to update, 0 to replace, 0 to destroy in 3 stack(s)");
    expect(r.status).toBe(0);
    const bad = spawnSync(tsx, [path.join(ROOT, "scripts", "preview.ts"), "--base"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
  });
});
