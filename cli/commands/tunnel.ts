// okemesh tunnel: the bastion SOCKS5 tunnels of every region (access: bastion), kept open for
// one command (`okemesh tunnel -- <command...>`, its exit code is the result) or until Ctrl-C.
// Usable from a pipeline: no prompt, sessions deleted on the way out, also when interrupted.
import { spawn } from "child_process";
import * as path from "path";
import { toolEnv } from "../../operate/exec";
import { regionOutputs } from "../../operate/outputs";
import { openTunnels, Tunnels } from "../../operate/tunnel";
import { commandRunner, CommandSpec, wholeNumber, withStacks } from "../command";
import { ExitCode, Io, say, UsageError, warn } from "../io";
import { chosenRegions, loadTopology } from "../topology";

interface TunnelOptions {
  readonly config?: string;
  readonly outdir: string;
  readonly terraform: string;
  readonly stack?: string[];
  readonly ttl: number;
  readonly sshKey?: string;
  readonly pollMs: number;
}

/** Resolves on SIGINT or SIGTERM (removing its handlers), or when `other` settles first. */
function untilSignal<T>(other: Promise<T>): Promise<{ signal?: NodeJS.Signals; value?: T }> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => (off(), resolve({ signal }));
    const off = () => (process.off("SIGINT", on), process.off("SIGTERM", on));
    process.once("SIGINT", on);
    process.once("SIGTERM", on);
    other.then((value) => (off(), resolve({ value })));
  });
}

/** Runs the command with the tunnels up; its stdout and stderr go to ours. */
function runWithTunnels(command: string[], io: Io): Promise<number> {
  const child = spawn(command[0], command.slice(1), { cwd: io.cwd, env: toolEnv(io.env), stdio: ["inherit", "pipe", "pipe"] });
  child.stdout!.on("data", (b: Buffer) => io.stdout(b.toString()));
  child.stderr!.on("data", (b: Buffer) => io.stderr(b.toString()));
  const exit = new Promise<number>((resolve) => {
    child.once("error", (e) => (io.stderr(`okemesh: cannot run ${command[0]}: ${e.message}\n`), resolve(127)));
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
  return untilSignal(exit).then(({ signal, value }) => {
    if (value !== undefined) return value;
    child.kill(signal);
    return exit;
  });
}

async function holdOpen(tunnels: Tunnels, io: Io): Promise<number> {
  // Listening before saying so: a pipeline may send SIGTERM as soon as it reads the line.
  const held = untilSignal(tunnels.firstExit());
  say(io, "okemesh: tunnels open; Ctrl-C (or SIGTERM) closes them and deletes the sessions");
  const { value: dropped } = await held;
  if (!dropped) return ExitCode.OK;
  warn(io, `the tunnel of ${dropped.region.name} closed (session expired or the connection dropped)`);
  return ExitCode.FAILURE;
}

export const tunnelCommand: CommandSpec = {
  name: "tunnel",
  define: (c) =>
    withStacks(c)
      .description("open the bastion SOCKS5 tunnels (127.0.0.1:10800+clusterId) for a command, or until Ctrl-C")
      .argument("[command...]", "run this with the tunnels up (after --), then close them; its exit code is okemesh's")
      .option("--ttl <seconds>", "bastion session lifetime (at most 10800, OCI's maximum)", wholeNumber(1), 10800)
      .option("--ssh-key <file>", "private key for the sessions, its public key at <file>.pub (default: a key made for this run)")
      .option("--poll-ms <ms>", "between two looks at a session's state", wholeNumber(1), 3000),
  action: async (o: TunnelOptions, [command = []]: string[][], io) => {
    const { topology } = loadTopology(io, o.config);
    if (topology.apiEndpoint.access !== "bastion") {
      throw new UsageError(`apiEndpoint.access is ${topology.apiEndpoint.access}: there is no bastion to tunnel through`);
    }
    if (o.ttl > 10800) throw new UsageError(`--ttl ${o.ttl}: OCI bastion sessions last at most 10800 seconds`);
    const regions = chosenRegions(topology, o.stack);
    const outputs = await regionOutputs({ outdir: path.resolve(io.cwd, o.outdir), terraform: o.terraform, env: io.env }, regions, ["bastionId"]);
    const tunnels = await openTunnels(
      regions.map((region) => ({ region, bastionId: outputs.get(region.name)!.bastionId })),
      {
        env: io.env,
        ttlSeconds: o.ttl,
        sshKey: o.sshKey && path.resolve(io.cwd, o.sshKey),
        label: topology.name,
        pollMs: o.pollMs,
        log: (line) => say(io, `okemesh: ${line}`),
      },
    );
    try {
      return command.length ? await runWithTunnels(command, io) : await holdOpen(tunnels, io);
    } finally {
      await tunnels.close();
      say(io, "okemesh: tunnels closed, bastion sessions deleted");
    }
  },
};

export const run = commandRunner(tunnelCommand);
