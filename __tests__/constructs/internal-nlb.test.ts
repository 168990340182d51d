// internalNlbService: an internal NLB on the region's reserved IP, checked after apply.
import * as fs from "fs";
import * as path from "path";
import { internalNlbService } from "../../constructs/internal-nlb";
import { rawTopology, resources, ROOT, synthWithMembers, topologyOf } from "../helpers";

const t = topologyOf(rawTopology(2));
const synth = (sessionAffinity?: "ClientIP") =>
  resources(
    synthWithMembers(t, (scope, [c1]) => {
      internalNlbService(scope, "svc", {
        member: c1,
        name: "x",
        namespace: "ns",
        selector: { app: "x" },
        ports: [{ port: 1, protocol: "TCP" }],
        ip: "10.1.8.10",
        reservedIp: "10.1.8.10",
        sessionAffinity,
      });
    }),
    "kubernetes_service_v1",
  )[0];

describe("internalNlbService", () => {
  const svc = synth();

  it("asks OKE for an internal NLB in the exported subnet and NSG, on the reserved address, managing no security rules", () => {
    expect(svc.spec.type).toBe("LoadBalancer");
    expect(svc.metadata.annotations).toEqual({
      "oci.oraclecloud.com/load-balancer-type": "nlb",
      "oci-network-load-balancer.oraclecloud.com/internal": "true",
      "oci-network-load-balancer.oraclecloud.com/subnet": "ocid1.subnet-ilb.oc1.eu-paris-1.c1",
      "oci-network-load-balancer.oraclecloud.com/oci-network-security-groups": "ocid1.nsg-ilb.oc1.eu-paris-1.c1",
      "oci.oraclecloud.com/reserved-private-ips": "10.1.8.10",
      "oci-network-load-balancer.oraclecloud.com/security-list-management-mode": "None",
      "oci.oraclecloud.com/security-rule-management-mode": "None",
    });
  });

  it("fails the apply when the load balancer did not get the address every peer is configured with", () => {
    expect(svc.wait_for_load_balancer).toBe(true);
    expect(svc.lifecycle.postcondition[0].condition).toBe('${try(self.status[0].load_balancer[0].ingress[0].ip, "") == "10.1.8.10"}');
  });

  it("keeps no session affinity unless asked", () => {
    expect(svc.spec.session_affinity).toBe("None");
    expect(synth("ClientIP").spec.session_affinity).toBe("ClientIP");
  });
});

const svc = synth();

describe("the annotation keys", () => {
  it("are all keys the OCI cloud controller manager or OKE's managed one knows (schemas/ccm-annotation-keys.txt)", () => {
    const known = new Set(
      fs
        .readFileSync(path.join(ROOT, "schemas", "ccm-annotation-keys.txt"), "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => l.split(" ")[0]),
    );
    expect(known.has("oci.oraclecloud.com/reserved-private-ips")).toBe(true);
    for (const key of Object.keys(svc.metadata.annotations)) expect([key, known.has(key)]).toEqual([key, true]);
  });
});
