#!/usr/bin/env node
// The okemesh launcher: plain node on the build (dist/cli/main.js), rebuilt first when a source
// changed since the last build (scripts/build.js; a few milliseconds when none did), so the
// command never runs stale code after an edit or a `git pull`, and compiled from V8's code cache
// of the last successful run (scripts/code-cache.js). Every command's logic lives in cli/
// (run(argv, io) per command).
"use strict";
const path = require("path");
const { build } = require("../scripts/build");
const { requireWithCodeCache } = require("../scripts/code-cache");

build({ quiet: true }).then(
  () => requireWithCodeCache(path.join(__dirname, "..", "dist", "cli", "main.js")).main(),
  (e) => {
    console.error(`okemesh: the build failed: ${e.message}`);
    process.exit(1);
  },
);
