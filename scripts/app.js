#!/usr/bin/env node
// The app cdktf.json runs (`cdktf synth`, `diff`, `deploy`): dist/main.js with plain node,
// rebuilt first if a source changed since the last build (a few milliseconds when none did),
// so `cdktf` never runs stale code after an edit or a `git pull`, and compiled from V8's code
// cache of the last successful run (scripts/code-cache.js).
"use strict";
const path = require("path");
const { build } = require("./build");
const { requireWithCodeCache } = require("./code-cache");

const MAIN = path.join(__dirname, "..", "dist", "main.js");

build({ quiet: true }).then(
  () => requireWithCodeCache(MAIN),
  (e) => {
    console.error(`okemesh: the build failed: ${e.message}`);
    process.exit(1);
  },
);
