#!/usr/bin/env node
// The okemesh launcher: registers tsx's CommonJS hook (its documented API, tsx/cjs/api
// register()) so the TypeScript sources load as they are, then runs the CLI. Every command's
// logic lives in cli/ (run(argv, io) per command), so a compiled build only changes this file.
"use strict";
require("tsx/cjs/api").register();
require("../cli/main.ts").main();
