const fs = require("fs");

// The suite's shared synths (global-setup.js) go with the run.
module.exports = () => {
  const dir = process.env.OKEMESH_TEST_SYNTHS;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
