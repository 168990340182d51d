// The command line itself: help for every command, unknown flags and extra arguments are
// usage errors (exit 2), never a stack trace, and each command module runs on its own.
import { COMMANDS, run } from "../../cli/main";
import { run as runSynth } from "../../cli/commands/synth";
import { memoryIo, workdir } from "./stand-ins";

const io = () => memoryIo(workdir(2), { ...process.env, OKEMESH_CONFIG: "" });
const NAMES = COMMANDS.map((c) => c.name);

describe("okemesh", () => {
  it("has every command of a deployment", () => {
    expect(NAMES).toEqual([
      "doctor",
      "synth",
      "preview",
      "levels",
      "plan",
      "gate",
      "apply",
      "deploy",
      "destroy",
      "kubeconfig",
      "tunnel",
      "verify",
      "diagram",
      "export-hcl",
    ]);
  });

  it("lists every command in --help and exits 0", async () => {
    const i = io();
    expect(await run(["--help"], i)).toBe(0);
    for (const name of NAMES) expect(i.out()).toMatch(new RegExp(`^  ${name} `, "m"));
  });

  it.each(NAMES)("%s --help shows its usage and options, exit 0", async (name) => {
    const i = io();
    expect(await run([name, "--help"], i)).toBe(0);
    expect(i.out()).toContain(`Usage: okemesh ${name} [options]`);
    expect(i.out()).toContain("--config <file>");
    expect(i.err()).toBe("");
  });

  it.each(NAMES)("%s rejects an unknown flag with exit 2 and names it", async (name) => {
    const i = io();
    expect(await run([name, "--no-such-flag"], i)).toBe(2);
    expect(i.err()).toContain("okemesh: error: unknown option '--no-such-flag'");
    expect(i.err()).not.toMatch(/\n\s+at /);
  });

  it.each(NAMES.filter((n) => n !== "tunnel"))("%s rejects extra arguments with exit 2", async (name) => {
    const i = io();
    expect(await run([name, "surplus"], i)).toBe(2);
    expect(i.err()).toContain("too many arguments");
  });

  it("exits 2 for no command and for an unknown one (with a suggestion)", async () => {
    expect(await run([], io())).toBe(2);
    const i = io();
    expect(await run(["synt"], i)).toBe(2);
    expect(i.err()).toContain("unknown command 'synt'");
    expect(i.err()).toContain("(Did you mean synth?)");
  });

  it("rejects a bad number for a numeric option with exit 2", async () => {
    const i = io();
    expect(await run(["plan", "--level", "x"], i)).toBe(2);
    expect(i.err()).toContain("option '--level <n>' argument 'x' is invalid. expected a whole number of at least 0");
  });

  it("runs a command module on its own: run(argv, io) of cli/commands/synth", async () => {
    const i = io();
    expect(await runSynth(["--help"], i)).toBe(0);
    expect(i.out()).toContain("Usage: okemesh synth [options]");
    expect(await runSynth(["--bogus"], io())).toBe(2);
  });
});

describe("okemesh preview", () => {
  it("compares the last synth with the topology's and exits 0 when nothing protected changes", async () => {
    const cwd = workdir(2);
    const env = { ...process.env };
    expect(await run(["synth", "--config", "topology.yaml"], memoryIo(cwd, env))).toBe(0);
    const io = memoryIo(cwd, env);
    expect(await run(["preview", "--config", "topology.yaml"], io)).toBe(0);
    expect(io.out()).toContain("stack c1: no changes");
  }, 120_000);
});
