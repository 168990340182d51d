const fs = require("fs");
const os = require("os");
const path = require("path");
const { alive, removeDetached } = require("./processes");

// Once before the suite:
// - the tests that run okemesh as a process run the build in dist/, so it must match the
//   sources (scripts/build.js; a no-op when nothing changed);
// - a fresh temporary folder for the run, which global-teardown.js removes: TMPDIR for the
//   workers and every process they start (they inherit the environment), so the few thousand
//   files the tests write in a run (about 50 MB) go with it instead of piling up in the
//   system's; the suite's shared synths (synthOnce in helpers.ts) are a folder in it. It is in
//   memory (/dev/shm) when that is a tmpfs with room and TMPDIR does not say otherwise: each
//   synth makes a dozen folders and files, and on this machine's disk (ext4) a folder with a
//   stack and a manifest took 1.2-1.6 ms of the kernel's CPU against 0.1 ms on the tmpfs (runs
//   started together: 0.0-2.1 s less CPU, README "Speed").
//   Folders of earlier runs whose jest is gone (stopped with Ctrl-C, which skips the teardown)
//   are removed after ten minutes, so none is left holding memory;
// - no NODE_EXTRA_CA_CERTS for the workers and every process they start (okemesh, its scripts,
//   the stand-in tools): Node 20 reads and parses that file, with all its bundled roots, as each
//   process starts, before any code runs (perf: node::crypto::UseExtraCaCerts from
//   InitializeOncePerProcess; OpenSSL 3 makes it slow, nodejs/node#40524). With the system bundle
//   set there, as on machines behind a proxy, that was 0.09 s of the 0.13 s of every `node -e 0`,
//   and 7 % of the suite's CPU (README "Speed"). Nothing in the suite makes a TLS connection.
// Jest calls it with its configs; `build` and `env` are for the test of this file (build.test.ts).
const setup = async (_globalConfig, _projectConfig, build = require("../scripts/build").build, env = process.env) => {
  delete env.NODE_EXTRA_CA_CERTS;
  // Awaited: jest starts the workers when this resolves, and a test must not run a dist/ that is
  // still being replaced (build() renames a whole new dist/ into place when it finishes).
  await build({ quiet: true });
  const base = tempBase(env);
  const stale = staleRuns(base);
  if (stale.length > 0) removeDetached(stale);
  const root = fs.mkdtempSync(path.join(base, `${PREFIX}${process.pid}-`));
  env.OKEMESH_TEST_TMPDIR = env.TMPDIR = root;
  env.OKEMESH_TEST_SYNTHS = path.join(root, "synths");
  fs.mkdirSync(env.OKEMESH_TEST_SYNTHS);
};

/** A run's folder: <base>/okemesh-suite-<pid of jest>-<random>. */
const PREFIX = "okemesh-suite-";
const MEMORY = "/dev/shm";
/** statfs's f_type of a tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;
/** Room a run needs in memory, with a wide margin (a run writes about 50 MB). */
const MEMORY_ROOM = 512 * 1024 * 1024;

/** Where the run's folder goes: beside the last run's when there was one (jest's watch mode runs
 * the setup again in the same process, whose TMPDIR is by then that folder, removed after its
 * run); else in TMPDIR when it is set; else in memory when /dev/shm is a writable tmpfs with
 * room (Docker gives a container 64 MB); else the system's temp folder. */
function tempBase(env, statfs = (dir) => fs.statfsSync(dir), writable = (dir) => fs.accessSync(dir, fs.constants.W_OK)) {
  if (env.OKEMESH_TEST_TMPDIR) return path.dirname(env.OKEMESH_TEST_TMPDIR);
  if (env.TMPDIR) return path.resolve(env.TMPDIR);
  try {
    const s = statfs(MEMORY);
    writable(MEMORY);
    if (s.type === TMPFS_MAGIC && s.bavail * s.bsize >= MEMORY_ROOM) return MEMORY;
  } catch {
    // No /dev/shm (macOS, Windows), or not ours to write.
  }
  return os.tmpdir();
}

/** How long a run's folder must have been left alone before it is taken for stale: a run writes
 * in it all the time, and a pid seen from another pid namespace (a container sharing the folder)
 * may look gone while its run is alive. */
const STALE_AFTER_MS = 10 * 60 * 1000;

/** The folders in `base` of earlier runs whose jest process is gone, untouched for a while. */
function staleRuns(base, isAlive = alive, now = Date.now()) {
  let names = [];
  try {
    names = fs.readdirSync(base);
  } catch {
    return [];
  }
  const pattern = new RegExp(`^${PREFIX}(\\d+)-[^/]+$`);
  const untouched = (dir) => {
    try {
      return fs.statSync(dir).mtimeMs < now - STALE_AFTER_MS;
    } catch {
      return false;
    }
  };
  return names
    .map((name) => ({ dir: path.join(base, name), pid: Number(pattern.exec(name)?.[1]) }))
    .filter(({ dir, pid }) => pid > 0 && pid !== process.pid && !isAlive(pid) && untouched(dir))
    .map(({ dir }) => dir);
}

module.exports = Object.assign(setup, { staleRuns, tempBase });
