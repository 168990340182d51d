// The ledger file beside the topology (config/ledger.ts says why it exists): read and checked
// before anything is synthesized, written after a successful synth.
import * as fs from "fs";
import * as path from "path";
import { formatIssues } from "../config/load";
import { checkLedger, formatLedger, parseLedger } from "../config/ledger";
import { Topology } from "../config/topology";
import { shownPath } from "./topology-file";

/** okemesh.yaml -> okemesh.lock.json, examples/x.yaml -> examples/x.lock.json. */
export function ledgerFileOf(topologyFile: string): string {
  return path.join(path.dirname(topologyFile), `${path.basename(topologyFile).replace(/\.(ya?ml|json)$/i, "")}.lock.json`);
}

/**
 * Checks the topology against its ledger: the problem to report (in the format of the other
 * topology problems), or what writes the updated ledger once the synth has succeeded.
 */
export function ledgerUpdate(topologyFile: string, topology: Topology): { readonly problem: string } | { readonly write: () => void } {
  const file = ledgerFileOf(topologyFile);
  const shown = shownPath(file);
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  const previous = text === undefined ? undefined : parseLedger(text);
  if (previous && "problem" in previous) return { problem: `okemesh: ${shown} ${previous.problem}; nothing was synthesized` };
  const { issues, next } = checkLedger(topology, previous, shown);
  if (issues.length > 0) return { problem: formatIssues(shownPath(topologyFile), issues) };
  const updated = formatLedger(next);
  return { write: () => (updated === text ? undefined : fs.writeFileSync(file, updated)) };
}

/** main.ts's form: prints the problem and exits 1 before anything is written. */
export function checkLedgerOrExit(topologyFile: string, topology: Topology): () => void {
  const update = ledgerUpdate(topologyFile, topology);
  if ("problem" in update) {
    process.stderr.write(`${update.problem}\n`);
    process.exit(1);
  }
  return update.write;
}
