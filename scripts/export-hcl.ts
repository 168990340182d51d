// Kept for existing callers (.ci/run): `okemesh export-hcl` (cli/commands/export-hcl.ts) does the work.
//
//   tsx scripts/export-hcl.ts [--out hcl]
import { run } from "../cli/commands/export-hcl";
import { processIo } from "../cli/io";

run(process.argv.slice(2), processIo()).then((code) => (process.exitCode = code));
