// Draws the topology (OKEMESH_CONFIG or okemesh.yaml) as an SVG with Graphviz compiled to
// WebAssembly (@viz-js/viz): offline, no browser.
//
//   tsx scripts/diagram.ts [--out docs/mesh.svg]
import * as fs from "fs";
import * as path from "path";
import { instance } from "@viz-js/viz";
import { meshDot } from "../diagram/mesh-dot";
import { readTopologyOrExit } from "./project-files";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args[0] === "--out" && args[1] ? args[1] : "docs/mesh.svg";
  const svg = (await instance()).renderString(meshDot(readTopologyOrExit()), { format: "svg", engine: "dot" });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, svg);
  console.log(`diagram: wrote ${out}`);
}

main();
