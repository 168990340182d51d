import { Testing } from "cdktf";
import { addNsgRules, Protocol } from "../../constructs/nsg-rules";

describe("addNsgRules", () => {
  it("turns rules into security rule resources with the right peer type, options and statefulness", () => {
    const j = JSON.parse(
      Testing.synthScope((scope) =>
        addNsgRules(scope, "nsg", [
          { id: "a", direction: "INGRESS", protocol: Protocol.UDP, ports: 8472, peer: { cidr: "10.2.0.0/21" }, stateless: true, description: "a" },
          { id: "b", direction: "EGRESS", protocol: Protocol.TCP, ports: [1, 2], peer: { nsgId: "other" }, description: "b" },
          { id: "c", direction: "EGRESS", protocol: Protocol.TCP, peer: { serviceCidr: "osn" }, description: "c" },
        ]),
      ),
    );
    const [a, b, c] = Object.values<any>(j.resource.oci_core_network_security_group_security_rule);
    expect(a).toMatchObject({
      network_security_group_id: "nsg",
      source: "10.2.0.0/21",
      source_type: "CIDR_BLOCK",
      stateless: true,
      udp_options: { destination_port_range: { min: 8472, max: 8472 } },
    });
    expect(b).toMatchObject({
      destination: "other",
      destination_type: "NETWORK_SECURITY_GROUP",
      stateless: false,
      tcp_options: { destination_port_range: { min: 1, max: 2 } },
    });
    expect(c).toMatchObject({ destination: "osn", destination_type: "SERVICE_CIDR_BLOCK" });
    expect(c.tcp_options).toBeUndefined();
  });
});
