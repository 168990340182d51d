import * as fs from "fs";
import * as path from "path";
import { CILIUM_CHART, SUBMARINER_OPERATOR } from "../../constructs/cluster-names";
import { SUBMARINER_BROKER } from "../../constructs/submariner-mesh";
import { CILIUM_CHART_NAME, SUBMARINER_CHART_NAMES } from "../../pipeline/changes";
import { formatGate, gatePlans, passed } from "../../pipeline/gate";
import { PlanJson, readPlanFile } from "../../pipeline/plan-json";
import { topologyOf, rawTopology } from "../helpers";

const FIXTURES = path.join(__dirname, "..", "fixtures", "plans");
const fixture = (name: string): PlanJson => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));
const defaults = topologyOf(rawTopology(2)).protect;
const CLUSTER = "oci_containerengine_cluster.oke_cluster_292EA92A";
const NODE_POOL = "oci_containerengine_node_pool.oke_node-pools_workers_30CD9F04";
const IMAGE = "ocid1.image.oc1.eu-paris-1.aaaaaaaa-ol8";

describe("the plan gate", () => {
  it("protects clusters, node pools, VCNs, DRGs, peerings, the Cluster Mesh CA, Cilium and Submariner by default", () => {
    expect(defaults).toEqual(["clusters", "nodePools", "vcns", "drgs", "peerings", "clustermeshCa", "cilium", "submariner"]);
  });

  it("tells Submariner's broker and operator releases by their charts, and protects only them under submariner", () => {
    expect(SUBMARINER_CHART_NAMES).toEqual([SUBMARINER_BROKER.chart, SUBMARINER_OPERATOR.chart]);
    const destroy = (address: string, chart: string) => ({
      address,
      type: "helm_release",
      mode: "managed",
      change: { actions: ["delete"], before: { chart }, after: null },
    });
    const plan = {
      format_version: "1.2",
      planned_values: {},
      complete: true,
      resource_changes: [
        destroy("helm_release.op", "submariner-operator"),
        destroy("helm_release.broker", "submariner-k8s-broker"),
        destroy("helm_release.grid", "coherence-grid"),
      ],
    } as unknown as PlanJson;
    expect(gatePlans([{ stack: "mesh", plan }], ["submariner"]).blocked.map((v) => v.address)).toEqual(["helm_release.op", "helm_release.broker"]);
    expect(gatePlans([{ stack: "mesh", plan }], ["cilium"]).blocked).toEqual([]);
  });

  it("blocks the replacement of a protected resource, naming it, why and the attributes forcing it", () => {
    const r = gatePlans([{ stack: "c1", plan: fixture("replace-cluster") }], defaults);
    expect(r.blocked.map((v) => [v.stack, v.address, v.type, v.action, v.reason, v.replacePaths])).toEqual([
      ["c1", CLUSTER, "oci_containerengine_cluster", "replace", "replace_because_cannot_update", ["kubernetes_network_config[0].pods_cidr"]],
    ]);
    expect(formatGate(r)).toContain(
      "gate: BLOCKED: 1 protected resource(s) would be destroyed or replaced:\n" +
        `  - c1: replace ${CLUSTER} (replace_because_cannot_update; forced by kubernetes_network_config[0].pods_cidr)`,
    );
    expect(passed(r)).toBe(false);
  });

  it("lets unprotected destroys and replaces through (a security rule, a Helm release other than Cilium)", () => {
    const r = gatePlans([{ stack: "mesh", plan: fixture("destroy-peering") }], defaults);
    expect(r.blocked.map((v) => v.address)).toEqual(["oci_core_remote_peering_connection.peering_c1-c3_requestor_6E0F1A2B"]);
    expect(r.blocked[0].action).toBe("destroy");
    // The destroyed security rule beside the replaced cluster is not protected.
    const cluster = gatePlans([{ stack: "c1", plan: fixture("replace-cluster") }], defaults);
    expect(cluster.blocked.map((v) => v.type)).toEqual(["oci_containerengine_cluster"]);
  });

  it("lets in-place updates that disrupt nothing, reads and no-ops through", () => {
    const r = gatePlans(
      [
        { stack: "c1", plan: fixture("update-node-pool") },
        { stack: "c2", plan: fixture("no-changes") },
      ],
      defaults,
    );
    expect(r).toEqual({ blocked: [], allowed: [], disruptive: [], disruptiveAllowed: [], ambiguous: [], problems: [], changes: 3 });
    expect(formatGate(r)).toBe("gate: passed: 3 change(s) read, no protected resource destroyed or replaced, no disruptive update");
  });

  it("follows the topology's list: subnets when asked, peerings not when left out", () => {
    expect(gatePlans([{ stack: "mesh", plan: fixture("destroy-peering") }], ["clusters"]).blocked).toEqual([]);
    const subnet: PlanJson = {
      ...fixture("no-changes"),
      resource_changes: [
        { address: "oci_core_subnet.network_workers_0722DD14", mode: "managed", type: "oci_core_subnet", change: { actions: ["create", "delete"] } },
      ],
    };
    expect(gatePlans([{ stack: "c1", plan: subnet }], defaults).blocked).toEqual([]);
    expect(gatePlans([{ stack: "c1", plan: subnet }], [...defaults, "subnets"]).blocked.map((v) => v.action)).toEqual(["replace"]);
  });

  it("allows exactly the addresses overridden, by stack:address, an address only one plan has, or everything with *", () => {
    const plans = [
      { stack: "c1", plan: fixture("replace-cluster") },
      { stack: "mesh", plan: fixture("destroy-peering") },
    ];
    const one = gatePlans(plans, defaults, [`c1:${CLUSTER}`]);
    expect(one.allowed.map((v) => v.stack)).toEqual(["c1"]);
    expect(one.blocked.map((v) => v.stack)).toEqual(["mesh"]);
    const peering = "oci_core_remote_peering_connection.peering_c1-c3_requestor_6E0F1A2B";
    expect(gatePlans(plans, defaults, [peering]).blocked.map((v) => v.stack)).toEqual(["c1"]);
    expect(gatePlans(plans, defaults, ["*"]).blocked).toEqual([]);
    expect(formatGate(gatePlans(plans, defaults, ["*"]))).toContain("gate: allowed by override:");
  });

  it("applies a bare --allow address to no stack when several stacks' plans have it, and says how to name one", () => {
    const plans = [
      { stack: "c1", plan: fixture("replace-cluster") },
      { stack: "c2", plan: fixture("replace-cluster") },
    ];
    const r = gatePlans(plans, defaults, [CLUSTER]);
    expect(r.blocked.map((v) => v.stack)).toEqual(["c1", "c2"]);
    expect(r.allowed).toEqual([]);
    expect(r.ambiguous).toEqual([
      `--allow ${CLUSTER} allows nothing: the address is in the plans of c1, c2; name one as <stack>:<address>, e.g. c1:${CLUSTER}`,
    ]);
    expect(formatGate(r)).toContain(`gate: --allow ${CLUSTER} allows nothing`);
    expect(gatePlans(plans, defaults, [`c2:${CLUSTER}`]).blocked.map((v) => v.stack)).toEqual(["c1"]);
    expect(gatePlans(plans, defaults, ["*"]).blocked).toEqual([]);
  });

  it("counts a forget as a destroy: the object is left running but no longer managed", () => {
    const r = gatePlans([{ stack: "c1", plan: fixture("forget-vcn") }], defaults);
    expect(r.blocked.map((v) => [v.address, v.action, v.forget])).toEqual([["oci_core_vcn.network_vcn_1A2B3C4D", "destroy", true]]);
    expect(formatGate(r)).toContain(
      "destroy oci_core_vcn.network_vcn_1A2B3C4D (forget: the object is left running, no longer managed; delete_because_no_resource_config)",
    );
  });

  it("counts create-then-forget as a replace", () => {
    const r = gatePlans([{ stack: "c1", plan: fixture("create-forget-cluster") }], defaults);
    expect(r.blocked.map((v) => [v.address, v.action, v.forget, v.replacePaths])).toEqual([[CLUSTER, "replace", true, ["name"]]]);
  });

  it("protects the Cluster Mesh CA: a new key or certificate breaks every cluster's mesh", () => {
    const r = gatePlans([{ stack: "mesh", plan: fixture("replace-clustermesh-ca") }], defaults);
    expect(r.blocked.map((v) => [v.type, v.action, v.replacePaths])).toEqual([
      ["tls_private_key", "replace", ["algorithm"]],
      ["tls_self_signed_cert", "replace", ["private_key_pem", "ready_for_renewal"]],
    ]);
    expect(formatGate(r)).not.toContain("SECRET");
    expect(gatePlans([{ stack: "mesh", plan: fixture("replace-clustermesh-ca") }], ["cilium"]).blocked).toEqual([]);
  });

  it("protects the Cilium release, told by its chart, not its address", () => {
    expect(CILIUM_CHART_NAME).toBe(CILIUM_CHART.chart);
    const r = gatePlans([{ stack: "mesh", plan: fixture("destroy-cilium") }], defaults);
    // helm_release.mesh_c1_cni installs cilium; helm_release.cilium_c1_operator installs the Coherence operator.
    expect(r.blocked.map((v) => [v.address, v.action])).toEqual([["helm_release.mesh_c1_cni_0A1B2C3D", "destroy"]]);
    expect(gatePlans([{ stack: "mesh", plan: fixture("destroy-cilium") }], ["clustermeshCa"]).blocked).toEqual([]);
  });

  it("blocks a node pool's new image in a non-interactive run, naming the attribute and its values", () => {
    const plans = [{ stack: "c1", plan: fixture("update-node-pool-image") }];
    const r = gatePlans(plans, defaults);
    expect(r.blocked).toEqual([]);
    expect(r.disruptive.map((v) => [v.address, v.disruptive])).toEqual([
      [NODE_POOL, [{ path: "node_source_details[0].image_id", before: `"${IMAGE}-2025-11"`, after: `"${IMAGE}-2026-01"` }]],
    ]);
    expect(passed(r)).toBe(false);
    expect(formatGate(r)).toContain(
      "gate: BLOCKED: 1 disruptive in-place update(s) (nodes cycled, control plane or CNI upgraded):\n" +
        `  - c1: update ${NODE_POOL}: node_source_details[0].image_id`,
    );
  });

  it("lets disruptive updates through with --allow-disruptive, the address named, or *", () => {
    const plans = [{ stack: "c1", plan: fixture("update-node-pool-image") }];
    for (const [allow, options] of [
      [[], { allowDisruptive: true }],
      [[`c1:${NODE_POOL}`], {}],
      [[NODE_POOL], {}],
      [["*"], {}],
    ] as const) {
      const r = gatePlans(plans, defaults, allow, options);
      expect(passed(r)).toBe(true);
      expect(r.disruptiveAllowed.map((v) => v.address)).toEqual([NODE_POOL]);
      expect(formatGate(r)).toContain("gate: disruptive updates allowed:");
    }
    expect(passed(gatePlans(plans, defaults, ["c2:" + NODE_POOL]))).toBe(false);
  });

  it("finds every disruptive attribute of an upgrade: cluster version, pool version, shape, shape config, an image known only after apply", () => {
    const r = gatePlans([{ stack: "c1", plan: fixture("upgrade-cluster") }], defaults);
    expect(r.disruptive.map((v) => [v.type, v.disruptive.map((a) => a.path)])).toEqual([
      ["oci_containerengine_cluster", ["kubernetes_version"]],
      ["oci_containerengine_node_pool", ["node_source_details[0].image_id", "kubernetes_version", "node_shape", "node_shape_config"]],
    ]);
    const pool = r.disruptive[1].disruptive;
    expect(pool[0].after).toBe("(known after apply)");
    expect(pool[3]).toEqual({ path: "node_shape_config" }); // a block: the attribute, no values
  });

  it("treats a Cilium chart version as disruptive, not another release's, and never prints a sensitive value", () => {
    const r = gatePlans([{ stack: "mesh", plan: fixture("upgrade-cilium") }], defaults);
    expect(r.disruptive.map((v) => [v.address, v.disruptive])).toEqual([
      ["helm_release.cilium_c1_release_563F1CB6", [{ path: "version", before: '"1.20.0"', after: '"1.20.1"' }]],
      ["helm_release.cilium_c2_release_9A8B7C6D", [{ path: "version", before: "(sensitive)", after: "(sensitive)" }]],
    ]);
    expect(formatGate(r)).not.toMatch(/SECRET/);
  });

  it("fails a plan that errored, is incomplete, has an unknown major format version, or is a state", () => {
    const cases: Array<[string, RegExp]> = [
      ["errored", /is a plan that errored \(errored: true\)/],
      ["incomplete", /is an incomplete plan \(complete: false\)/],
      ["format-v2", /has format_version 2\.0: okemesh reads format 1\.x only/],
      ["state-json", /is Terraform's JSON state \(terraform show -json without a plan file\), not a plan/],
      ["state-file", /is a Terraform state file, not a plan/],
    ];
    for (const [name, message] of cases) {
      const plans = [
        { stack: "c1", plan: fixture(name) },
        { stack: "c2", plan: fixture("no-changes") },
      ];
      const r = gatePlans(plans, defaults, ["*"], { allowDisruptive: true });
      expect(r.problems).toEqual([expect.stringMatching(message)]);
      expect(r.problems[0]).toMatch(/^the plan of c1 /);
      expect(passed(r)).toBe(false);
      expect(formatGate(r)).toContain("gate: FAILED: 1 plan(s) cannot be gated:");
    }
  });

  it("refuses a file that is not a JSON plan, is cut short, or is missing, naming the file", () => {
    const notAPlan = gatePlans([{ stack: "c1", plan: {} as PlanJson }], defaults);
    expect(notAPlan.problems).toEqual([expect.stringMatching(/not Terraform's JSON plan format/)]);
    expect(readPlanFile(path.join(FIXTURES, "truncated.json"), "plans/c1.json").problem).toMatch(/^plans\/c1\.json: is not JSON \(/);
    expect(readPlanFile(path.join(FIXTURES, "absent.json"), "plans/c9.json").problem).toBe("plans/c9.json: not found");
    expect(readPlanFile(path.join(FIXTURES, "replace-cluster.json")).plan?.resource_changes).toHaveLength(2);
  });
});
