// IPv4 network helpers over ip-num: parsing, overlap/containment and the subnet layout
// carved from each VCN. Nothing here does address arithmetic by hand.
import { IPv4, IPv4CidrRange, IPv4Prefix, Validator } from "ip-num";

/** Why `text` is not an IPv4 network in CIDR notation, or undefined when it is one. */
export function cidrProblem(text: unknown): string | undefined {
  if (typeof text !== "string") return "must be a string in CIDR notation, e.g. 10.1.0.0/16";
  const [notation] = Validator.isValidIPv4CidrNotation(text);
  if (!notation) return `'${text}' is not an IPv4 CIDR (expected e.g. 10.1.0.0/16)`;
  const [aligned] = Validator.isValidIPv4CidrRange(text);
  if (!aligned) {
    const [ip, prefix] = text.split("/");
    const fixed = networkOf(ip, Number(prefix));
    return `'${text}' has host bits set (did you mean ${fixed}?)`;
  }
  return undefined;
}

export const isCidr = (text: unknown): text is string => cidrProblem(text) === undefined;

function range(cidr: string): IPv4CidrRange {
  return IPv4CidrRange.fromCidr(cidr);
}

/** The network of the given size that contains `ip`, e.g. (10.1.2.3, 16) -> 10.1.0.0/16. */
function networkOf(ip: string, prefix: number): string {
  const mask = IPv4Prefix.fromNumber(BigInt(prefix)).toMask();
  return `${IPv4.fromNumber(new IPv4(ip).getValue() & mask.getValue()).toString()}/${prefix}`;
}

export function overlaps(a: string, b: string): boolean {
  return range(a).isOverlapping(range(b));
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: string, inner: string): boolean {
  return range(inner).inside(range(outer));
}

export function prefixLength(cidr: string): number {
  return Number(range(cidr).cidrPrefix.getValue());
}

/** The `offset`-th usable address of a network (offset 0 is the network address). */
export function hostAt(cidr: string, offset: number): string {
  const r = range(cidr);
  if (BigInt(offset) >= r.getSize()) throw new Error(`offset ${offset} is outside ${cidr}`);
  return r.take(BigInt(offset) + 1n)[offset].toString();
}

/** True when `ip` is an IPv4 address OCI lets a load balancer take in `cidr`: not the network
 * address, not the first host (the VCN router) and not the broadcast address. */
export function isUsableHost(cidr: string, ip: string): boolean {
  if (!Validator.isValidIPv4String(ip)[0]) return false;
  const r = range(cidr);
  const address = new IPv4(ip);
  if (!r.contains(address)) return false;
  const value = address.getValue();
  return value > r.getFirst().getValue() + 1n && value < r.getLast().getValue();
}

/** The subnets okemesh carves from every VCN. Positions are fixed, so turning an optional
 * subnet on or off never moves another one (and never replaces it). */
export interface SubnetLayout {
  /** Worker nodes (private): the first /21 of the VCN. */
  readonly workers: string;
  /** Internal network load balancers (private): the first /24 after the workers. */
  readonly internalLb: string;
  /** Public load balancers: reserved, created only when enabled. */
  readonly publicLb: string;
  /** The Kubernetes API endpoint: a /28 after the load-balancer subnets. */
  readonly apiEndpoint: string;
  /** OCI Bastion service endpoint: a /28 beside the API endpoint. */
  readonly bastion: string;
}

/** Offsets of the internal load balancers' pinned IPs in the internal-LB subnet (OCI reserves
 * the first two addresses and the last one of every subnet). */
const DNS_LB_OFFSET = 10;
const CLUSTERMESH_LB_OFFSET = 11;

/** The default private IPs of a region's internal NLBs: derived from the layout, so every
 * peer knows them at synth time. */
export function defaultLoadBalancerIps(layout: SubnetLayout): { dns: string; clustermesh: string } {
  return { dns: hostAt(layout.internalLb, DNS_LB_OFFSET), clustermesh: hostAt(layout.internalLb, CLUSTERMESH_LB_OFFSET) };
}

/** The smallest VCN (largest prefix length) that the layout fits in. */
export const MIN_VCN_PREFIX = 20;

/** Carves the fixed layout from `vcnCidr`, or explains why the VCN is too small. */
export function carveSubnets(vcnCidr: string): SubnetLayout | { tooSmall: string } {
  const vcn = range(vcnCidr);
  const workers = IPv4CidrRange.fromCidr(`${vcn.getFirst().toString()}/21`);
  const lbBlock = workers.nextRange();
  if (!lbBlock) return { tooSmall: `is too small: the subnet layout needs a /${MIN_VCN_PREFIX} or larger` };
  const slash24 = lbBlock.splitInto(new IPv4Prefix(24n));
  const slash28 = slash24[2].splitInto(new IPv4Prefix(28n));
  const layout: SubnetLayout = {
    workers: workers.toCidrString(),
    internalLb: slash24[0].toCidrString(),
    publicLb: slash24[1].toCidrString(),
    apiEndpoint: slash28[0].toCidrString(),
    bastion: slash28[1].toCidrString(),
  };
  const outside = Object.entries(layout).filter(([, cidr]) => !contains(vcnCidr, cidr));
  if (outside.length > 0) {
    return {
      tooSmall: `is too small: the subnet layout (workers /21, load balancers /24, API endpoint /28) needs a /${MIN_VCN_PREFIX} or larger; ${outside
        .map(([name]) => name)
        .join(", ")} would not fit`,
    };
  }
  return layout;
}
