// The committed force-new facts cover what okemesh synthesizes, at the versions it pins.
import { FORCE_NEW_FACTS } from "../../preview";
import { CUSTOM_RULES } from "../../preview/custom-rules";
import committed from "../../schemas/force-new.json";
import ociSchema from "../../schemas/oracle-oci.json";
import { loadFile, rawTopology, synthOnce, topologyOf } from "../helpers";

describe("schemas/force-new.json", () => {
  // The default topology and the access modes that add resource types.
  const synths = [
    synthOnce(loadFile("okemesh.yaml")),
    synthOnce(topologyOf(rawTopology(2, { apiEndpoint: { access: "bastion", allowedCidrs: ["203.0.113.0/24"] } }))),
    synthOnce(topologyOf(rawTopology(2, { apiEndpoint: { access: "public", allowedCidrs: ["203.0.113.0/24"] } }))),
  ];
  const stacks = synths.flatMap((s) => Object.values(s.stacks));

  it("has an entry for every resource type in a synthesized stack", () => {
    const types = [...new Set(stacks.flatMap((s) => Object.keys(s.resource ?? {})))].sort();
    expect(types).toEqual(
      expect.arrayContaining(["helm_release", "kubernetes_service_v1", "oci_bastion_bastion", "oci_core_internet_gateway", "tls_self_signed_cert"]),
    );
    expect(types.filter((t) => !FORCE_NEW_FACTS.resources[t])).toEqual([]);
  });

  it("has an entry for every resource type of the committed OCI schema", () => {
    const types = Object.keys(ociSchema.provider_schemas["registry.terraform.io/oracle/oci"].resource_schemas);
    expect(types.length).toBeGreaterThan(30);
    expect(types.filter((t) => !FORCE_NEW_FACTS.resources[t])).toEqual([]);
  });

  it("is for the provider versions the stacks pin", () => {
    const pins = new Map<string, string>();
    for (const s of stacks) {
      for (const p of Object.values(s.terraform.required_providers as Record<string, { source: string; version: string }>)) {
        pins.set(p.source.includes("/") ? p.source : `hashicorp/${p.source}`, p.version.replace(/^~>\s*/, ""));
      }
    }
    const facts = new Map(committed.provenance.map((p) => [p.provider, p.version]));
    expect([...pins.keys()].sort()).toEqual(["hashicorp/helm", "hashicorp/kubernetes", "hashicorp/tls", "oracle/oci"]);
    for (const [provider, version] of pins) expect([provider, facts.get(provider)]).toEqual([provider, version]);
  });

  it("has an evaluator for every custom (CustomizeDiff) rule, and none for a rule that is gone", () => {
    const rules = Object.entries(FORCE_NEW_FACTS.resources).flatMap(([type, f]) => f.custom.map((c) => `${type} ${c.path}`));
    expect(rules).toContain("oci_containerengine_cluster endpoint_config.0.subnet_id");
    expect(rules.sort()).toEqual(Object.keys(CUSTOM_RULES).sort());
  });
});
