// Files okemesh ships beside its code, located from the package root so that they resolve the
// same from the TypeScript sources and from any build output.
import * as fs from "fs";
import * as path from "path";

/** The directory of okemesh's package.json, searched upwards from this module. */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "charts"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`okemesh: no package root with charts/ above ${__dirname}`);
  }
}

/** The local chart of the Coherence member sets. */
export const GRID_CHART_DIR = path.join(packageRoot(), "charts", "coherence-grid");
