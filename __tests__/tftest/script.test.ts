// scripts/tftest.ts where it cannot run: it says why, and exits 0 only with --if-available.
// (Where terraform and ../shared exist, .ci/run runs it for real, with --self-test.)
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { built, cdktfAtStart, loadedAtStart } from "../helpers";

function tftest(...args: string[]) {
  const r = spawnSync(process.execPath, [built("scripts/tftest.ts"), ...args], { encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

/** A stand-in for the tool that is present, so each case misses exactly one, on any machine. */
function standIns(dir: string) {
  const terraform = path.join(dir, "terraform");
  fs.writeFileSync(terraform, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  const tfshim = path.join(dir, "tfshim");
  fs.mkdirSync(path.join(tfshim, "node_modules"), { recursive: true });
  fs.writeFileSync(path.join(tfshim, "validate-stacks"), "#!/bin/sh\nexit 2\n", { mode: 0o755 });
  return { terraform, tfshim };
}

it("scripts/tftest.ts starts without cdktf: it generates tests from synthesized JSON and the topology", () => {
  const loaded = loadedAtStart("scripts/tftest.ts");
  expect(loaded.has("tftest/values.ts")).toBe(true);
  expect(cdktfAtStart(loaded)).toEqual([]);
});

describe("scripts/tftest.ts without its tools", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-tftest-"));
  const present = standIns(out);
  const noShim = path.join(out, "no-shared", "tools", "tfshim");
  const noTerraform = path.join(out, "no-terraform");

  it.each([
    ["tfshim", ["--tfshim", noShim, "--terraform", present.terraform], `${noShim}/validate-stacks is not there (../shared is missing)`],
    ["terraform", ["--terraform", noTerraform, "--tfshim", present.tfshim], `terraform (${noTerraform}) is not installed`],
  ])("skips with a message and exit 0 under --if-available when %s is missing", (_, option, reason) => {
    const r = tftest(out, ...option, "--if-available");
    expect(r.status).toBe(0);
    expect(r.output).toContain(`tftest: ${reason}; skipping terraform test`);
  });

  it("fails (exit 2) without --if-available", () => {
    const r = tftest(out, "--tfshim", noShim, "--terraform", present.terraform);
    expect(r.status).toBe(2);
    expect(r.output).toContain("skipping terraform test");
  });

  it("rejects unknown arguments and a missing cdktf.out argument (exit 2)", () => {
    expect(tftest(out, "--bogus")).toMatchObject({ status: 2, output: expect.stringContaining("tftest: unknown argument --bogus") });
    expect(tftest()).toMatchObject({ status: 2, output: expect.stringContaining("usage: tftest.ts <cdktf.out>") });
  });
});
