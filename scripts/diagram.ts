// Kept for existing callers: `okemesh diagram` (cli/commands/diagram.ts) does the work.
//
//   tsx scripts/diagram.ts [--out FILE] [--format svg|dot|json]
import { run } from "../cli/commands/diagram";
import { processIo } from "../cli/io";

run(process.argv.slice(2), processIo()).then((code) => (process.exitCode = code));
