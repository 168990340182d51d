// The providers' CustomizeDiff / plan-modifier replacement rules (the `custom` entries of
// schemas/force-new.json), as predicates on the two configurations. Keyed `<type> <path>`; a
// test checks every committed rule has one, so a provider upgrade cannot add one unnoticed.
import { isWithin, Leaf, valueAt } from "./attributes";

/** A changed leaf of the resource; `cause` says why a same-text value changes (a reference). */
export interface ChangedLeaf {
  readonly leaf: Leaf;
  readonly cause?: string;
}

export interface CustomRuleInput {
  readonly base: unknown;
  readonly next: unknown;
  /** The changed leaves at or inside the rule's path. */
  readonly changed: readonly ChangedLeaf[];
}

export interface CustomRule {
  /** Why it replaces, for the report; undefined when the predicate does not hold. */
  readonly evaluate: (input: CustomRuleInput) => string | undefined;
}

// oci_core_instance: isPlatformConfigBm(t) = t != "" && t != "INTEL_VM" && t != "AMD_VM"
// (core_instance_resource.go:1061, via schemas/force-new.json).
const bareMetal = (t: unknown) => typeof t === "string" && t !== "" && t !== "INTEL_VM" && t !== "AMD_VM";
const platformTypes = ({ base, next }: CustomRuleInput) => [
  valueAt(base, ["platform_config", 0, "type"]),
  valueAt(next, ["platform_config", 0, "type"]),
];
const onBareMetal = (why: string) => (input: CustomRuleInput) => (platformTypes(input).some(bareMetal) ? why : undefined);
const always = (why: string) => () => why;
// kubernetes_config_map_v1: ForceNew of data, binary_data, immutable when the prior immutable is true.
const immutableConfigMap = ({ base }: CustomRuleInput) =>
  valueAt(base, ["immutable"]) === true ? "the config map is immutable: a change replaces it" : undefined;

export const CUSTOM_RULES: Readonly<Record<string, CustomRule>> = {
  // ForceNewIfChange len(old) > 0: setting a subnet where none was is an update.
  "oci_containerengine_cluster endpoint_config.0.subnet_id": {
    evaluate: ({ base }) => {
      const old = valueAt(base, ["endpoint_config", 0, "subnet_id"]);
      return typeof old === "string" && old !== "" ? "the API endpoint's subnet changes after one was set" : undefined;
    },
  },
  "oci_core_instance metadata": {
    evaluate: ({ changed }) =>
      changed.some((c) => isWithin(c.leaf.key, "metadata.ssh_authorized_keys") || isWithin(c.leaf.key, "metadata.user_data"))
        ? "metadata ssh_authorized_keys or user_data changes"
        : undefined,
  },
  "oci_core_instance platform_config.0.type": { evaluate: onBareMetal("the platform type changes to or from bare metal") },
  "oci_core_instance platform_config.0.config_map": { evaluate: onBareMetal("a bare-metal platform's config_map changes") },
  "oci_core_instance platform_config.0.is_symmetric_multi_threading_enabled": {
    evaluate: onBareMetal("a bare-metal platform's SMT setting changes"),
  },
  // Conservative: the two IPv4 <-> IPV4_AND_IPV6 transitions that update in place are not modelled.
  "oci_network_load_balancer_network_load_balancer reserved_ips": { evaluate: always("a reserved IP changes") },
  "oci_network_load_balancer_network_load_balancer reserved_ips.N.id": { evaluate: always("a reserved IP id changes") },
  "kubernetes_config_map_v1 binary_data": { evaluate: immutableConfigMap },
  "kubernetes_config_map_v1 data": { evaluate: immutableConfigMap },
  "kubernetes_config_map_v1 immutable": { evaluate: immutableConfigMap },
  // State written by tls 4.x always holds a PEM string, so any change replaces.
  "tls_self_signed_cert private_key_pem": { evaluate: always("the CA key changes") },
  // Time-based (now >= validity_end_time - early_renewal_hours), not in the configuration: a
  // configuration comparison cannot predict it.
  "tls_self_signed_cert ready_for_renewal": { evaluate: () => undefined },
};
