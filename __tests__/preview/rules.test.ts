// Update or replace, rule by rule, on small hand-written stack pairs.
import { actions, preview, resource, stack, withFacts } from "./helpers";

const subnet = (extra: Record<string, unknown> = {}) => ({
  vcn_id: "ocid1.vcn.oc1..a",
  cidr_block: "10.1.0.0/24",
  display_name: "s",
  dns_label: "s",
  ...extra,
});

describe("top-level force-new arguments", () => {
  it("replaces on a changed ForceNew argument and updates on any other", async () => {
    const base = stack({ "oci_core_subnet.a": subnet(), "oci_core_subnet.b": subnet(), "oci_core_subnet.c": subnet() });
    const next = stack({
      "oci_core_subnet.a": subnet({ vcn_id: "ocid1.vcn.oc1..b" }),
      "oci_core_subnet.b": subnet({ display_name: "t", cidr_block: "10.1.1.0/24" }),
      "oci_core_subnet.c": subnet(),
    });
    const r = await preview(base, next);
    expect(resource(r, "oci_core_subnet.a")).toMatchObject({ action: "replace", forcedBy: [{ path: "vcn_id", rule: "ForceNew" }] });
    expect(resource(r, "oci_core_subnet.b")).toMatchObject({
      action: "update",
      forcedBy: [],
      changed: [{ path: "cidr_block" }, { path: "display_name" }],
    });
    expect(resource(r, "oci_core_subnet.c")).toMatchObject({ action: "no-op", changed: [] });
  });

  it("compares values structurally: key order, cdktf's // metadata and a block as object or list of one do not count", async () => {
    const cluster = { vcn_id: "v", endpoint_config: { subnet_id: "s", nsg_ids: ["n"] }, "//": { metadata: { path: "a" } } };
    const reordered = { endpoint_config: [{ nsg_ids: ["n"], subnet_id: "s" }], vcn_id: "v", "//": { metadata: { path: "b" } } };
    const r = await preview(stack({ "oci_containerengine_cluster.c": cluster }), stack({ "oci_containerengine_cluster.c": reordered }));
    expect(resource(r, "oci_containerengine_cluster.c").action).toBe("no-op");
    const typed = await preview(
      stack({ "oci_core_subnet.a": subnet({ display_name: 50 }) }),
      stack({ "oci_core_subnet.a": subnet({ display_name: "50" }) }),
    );
    expect(resource(typed, "oci_core_subnet.a").action).toBe("update");
  });

  it("compares lists of primitives as a whole", async () => {
    const cluster = (ids: string[]) => ({ vcn_id: "v", options: { service_lb_subnet_ids: ids } });
    const r = await preview(
      stack({ "oci_containerengine_cluster.c": cluster(["a", "b"]) }),
      stack({ "oci_containerengine_cluster.c": cluster(["b", "a"]) }),
    );
    expect(resource(r, "oci_containerengine_cluster.c")).toMatchObject({ action: "replace", forcedBy: [{ path: "options.service_lb_subnet_ids" }] });
  });
});

