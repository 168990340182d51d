const fs = require("fs");
const os = require("os");
const path = require("path");

// Once before the suite:
// - the tests that run okemesh as a process run the build in dist/, so it must match the
//   sources (scripts/build.js; a no-op when nothing changed);
// - a fresh folder for the suite's shared synths (synthOnce in helpers.ts): the workers inherit
//   the environment, and global-teardown.js removes the folder.
module.exports = () => {
  require("../scripts/build").build({ quiet: true });
  process.env.OKEMESH_TEST_SYNTHS = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-suite-synths-"));
};
