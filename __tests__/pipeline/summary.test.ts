import * as fs from "fs";
import * as path from "path";
import { PlanJson } from "../../pipeline/plan-json";
import { formatSummary, summarize, summaryMarkdown } from "../../pipeline/summary";

const fixture = (name: string): PlanJson => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "plans", `${name}.json`), "utf8"));
const CLUSTER = "oci_containerengine_cluster.oke_cluster_292EA92A";
const NODE_POOL = "oci_containerengine_node_pool.oke_node-pools_workers_30CD9F04";
const IMAGE = "ocid1.image.oc1.eu-paris-1.aaaaaaaa-ol8";
const both = (stack: string, name: string) => {
  const s = summarize(stack, fixture(name));
  return { s, text: formatSummary(s), md: summaryMarkdown(s) };
};

describe("the plan summary", () => {
  it("counts creates, updates, destroys and replaces, and lists each destroy and replace with its reason and forcing attributes", () => {
    const { s, text } = both("c1", "replace-cluster");
    expect([s.create, s.update, s.destroy, s.replace]).toEqual([0, 0, 1, 1]);
    expect(text).toBe(
      [
        "plan c1: + 0 create, ~ 0 update, - 1 destroy, ± 1 replace",
        `  ± replace ${CLUSTER} (replace_because_cannot_update; forced by kubernetes_network_config[0].pods_cidr)`,
        "  - destroy oci_core_network_security_group_security_rule.network_workers-nsg_rules_out-internet_8B1A2C3D",
      ].join("\n"),
    );
  });

  it("counts a forget as a destroy and create-then-forget as a replace, saying the object is left running", () => {
    expect(both("c1", "forget-vcn").s.destroy).toBe(1);
    const { s, text } = both("c1", "create-forget-cluster");
    expect([s.create, s.destroy, s.replace]).toEqual([0, 0, 1]);
    expect(text).toContain("± replace oci_containerengine_cluster.oke_cluster_292EA92A (forget: the object is left running, no longer managed;");
  });

  it("lists disruptive updates with their attributes; a plan of plain updates and reads lists nothing", () => {
    const { s, text } = both("c1", "upgrade-cluster");
    expect(s.update).toBe(2);
    expect(text).toContain('  ~ disruptive update oci_containerengine_cluster.oke_cluster_292EA92A: kubernetes_version "v1.33.1" -> "v1.34.2"');
    expect(text).toContain(`node_source_details[0].image_id "${IMAGE}-2025-11" -> (known after apply), kubernetes_version "v1.33.1" -> "v1.34.2"`);
    expect(both("c1", "update-node-pool").text).toBe("plan c1: + 0 create, ~ 1 update, - 0 destroy, ± 0 replace");
  });

  it("never prints a sensitive value: the CA key, set_sensitive, a version marked sensitive", () => {
    for (const name of ["replace-clustermesh-ca", "upgrade-cilium"]) {
      const { text, md } = both("mesh", name);
      expect(text).not.toMatch(/SECRET|PRIVATE KEY/);
      expect(md).not.toMatch(/SECRET|PRIVATE KEY/);
    }
    const cilium = both("mesh", "upgrade-cilium").text;
    expect(cilium).toContain("~ disruptive update helm_release.cilium_c2_release_9A8B7C6D: version (sensitive) -> (sensitive)");
  });

  it("writes the same as Markdown for the job summary", () => {
    expect(both("c1", "replace-cluster").md).toBe(
      [
        "### okemesh plan `c1`",
        "",
        "| + create | ~ update | - destroy | ± replace |",
        "| ---: | ---: | ---: | ---: |",
        "| 0 | 0 | 1 | 1 |",
        "",
        `- ± replace \`${CLUSTER}\`: replace_because_cannot_update; forced by kubernetes_network_config[0].pods_cidr`,
        "- - destroy `oci_core_network_security_group_security_rule.network_workers-nsg_rules_out-internet_8B1A2C3D`",
        "",
        "",
      ].join("\n"),
    );
    expect(both("c1", "update-node-pool-image").md).toContain(
      `- ⚠️ disruptive update \`${NODE_POOL}\`: \`node_source_details[0].image_id "${IMAGE}-2025-11" → "${IMAGE}-2026-01"\``,
    );
    expect(summaryMarkdown(summarize("c2", fixture("no-changes")), "okemesh destroy plan")).toMatch(/^### okemesh destroy plan `c2`\n/);
  });
});
