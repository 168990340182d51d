// Leaving cdktf: the HCL export runs offline and writes one folder per stack.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fixCdktfHcl } from "../hcl-export/cdktf-fixes";
import { ROOT } from "./helpers";

describe("fixCdktfHcl", () => {
  it("turns the condition lists cdktf renders into blocks", () => {
    const bad = [
      "lifecycle {",
      "  precondition = [",
      "{",
      'condition = "${a}"',
      'error_message = "x"',
      "},",
      "{",
      'condition = "${b}"',
      'error_message = "y"',
      "},",
      "]",
      "}",
    ].join("\n");
    expect(fixCdktfHcl(bad)).toBe(
      [
        "lifecycle {",
        "  precondition {",
        'condition = "${a}"',
        'error_message = "x"',
        "}",
        "  precondition {",
        'condition = "${b}"',
        'error_message = "y"',
        "}",
        "}",
      ].join("\n"),
    );
  });

  it("writes the helm provider's kubernetes and exec as attributes, and only there", () => {
    const bad = [
      'provider "helm" {',
      "kubernetes {",
      'host = "h"',
      "exec {",
      'command = "oci"',
      "}",
      "}",
      'alias = "c1"',
      "}",
      'provider "kubernetes" {',
      "exec {",
      "}",
      "}",
    ].join("\n");
    expect(fixCdktfHcl(bad)).toBe(
      [
        'provider "helm" {',
        "kubernetes = {",
        'host = "h"',
        "exec = {",
        'command = "oci"',
        "}",
        "}",
        'alias = "c1"',
        "}",
        'provider "kubernetes" {',
        "exec {",
        "}",
        "}",
      ].join("\n"),
    );
  });

  it("writes set_sensitive as a list and unquotes references", () => {
    const bad = [
      'resource "helm_release" "r" {',
      "set_sensitive {",
      'name = "k"',
      "}",
      'provider = "helm.c1"',
      "depends_on = [",
      '"helm_release.a",',
      "]",
      "}",
    ].join("\n");
    expect(fixCdktfHcl(bad)).toBe(
      [
        'resource "helm_release" "r" {',
        "set_sensitive = [{",
        'name = "k"',
        "}]",
        "provider = helm.c1",
        "depends_on = [",
        "helm_release.a,",
        "]",
        "}",
      ].join("\n"),
    );
  });
});

// The command as built (jest's global setup brought dist/ up to date), run with plain node.
const EXPORT_HCL = path.join(ROOT, "dist", "scripts", "export-hcl.js");

describe("export-hcl", () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-hcl-")), "hcl");
  const r = spawnSync(process.execPath, [EXPORT_HCL, "--out", out], {
    encoding: "utf8",
    env: { ...process.env, OKEMESH_CONFIG: path.join(ROOT, "examples", "submariner-3-regions.yaml") },
  });

  it("writes one folder of plain HCL per stack, and no JSON stack", () => {
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(out, "stacks")).sort()).toEqual(["amsterdam", "london", "mesh", "newport"]);
    for (const stack of ["amsterdam", "london", "mesh", "newport"]) {
      const dir = path.join(out, "stacks", stack);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".json"))).toEqual([]);
      const hcl = fs.readFileSync(path.join(dir, "cdk.tf"), "utf8");
      expect(hcl).toMatch(/^terraform \{/);
      expect(hcl).toContain(`backend "local" {\npath = "../../../state/borealis/${stack}.tfstate"`);
    }
  });

  it("keeps the resources and the cross-stack wiring", () => {
    const london = fs.readFileSync(path.join(out, "stacks", "london", "cdk.tf"), "utf8");
    expect(london).toContain('resource "oci_containerengine_cluster"');
    expect(london).toContain('output "drg_id"');
    const mesh = fs.readFileSync(path.join(out, "stacks", "mesh", "cdk.tf"), "utf8");
    expect(mesh).toContain('data "terraform_remote_state" "region-london"');
    expect(mesh.match(/resource "oci_core_remote_peering_connection"/g)).toHaveLength(6);
    expect(mesh).toContain('resource "helm_release"');
    // The example runs Submariner: the grid's chart and Lighthouse's ServiceExport chart.
    const assets = fs.readdirSync(path.join(out, "stacks", "mesh", "assets")).sort();
    expect(assets).toEqual([expect.stringMatching(/^coherence_grid_chart_/), expect.stringMatching(/^dns_export_chart_/)]);
  });

  it("leaves none of the constructs cdktf renders wrongly (terraform validate checks the rest in CI)", () => {
    for (const stack of ["london", "mesh"]) {
      const hcl = fs.readFileSync(path.join(out, "stacks", stack, "cdk.tf"), "utf8");
      expect(hcl).not.toMatch(/(pre|post)condition = \[|set_sensitive \{|provider = "/);
    }
  });

  it("refuses to replace a directory that is not a previous export", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-hcl-"));
    fs.writeFileSync(path.join(dir, "keep.txt"), "mine");
    const r2 = spawnSync(process.execPath, [EXPORT_HCL, "--out", dir], { encoding: "utf8" });
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain("is not a previous export");
    expect(fs.readFileSync(path.join(dir, "keep.txt"), "utf8")).toBe("mine");
  });
});
