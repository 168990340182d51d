import { Testing } from "cdktf";
import { Region } from "../../constructs/region";
import { rawTopology, topologyOf } from "../helpers";

/** Synthesizes one Region of a 2-region topology and returns the stack JSON. */
function synthRegion(extra: Record<string, unknown> = {}) {
  const t = topologyOf(rawTopology(2, extra));
  return JSON.parse(
    Testing.synthScope((scope) => {
      new Region(scope, "network", {
        spec: t.regions[0],
        meshName: t.name,
        meshCidr: t.meshCidr,
        compartmentId: "ocid1.compartment.oc1..x",
        apiEndpoint: t.apiEndpoint,
      });
    }),
  );
}
const all = (j: any, type: string): any[] => Object.values(j.resource[type] ?? {});

describe("Region", () => {
  const j = synthRegion();

  it("builds one VCN with the topology's CIDR and a DNS label", () => {
    expect(all(j, "oci_core_vcn")).toEqual([
      expect.objectContaining({ cidr_blocks: ["10.1.0.0/16"], dns_label: "c1", display_name: "australis-c1-vcn" }),
    ]);
  });

  it("carves private subnets for the workers and internal load balancers, and a public-capable one for the API endpoint", () => {
    const subnets = all(j, "oci_core_subnet");
    expect(subnets.map((s) => [s.display_name, s.cidr_block, s.prohibit_public_ip_on_vnic]).sort()).toEqual([
      ["australis-c1-api-endpoint", "10.1.10.0/28", false],
      ["australis-c1-internal-lb", "10.1.8.0/24", true],
      ["australis-c1-workers", "10.1.0.0/21", true],
    ]);
  });

  it("routes the mesh supernet to the DRG, the internet to NAT, Oracle services to the service gateway", () => {
    const [routes] = all(j, "oci_core_route_table");
    const rules = routes.route_rules.map((r: any) => [r.destination, r.destination_type, r.network_entity_id]);
    expect(rules).toEqual([
      ["0.0.0.0/0", "CIDR_BLOCK", expect.stringMatching(/^\$\{oci_core_nat_gateway\..*\.id\}$/)],
      [expect.stringContaining("data.oci_core_services"), "SERVICE_CIDR_BLOCK", expect.stringMatching(/^\$\{oci_core_service_gateway\..*\.id\}$/)],
      ["10.0.0.0/8", "CIDR_BLOCK", expect.stringMatching(/^\$\{oci_core_drg\..*\.id\}$/)],
    ]);
  });

  it("attaches the VCN to the DRG", () => {
    expect(all(j, "oci_core_drg_attachment")).toEqual([
      expect.objectContaining({
        drg_id: expect.stringMatching(/^\$\{oci_core_drg\./),
        network_details: { id: expect.stringMatching(/^\$\{oci_core_vcn\./), type: "VCN" },
      }),
    ]);
  });

  it("has no internet gateway while nothing is public", () => {
    expect(j.resource.oci_core_internet_gateway).toBeUndefined();
  });

  it("empties the default security list: NSGs carry every rule", () => {
    const [list] = all(j, "oci_core_default_security_list");
    expect(list.ingress_security_rules).toBeUndefined();
    expect(list.egress_security_rules).toBeUndefined();
    expect(list.manage_default_resource_id).toMatch(/default_security_list_id/);
  });

  it("opens no ingress to the world", () => {
    const ingress = all(j, "oci_core_network_security_group_security_rule").filter((r) => r.direction === "INGRESS");
    expect(ingress.length).toBeGreaterThan(0);
    for (const r of ingress) expect(r.source).not.toBe("0.0.0.0/0");
  });

  it("lets worker nodes reach the API and the internal LBs reach NodePorts and health checks", () => {
    const rules = all(j, "oci_core_network_security_group_security_rule");
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          direction: "INGRESS",
          protocol: "6",
          tcp_options: { destination_port_range: { min: 6443, max: 6443 } },
          source_type: "NETWORK_SECURITY_GROUP",
        }),
        expect.objectContaining({ direction: "INGRESS", protocol: "17", udp_options: { destination_port_range: { min: 30000, max: 32767 } } }),
        expect.objectContaining({ direction: "INGRESS", protocol: "6", tcp_options: { destination_port_range: { min: 10256, max: 10256 } } }),
      ]),
    );
  });

  it("admits the allow-list to the API endpoint, and adds an internet gateway only for a public endpoint", () => {
    const pub = synthRegion({ apiEndpoint: { access: "public", allowedCidrs: ["203.0.113.0/24"] } });
    expect(all(pub, "oci_core_internet_gateway")).toHaveLength(1);
    const api = all(pub, "oci_core_subnet").find((s) => s.display_name === "australis-c1-api-endpoint");
    expect(api.prohibit_public_ip_on_vnic).toBe(false);
    expect(all(pub, "oci_core_network_security_group_security_rule")).toContainEqual(
      expect.objectContaining({
        direction: "INGRESS",
        source: "203.0.113.0/24",
        source_type: "CIDR_BLOCK",
        tcp_options: { destination_port_range: { min: 6443, max: 6443 } },
      }),
    );
    const priv = synthRegion({ apiEndpoint: { allowedCidrs: ["10.250.0.0/24"] } }); // a runner VCN inside meshCidr
    expect(priv.resource.oci_core_internet_gateway).toBeUndefined();
    expect(all(priv, "oci_core_network_security_group_security_rule")).toContainEqual(expect.objectContaining({ source: "10.250.0.0/24" }));
  });
});
