// @ts-check
// Jest's transform of the .ts files: ts-jest, loaded only for a file jest's transform cache does
// not hold yet. Jest makes its transformers in its own process (for the global setup) and in each
// worker before the first test, and asks them for a cache key before it looks in the cache.
// ts-jest computes that key from a config it builds by loading TypeScript and parsing
// tsconfig.json: about 0.3 s of CPU in each of the three processes (the main one's before any
// worker starts), on a warm cache where nothing is transpiled. This key is taken from what
// ts-jest's own is (its getCacheKey and ConfigSet.cacheSuffix, ts-jest 29.4: jest's config, the
// TypeScript and ts-jest versions, the tsconfig, instrument, supportsStaticESM, the file's content
// and path), with its inputs read as they are, so for this project (one tsconfig.json without
// `extends`, no Babel) it changes whenever ts-jest's would.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

/** What a transform depends on besides the file and jest's config, read once per process. */
function defaultInputs() {
  const read = (file) => fs.readFileSync(require.resolve(file, { paths: [ROOT] }), "utf8");
  return [
    `ts-jest ${JSON.parse(read("ts-jest/package.json")).version} ${read("ts-jest/.ts-jest-digest")}`,
    `typescript ${JSON.parse(read("typescript/package.json")).version}`,
    fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"),
    fs.readFileSync(__filename, "utf8"),
  ];
}

/**
 * @param {unknown} tsJestOptions the options after ts-jest in jest.config.js
 * @param {{ inputs?: () => string[], tsJest?: () => any }} [seams] for the tests: what the key is
 *   made from besides the file, and how ts-jest's transformer is made
 */
function createTransformer(tsJestOptions, seams = {}) {
  const { inputs = defaultInputs, tsJest = () => require("ts-jest").default.createTransformer(tsJestOptions) } = seams;
  /** @type {string[] | undefined} */
  let fixed;
  let transformer;
  const real = () => (transformer ??= tsJest());
  return {
    /** @param {string} source @param {string} file @param {any} options */
    getCacheKey(source, file, options) {
      const hash = crypto.createHash("sha256");
      const parts = [
        ...(fixed ??= inputs()),
        JSON.stringify(tsJestOptions ?? null),
        options.configString,
        `instrument:${options.instrument ? "on" : "off"}`,
        `supportsStaticESM:${options.supportsStaticESM ? "on" : "off"}`,
        file,
        source,
      ];
      for (const p of parts) hash.update(`${p.length}:${p}\0`);
      return hash.digest("hex");
    },
    /** @param {string} source @param {string} file @param {any} options */
    process(source, file, options) {
      return real().process(source, file, options);
    },
    /** @param {string} source @param {string} file @param {any} options */
    processAsync(source, file, options) {
      return real().processAsync(source, file, options);
    },
  };
}

module.exports = { createTransformer };