describe("blocks", () => {
  const cluster = (options: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ vcn_id: "v", options, ...extra });

  it("replaces on a ForceNew argument inside a list block element, updates on the others", async () => {
    const base = cluster({ kubernetes_network_config: { pods_cidr: "10.201.0.0/16" }, service_lb_config: { backend_nsg_ids: ["a"] } });
    const pods = cluster({ kubernetes_network_config: { pods_cidr: "10.202.0.0/16" }, service_lb_config: { backend_nsg_ids: ["a"] } });
    const nsgs = cluster({ kubernetes_network_config: { pods_cidr: "10.201.0.0/16" }, service_lb_config: { backend_nsg_ids: ["b"] } });
    const r = await preview(
      stack({ "oci_containerengine_cluster.a": base, "oci_containerengine_cluster.b": base }),
      stack({ "oci_containerengine_cluster.a": pods, "oci_containerengine_cluster.b": nsgs }),
    );
    expect(resource(r, "oci_containerengine_cluster.a")).toMatchObject({
      action: "replace",
      forcedBy: [{ path: "options.kubernetes_network_config.pods_cidr" }],
    });
    expect(resource(r, "oci_containerengine_cluster.b")).toMatchObject({
      action: "update",
      changed: [{ path: "options.service_lb_config.backend_nsg_ids" }],
    });
  });

  it("replaces when a ForceNew list block's number of elements changes", async () => {
    const one = { vcn_id: "v", cluster_pod_network_options: [{ cni_type: "FLANNEL_OVERLAY" }] };
    const two = { vcn_id: "v", cluster_pod_network_options: [{ cni_type: "FLANNEL_OVERLAY" }, { cni_type: "OCI_VCN_IP_NATIVE" }] };
    const r = await preview(stack({ "oci_containerengine_cluster.c": one }), stack({ "oci_containerengine_cluster.c": two }));
    expect(resource(r, "oci_containerengine_cluster.c").forcedBy).toContainEqual(
      expect.objectContaining({ path: "cluster_pod_network_options", rule: "ForceNew block: its number of elements changes" }),
    );
  });

  const setFacts = withFacts({ test_firewall: { blocks: { rule: { nesting: "set", max_items: 0, force_new: false } }, force_new: ["rule.port"] } });

  it("replaces on any change in a set block whose elements carry a force-new field", async () => {
    const fw = (description: string, port?: number) => ({ rule: [{ description, ...(port ? { port } : {}) }] });
    const r = await preview(
      stack({ "test_firewall.a": fw("x", 22), "test_firewall.b": fw("x") }),
      stack({ "test_firewall.a": fw("y", 22), "test_firewall.b": fw("y") }),
      setFacts,
    );
    expect(resource(r, "test_firewall.a")).toMatchObject({
      action: "replace",
      forcedBy: [{ path: "rule", rule: expect.stringContaining("set block") }],
    });
    expect(resource(r, "test_firewall.b")).toMatchObject({ action: "update", changed: [{ path: "rule.description" }] });
  });

  it("reads a dynamic block's content as the block", async () => {
    const pool = (subnet: string) => ({
      cluster_id: "c",
      node_config_details: { dynamic: { placement_configs: { for_each: "${toset(var.ads)}", content: { subnet_id: subnet } } } },
    });
    const r = await preview(stack({ "oci_containerengine_node_pool.p": pool("a") }), stack({ "oci_containerengine_node_pool.p": pool("b") }));
    expect(resource(r, "oci_containerengine_node_pool.p")).toMatchObject({
      action: "update",
      changed: [{ path: "node_config_details.placement_configs.subnet_id" }],
    });
  });
});

describe("Optional+Computed force-new arguments", () => {
  it("keeps the prior value when one is left out (SDK v2), replaces when it is set to another value", async () => {
    const base = stack({ "oci_core_subnet.a": subnet(), "oci_core_subnet.b": subnet() });
    const { dns_label: _label, ...withoutLabel } = subnet();
    const r = await preview(base, stack({ "oci_core_subnet.a": withoutLabel, "oci_core_subnet.b": subnet({ dns_label: "t" }) }));
    expect(resource(r, "oci_core_subnet.a")).toMatchObject({ action: "update", forcedBy: [], changed: [{ path: "dns_label" }] });
    expect(resource(r, "oci_core_subnet.b")).toMatchObject({ action: "replace", forcedBy: [{ path: "dns_label" }] });
  });

  it("keeps a whole Optional+Computed block left out, with its force-new fields", async () => {
    const r = await preview(
      stack({ "oci_containerengine_cluster.c": { vcn_id: "v", cluster_pod_network_options: [{ cni_type: "FLANNEL_OVERLAY" }], name: "a" } }),
      stack({ "oci_containerengine_cluster.c": { vcn_id: "v", name: "a" } }),
    );
    expect(resource(r, "oci_containerengine_cluster.c")).toMatchObject({ action: "update", forcedBy: [] });
  });

  it("plans the schema default of a plugin-framework provider's argument left out (helm_release namespace)", async () => {
    const release = (extra: Record<string, unknown>) => ({ name: "cilium", chart: "cilium", namespace: "kube-system", ...extra });
    const { namespace: _ns, ...noNamespace } = release({});
    const r = await preview(
      stack({ "helm_release.a": release({}), "helm_release.b": release({}), "helm_release.c": release({}) }),
      stack({ "helm_release.a": noNamespace, "helm_release.b": release({ values: ["x: 1"] }), "helm_release.c": release({ name: "other" }) }),
    );
    expect(resource(r, "helm_release.a")).toMatchObject({
      action: "replace",
      forcedBy: [{ path: "namespace", rule: "left out: the provider plans its default" }],
    });
    expect(resource(r, "helm_release.b").action).toBe("update");
    expect(resource(r, "helm_release.c")).toMatchObject({ action: "replace", forcedBy: [{ path: "name" }] });
  });
});

