// scripts/test.js, what `npm test` runs after the bindings check: the type-check and jest at the
// same time, against stand-ins (POSIX sh) for tsc and jest.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

type Command = { command: string; args: readonly string[] };
const { runTests } = require("../scripts/test") as {
  runTests(run: { tsc: Command; jest: Command; watch: boolean; write: (text: string) => void }): Promise<number>;
};

const sh = (script: string): Command => ({ command: "/bin/sh", args: ["-c", script] });
/** Waits up to 5 s for a file; exits 3 without it. */
const waitFor = (file: string) => `for i in $(seq 50); do [ -f '${file}' ] && break; sleep 0.1; done; [ -f '${file}' ] || exit 3`;

function run(tsc: string, jest: string, watch = false) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-test-script-"));
  const file = (name: string) => path.join(dir, name);
  const writes: { text: string; jestDone: boolean }[] = [];
  const code = runTests({
    tsc: sh(tsc.replace(/\$DIR/g, dir)),
    jest: sh(jest.replace(/\$DIR/g, dir)),
    watch,
    write: (text) => writes.push({ text, jestDone: fs.existsSync(file("jest-done")) }),
  });
  return { code, writes, file };
}

describe("npm test's runner", () => {
  it("runs the type-check and jest at the same time", async () => {
    // Each waits for the other to have started: one after the other, the first would give up.
    const r = run(`touch $DIR/tsc; ${waitFor("$DIR/jest")}`, `touch $DIR/jest; ${waitFor("$DIR/tsc")}`);
    expect(await r.code).toBe(0);
    expect(r.writes).toEqual([]);
  });

  it("fails with tsc's exit code when only the type-check fails, its report after jest's output", async () => {
    const r = run("echo 'main.ts(1,7): error TS2322: nope'; exit 2", "sleep 0.2; touch $DIR/jest-done");
    expect(await r.code).toBe(2);
    expect(r.writes).toEqual([
      { text: "main.ts(1,7): error TS2322: nope\n", jestDone: true },
      { text: "test: the type-check failed (tsc exit 2)\n", jestDone: true },
    ]);
  });

  it("fails with jest's exit code when the tests fail", async () => {
    expect(await run("exit 0", "exit 1").code).toBe(1);
    expect(await run("exit 2", "exit 1").code).toBe(1);
  });

  it("in watch mode, type-checks first and starts jest only when that passes", async () => {
    const failed = run("exit 2", "touch $DIR/jest-started", true);
    expect(await failed.code).toBe(2);
    expect(fs.existsSync(failed.file("jest-started"))).toBe(false);
    // jest passes only if the type-check had finished when it started.
    const passed = run("sleep 0.2; touch $DIR/tsc-done", "[ -f '$DIR/tsc-done' ]", true);
    expect(await passed.code).toBe(0);
  });
});
