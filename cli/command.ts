// The frame every okemesh command runs in: commander parses the command line (unknown flags and
// extra arguments are errors), the command's action does the work and resolves to an exit
// code, and every error is printed once, as one message, never as a stack trace.
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { ExitCode, Io, UsageError } from "./io";

export interface CommandSpec {
  readonly name: string;
  /** Adds the description, arguments and options. */
  readonly define: (command: Command) => void;
  /** Does the work with the parsed options and arguments; resolves to the exit code. */
  readonly action: (options: any, args: any[], io: Io) => Promise<number>;
}

/** A commander program holding the given commands, writing to `io`, throwing instead of exiting. */
export function buildProgram(specs: readonly CommandSpec[], io: Io, done: (code: number) => void): Command {
  const program = new Command("okemesh")
    .description("Terraform for a full mesh of OKE clusters across OCI regions: synthesize, deploy level by level, operate.")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`okemesh: ${text}`) })
    .showHelpAfterError("(add --help for usage)")
    .allowExcessArguments(false);
  for (const spec of specs) {
    const command = program.command(spec.name).allowExcessArguments(false);
    spec.define(command);
    command.action(async (...params: unknown[]) => {
      const self = params[params.length - 1] as Command;
      done(await spec.action(self.opts(), self.processedArgs, io));
    });
  }
  return program;
}

/** Parses `argv` (without the program name) and runs the chosen command; resolves to the exit code. */
export async function runProgram(specs: readonly CommandSpec[], argv: readonly string[], io: Io): Promise<number> {
  let code: number = ExitCode.OK;
  const program = buildProgram(specs, io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    return exitCodeOf(e, io);
  }
}

function exitCodeOf(e: unknown, io: Io): number {
  // Commander has printed its own message (or the help) already.
  if (e instanceof CommanderError) return e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`okemesh: ${message}\n`);
  if (e instanceof UsageError) return ExitCode.USAGE;
  return ExitCode.FAILURE;
}

/** `run(argv, io)` for one command: argv are the arguments after the command's name. */
export function commandRunner(spec: CommandSpec) {
  return (argv: readonly string[], io: Io): Promise<number> => runProgram([spec], [spec.name, ...argv], io);
}

/** Parses a whole number of at least `min` (an option value). */
export function wholeNumber(min: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return n;
  };
}

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The shared option of every command that reads the topology. */
export function withConfig(command: Command): Command {
  return command.option(
    "--config <file>",
    "topology file, relative to the current directory (default: $OKEMESH_CONFIG, else the project's okemesh.yaml)",
  );
}

/** The shared options of every command that reads the synthesized stacks. */
export function withStacks(command: Command, stackHelp = "only this region stack (repeatable; default: every region)"): Command {
  return withConfig(command)
    .option("--outdir <dir>", "the synthesized app", "cdktf.out")
    .option("--terraform <bin>", "the terraform binary", "terraform")
    .option("--stack <name>", stackHelp, collect);
}
