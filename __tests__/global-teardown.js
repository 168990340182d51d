const { spawn } = require("child_process");

// The run's temporary folder (global-setup.js), with the suite's shared synths and every temp
// dir of the tests in it, goes with the run: removed by a process of its own that jest does not
// wait for, since removing its few thousand files took a third of a second after the last test.
// Jest calls it with its configs; `env` is for the test of this file (build.test.ts), which
// gets the process.
module.exports = (_globalConfig, _projectConfig, env = process.env) => {
  const dir = env.OKEMESH_TEST_TMPDIR;
  if (!dir) return undefined;
  const remove = "require('fs').rmSync(process.argv[1], { recursive: true, force: true })";
  const child = spawn(process.execPath, ["-e", remove, dir], { detached: true, stdio: "ignore" });
  child.unref();
  return child;
};
