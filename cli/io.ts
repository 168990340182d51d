// What a command may touch of the outside world, passed in so that every command runs the same
// in-process (tests) and as the okemesh process: the working directory, the environment and
// the two output streams. Only the entry points (bin/okemesh.js) build it from `process`.

export interface Io {
  /** Where relative paths given on the command line start. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (a person watching), so progress may be shown. @default false */
  readonly interactive?: boolean;
}

/** The exit codes of every command. */
export const ExitCode = {
  OK: 0,
  /** A check failed, a gate blocked, a tool failed. */
  FAILURE: 1,
  /** Bad command line or bad input (an invalid topology, a missing file). */
  USAGE: 2,
} as const;

export { CommandFailure, UsageError } from "../operate/errors";

/** The process's own streams and environment. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    interactive: Boolean(process.stdout.isTTY),
  };
}

/** Writes one line to stdout. */
export const say = (io: Io, line: string) => io.stdout(`${line}\n`);
/** Writes one line to stderr, prefixed so it is clear who says it. */
export const warn = (io: Io, line: string) => io.stderr(`okemesh: warning: ${line}\n`);
