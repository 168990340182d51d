// __tests__/ts-transform.js: jest's transform of the .ts files, ts-jest loaded only to transpile.
import { spawnSync } from "child_process";
import * as path from "path";

const TRANSFORM = path.join(__dirname, "ts-transform.js");
const { createTransformer } = require(TRANSFORM) as {
  createTransformer: (options: unknown, seams?: { inputs?: () => string[]; tsJest?: () => unknown }) => Transformer;
};
interface Transformer {
  getCacheKey(source: string, file: string, options: object): string;
  process(source: string, file: string, options: object): unknown;
}
const config = require("../jest.config") as { transform: Record<string, [string, unknown]> };

const OPTIONS = { configString: '{"rootDir":"/r"}', instrument: false, supportsStaticESM: false };

describe("jest's transform of the .ts files", () => {
  it("is this one, with ts-jest's options", () => {
    expect(config.transform).toEqual({ "^.+\\.ts$": ["<rootDir>/__tests__/ts-transform.js", { diagnostics: false }] });
  });

  it("gives jest a cache key without loading ts-jest or TypeScript", () => {
    const script = [
      `const t = require(${JSON.stringify(TRANSFORM)}).createTransformer({ diagnostics: false });`,
      `const key = t.getCacheKey("export const a: number = 1;", "/r/a.ts", ${JSON.stringify(OPTIONS)});`,
      `const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](ts-jest|typescript)[\\\\/]/.test(f));`,
      `console.log(JSON.stringify({ key, loaded }));`,
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const { key, loaded } = JSON.parse(r.stdout);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded).toEqual([]);
  });

  it("changes the key with everything ts-jest's own key depends on, and with nothing else", () => {
    const inputs = ["ts-jest 29.4.5 digest", "typescript 5.9.3", '{"compilerOptions":{}}', "this file"];
    const keyOf = (change: { inputs?: string[]; tsJestOptions?: unknown; source?: string; file?: string; options?: object } = {}) =>
      createTransformer(change.tsJestOptions ?? { diagnostics: false }, { inputs: () => change.inputs ?? inputs }).getCacheKey(
        change.source ?? "export const a = 1;",
        change.file ?? "/r/a.ts",
        { ...OPTIONS, ...change.options },
      );
    const keys = [
      keyOf(),
      ...inputs.map((_, i) => keyOf({ inputs: inputs.map((x, j) => (i === j ? `${x}!` : x)) })),
      keyOf({ tsJestOptions: { diagnostics: true } }),
      keyOf({ options: { configString: '{"rootDir":"/s"}' } }),
      keyOf({ options: { instrument: true } }),
      keyOf({ options: { supportsStaticESM: true } }),
      keyOf({ file: "/r/b.ts" }),
      keyOf({ source: "export const a = 2;" }),
      // Parts are kept apart: moving text from one to the next is a change.
      keyOf({ file: "/r/a.tsexport", source: " const a = 1;" }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keyOf({ options: { cacheFS: new Map(), config: { rootDir: "/elsewhere" } } })).toBe(keys[0]);
  });

  it("makes ts-jest's transformer once, with the options, only when jest transforms a file", () => {
    const made: unknown[] = [];
    const processed: unknown[][] = [];
    const t = createTransformer(
      { diagnostics: false },
      {
        inputs: () => ["x"],
        tsJest: () => {
          made.push("ts-jest");
          return { process: (...args: unknown[]) => (processed.push(args), { code: "js" }) };
        },
      },
    );
    t.getCacheKey("export const a = 1;", "/r/a.ts", OPTIONS);
    expect(made).toEqual([]);
    expect(t.process("export const a = 1;", "/r/a.ts", OPTIONS)).toEqual({ code: "js" });
    expect(t.process("export const b = 1;", "/r/b.ts", OPTIONS)).toEqual({ code: "js" });
    expect(made).toEqual(["ts-jest"]);
    expect(processed).toEqual([
      ["export const a = 1;", "/r/a.ts", OPTIONS],
      ["export const b = 1;", "/r/b.ts", OPTIONS],
    ]);
  });

  it("reads the versions its key was taken from (ts-jest 29.4's getCacheKey and ConfigSet.cacheSuffix)", () => {
    // After an upgrade of ts-jest, compare its cache key with this one's inputs, then move the version here.
    expect((require("ts-jest/package.json") as { version: string }).version).toMatch(/^29\.4\./);
  });
});
