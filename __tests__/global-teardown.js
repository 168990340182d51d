const { removeDetached } = require("./processes");

// The run's temporary folder (global-setup.js), with the suite's shared synths and every temp
// dir of the tests in it, goes with the run: removed by a process of its own that jest does not
// wait for, since removing its few thousand files took a third of a second after the last test.
// Jest calls it with its configs; `env` is for the test of this file (build.test.ts), which
// gets the process.
module.exports = (_globalConfig, _projectConfig, env = process.env) => {
  const dir = env.OKEMESH_TEST_TMPDIR;
  if (!dir) return undefined;
  return removeDetached([dir]);
};
