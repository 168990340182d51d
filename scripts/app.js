#!/usr/bin/env node
// The app cdktf.json runs (`cdktf synth`, `diff`, `deploy`): dist/main.js with plain node,
// rebuilt first if a source changed since the last build (a few milliseconds when none did),
// so `cdktf` never runs stale code after an edit or a `git pull`.
"use strict";
const path = require("path");
const { build } = require("./build");

build({ quiet: true }).then(
  () => require(path.join(__dirname, "..", "dist", "main.js")),
  (e) => {
    console.error(`okemesh: the build failed: ${e.message}`);
    process.exit(1);
  },
);
