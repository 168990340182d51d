/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Type-checking is scripts/typecheck.js (tsc -b) in `npm test`; jest only transpiles (isolatedModules).
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  globalSetup: "<rootDir>/__tests__/global-setup.js",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // Both cores: the files are independent (each synthesizes into its own temp dirs).
  maxWorkers: 2,
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
