// @ts-check
// How `npm test` runs the test files: in two groups, one jest test file each
// (__tests__/groups/<group>.group.ts), one for each of jest's two workers (jest.config.js), each
// made of whole folders of __tests__ (the files directly in __tests__ are the folder "root").
// Jest gives every test file its own module registry: each file loaded cdktf, the providers,
// zod and okemesh again and synthesized with code V8 had not yet warmed (its first synth took
// twice as long as its second). A group loads them once for all its files. Two groups, not one
// per folder: ten groups took 2-3 s more CPU (two suites started at the same moment, three
// pairs), as each loaded, compiled and warmed the same modules again.
//
// Each file runs inside a describe block named by its path, so its tests keep their names and
// its top-level hooks stay its own. What a group cannot isolate is module state: a file that
// changes a module's state must restore it (as the switch tests do in afterEach).
// `OKEMESH_TEST_FILES=1`, naming test files on jest's command line, or picking tests by what
// changed (--watch, -o, ...) runs each file on its own as jest does by default; .ci/run runs the
// suite that way as well, so no file passes only beside another.
"use strict";
const fs = require("fs");
const path = require("path");

const TESTS = __dirname;

/** Files that run on their own in every mode: jest keeps one snapshot file per test file. */
const ALONE = ["stacks/snapshot.test.ts"];

/** The folders of the first group; every other folder, a new one too, is in REST. The two take
 * about the same time (bench:suite prints each group's): move a folder when one grows. */
const FIRST = { name: "half-a", folders: ["root", "stacks", "pipeline", "tftest"] };
const REST = "half-b";

/** Every test file of the suite, relative to __tests__, sorted. */
function testFiles() {
  return fs
    .readdirSync(TESTS, { recursive: true })
    .map((f) => String(f).split(path.sep).join("/"))
    .filter((f) => f.endsWith(".test.ts") && !f.startsWith("groups/"))
    .sort();
}

/** The folder of a test file: its first folder under __tests__, or "root". */
const folderOf = (file) => (file.includes("/") ? file.split("/")[0] : "root");

/** The group of a test file. */
const groupOf = (file) => (FIRST.folders.includes(folderOf(file)) ? FIRST.name : REST);

/** The files of a group, ALONE ones left out. */
const filesOf = (group, files = testFiles()) => files.filter((f) => groupOf(f) === group && !ALONE.includes(f));

/** The groups: one __tests__/groups/<group>.group.ts each. */
const groups = () => [FIRST.name, REST];

/** Folders the first group names that hold no test file (a folder renamed or emptied). */
const staleFolders = (files = testFiles()) => {
  const held = new Set(files.map(folderOf));
  return FIRST.folders.filter((folder) => !held.has(folder));
};

/** Where jest.setTimeout keeps the timeout (jest-runtime, jest-circus), read once for the whole
 * jest file when its tests start: in a group, the last file's call would hold for every file. */
const TIMEOUT = Symbol.for("TEST_TIMEOUT_SYMBOL");

/** Runs a group's files, each in a describe block named by its path (call from a group file).
 * The group's timeout is the longest any of its files asks for with jest.setTimeout: each test
 * gets at least its own file's (files mode, in .ci/run too, holds each to exactly its own). */
function runGroup(group) {
  if (!groups().includes(group)) throw new Error(`test group ${group} is not one of ${groups().join(", ")}`);
  const all = testFiles();
  const stale = staleFolders(all);
  if (stale.length > 0) throw new Error(`test group ${FIRST.name} names folders without test files: ${stale.join(", ")}`);
  const files = filesOf(group, all);
  if (files.length === 0) throw new Error(`test group ${group} has no files`);
  let longest = 0;
  for (const file of files) {
    describe(file, () => {
      require(path.join(TESTS, file));
      longest = Math.max(longest, globalThis[TIMEOUT] ?? 0);
    });
  }
  if (longest > 0) jest.setTimeout(longest);
}

/** jest's options that take the next argument as their value. */
const VALUED = new Set([
  "-t",
  "--testNamePattern",
  "-c",
  "--config",
  "-w",
  "--maxWorkers",
  "--outputFile",
  "--reporters",
  "--shard",
  "--seed",
  "--testTimeout",
]);

/** jest's options that pick test files: by path, or by what changed (following each file's
 * static imports, and a group's are only this file). */
const PICKS_FILES = new Set([
  "--testPathPattern",
  "--watch",
  "--watchAll",
  "-o",
  "--onlyChanged",
  "--lastCommit",
  "--changedSince",
  "--changedFilesWithAncestor",
  "--findRelatedTests",
]);

/** An option as jest's own camelCase name (jest also takes --test-path-pattern), without its =value. */
const optionName = (arg) =>
  arg.split("=")[0].replace(/^(--[a-z]+)((-[a-z]+)*)$/i, (_, head, rest) => head + rest.replace(/-([a-z])/gi, (_m, c) => c.toUpperCase()));

/** A test path pattern that names a group file (`npx jest groups/half-a`) runs that group. */
const namesGroup = (pattern) => /(^|\/)groups\/|\.group(\.ts)?$/.test(pattern);

/** Whether jest runs each file on its own: OKEMESH_TEST_FILES=1, a test path pattern on its
 * command line (`npx jest day2`) unless it names a group, or an option of PICKS_FILES. */
function filesMode(env = process.env, argv = process.argv.slice(2)) {
  return (
    env.OKEMESH_TEST_FILES === "1" ||
    argv.some((a, i) => (!a.startsWith("-") && !VALUED.has(optionName(argv[i - 1] ?? "")) && !namesGroup(a)) || PICKS_FILES.has(optionName(a)))
  );
}

module.exports = { ALONE, FIRST, filesMode, filesOf, folderOf, groupOf, groups, REST, runGroup, staleFolders, testFiles };
