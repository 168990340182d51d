// Files okemesh ships beside its code, located from the package root so that they resolve the
// same from the TypeScript sources and from any build output.
import * as fs from "fs";
import * as path from "path";

/** The directory of okemesh's package.json, searched upwards from this module (not a fixed
 * number of levels: this code also runs bundled into dist/, see scripts/build.js). */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "charts"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`okemesh: no package root with charts/ above ${__dirname}`);
  }
}

/** The project root: where package.json, okemesh.yaml, charts/ and docs/ are. */
export const PROJECT_ROOT = packageRoot();

/** The local chart of the Coherence member sets. */
export const GRID_CHART_DIR = path.join(PROJECT_ROOT, "charts", "coherence-grid");

/** The local chart of one ServiceExport. */
export const SERVICE_EXPORT_CHART_DIR = path.join(PROJECT_ROOT, "charts", "service-export");