describe("unknown values at plan time", () => {
  const vcn = (dns: string, name = "v") => ({ cidr_block: "10.1.0.0/16", dns_label: dns, display_name: name });

  it("replaces through a reference to a replaced resource's computed attribute, not through its configured ones", async () => {
    const uses = (attr: string) => subnet({ vcn_id: "ocid1.vcn.oc1..fixed", display_name: `\${oci_core_vcn.v.${attr}}` });
    const resources = (dns: string) => ({
      "oci_core_vcn.v": vcn(dns),
      "oci_core_subnet.by-id": subnet({ vcn_id: "${oci_core_vcn.v.id}" }),
      "oci_core_subnet.by-name": subnet({ vcn_id: "${oci_core_vcn.v.display_name}" }),
      "oci_core_subnet.label": uses("id"),
    });
    const r = await preview(stack(resources("a")), stack(resources("b")));
    expect(actions(r)).toEqual({ "oci_core_vcn.v": "replace", "oci_core_subnet.by-id": "replace", "oci_core_subnet.label": "update" });
    expect(resource(r, "oci_core_subnet.by-id").forcedBy).toEqual([{ path: "vcn_id", rule: "ForceNew", cause: "oci_core_vcn.v is replaced" }]);
    expect(resource(r, "oci_core_subnet.label").changed).toEqual([{ path: "display_name", cause: "oci_core_vcn.v is replaced" }]);
  });

  it("keeps computed attributes of a resource updated in place, but follows a configured one that changes", async () => {
    const resources = (name: string) => ({
      "oci_core_vcn.v": vcn("a", name),
      "oci_core_subnet.by-id": subnet({ vcn_id: "${oci_core_vcn.v.id}" }),
      "oci_core_subnet.by-name": subnet({ display_name: "${oci_core_vcn.v.display_name}-s" }),
    });
    const r = await preview(stack(resources("v")), stack(resources("w")));
    expect(actions(r)).toEqual({ "oci_core_vcn.v": "update", "oci_core_subnet.by-name": "update" });
    expect(resource(r, "oci_core_subnet.by-name").changed).toEqual([{ path: "display_name", cause: "oci_core_vcn.v.display_name changes" }]);
  });

  it("cascades to a fixed point through resources, locals and data sources", async () => {
    const resources = (cidr: string) => ({
      // Alphabetical order is the reverse of the dependency order: it takes several rounds.
      "oci_containerengine_addon.a": { addon_name: "Flannel", cluster_id: "${data.oci_containerengine_cluster_kube_config.k.cluster_id}" },
      "oci_containerengine_cluster.c": { vcn_id: "${oci_core_vcn.v.id}", endpoint_config: { subnet_id: "${oci_core_subnet.s.id}" } },
      "oci_containerengine_node_pool.p": { cluster_id: "${local.cluster}", name: "p" },
      "oci_core_subnet.s": subnet({ vcn_id: "${oci_core_vcn.v.id}" }),
      "oci_core_vcn.v": { cidr_block: cidr, dns_label: "v" },
    });
    const extra = {
      locals: { cluster: "${oci_containerengine_cluster.c.id}" },
      data: { oci_containerengine_cluster_kube_config: { k: { cluster_id: "${local.cluster}" } } },
    };
    const r = await preview(stack(resources("10.1.0.0/16"), extra), stack(resources("10.2.0.0/16"), extra));
    expect(Object.values(actions(r))).toEqual(["replace", "replace", "replace", "replace", "replace"]);
    expect(resource(r, "oci_containerengine_node_pool.p").forcedBy).toEqual([
      { path: "cluster_id", rule: "ForceNew", cause: "oci_containerengine_cluster.c is replaced" },
    ]);
    expect(resource(r, "oci_containerengine_addon.a").forcedBy[0].cause).toBe("oci_containerengine_cluster.c is replaced");
    // The same stack with only the VCN's display name changed: nothing cascades.
    const renamed = await preview(
      stack(resources("10.1.0.0/16"), extra),
      stack({ ...resources("10.1.0.0/16"), "oci_core_vcn.v": { cidr_block: "10.1.0.0/16", dns_label: "v", display_name: "x" } }, extra),
    );
    expect(actions(renamed)).toEqual({ "oci_core_vcn.v": "update" });
  });

  it("follows a data source that depends_on a changed resource, and one read with other arguments", async () => {
    const resources = (cidr: string) => ({
      "oci_core_vcn.v": { cidr_block: cidr, dns_label: "v" },
      "oci_core_subnet.s": subnet({ vcn_id: "${data.oci_core_vcn.read.id}" }),
      "oci_core_subnet.t": subnet({ vcn_id: "${data.oci_core_vcn.other.id}" }),
    });
    const data = (other: string) => ({
      data: { oci_core_vcn: { read: { vcn_id: "ocid1.vcn.oc1..x", depends_on: ["oci_core_vcn.v"] }, other: { vcn_id: other } } },
    });
    const r = await preview(stack(resources("10.1.0.0/16"), data("ocid1.vcn.oc1..a")), stack(resources("10.2.0.0/16"), data("ocid1.vcn.oc1..b")));
    expect(resource(r, "oci_core_subnet.s").forcedBy[0].cause).toBe("oci_core_vcn.v is replaced");
    expect(resource(r, "oci_core_subnet.t").forcedBy[0].cause).toBe("data.oci_core_vcn.other is read with other arguments");
    const same = await preview(stack(resources("10.1.0.0/16"), data("ocid1.vcn.oc1..a")), stack(resources("10.1.0.0/16"), data("ocid1.vcn.oc1..a")));
    expect(actions(same)).toEqual({});
  });
});

