import { Testing } from "cdktf";
import { OkeCluster } from "../../constructs/oke-cluster";
import { Region } from "../../constructs/region";
import { rawTopology, topologyOf } from "../helpers";

function synthCluster(extra: Record<string, unknown> = {}) {
  const t = topologyOf(rawTopology(2, extra));
  return JSON.parse(
    Testing.synthScope((scope) => {
      const compartmentId = "ocid1.compartment.oc1..x";
      const region = new Region(scope, "network", {
        spec: t.regions[0],
        meshName: t.name,
        meshCidr: t.meshCidr,
        compartmentId,
        apiEndpoint: t.apiEndpoint,
      });
      new OkeCluster(scope, "oke", { region, meshName: t.name, compartmentId, publicEndpoint: t.apiEndpoint.access === "public" });
    }),
  );
}

describe("OkeCluster", () => {
  const j = synthCluster();
  const [cluster] = Object.values<any>(j.resource.oci_containerengine_cluster);
  const pools = Object.values<any>(j.resource.oci_containerengine_node_pool);

  it("is an enhanced flannel cluster with the topology's pods and services CIDRs", () => {
    expect(cluster).toMatchObject({
      name: "australis-c1",
      type: "ENHANCED_CLUSTER",
      kubernetes_version: "v1.34.2",
      cluster_pod_network_options: [{ cni_type: "FLANNEL_OVERLAY" }],
      options: { kubernetes_network_config: { pods_cidr: "10.201.0.0/16", services_cidr: "10.101.0.0/16" } },
    });
  });

  it("puts the API endpoint, private, in the API subnet and NSG; load balancers in the internal-LB subnet", () => {
    expect(cluster.endpoint_config).toEqual({
      is_public_ip_enabled: false,
      subnet_id: expect.stringMatching(/^\$\{oci_core_subnet\.network_api-endpoint_.*\.id\}$/),
      nsg_ids: [expect.stringMatching(/^\$\{oci_core_network_security_group\.network_api-endpoint-nsg_.*\.id\}$/)],
    });
    expect(cluster.options.service_lb_subnet_ids).toEqual([expect.stringMatching(/network_internal-lb_/)]);
    expect(cluster.vcn_id).toMatch(/^\$\{oci_core_vcn\.network_vcn_/);
  });

  it("spreads each node pool over every availability domain and fault domain, in the workers subnet and NSG", () => {
    expect(pools).toHaveLength(1);
    const details = pools[0].node_config_details;
    expect(details.size).toBe(3);
    expect(details.nsg_ids).toEqual([expect.stringMatching(/network_workers-nsg_/), expect.stringMatching(/network_mesh-nsg_/)]);
    expect(details.dynamic.placement_configs).toEqual({
      for_each: expect.stringMatching(/^\$\{toset\(data\.oci_identity_availability_domains\..*\.availability_domains\)\}$/),
      iterator: "each",
      content: {
        availability_domain: "${each.value.name}",
        subnet_id: expect.stringMatching(/network_workers_/),
        fault_domains: ["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"],
      },
    });
    expect(details.node_pool_pod_network_option_details).toEqual({ cni_type: "FLANNEL_OVERLAY" });
  });

  it("picks the image through the node-pool options data source, failing clearly when none matches", () => {
    const [options] = Object.values<any>(j.data.oci_containerengine_node_pool_option);
    expect(options).toMatchObject({ node_pool_k8s_version: "v1.34.2", node_pool_os_type: "OL", node_pool_os_arch: "X86_64" });
    expect(options.node_pool_option_id).toMatch(/oci_containerengine_cluster\..*\.id/);
    expect(pools[0].node_source_details).toEqual({
      source_type: "IMAGE",
      image_id: expect.stringContaining("local.oke_node-images_workers_images"),
      boot_volume_size_in_gbs: "50",
    });
    expect(pools[0].lifecycle.precondition[0].error_message).toMatch(
      /No OKE image for Kubernetes v1.34.2 and shape VM.Standard.E5.Flex in eu-paris-1/,
    );
    expect(pools[0].node_shape_config).toEqual({ ocpus: 2, memory_in_gbs: 16 });
  });

  it("keeps flannel off before any node exists: the add-on selects a label no node has, and pools wait for it", () => {
    const [addon] = Object.values<any>(j.resource.oci_containerengine_addon);
    expect(addon).toMatchObject({ addon_name: "Flannel", override_existing: true, remove_addon_resources_on_delete: false });
    expect(addon.configurations).toEqual([{ key: "nodeSelectors", value: '{"okemesh.io/flannel":"off"}' }]);
    const addonAddress = Object.keys(j.resource.oci_containerengine_addon)[0];
    expect(pools[0].depends_on).toEqual([`oci_containerengine_addon.${addonAddress}`]);
  });

  it("reads the cluster's CA certificate from its kubeconfig, into a local that alone leaves the stack", () => {
    const [kubeconfig] = Object.values<any>(j.data.oci_containerengine_cluster_kube_config);
    expect(kubeconfig).toMatchObject({ cluster_id: expect.stringMatching(/oci_containerengine_cluster\..*\.id/), token_version: "2.0.0" });
    const ca = Object.entries<string>(j.locals).find(([k]) => k.startsWith("oke_ca-certificate"))![1];
    expect(ca).toMatch(
      /^\$\{base64decode\(element\(yamldecode\(data\.oci_containerengine_cluster_kube_config\..*\.content\)\.clusters, 0\)\.cluster\["certificate-authority-data"\]\)\}$/,
    );
  });

  it("takes the newest matching image by build date", () => {
    const images = Object.entries<string>(j.locals).find(([k]) => k.includes("node-images_workers_images"))![1];
    expect(images).toContain('"${regex("[0-9]{4}[.][0-9]{2}[.][0-9]{2}-[0-9]+", s.source_name)}|${s.image_id}"');
    expect(pools[0].node_source_details.image_id).toMatch(
      /^\$\{try\(element\(split\("\|", element\(reverse\(sort\(local\..*\)\), 0\)\), 1\), ""\)\}$/,
    );
  });

  it("chooses the image once, when the pool is created: a newer Oracle image is never a diff by itself", () => {
    expect(pools[0].lifecycle.ignore_changes).toEqual(["node_source_details[0].image_id"]);
    // Nothing in the configuration depends on the clock: two synths are the same, whatever the date.
    expect(JSON.stringify(j)).not.toMatch(/timestamp\(|plantimestamp\(|time_static|time_rotating/);
  });

  it("uses a pinned image as given, without a lookup and without ignoring changes (an edit rolls the pool)", () => {
    const raw = rawTopology(2) as any;
    raw.nodePools = [{ name: "workers", image: "ocid1.image.oc1.eu-paris-1.aaaaexample" }];
    const pinned = synthCluster({ nodePools: raw.nodePools });
    const [pool] = Object.values<any>(pinned.resource.oci_containerengine_node_pool);
    expect(pool.node_source_details.image_id).toBe("ocid1.image.oc1.eu-paris-1.aaaaexample");
    expect(pool.lifecycle).toBeUndefined();
    expect(pinned.data.oci_containerengine_node_pool_option).toBeUndefined();
  });

  it("keeps every pool's address whatever its name, apart from the image lookups (no id collisions)", () => {
    const out = synthCluster({ nodePools: [{ name: "a" }, { name: "a-options" }, { name: "a-images" }] });
    expect(
      Object.keys(out.resource.oci_containerengine_node_pool)
        .map((k) => k.replace(/_[0-9A-F]{8}$/, ""))
        .sort(),
    ).toEqual(["oke_node-pools_a", "oke_node-pools_a-images", "oke_node-pools_a-options"]);
  });

  it("creates one pool per topology entry, with shape config only for Flex shapes", () => {
    const raw = rawTopology(2) as any;
    raw.regions[0].nodePools = [{ name: "a" }, { name: "b", shape: "VM.Standard3.4" }];
    const t = topologyOf(raw);
    const out = JSON.parse(
      Testing.synthScope((scope) => {
        const region = new Region(scope, "network", {
          spec: t.regions[0],
          meshName: t.name,
          meshCidr: t.meshCidr,
          compartmentId: "x",
          apiEndpoint: t.apiEndpoint,
        });
        new OkeCluster(scope, "oke", { region, meshName: t.name, compartmentId: "x" });
      }),
    );
    const byName = Object.fromEntries(Object.values<any>(out.resource.oci_containerengine_node_pool).map((p) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(["australis-c1-a", "australis-c1-b"]);
    expect(byName["australis-c1-b"].node_shape_config).toBeUndefined();
  });
});
