// The composition root, and the only file that reads the environment and the file system:
// it loads the topology (OKEMESH_CONFIG, or okemesh.yaml beside this file), reports every
// problem at once and exits non-zero before anything is synthesized, or composes the stacks.
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { formatIssues, parseTopology } from "./config/load";
import { addOkemeshStacks } from "./stacks";

function main(): void {
  // cdktf records a stack trace for every token; with source maps on (tsx turns them on),
  // mapping those traces is about half the synth time. OKEMESH_SOURCE_MAPS=1 keeps them.
  if (process.env.OKEMESH_SOURCE_MAPS !== "1") process.setSourceMapsEnabled(false);
  const file = process.env.OKEMESH_CONFIG ? path.resolve(process.env.OKEMESH_CONFIG) : path.join(__dirname, "okemesh.yaml");
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith("..") ? relative : file;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    process.stderr.write(`okemesh: cannot read the topology ${shown}: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const loaded = parseTopology(text);
  if (!loaded.ok) {
    process.stderr.write(formatIssues(shown, loaded.issues) + "\n");
    process.exit(1);
  }
  for (const w of loaded.warnings) process.stderr.write(`okemesh: warning: ${w.path} ${w.message}\n`);
  const app = new App();
  addOkemeshStacks(app, loaded.topology, { gridChartPath: path.join(__dirname, "charts", "coherence-grid") });
  app.synth();
}

main();