describe("custom (CustomizeDiff) rules", () => {
  it("oci_containerengine_cluster endpoint_config.0.subnet_id: setting one is an update, changing it replaces", async () => {
    const cluster = (endpoint: Record<string, unknown>) => ({ vcn_id: "v", endpoint_config: { is_public_ip_enabled: false, ...endpoint } });
    const r = await preview(
      stack({ "oci_containerengine_cluster.set": cluster({}), "oci_containerengine_cluster.change": cluster({ subnet_id: "ocid1.subnet.oc1..a" }) }),
      stack({
        "oci_containerengine_cluster.set": cluster({ subnet_id: "ocid1.subnet.oc1..a" }),
        "oci_containerengine_cluster.change": cluster({ subnet_id: "ocid1.subnet.oc1..b" }),
      }),
    );
    expect(resource(r, "oci_containerengine_cluster.set")).toMatchObject({ action: "update", changed: [{ path: "endpoint_config.subnet_id" }] });
    expect(resource(r, "oci_containerengine_cluster.change")).toMatchObject({
      action: "replace",
      forcedBy: [{ path: "endpoint_config.subnet_id", rule: "the API endpoint's subnet changes after one was set" }],
    });
  });

  it("kubernetes_config_map_v1: data replaces an immutable config map and updates a mutable one", async () => {
    const cm = (data: string, immutable?: boolean) => ({
      metadata: { name: "x", namespace: "y" },
      data: { k: data },
      ...(immutable === undefined ? {} : { immutable }),
    });
    const r = await preview(
      stack({ "kubernetes_config_map_v1.a": cm("1", true), "kubernetes_config_map_v1.b": cm("1") }),
      stack({ "kubernetes_config_map_v1.a": cm("2", true), "kubernetes_config_map_v1.b": cm("2") }),
    );
    expect(resource(r, "kubernetes_config_map_v1.a")).toMatchObject({
      action: "replace",
      forcedBy: [{ path: "data", rule: "the config map is immutable: a change replaces it" }],
    });
    expect(resource(r, "kubernetes_config_map_v1.b").action).toBe("update");
  });

  it("tls_self_signed_cert private_key_pem: a new CA key replaces the certificate", async () => {
    const resources = (bits: number) => ({
      "tls_private_key.k": { algorithm: "RSA", rsa_bits: bits },
      "tls_self_signed_cert.ca": {
        private_key_pem: "${tls_private_key.k.private_key_pem}",
        validity_period_hours: 87600,
        subject: [{ common_name: "ca" }],
      },
    });
    const r = await preview(stack(resources(4096)), stack(resources(2048)));
    expect(actions(r)).toEqual({ "tls_private_key.k": "replace", "tls_self_signed_cert.ca": "replace" });
    expect(resource(r, "tls_self_signed_cert.ca").forcedBy).toContainEqual({
      path: "private_key_pem",
      rule: "the CA key changes",
      cause: "tls_private_key.k is replaced",
    });
  });

  it("tls_self_signed_cert subject (plugin framework): any change inside the block replaces", async () => {
    const cert = (org: string) => ({ private_key_pem: "k", subject: [{ common_name: "ca", organization: org }] });
    const r = await preview(stack({ "tls_self_signed_cert.ca": cert("a") }), stack({ "tls_self_signed_cert.ca": cert("b") }));
    expect(resource(r, "tls_self_signed_cert.ca")).toMatchObject({ action: "replace", forcedBy: [{ path: "subject.organization" }] });
  });
});

describe("types", () => {
  it("replaces any change of a type without an update function (no_update)", async () => {
    const facts = withFacts({ test_session: { no_update: true } });
    const r = await preview(stack({ "test_session.s": { ttl: 1, note: "a" } }), stack({ "test_session.s": { ttl: 1, note: "b" } }), facts);
    expect(resource(r, "test_session.s")).toMatchObject({ action: "replace", forcedBy: [{ path: "note", rule: "the type cannot be updated" }] });
  });

  it("assumes a replacement for a type without facts", async () => {
    const r = await preview(stack({ "mystery_thing.m": { a: 1 } }), stack({ "mystery_thing.m": { a: 2 } }));
    expect(resource(r, "mystery_thing.m")).toMatchObject({
      action: "replace",
      forcedBy: [{ rule: "no force-new facts for mystery_thing: assumed to replace" }],
    });
  });
});
