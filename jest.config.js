/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Type-checking is `tsc --noEmit` in `npm test`; jest only transpiles (isolatedModules).
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
