#!/usr/bin/env node
// `npm test` after the bindings check: the type-check (scripts/typecheck.js, tsc -b) and jest at
// the same time. tsc needs one core for a third of a second when nothing changed (six seconds
// on a fresh clone), while jest starts with one busy core for about a second, before its workers
// run; one after the other, the type-check was all added to the suite's wall time. tsc's report
// is held until jest has finished, so it comes after jest's summary instead of inside it, and a
// type error fails the run as before. With --watch or --watchAll jest never finishes, so the
// type-check runs first, and jest only when it passes, as `tsc && jest` did.
//
//   node scripts/test.js [jest's arguments]
"use strict";
const { spawn } = require("child_process");
const { tscArgs } = require("./typecheck");

/**
 * @typedef {{ command: string, args: readonly string[] }} Command
 * @param {{ tsc: Command, jest: Command, watch: boolean, write: (text: string) => void }} run
 * @returns {Promise<number>} the exit code: jest's, or tsc's when only the type-check failed
 */
async function runTests({ tsc, jest, watch, write }) {
  const run = (c, stdio) => {
    const child = spawn(c.command, c.args, { stdio });
    const exit = new Promise((resolve) => {
      child.on("error", (e) => (write(`test: cannot run ${c.command}: ${e.message}\n`), resolve(1)));
      child.on("close", (code) => resolve(code ?? 1));
    });
    return { child, exit };
  };
  if (watch) {
    const typecheck = await run(tsc, "inherit").exit;
    return typecheck !== 0 ? typecheck : run(jest, "inherit").exit;
  }
  const typecheck = run(tsc, ["ignore", "pipe", "pipe"]);
  let report = "";
  typecheck.child.stdout?.on("data", (d) => (report += d));
  typecheck.child.stderr?.on("data", (d) => (report += d));
  const tests = await run(jest, "inherit").exit;
  const types = await typecheck.exit;
  if (report) write(report);
  if (types !== 0) write(`test: the type-check failed (tsc exit ${types})\n`);
  return tests !== 0 ? tests : types;
}

module.exports = { runTests };

if (require.main === module) {
  const args = process.argv.slice(2);
  runTests({
    // tsc prints its report in colour to a terminal only: this one is held in a pipe.
    tsc: { command: process.execPath, args: tscArgs(process.stdout.isTTY ? ["--pretty"] : []) },
    jest: { command: process.execPath, args: [require.resolve("jest/bin/jest"), ...args] },
    watch: args.some((a) => /^--watch(All)?(=|$)/.test(a)),
    write: (text) => process.stdout.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
