// The ledger file beside the topology (config/ledger.ts says why it exists): read and checked
// before anything is synthesized, written after a successful synth.
import * as fs from "fs";
import * as path from "path";
import { formatIssues } from "../config/load";
import { checkLedger, formatLedger, parseLedger } from "../config/ledger";
import { Topology } from "../config/topology";
import { shownPath } from "../scripts/project-files";

/** okemesh.yaml -> okemesh.lock.json, examples/x.yaml -> examples/x.lock.json. */
export function ledgerFileOf(topologyFile: string): string {
  return path.join(path.dirname(topologyFile), `${path.basename(topologyFile).replace(/\.(ya?ml|json)$/i, "")}.lock.json`);
}

/**
 * Checks the topology against its ledger; on a problem prints it (with the other problems'
 * format) and exits 1 before anything is written. Returns what writes the updated ledger, to
 * call once the synth has succeeded.
 */
export function checkLedgerOrExit(topologyFile: string, topology: Topology): () => void {
  const file = ledgerFileOf(topologyFile);
  const shown = shownPath(file);
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  const previous = text === undefined ? undefined : parseLedger(text);
  if (previous && "problem" in previous) {
    process.stderr.write(`okemesh: ${shown} ${previous.problem}; nothing was synthesized\n`);
    process.exit(1);
  }
  const { issues, next } = checkLedger(topology, previous, shown);
  if (issues.length > 0) {
    process.stderr.write(formatIssues(shownPath(topologyFile), issues) + "\n");
    process.exit(1);
  }
  const updated = formatLedger(next);
  return () => {
    if (updated !== text) fs.writeFileSync(file, updated);
  };
}
