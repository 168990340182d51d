// The pipeline commands of the CLI, end to end through the adapter against a stand-in
// terraform: the flags they pass, the order of stacks, and the gate's exit code.
import * as fs from "fs";
import * as path from "path";
import { run } from "../../cli/main";
import { runTerraform } from "../../pipeline/terraform";
import { ROOT } from "../helpers";
import { memoryIo, standIns, workdir } from "./stand-ins";

// The pipeline runs in this process; only terraform is a (stand-in) child.
jest.setTimeout(120_000);

const FIXTURES = path.join(ROOT, "__tests__", "fixtures", "plans");

/** One `okemesh synth` per region count for the whole file, in a work dir of its own. */
const synthesized = new Map<number, Promise<string>>();
async function synthesizedDir(regions: number): Promise<string> {
  if (!synthesized.has(regions)) {
    const dir = workdir(regions);
    const io = memoryIo(dir, { ...process.env, OKEMESH_CONFIG: "" });
    synthesized.set(
      regions,
      run(["synth", "--config", "topology.yaml"], io).then((code) => (expect([code, io.err()]).toEqual([0, ""]), dir)),
    );
  }
  return synthesized.get(regions)!;
}

/** A work dir holding a copy of that synth (topology, cdktf.out, ledger), and stand-in terraform. */
async function setup(regions = 2) {
  const tools = standIns();
  const cwd = workdir(regions);
  fs.cpSync(await synthesizedDir(regions), cwd, { recursive: true });
  const cli = async (...argv: string[]) => {
    const io = memoryIo(cwd, tools.env);
    const code = await run([...argv, "--config", "topology.yaml"], io);
    return { code, out: io.out(), err: io.err() };
  };
  const terraformCalls = () => tools.calls("terraform").map((c) => `${path.basename(c[1].replace(/^-chdir=/, ""))} ${c[2]}`);
  return { cwd, tools, cli, terraformCalls };
}

describe("okemesh levels/plan/gate/apply/deploy", () => {
  it("lists the levels of a 3-region topology", async () => {
    const { cli } = await setup(3);
    expect((await cli("levels")).out).toBe("level 0: c1 c2 c3\nlevel 1: mesh\n");
  });

  it("plans one level into --plans relative to the current directory, then gates it", async () => {
    const { cli, cwd, terraformCalls } = await setup();
    const r = await cli("plan", "--level", "0", "--plans", "saved");
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(cwd, "saved")).sort()).toEqual([
      "c1.json",
      "c1.meta.json",
      "c1.tfplan",
      "c2.json",
      "c2.meta.json",
      "c2.tfplan",
      "last-plan.json",
    ]);
    expect(terraformCalls().filter((c) => c.startsWith("c1"))).toEqual(["c1 init", "c1 plan", "c1 show"]);
    expect((await cli("gate", "--plans", "saved")).code).toBe(0);
  });

  it("blocks a protected replacement with exit 1 unless --allow or OKEMESH_ALLOW_DESTROY names it", async () => {
    const { cli, cwd, tools } = await setup();
    fs.copyFileSync(path.join(FIXTURES, "replace-cluster.json"), path.join(cwd, "cdktf.out", "stacks", "c1", "plan.json"));
    expect((await cli("plan", "--level", "0")).code).toBe(0);
    const blocked = await cli("gate");
    expect(blocked.code).toBe(1);
    expect(blocked.out).toContain("c1: replace oci_containerengine_cluster.oke_cluster_292EA92A");
    const allowed = await cli("gate", "--allow", "c1:oci_containerengine_cluster.oke_cluster_292EA92A");
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain("allowed by override");
    const io = memoryIo(cwd, { ...tools.env, OKEMESH_ALLOW_DESTROY: "c1:oci_containerengine_cluster.oke_cluster_292EA92A" });
    expect(await run(["gate", "--config", "topology.yaml"], io)).toBe(0);
  });

  it("deploys level by level and applies the mesh only after every region stack", async () => {
    const { cli, terraformCalls } = await setup(3);
    expect((await cli("deploy")).code).toBe(0);
    const c = terraformCalls();
    const lastRegionApply = Math.max(...["c1", "c2", "c3"].map((s) => c.indexOf(`${s} apply`)));
    expect(c.indexOf("mesh plan")).toBeGreaterThan(lastRegionApply);
    expect(c[c.length - 1]).toBe("mesh apply");
  });

  it("passes the pipeline's usage errors through with their exit code", async () => {
    const { cli } = await setup();
    const r = await cli("apply");
    expect(r.code).toBe(2);
    expect(r.err).toContain("apply takes --level N");
  });
});

describe("the pipeline adapter", () => {
  it("refuses an app synthesized from another topology, naming it, before terraform runs", async () => {
    const { cli, cwd, terraformCalls } = await setup();
    fs.writeFileSync(path.join(cwd, "cdktf.out", "okemesh.json"), JSON.stringify({ name: "other", topologySha256: "0".repeat(64) }));
    const r = await cli("plan", "--level", "0");
    expect(r.code).toBe(2);
    expect(r.err).toContain("is from another topology (other 000000000000");
    expect(terraformCalls()).toEqual([]);
  });
});

describe("the stand-in terraform in this process", () => {
  it("keeps runTerraform's contract: the same lines, captured output, rejection and calls as a child process", async () => {
    const outputs = { c1: { drg_id: "ocid1.drg.oc1..c1" } };
    const runs = async (processes: boolean) => {
      const tools = standIns({ outputs }, { processes });
      const outdir = path.join(tools.dir, "cdktf.out");
      const lines: string[] = [];
      const t = { bin: "terraform", outdir, env: tools.env, out: (l: string) => lines.push(`out ${l}`), err: (l: string) => lines.push(`err ${l}`) };
      const settle = (p: Promise<string>) =>
        p.then(
          (v) => `resolved ${JSON.stringify(v)}`,
          (e: Error) => `rejected ${e.message}`,
        );
      const results = [
        await settle(runTerraform(t, "c1", ["output", "-json"])),
        await settle(runTerraform(t, "c1", ["output", "-json"], { capture: true })),
        await settle(runTerraform(t, "c2", ["output", "-json"])),
        await settle(runTerraform(t, "c1", ["show", "-json", "plan"], { capture: true })),
      ];
      const calls = tools.calls("terraform").map((c) => c.map((a) => a.replace(tools.dir, "<dir>")));
      return { results, lines, calls };
    };
    const [child, here] = [await runs(true), await runs(false)];
    expect(here).toEqual(child);
    expect(child.results[2]).toBe("rejected [c2] terraform output failed (exit 1)");
    expect(child.lines).toContain('err [c2] Error: Backend initialization required, please run "terraform init"');
    expect(child.lines.filter((l) => l.startsWith("out [c1] "))).toHaveLength(1);
  });
});
