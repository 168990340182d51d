// Loads a bundle of dist/ as require() would, compiled from V8's code cache of the last
// successful run (<bundle's folder>/.code-cache, gone with each rebuild): compiling a bundle of
// several MB again was a fifth of the default synth and half of `okemesh --help`. Node 20 has no
// compile cache of its own, and a cache made at compile time (the v8-compile-cache package) holds
// none of the bundle's lazily compiled functions, so the cache is written after the run, when it
// exits 0. Used by scripts/app.js (what cdktf.json runs) and bin/okemesh.js.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

/** Runs a CommonJS file as require() would, compiled from the code cache when there is one; returns its exports. */
function requireWithCodeCache(file) {
  const source = fs.readFileSync(file, "utf8");
  // V8 checks a cache against its own version and the source's length only, so the key must name
  // the content: every build writes each bundle as a new file (scripts/build.js renames a whole new
  // dist/ into place), so its inode, size and modification time do, without hashing megabytes.
  const { ino, size, mtimeMs } = fs.statSync(file);
  const key = crypto.createHash("sha256").update(`${ino} ${size} ${mtimeMs} ${process.versions.v8}`).digest("hex").slice(0, 16);
  const cacheFile = path.join(path.dirname(file), ".code-cache", `${path.basename(file)}.${key}`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // none yet
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once("exit", (code) => {
      if (code !== 0) return;
      const tmp = `${cacheFile}.${process.pid}`;
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // Only a speed-up: a dist/ okemesh cannot write (read-only, another user's) keeps the exit code.
        if (fs.existsSync(tmp)) fs.rmSync(tmp);
      }
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}

module.exports = { requireWithCodeCache };
