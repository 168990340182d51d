const fs = require("fs");
const os = require("os");
const path = require("path");

// Once before the suite:
// - the tests that run okemesh as a process run the build in dist/, so it must match the
//   sources (scripts/build.js; a no-op when nothing changed);
// - a fresh temporary folder for the run, which global-teardown.js removes: TMPDIR for the
//   workers and every process they start (they inherit the environment), so the few hundred
//   temp dirs the tests make in a run (about 50 MB) go with it instead of piling up in the
//   system's; the suite's shared synths (synthOnce in helpers.ts) are a folder in it;
// - no NODE_EXTRA_CA_CERTS for the workers and every process they start (okemesh, its scripts,
//   the stand-in tools): Node 20 reads and parses that file, with all its bundled roots, as each
//   process starts, before any code runs (perf: node::crypto::UseExtraCaCerts from
//   InitializeOncePerProcess; OpenSSL 3 makes it slow, nodejs/node#40524). With the system bundle
//   set there, as on machines behind a proxy, that was 0.09 s of the 0.13 s of every `node -e 0`,
//   and 7 % of the suite's CPU (README "Speed"). Nothing in the suite makes a TLS connection.
// Jest calls it with its configs; `build` and `env` are for the test of this file (build.test.ts).
module.exports = async (_globalConfig, _projectConfig, build = require("../scripts/build").build, env = process.env) => {
  delete env.NODE_EXTRA_CA_CERTS;
  // Awaited: jest starts the workers when this resolves, and a test must not run a dist/ that is
  // still being replaced (build() renames a whole new dist/ into place when it finishes).
  await build({ quiet: true });
  // Beside the last run's folder when there was one: jest's watch mode runs this again in the same
  // process, whose TMPDIR is by then that folder, removed after its run.
  const base = env.OKEMESH_TEST_TMPDIR ? path.dirname(env.OKEMESH_TEST_TMPDIR) : os.tmpdir();
  const root = fs.mkdtempSync(path.join(base, "okemesh-suite-"));
  env.OKEMESH_TEST_TMPDIR = env.TMPDIR = root;
  env.OKEMESH_TEST_SYNTHS = path.join(root, "synths");
  fs.mkdirSync(env.OKEMESH_TEST_SYNTHS);
};
