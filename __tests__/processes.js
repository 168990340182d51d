// @ts-check
// Process helpers of the suite's own machinery: global-setup.js, global-teardown.js and the
// cluster-id reservations of cli/stand-ins.ts.
"use strict";
const { spawn } = require("child_process");

/** Whether a process lives (EPERM: it does, as another user's). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === "EPERM";
  }
}

/** Removes folders, with all they hold, in a process of its own that nothing waits for; returns it. */
function removeDetached(dirs) {
  const remove = "for (const d of process.argv.slice(1)) require('fs').rmSync(d, { recursive: true, force: true })";
  const child = spawn(process.execPath, ["-e", remove, ...dirs], { detached: true, stdio: "ignore" });
  child.unref();
  return child;
}

module.exports = { alive, removeDetached };
