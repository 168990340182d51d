// Day-2 changes on the real app (2-, 3- and 5-region topologies): what preview predicts. Before
// the order-independent ids, in-place access switches and identical region outputs, the same
// table read: reversing 2/3/5 regions destroyed and recreated 2/6/20 RPCs; private -> public
// replaced 4 resources per region (API subnet, cluster, add-on, node pool) and all 18 in the
// mesh; 1 -> 2 regions added 2 outputs to c1; removing a region left 40 resources unmanaged and
// 23 (3 regions) / 37 (5 regions) destroys Terraform could not plan.
import { PreviewReport, previewSynths } from "../../preview";
import { rawTopology, Synthesized, synthOnce, topologyOf } from "../helpers";

/** A topology document: n regions, optionally reordered / with one left out, plus extra keys. */
interface Shape {
  readonly n: number;
  readonly order?: readonly number[];
  /** Regions (by index) moved from regions to retired. */
  readonly retire?: readonly number[];
  readonly access?: "private" | "public" | "bastion";
}

const PROTECT = ["clusters", "nodePools", "vcns", "drgs", "peerings"] as const;
const synths = new Map<string, Synthesized>();
function synthOf(shape: Shape) {
  const key = JSON.stringify(shape);
  if (!synths.has(key)) {
    // A private endpoint's clients must be inside meshCidr (a runner VCN); the others anywhere.
    const clients = shape.access === "private" ? ["10.250.0.0/24"] : ["203.0.113.0/24"];
    const extra = shape.access ? { apiEndpoint: { access: shape.access, allowedCidrs: clients } } : {};
    const raw = rawTopology(shape.n, extra) as { regions: unknown[] };
    const all = raw.regions;
    if (shape.order) raw.regions = shape.order.map((i) => all[i]);
    const doc = shape.retire ? { ...raw, retired: shape.retire.map((i) => all[i]) } : raw;
    // A reordered topology is a key of its own in the suite's shared synths (the regions' order
    // is part of it): it is synthesized from that order, never taken for the original's.
    synths.set(key, synthOnce(topologyOf(doc)));
  }
  return synths.get(key)!;
}

async function previewOf(base: Shape, next: Shape): Promise<PreviewReport> {
  return previewSynths(synthOf(base), synthOf(next), { protect: PROTECT });
}

/** Previews parse every expression once (WASM); on a loaded machine that can take a while. */
const PATIENCE = 60_000;

/** Per stack: "+create ~update ±replace -destroy", then the outputs' "+ ~ -" if any change;
 * a removed stack: "removed, N unmanaged". */
function summary(report: PreviewReport): Record<string, string> {
  const n = (xs: readonly { action: string }[], a: string) => xs.filter((x) => x.action === a).length;
  return Object.fromEntries(
    report.stacks.map((s) => {
      if (s.presence === "removed") return [s.stack, `removed, ${s.unmanaged.length} unmanaged`];
      const r = s.resources;
      const resources = `+${n(r, "create")} ~${n(r, "update")} ±${n(r, "replace")} -${n(r, "delete")}`;
      const outputs = s.outputs.length ? ` outputs +${n(s.outputs, "create")} ~${n(s.outputs, "update")} -${n(s.outputs, "delete")}` : "";
      return [s.stack, resources + outputs];
    }),
  );
}

/** The gate's blocked changes, counted by "<action> <type>". */
function blocked(report: PreviewReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of report.gate.blocked) out[`${v.action} ${v.type}`] = (out[`${v.action} ${v.type}`] ?? 0) + 1;
  return out;
}

const SAME = "+0 ~0 ±0 -0";
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const regions = (n: number, value: string) => Object.fromEntries(range(n).map((i) => [`c${i + 1}`, value]));
const NEW_REGION = `+45 ~0 ±0 -0 outputs +16 ~0 -0`;

