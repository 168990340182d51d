#!/usr/bin/env node
// The app cdktf.json runs (`cdktf synth`, `diff`, `deploy`): dist/main.js with plain node,
// rebuilt first if a source changed since the last build (a few milliseconds when none did),
// so `cdktf` never runs stale code after an edit or a `git pull`. It runs the bundle with V8's
// code cache of the last successful run (dist/.code-cache, gone with each rebuild): compiling
// the 3.5 MB bundle again was a fifth of the default synth. Node 20 has no compile cache of
// its own, and a cache made at compile time (the v8-compile-cache package) holds none of the
// bundle's lazily compiled modules, so the cache is made after the run.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");
const { build } = require("./build");

const MAIN = path.join(__dirname, "..", "dist", "main.js");

/** Runs a CommonJS file as require() would, compiled from the code cache when there is one. */
function runWithCodeCache(file) {
  const source = fs.readFileSync(file, "utf8");
  // V8 checks a cache against its own version and the source's length only: the key is the content.
  const key = crypto.createHash("sha256").update(source).update(process.versions.v8).digest("hex").slice(0, 16);
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
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
}

build({ quiet: true }).then(
  () => runWithCodeCache(MAIN),
  (e) => {
    console.error(`okemesh: the build failed: ${e.message}`);
    process.exit(1);
  },
);
