// scripts/preview.ts: in-process (runPreview) for the behaviours, once as a process for the exit code.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { runPreview } from "../../scripts/preview";
import { built, rawTopology, synthOnce, topologyOf } from "../helpers";

const PATIENCE = 60_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-preview-test-"));

/** Two regions, private access from a runner VCN in the mesh. */
const privateTopology = () => rawTopology(2, { apiEndpoint: { access: "private", allowedCidrs: ["10.250.0.0/24"] } }) as any;
/** The same with c1's pods CIDR changed: ForceNew on the cluster, so its cluster and pools are replaced. */
const newPodsTopology = () => {
  const raw = privateTopology();
  raw.regions[0].podsCidr = "10.231.0.0/16";
  return raw;
};

function topologyFile(name: string, raw: unknown): string {
  const file = path.join(work, `${name}.yaml`);
  fs.writeFileSync(file, stringify(raw));
  return file;
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runPreview(args, { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("scripts/preview.ts", () => {
  const privateFile = topologyFile("private", privateTopology());
  const publicFile = topologyFile("new-pods", newPodsTopology());
  const base = synthOnce(topologyOf(privateTopology())).dir;

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
      expect(blocked.stdout).toMatch(/^ {2}± replace oci_containerengine_cluster\.oke_cluster_\w+ \(forced by options\.kubernetes_network_config/m);
      // The cluster, its node pool, and the mesh's Cilium release in it (protected by default).
      expect(blocked.stdout).toContain("gate: BLOCKED: 3 protected resource(s) would be destroyed or replaced:");
      expect(blocked.stdout).toMatch(/^ {2}- mesh: replace helm_release\.cilium_c1_release_\w+ /m);
      const allowed = await run(["--base", base, "--config", publicFile, "--allow", "*"]);
      expect(allowed.code).toBe(0);
      expect((await run(["--base", base, "--config", publicFile], { OKEMESH_ALLOW_DESTROY: "*" })).code).toBe(0);
    },
    PATIENCE,
  );

  it(
    "compares two synth directories with --next, and prints JSON with --json",
    async () => {
      const next = synthOnce(topologyOf(newPodsTopology())).dir;
      const r = await run(["--base", base, "--next", next, "--config", privateFile, "--json"]);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.stacks.map((s: { stack: string }) => s.stack)).toEqual(["c1", "c2", "mesh"]);
      expect(report.gate.blocked.map((v: { stack: string; type: string }) => `${v.stack} ${v.type}`)).toEqual([
        "c1 oci_containerengine_cluster",
        "c1 oci_containerengine_node_pool",
        "mesh helm_release",
      ]);
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
    const r = spawnSync(process.execPath, [built("scripts/preview.ts"), "--base", base, "--next", base, "--config", privateFile], {
      encoding: "utf8",
    });
    expect(r.stdout).toContain("preview: 0 to create, 0 to update, 0 to replace, 0 to destroy in 3 stack(s)");
    expect(r.status).toBe(0);
    const bad = spawnSync(process.execPath, [built("scripts/preview.ts"), "--base"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
  });
});