interface Scenario {
  readonly name: string;
  readonly base: Shape;
  readonly next: Shape;
  readonly stacks: Record<string, string>;
  readonly blocked: Record<string, number>;
  /** Changes Terraform cannot plan. */
  readonly problems: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: "nothing changes (3 regions)", base: { n: 3 }, next: { n: 3 }, stacks: { ...regions(3, SAME), mesh: SAME }, blocked: {}, problems: 0 },
  // Reordering: ids and every per-peer list follow the names, not the file's order.
  {
    name: "2 regions reversed",
    base: { n: 2 },
    next: { n: 2, order: [1, 0] },
    stacks: { ...regions(2, SAME), mesh: SAME },
    blocked: {},
    problems: 0,
  },
  {
    name: "3 regions reversed",
    base: { n: 3 },
    next: { n: 3, order: [2, 1, 0] },
    stacks: { ...regions(3, SAME), mesh: SAME },
    blocked: {},
    problems: 0,
  },
  {
    name: "5 regions reversed",
    base: { n: 5 },
    next: { n: 5, order: [4, 3, 2, 1, 0] },
    stacks: { ...regions(5, SAME), mesh: SAME },
    blocked: {},
    problems: 0,
  },
  // Access switches: the API subnet is public-capable in every mode; only what updates in place
  // changes (route table, the endpoint's public IP, NSG rules), plus the gateway or bastion.
  {
    name: "access private -> public (2 regions)",
    base: { n: 2, access: "private" },
    next: { n: 2, access: "public" },
    stacks: { ...regions(2, "+3 ~2 ±0 -1"), mesh: SAME },
    blocked: {},
    problems: 0,
  },
  {
    name: "access public -> bastion (2 regions)",
    base: { n: 2, access: "public" },
    next: { n: 2, access: "bastion" },
    stacks: { ...regions(2, "+4 ~2 ±0 -3 outputs +0 ~1 -0"), mesh: SAME },
    blocked: {},
    problems: 0,
  },
  {
    name: "access bastion -> private (2 regions)",
    base: { n: 2, access: "bastion" },
    next: { n: 2, access: "private" },
    stacks: { ...regions(2, "+1 ~0 ±0 -4 outputs +0 ~1 -0"), mesh: SAME },
    blocked: {},
    problems: 0,
  },
  // Adding a region: existing region stacks untouched; in the mesh, the new pairs and rules, and
  // the kubectl Jobs named after what changed (CoreDNS blocks, member sets) run again.
  { name: "1 -> 2 regions", base: { n: 1 }, next: { n: 2 }, stacks: { c1: SAME, c2: NEW_REGION, mesh: "+32 ~3 ±2 -0" }, blocked: {}, problems: 0 },
  {
    name: "2 -> 3 regions",
    base: { n: 2 },
    next: { n: 3 },
    stacks: { ...regions(2, SAME), c3: NEW_REGION, mesh: "+48 ~6 ±4 -0" },
    blocked: {},
    problems: 0,
  },
  {
    name: "3 -> 4 regions",
    base: { n: 3 },
    next: { n: 4 },
    stacks: { ...regions(3, SAME), c4: NEW_REGION, mesh: "+64 ~9 ±6 -0" },
    blocked: {},
    problems: 0,
  },
  // Dropping a region without retiring it: the ledger stops that synth; preview (which compares any
  // two synths) still shows what it would do: the stack left unmanaged, destroys that cannot plan.
  {
    name: "3 regions, c2 dropped (the ledger refuses this)",
    base: { n: 3 },
    next: { n: 3, order: [0, 2] },
    stacks: { c1: SAME, c3: SAME, mesh: "+0 ~6 ±4 -48", c2: "removed, 45 unmanaged" },
    blocked: { "destroy oci_core_remote_peering_connection": 4 },
    problems: 32,
  },
  // Retiring a region: the mesh lets go of it (its providers stay), its emptied stack destroys it
  // all, and the gate lists every protected kind.
  {
    name: "3 regions, c2 retired",
    base: { n: 3 },
    next: { n: 3, order: [0, 2], retire: [1] },
    stacks: { c1: SAME, c3: SAME, c2: "+0 ~0 ±0 -45 outputs +0 ~0 -16", mesh: "+0 ~6 ±4 -48" },
    blocked: {
      "destroy oci_containerengine_cluster": 1,
      "destroy oci_containerengine_node_pool": 1,
      "destroy oci_core_drg": 1,
      "destroy oci_core_drg_attachment": 1,
      "destroy oci_core_vcn": 1,
      "destroy oci_core_remote_peering_connection": 4,
    },
    problems: 0,
  },
  {
    name: "5 regions, c1 retired",
    base: { n: 5 },
    next: { n: 5, order: [1, 2, 3, 4], retire: [0] },
    stacks: { ...Object.fromEntries(["c2", "c3", "c4", "c5"].map((r) => [r, SAME])), c1: "+0 ~0 ±0 -45 outputs +0 ~0 -16", mesh: "+0 ~12 ±8 -80" },
    blocked: {
      "destroy oci_containerengine_cluster": 1,
      "destroy oci_containerengine_node_pool": 1,
      "destroy oci_core_drg": 1,
      "destroy oci_core_drg_attachment": 1,
      "destroy oci_core_vcn": 1,
      "destroy oci_core_remote_peering_connection": 8,
    },
    problems: 0,
  },
];

describe("preview of day-2 changes on the real app", () => {
  // Synthesized while the tests are collected (synthesis is synchronous), as the other app tests do.
  for (const s of SCENARIOS) [s.base, s.next].forEach(synthOf);

  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    "%s",
    async (_name, s) => {
      const report = await previewOf(s.base, s.next);
      expect(summary(report)).toEqual(s.stacks);
      expect(blocked(report)).toEqual(s.blocked);
      expect(report.problems).toHaveLength(s.problems);
    },
    PATIENCE,
  );

  it(
    "reversing 5 regions changes no resource anywhere",
    async () => {
      const report = await previewOf({ n: 5 }, { n: 5, order: [4, 3, 2, 1, 0] });
      expect(report.stacks.every((s) => s.resources.every((r) => r.action === "no-op"))).toBe(true);
    },
    PATIENCE,
  );

  it(
    "private -> public replaces nothing, and updates the API subnet's route table and the endpoint's public IP in place",
    async () => {
      const report = await previewOf({ n: 2, access: "private" }, { n: 2, access: "public" });
      for (const region of ["c1", "c2"]) {
        const resources = report.stacks.find((s) => s.stack === region)!.resources;
        expect(resources.filter((r) => r.action === "replace")).toEqual([]);
        const updated = resources.filter((r) => r.action === "update");
        expect(updated.map((r) => r.type).sort()).toEqual(["oci_containerengine_cluster", "oci_core_subnet"]);
      }
    },
    PATIENCE,
  );

  it(
    "1 -> 2 regions changes nothing in the existing region stack, outputs included",
    async () => {
      const c1 = (await previewOf({ n: 1 }, { n: 2 })).stacks.find((s) => s.stack === "c1")!;
      expect(c1.resources.every((r) => r.action === "no-op")).toBe(true);
      expect(c1.outputs).toEqual([]);
    },
    PATIENCE,
  );
});
