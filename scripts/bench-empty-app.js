// The floor of the synth benchmark (scripts/bench.ts): a cdktf app with one empty stack and
// nothing of okemesh, run with plain node like the app cdktf.json runs.
"use strict";
const { App, TerraformStack } = require("cdktf");

const app = new App();
new TerraformStack(app, "empty");
app.synth();
