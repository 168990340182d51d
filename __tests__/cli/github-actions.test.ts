// examples/github-actions.yml: actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly,
// offline) finds nothing, and the pipeline keeps its promises: a hard gate before every apply,
// the approval on every job that applies, secrets only through env:, plans never leaving the
// job, pinned provider locks, and a one-shot destroy override.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ROOT } from "../helpers";

jest.setTimeout(60_000);

const FILE = path.join(ROOT, "examples", "github-actions.yml");
const text = fs.readFileSync(FILE, "utf8");
const workflow = parse(text);
type Step = { name?: string; run?: string; uses?: string; env?: Record<string, string>; if?: string };
const jobs = Object.entries(workflow.jobs as Record<string, { steps: Step[]; environment?: string; "runs-on": unknown; if?: string }>);
const runs = (steps: Step[]) => steps.map((s) => s.run ?? "");
const index = (steps: Step[], pattern: RegExp) => runs(steps).findIndex((r) => pattern.test(r));

describe("examples/github-actions.yml", () => {
  it("passes actionlint", () => {
    // Its documented CLI, as a process: the package's ESM dependencies do not load under jest. Node
    // runs the WebAssembly with its baseline compiler only (--liftoff-only): the same program, a
    // tenth of the CPU of also optimizing all of actionlint for one file (4 s).
    const cli = path.join(ROOT, "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");
    const r = spawnSync(process.execPath, ["--liftoff-only", cli, FILE], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toContain("All workflow files passed lint checks");
    expect(r.status).toBe(0);
  });

  it("applies only in jobs behind the production environment, after a gate in the same job, with no continue-on-error", () => {
    const applying = jobs.filter(([, j]) => index(j.steps, /okemesh apply/) >= 0);
    expect(applying.map(([name]) => name)).toEqual(["regions", "mesh"]);
    for (const [, job] of applying) {
      expect(job.environment).toBe("production");
      const gate = index(job.steps, /^npx okemesh gate/);
      const plan = index(job.steps, /okemesh plan --level/);
      expect(plan).toBeGreaterThanOrEqual(0);
      expect(gate).toBeGreaterThan(plan);
      expect(index(job.steps, /okemesh apply --level/)).toBeGreaterThan(gate);
    }
    expect(text).not.toMatch(/continue-on-error/);
    // The gate is piped into tee: only bash -eo pipefail (shell: bash) keeps its exit code.
    expect(workflow.defaults.run.shell).toBe("bash");
  });

  it("applies level 0 before level 1, the mesh where the API is reachable, and verifies", () => {
    const mesh = Object.fromEntries(jobs).mesh;
    expect(mesh).toMatchObject({ needs: "regions", "runs-on": { group: "okemesh" } });
    expect(runs(mesh.steps).join("\n")).toMatch(/okemesh plan --level 1[\s\S]*okemesh apply --level 1[\s\S]*okemesh verify/);
    expect(runs(Object.fromEntries(jobs).regions.steps).join("\n")).toContain("okemesh apply --level 0");
  });

  it("passes secrets only through env:, and keeps plans in the job (no artifact, removed at the end)", () => {
    for (const [, job] of jobs) {
      for (const step of job.steps) expect(step.run ?? "").not.toMatch(/\$\{\{\s*secrets\./);
      if (index(job.steps, /okemesh plan/) >= 0)
        expect(job.steps[job.steps.length - 1]).toMatchObject({ if: "always()", run: expect.stringMatching(/^rm -rf plans/) });
    }
    expect(text).toContain("OCI_PRIVATE_KEY: ${{ secrets.OCI_PRIVATE_KEY }}");
    expect(text).not.toMatch(/upload-artifact/);
  });

  it("installs providers only as the committed locks pin them, and lets a manual run name what the gate may destroy", () => {
    expect(workflow.env.TF_CLI_ARGS_init).toBe("-lockfile=readonly");
    expect(workflow.env.CHECKPOINT_DISABLE).toBe("1");
    expect(workflow.on.workflow_dispatch.inputs.allow_destroy).toMatchObject({ type: "string", default: "" });
    const overrides = jobs.flatMap(([, j]) => j.steps).filter((s) => s.env?.OKEMESH_ALLOW_DESTROY !== undefined);
    expect(overrides.length).toBe(2);
    for (const s of overrides)
      expect(s.env!.OKEMESH_ALLOW_DESTROY).toBe("${{ github.event_name == 'workflow_dispatch' && inputs.allow_destroy || '' }}");
    expect(text).not.toMatch(/vars\.OKEMESH_ALLOW_DESTROY/);
  });

  it("runs pull-request plans only for branches of the repository itself", () => {
    expect(Object.fromEntries(jobs).plan.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
  });
});
