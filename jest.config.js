const { ALONE, filesMode } = require("./__tests__/test-groups");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  // In groups of files that share one module registry (__tests__/test-groups.js), or each file on
  // its own (OKEMESH_TEST_FILES=1, or test paths named on the command line).
  testMatch: filesMode() ? ["**/*.test.ts"] : ["<rootDir>/__tests__/groups/*.group.ts", ...ALONE.map((f) => `<rootDir>/__tests__/${f}`)],
  // Type-checking is scripts/typecheck.js (tsc -b) in `npm test`; jest only transpiles (isolatedModules),
  // with ts-jest, which __tests__/ts-transform.js loads only for a file not in jest's cache.
  transform: { "^.+\\.ts$": ["<rootDir>/__tests__/ts-transform.js", { diagnostics: false }] },
  globalSetup: "<rootDir>/__tests__/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/global-teardown.js",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // Each module gets these builtins as parameters of its wrapper (jest's sandboxInjectedGlobals):
  // inside jest's vm context every other global name is looked up through Node's interceptor,
  // which V8 cannot cache, and cdktf's synth and okemesh's code use these four all the time (a
  // warm 8-region synth in jest: 13-15 % less time). A name here must be one no module declares
  // with const, let or class at its top (cdktf's readable-stream takes Symbol, Number, String,
  // Error, Boolean and Promise from its primordials: jest would fail with "Identifier has already
  // been declared"), and never one a test replaces (fake timers replace Date and the timers on
  // the global, which a module given the real ones would not see): __tests__/jest-config.test.ts.
  sandboxInjectedGlobals: ["Object", "Array", "JSON", "Math"],
  // Both cores: the files are independent (each synthesizes into its own temp dirs).
  maxWorkers: 2,
  // Also makes jest use its workers always: without a limit it runs up to 20 files in its own
  // process, one after the other, when the files it has timings of took under a second each (as
  // on the first run of the groups). A worker that holds more after a file is replaced.
  workerIdleMemoryLimit: "1GB",
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
