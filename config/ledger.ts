// The ledger: which regions a topology has synthesized stacks for, kept in a committed file
// beside the topology (okemesh.lock.json for okemesh.yaml). A region that leaves `regions`
// without being retired would silently drop its stack from the synth: its VCN, DRG, cluster
// and nodes would keep running and billing, never planned for destroy, never seen by the gate.
// The ledger turns that into an error that names the region.
import { Issue } from "./rules";
import { Topology } from "./topology";

export interface LedgerRegion {
  readonly ociRegion: string;
}

export interface Ledger {
  /** The mesh name the stacks were synthesized for (it keys their state). */
  readonly mesh: string;
  /** Every region with a stack, live or retired, by name. */
  readonly regions: Readonly<Record<string, LedgerRegion>>;
}

/** The ledger file's first key: what it is, for whoever opens it. */
const ABOUT =
  "Written by okemesh: the regions this topology has stacks for. Commit it. A region leaves it only when you delete it here, after its stack is destroyed.";

export interface LedgerCheck {
  readonly issues: readonly Issue[];
  /** The ledger after this synth: the previous one plus every live and retired region. */
  readonly next: Ledger;
}

/**
 * Checks the topology against the previous ledger (undefined on a first synth): every region the
 * ledger knows must still be in `regions` or in `retired`, and the mesh keeps its name.
 */
export function checkLedger(topology: Topology, previous: Ledger | undefined, file: string): LedgerCheck {
  const issues: Issue[] = [];
  const live = new Set(topology.regions.map((r) => r.name));
  const retired = new Set(topology.retired.map((r) => r.name));
  if (previous && previous.mesh !== topology.name) {
    issues.push({
      path: "name",
      message: `is ${JSON.stringify(topology.name)} but ${file} records the mesh ${JSON.stringify(previous.mesh)}: the name keys every stack's state, so renaming would deploy a second mesh beside the first (destroy the first one, then delete ${file})`,
    });
  }
  for (const [name, entry] of Object.entries(previous?.regions ?? {})) {
    if (live.has(name) || retired.has(name)) continue;
    issues.push({
      path: "regions",
      message:
        `${name} (${entry.ociRegion}) has a stack (${file}) but is no longer listed: its VCN, DRG, cluster and nodes would keep running unmanaged. ` +
        `To remove it, move its entry from regions to retired (okemesh then destroys its part of the mesh, then its stack); to rename a region, retire the old name and add the new one. ` +
        `If its stack is already destroyed, delete ${name} from ${file}.`,
    });
  }
  const regions: Record<string, LedgerRegion> = { ...(previous?.regions ?? {}) };
  for (const r of [...topology.regions, ...topology.retired]) regions[r.name] = { ociRegion: r.ociRegion };
  return { issues, next: { mesh: topology.name, regions: sortedByKey(regions) } };
}

/** The ledger file's text: stable (sorted, one trailing newline), so it diffs well in reviews. */
export function formatLedger(ledger: Ledger): string {
  return `${JSON.stringify({ "//": ABOUT, mesh: ledger.mesh, regions: sortedByKey(ledger.regions) }, null, 2)}\n`;
}

/** Reads a ledger file's text; a message naming what is wrong when it is not one. */
export function parseLedger(text: string): Ledger | { readonly problem: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { problem: `is not JSON (${(e as Error).message})` };
  }
  const d = doc as { mesh?: unknown; regions?: unknown };
  const regions = d.regions as Record<string, { ociRegion?: unknown }> | undefined;
  if (typeof d.mesh !== "string" || typeof regions !== "object" || regions === null || Array.isArray(regions)) {
    return { problem: 'must hold "mesh" (a string) and "regions" (an object of region names)' };
  }
  for (const [name, r] of Object.entries(regions)) {
    if (typeof r?.ociRegion !== "string") return { problem: `regions.${name} must hold "ociRegion" (a string)` };
  }
  return { mesh: d.mesh, regions: Object.fromEntries(Object.entries(regions).map(([n, r]) => [n, { ociRegion: String(r.ociRegion) }])) };
}

function sortedByKey<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}
