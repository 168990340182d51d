// Draws the topology (OKEMESH_CONFIG or okemesh.yaml) as an SVG with Graphviz compiled to
// WebAssembly (@viz-js/viz): offline, no browser.
//
//   tsx scripts/diagram.ts [--out docs/mesh.svg]
import * as fs from "fs";
import * as path from "path";
import { instance } from "@viz-js/viz";
import { formatIssues, parseTopology } from "../config/load";
import { meshDot } from "../diagram/mesh-dot";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args[0] === "--out" && args[1] ? args[1] : "docs/mesh.svg";
  const file = process.env.OKEMESH_CONFIG ?? path.join(__dirname, "..", "okemesh.yaml");
  const loaded = parseTopology(fs.readFileSync(file, "utf8"));
  if (!loaded.ok) {
    console.error(formatIssues(file, loaded.issues));
    process.exit(1);
  }
  const svg = (await instance()).renderString(meshDot(loaded.topology), { format: "svg", engine: "dot" });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, svg);
  console.log(`diagram: wrote ${out}`);
}

main();
