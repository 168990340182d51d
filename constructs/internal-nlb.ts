// A Kubernetes Service exposed as an INTERNAL OCI network load balancer on a reserved private
// IP: what the Cluster Mesh API server and the DNS chain both need.
import { ServiceV1, ServiceV1SpecPort } from "@cdktf/provider-kubernetes/lib/service-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { MeshMember } from "./mesh-member";

export interface InternalNlbServiceProps {
  readonly member: MeshMember;
  readonly name: string;
  readonly namespace: string;
  readonly selector: Record<string, string>;
  readonly ports: ServiceV1SpecPort[];
  /** The private IP, inside the member's internal-LB subnet, that peers are configured with. */
  readonly ip: string;
  /** The same address as the region stack reserved it (lifetime RESERVED), read from its
   * outputs: the Service names the reservation, not a free address of the subnet. */
  readonly reservedIp: string;
  readonly labels?: Record<string, string>;
  /** @default "None" */
  readonly sessionAffinity?: "None" | "ClientIP";
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The OCI cloud controller manager annotations for an internal NLB in the region's internal-LB
 * subnet with its NSG (okemesh owns the NSG rules, so the CCM manages none), on the private IP
 * the region stack reserved (`reserved-private-ips`; `spec.loadBalancerIP` is refused for
 * internal load balancers).
 */
export function internalNlbAnnotations(member: MeshMember, reservedIp: string): Record<string, string> {
  return {
    "oci.oraclecloud.com/load-balancer-type": "nlb",
    "oci-network-load-balancer.oraclecloud.com/internal": "true",
    "oci-network-load-balancer.oraclecloud.com/subnet": member.region.internalLbSubnetId,
    "oci-network-load-balancer.oraclecloud.com/oci-network-security-groups": member.region.internalLbNsgId,
    [RESERVED_PRIVATE_IP_ANNOTATION]: reservedIp,
    // UDP listeners require "None"; okemesh's NSG rules cover every listener.
    "oci-network-load-balancer.oraclecloud.com/security-list-management-mode": "None",
    "oci.oraclecloud.com/security-rule-management-mode": "None",
  };
}

/** OKE's annotation for an internal load balancer or NLB on a reserved private IP: the address
 * itself, Kubernetes >= 1.32, read when the load balancer is created (OKE documentation,
 * "Specifying Reserved Private IP Addresses"; a managed-OKE key, not in the open-source CCM). */
export const RESERVED_PRIVATE_IP_ANNOTATION = "oci.oraclecloud.com/reserved-private-ips";

/** Creates the Service; apply fails (postcondition) if OKE did not give it the reserved IP,
 * since every peer is configured with that IP. */
export function internalNlbService(scope: Construct, id: string, props: InternalNlbServiceProps): ServiceV1 {
  const { member, ip } = props;
  return new ServiceV1(scope, id, {
    provider: member.kubernetes,
    dependsOn: props.dependsOn,
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels, annotations: internalNlbAnnotations(member, props.reservedIp) },
    spec: {
      type: "LoadBalancer",
      selector: props.selector,
      port: props.ports,
      // The NLB source-NATs; the region's internal-LB -> workers NodePort rules then suffice.
      externalTrafficPolicy: "Cluster",
      sessionAffinity: props.sessionAffinity ?? "None",
    },
    waitForLoadBalancer: true,
    lifecycle: {
      postcondition: [
        {
          condition: `\${try(self.status[0].load_balancer[0].ingress[0].ip, "") == "${ip}"}`,
          errorMessage: `${props.namespace}/${props.name} in ${member.name} did not get its reserved private IP ${ip} (annotation ${RESERVED_PRIVATE_IP_ANNOTATION}); every peer is configured with it. See README, "Known limits".`,
        },
      ],
    },
  });
}
