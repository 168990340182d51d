// Day-2 changes on the real app (2-, 3- and 5-region topologies): what preview predicts.
// The expected figures are what the CURRENT stacks do ("before" the order-independent pair
// ids, in-place access switches and identical region outputs): when those land, update the
// rows of SCENARIOS (and the claims below them) to the new figures.
import { PreviewReport, previewSynths } from "../../preview";
import { rawTopology, synthApp, topologyOf } from "../helpers";

/** A topology document: n regions, optionally reordered / with one left out, plus extra keys. */
interface Shape {
  readonly n: number;
  readonly order?: readonly number[];
  readonly access?: "private" | "public" | "bastion";
}

const PROTECT = ["clusters", "nodePools", "vcns", "drgs", "peerings"] as const;
const synths = new Map<string, ReturnType<typeof synthApp>>();
function synthOf(shape: Shape) {
  const key = JSON.stringify(shape);
  if (!synths.has(key)) {
    const extra = shape.access ? { apiEndpoint: { access: shape.access, allowedCidrs: ["203.0.113.0/24"] } } : {};
    const raw = rawTopology(shape.n, extra) as { regions: unknown[] };
    if (shape.order) raw.regions = shape.order.map((i) => raw.regions[i]);
    synths.set(key, synthApp(topologyOf(raw)));
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
const NEW_REGION = `+40 ~0 ±0 -0 outputs +11 ~0 -0`;

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
  // Reordering: the pair ids follow the topology order, so every peering is destroyed and created.
  {
    name: "2 regions reversed",
    base: { n: 2 },
    next: { n: 2, order: [1, 0] },
    stacks: { c2: SAME, c1: SAME, mesh: "+2 ~0 ±0 -2" },
    blocked: { "destroy oci_core_remote_peering_connection": 2 },
    problems: 0,
  },
  {
    name: "3 regions reversed",
    base: { n: 3 },
    next: { n: 3, order: [2, 1, 0] },
    stacks: { c3: SAME, c2: SAME, c1: SAME, mesh: "+6 ~3 ±0 -6" },
    blocked: { "destroy oci_core_remote_peering_connection": 6 },
    problems: 0,
  },
  {
    name: "5 regions reversed",
    base: { n: 5 },
    next: { n: 5, order: [4, 3, 2, 1, 0] },
    stacks: { c5: SAME, c4: SAME, c3: SAME, c2: SAME, c1: SAME, mesh: "+20 ~5 ±0 -20" },
    blocked: { "destroy oci_core_remote_peering_connection": 20 },
    problems: 0,
  },
  // Access switches: the API subnet's prohibit_* flags are ForceNew, so the subnet, the cluster (its
  // endpoint subnet), its add-on and node pools are replaced, and everything inside the clusters.
  {
    name: "access private -> public (2 regions)",
    base: { n: 2, access: "private" },
    next: { n: 2, access: "public" },
    stacks: { c1: "+2 ~0 ±4 -0 outputs +1 ~5 -0", c2: "+2 ~0 ±4 -0 outputs +1 ~5 -0", mesh: "+0 ~0 ±18 -0" },
    blocked: { "replace oci_containerengine_cluster": 2, "replace oci_containerengine_node_pool": 2 },
    problems: 0,
  },
  {
    name: "access public -> bastion (2 regions)",
    base: { n: 2, access: "public" },
    next: { n: 2, access: "bastion" },
    stacks: { c1: "+4 ~0 ±4 -3 outputs +1 ~5 -1", c2: "+4 ~0 ±4 -3 outputs +1 ~5 -1", mesh: "+0 ~0 ±18 -0" },
    blocked: { "replace oci_containerengine_cluster": 2, "replace oci_containerengine_node_pool": 2 },
    problems: 0,
  },
  {
    name: "access bastion -> private (2 regions)",
    base: { n: 2, access: "bastion" },
    next: { n: 2, access: "private" },
    stacks: { c1: "+1 ~0 ±0 -4 outputs +0 ~0 -1", c2: "+1 ~0 ±0 -4 outputs +0 ~0 -1", mesh: SAME },
    blocked: {},
    problems: 0,
  },
  // Adding a region: the existing region stacks are untouched, except that the first one gains the
  // cross-stack outputs only a mesh peer reads.
  {
    name: "1 -> 2 regions",
    base: { n: 1 },
    next: { n: 2 },
    stacks: { c1: `${SAME} outputs +2 ~0 -0`, c2: NEW_REGION, mesh: "+23 ~4 ±0 -0" },
    blocked: {},
    problems: 0,
  },
  {
    name: "2 -> 3 regions",
    base: { n: 2 },
    next: { n: 3 },
    stacks: { ...regions(2, SAME), c3: NEW_REGION, mesh: "+37 ~8 ±0 -0" },
    blocked: {},
    problems: 0,
  },
  {
    name: "3 -> 4 regions",
    base: { n: 3 },
    next: { n: 4 },
    stacks: { ...regions(3, SAME), c4: NEW_REGION, mesh: "+51 ~12 ±0 -0" },
    blocked: {},
    problems: 0,
  },
  // Removing a region: its stack is left running, and the mesh stack can no longer destroy what
  // the removed region's providers managed.
  {
    name: "3 regions, c2 removed",
    base: { n: 3 },
    next: { n: 3, order: [0, 2] },
    stacks: { c1: SAME, c3: SAME, mesh: "+0 ~8 ±0 -37", c2: "removed, 40 unmanaged" },
    blocked: { "destroy oci_core_remote_peering_connection": 4 },
    problems: 23,
  },
  {
    name: "5 regions, c1 removed",
    base: { n: 5 },
    next: { n: 5, order: [1, 2, 3, 4] },
    stacks: { c2: SAME, c3: SAME, c4: SAME, c5: SAME, mesh: "+0 ~16 ±0 -65", c1: "removed, 40 unmanaged" },
    blocked: { "destroy oci_core_remote_peering_connection": 8 },
    problems: 37,
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
    "reversing 5 regions destroys and creates every peering and changes no region stack",
    async () => {
      const report = await previewOf({ n: 5 }, { n: 5, order: [4, 3, 2, 1, 0] });
      const rpcs = report.stacks.find((s) => s.stack === "mesh")!.resources.filter((r) => r.type === "oci_core_remote_peering_connection");
      expect(rpcs.filter((r) => r.action === "delete")).toHaveLength(20);
      expect(rpcs.filter((r) => r.action === "create")).toHaveLength(20);
      expect(report.stacks.filter((s) => s.stack !== "mesh").every((s) => s.resources.every((r) => r.action === "no-op"))).toBe(true);
    },
    PATIENCE,
  );

  it(
    "private -> public replaces the API subnet, the cluster and its node pools in every region",
    async () => {
      const report = await previewOf({ n: 2, access: "private" }, { n: 2, access: "public" });
      for (const region of ["c1", "c2"]) {
        const replaced = report.stacks.find((s) => s.stack === region)!.resources.filter((r) => r.action === "replace");
        expect(replaced.map((r) => r.type).sort()).toEqual([
          "oci_containerengine_addon",
          "oci_containerengine_cluster",
          "oci_containerengine_node_pool",
          "oci_core_subnet",
        ]);
        expect(replaced.find((r) => r.type === "oci_core_subnet")!.address).toMatch(/api-endpoint/);
        expect(replaced.find((r) => r.type === "oci_containerengine_cluster")!.forcedBy).toEqual([
          expect.objectContaining({
            path: "endpoint_config.subnet_id",
            cause: expect.stringMatching(/^oci_core_subnet\.network_api-endpoint_.* is replaced$/),
          }),
        ]);
      }
    },
    PATIENCE,
  );

  it(
    "1 -> 2 regions changes the existing region stack's outputs but none of its resources",
    async () => {
      const c1 = (await previewOf({ n: 1 }, { n: 2 })).stacks.find((s) => s.stack === "c1")!;
      expect(c1.resources.every((r) => r.action === "no-op")).toBe(true);
      expect(c1.outputs.map((o) => o.action)).toEqual(["create", "create"]);
      expect(c1.outputs.every((o) => o.name.startsWith("cross-stack-output-"))).toBe(true);
    },
    PATIENCE,
  );
});
