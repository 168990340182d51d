// The okemesh command: every subcommand in one commander program. bin/okemesh.js calls main().
import { CommandSpec, runProgram } from "./command";
import { diagramCommand } from "./commands/diagram";
import { doctorCommand } from "./commands/doctor";
import { exportHclCommand } from "./commands/export-hcl";
import { kubeconfigCommand } from "./commands/kubeconfig";
import { PIPELINE_COMMANDS } from "./commands/pipeline";
import { previewCommand } from "./commands/preview";
import { synthCommand } from "./commands/synth";
import { tunnelCommand } from "./commands/tunnel";
import { verifyCommand } from "./commands/verify";
import { applyPreparePassSwitch } from "../support/prepare-pass";
import { applyTokenTraceSwitch } from "../support/token-traces";
import { Io, processIo } from "./io";

/** In the order `okemesh --help` lists them: the order of a deployment. */
export const COMMANDS: readonly CommandSpec[] = [
  doctorCommand,
  synthCommand,
  previewCommand,
  ...PIPELINE_COMMANDS,
  kubeconfigCommand,
  tunnelCommand,
  verifyCommand,
  diagramCommand,
  exportHclCommand,
];

/** Runs `okemesh <argv...>`; resolves to the exit code. */
export function run(argv: readonly string[], io: Io): Promise<number> {
  return runProgram(COMMANDS, argv, io);
}

/** The process entry point. */
export async function main(): Promise<void> {
  // No stack trace for every token cdktf creates (a third of a synth); OKEMESH_TOKEN_TRACES=1 keeps them.
  applyTokenTraceSwitch(process.env);
  // One resolving pass instead of two (a quarter of a large synth); OKEMESH_PREPARE_PASS=1 keeps cdktf's.
  applyPreparePassSwitch(process.env);
  process.exitCode = await run(process.argv.slice(2), processIo());
}
