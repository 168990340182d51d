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

/** The process entry point. The stacks and the OCI bindings load only in a command that
 * synthesizes (support/synthesis.ts), with the token-trace and preparing-pass switches applied
 * first; the names verify and preview read come from cdktf-free modules (constructs/cluster-names.ts,
 * constructs/region-outputs.ts), so a command that synthesizes nothing never loads cdktf. */
export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), processIo());
}
