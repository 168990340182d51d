// Network security group rules as data, and the one place that turns them into
// oci_core_network_security_group_security_rule resources (the region's base rules and the
// mesh stack's cross-region rules alike).
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { CoreNetworkSecurityGroupSecurityRule } from "../.gen/providers/oci/core-network-security-group-security-rule";

/** OCI protocol numbers. */
export enum Protocol {
  ALL = "all",
  ICMP = "1",
  TCP = "6",
  UDP = "17",
  /** IPsec ESP: OCI takes any IPv4 protocol number (options only for ICMP, TCP and UDP). */
  ESP = "50",
}

/** The other end of a rule: a CIDR, an NSG (by id), or an Oracle Services Network label. */
export type RulePeer = { readonly cidr: string } | { readonly nsgId: string } | { readonly serviceCidr: string };

export interface NsgRule {
  /** Construct id of the rule: part of its Terraform address, so stable and meaningful. */
  readonly id: string;
  readonly direction: "INGRESS" | "EGRESS";
  readonly protocol: Protocol;
  /** Destination port or inclusive range (TCP/UDP). @default all ports */
  readonly ports?: number | readonly [number, number];
  /** ICMP type and code. @default all ICMP */
  readonly icmp?: { readonly type: number; readonly code?: number };
  readonly peer: RulePeer;
  /** Untracked: each direction needs its own rule, and no connection-table entry is used.
   * @default false */
  readonly stateless?: boolean;
  /** Says who and why, for the console and for reviewers. */
  readonly description: string;
}

/** Path MTU discovery ("fragmentation needed") must pass wherever packets flow. */
export const ICMP_FRAGMENTATION_NEEDED = { type: 3, code: 4 } as const;
export const ICMP_ECHO_REQUEST = { type: 8 } as const;

/** Creates one security rule resource per rule, under `scope`, on the NSG `nsgId`. */
export function addNsgRules(scope: Construct, nsgId: string, rules: readonly NsgRule[], provider?: TerraformProvider): void {
  for (const rule of rules) {
    const peerType = "cidr" in rule.peer ? "CIDR_BLOCK" : "nsgId" in rule.peer ? "NETWORK_SECURITY_GROUP" : "SERVICE_CIDR_BLOCK";
    const peer = "cidr" in rule.peer ? rule.peer.cidr : "nsgId" in rule.peer ? rule.peer.nsgId : rule.peer.serviceCidr;
    const range =
      rule.ports === undefined
        ? undefined
        : typeof rule.ports === "number"
          ? { min: rule.ports, max: rule.ports }
          : { min: rule.ports[0], max: rule.ports[1] };
    const portOptions = range && { destinationPortRange: range };
    new CoreNetworkSecurityGroupSecurityRule(scope, rule.id, {
      provider,
      networkSecurityGroupId: nsgId,
      direction: rule.direction,
      protocol: rule.protocol,
      description: rule.description,
      stateless: rule.stateless ?? false,
      ...(rule.direction === "INGRESS" ? { source: peer, sourceType: peerType } : { destination: peer, destinationType: peerType }),
      ...(rule.protocol === Protocol.TCP && portOptions ? { tcpOptions: portOptions } : {}),
      ...(rule.protocol === Protocol.UDP && portOptions ? { udpOptions: portOptions } : {}),
      ...(rule.protocol === Protocol.ICMP && rule.icmp ? { icmpOptions: rule.icmp } : {}),
    });
  }
}
