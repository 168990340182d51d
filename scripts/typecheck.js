#!/usr/bin/env node
// The type-check of `npm test` (scripts/test.js) and `npm run typecheck`: `tsc -b` on tsconfig.json (noEmit,
// incremental). Build mode skips the whole check when no root file changed since the last
// clean one (tsconfig.tsbuildinfo: a third of a second instead of six, as plain `tsc
// --incremental` parses every file again), and checks the changed files otherwise. Its
// up-to-date check looks at the project's own .ts files only, so a change of what they import
// from outside (the packages, the generated bindings in .gen) forces a full check.
//
//   node scripts/typecheck.js
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const BUILD_INFO = path.join(ROOT, "tsconfig.tsbuildinfo");
/** What the project's files import from outside them: newer than the build info forces a full check. */
const IMPORTED = [path.join(ROOT, "package-lock.json"), path.join(ROOT, ".gen", "providers", "oci", ".okemesh-stamp")];

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : Infinity);

/** node's arguments for tsc: build mode, forced when something imported changed since the last check. */
function tscArgs(extra = []) {
  const stale = IMPORTED.some((f) => mtime(f) >= mtime(BUILD_INFO));
  return [require.resolve("typescript/bin/tsc"), "-b", path.join(ROOT, "tsconfig.json"), ...(stale ? ["--force"] : []), ...extra];
}

module.exports = { tscArgs };

if (require.main === module) {
  const r = spawnSync(process.execPath, tscArgs(), { stdio: "inherit" });
  process.exit(r.status ?? 1);
}
