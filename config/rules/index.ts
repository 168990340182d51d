// The cross-field rules of the topology, each named and small. They read the raw document
// defensively, so one run reports every problem: schema errors and cross-field errors together.
import { allowListOnce, allowListRequired, privateClientsRoutable } from "./access";
import {
  brokerInMesh,
  discoveryFitsConnectivity,
  gatewayPoolName,
  globalServicesOwnNames,
  globalServicesOnce,
  lighthouseVersion,
  mcsApiVersion,
} from "./data-plane";
import { heapFits, memberSetNames, ownNamespaces } from "./coherence";
import { cidrSyntax, loadBalancerIps, meshSupernet, noOverlap, podsCapacity, reservedRanges, servicesSize, vcnSize } from "./network";
import { flexSizesOnly, uniquePoolNames } from "./pools";
import { distinctDnsLabels, oneRealm, retiredApart, uniqueRegions } from "./regions";
import { Issue, Rule, viewOf } from "./view";

export type { Issue, Rule } from "./view";
export { nearest } from "./words";

export const RULES: readonly Rule[] = [
  cidrSyntax,
  reservedRanges,
  noOverlap,
  meshSupernet,
  vcnSize,
  loadBalancerIps,
  podsCapacity,
  servicesSize,
  uniqueRegions,
  oneRealm,
  distinctDnsLabels,
  retiredApart,
  allowListRequired,
  allowListOnce,
  privateClientsRoutable,
  memberSetNames,
  ownNamespaces,
  heapFits,
  uniquePoolNames,
  flexSizesOnly,
  discoveryFitsConnectivity,
  mcsApiVersion,
  lighthouseVersion,
  gatewayPoolName,
  brokerInMesh,
  globalServicesOnce,
  globalServicesOwnNames,
];

/** Every problem every rule finds in a raw document. */
export function crossFieldIssues(doc: unknown): Issue[] {
  const view = viewOf(doc);
  return view ? RULES.flatMap((rule) => rule.check(view)) : [];
}
