// IPv4 network helpers over ip-num: parsing, overlap/containment and the subnet layout
// carved from each VCN. ip-num validates and sizes every network once; comparisons are on the
// first and last addresses it gives.
import { IPv4, IPv4CidrRange, IPv4Prefix, Validator } from "ip-num";
import { clip } from "./echo";

/** A parsed network: its text and its first and last address, so that comparing two is cheap. */
export interface Cidr {
  readonly text: string;
  readonly prefix: number;
  readonly first: bigint;
  readonly last: bigint;
}

export type ParsedCidr = { readonly cidr: Cidr } | { readonly problem: string };

/** How many texts parseCidr remembers: a mesh has a few per region (and the validation of many
 * topologies in one process, as in the tests, the same ones again); past this it starts over. */
export const PARSED_CIDRS_KEPT = 1024;

const parsedCidrs = new Map<string, ParsedCidr>();

/** Parses `text`, or says why it is not an IPv4 network in canonical CIDR notation. The answer
 * for a text is made once (ip-num takes about 20 µs to check and size a network, and the rules,
 * the subnet layout and the load balancers' addresses ask about the same few texts again) and
 * frozen, since every caller shares it. */
export function parseCidr(text: unknown): ParsedCidr {
  if (typeof text !== "string") return { problem: "must be a string in CIDR notation, e.g. 10.1.0.0/16" };
  // Nothing longer is a network: no need to keep it (a hostile document's text can be megabytes).
  if (text.length > "255.255.255.255/32".length) return parseCidrText(text);
  let parsed = parsedCidrs.get(text);
  if (!parsed) {
    if (parsedCidrs.size >= PARSED_CIDRS_KEPT) parsedCidrs.clear();
    parsed = freeze(parseCidrText(text));
    parsedCidrs.set(text, parsed);
  }
  return parsed;
}

function freeze(parsed: ParsedCidr): ParsedCidr {
  if ("cidr" in parsed) Object.freeze(parsed.cidr);
  return Object.freeze(parsed);
}

function parseCidrText(text: string): ParsedCidr {
  const [notation] = Validator.isValidIPv4CidrNotation(text);
  if (!notation) return { problem: `'${clip(text)}' is not an IPv4 CIDR (expected e.g. 10.1.0.0/16)` };
  const [ip, prefixText] = text.split("/");
  const prefix = Number(prefixText);
  // ip-num reads "/016" as /16; OCI and Terraform compare the text, so only one spelling works.
  if (prefixText !== String(prefix)) return { problem: `'${text}' is not in canonical form (did you mean ${ip}/${prefix}?)` };
  const [aligned] = Validator.isValidIPv4CidrRange(text);
  if (!aligned) return { problem: `'${text}' has host bits set (did you mean ${networkOf(ip, prefix)}?)` };
  // ip-num's getFirst/getLast are slow; the network address and the size are not.
  const first = new IPv4(ip).getValue();
  return { cidr: { text, prefix, first, last: first + IPv4CidrRange.fromCidr(text).getSize() - 1n } };
}

/** Why `text` is not an IPv4 network in CIDR notation, or undefined when it is one. */
export function cidrProblem(text: unknown): string | undefined {
  const parsed = parseCidr(text);
  return "problem" in parsed ? parsed.problem : undefined;
}

/** A network that `parseCidr` accepts; throws otherwise (for CIDRs the rules have checked). */
export function cidrOf(text: string): Cidr {
  const parsed = parseCidr(text);
  if ("problem" in parsed) throw new Error(parsed.problem);
  return parsed.cidr;
}

export const overlap = (a: Cidr, b: Cidr): boolean => a.first <= b.last && b.first <= a.last;

/** True when `inner` lies wholly inside `outer`. */
export const within = (outer: Cidr, inner: Cidr): boolean => outer.first <= inner.first && inner.last <= outer.last;

/** Addresses no network of the mesh may use, and no client can come from. */
export const RESERVED_RANGES: ReadonlyArray<{ readonly cidr: Cidr; readonly why: string }> = [
  { cidr: cidrOf("0.0.0.0/8"), why: '"this network" (RFC 1122)' },
  { cidr: cidrOf("127.0.0.0/8"), why: "loopback" },
  { cidr: cidrOf("169.254.0.0/16"), why: "link-local (OCI's instance metadata and DNS live there)" },
  { cidr: cidrOf("224.0.0.0/4"), why: "multicast" },
  { cidr: cidrOf("240.0.0.0/4"), why: "reserved for future use and broadcast (RFC 1112)" },
];

/** Private address space a mesh supernet may take: RFC 1918, and RFC 6598's shared space, which
 * the internet does not route either (so routing it to the DRG swallows no internet traffic). */
export const PRIVATE_RANGES: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(cidrOf);

/** The network of the given size that contains `ip`, e.g. (10.1.2.3, 16) -> 10.1.0.0/16. */
function networkOf(ip: string, prefix: number): string {
  const mask = IPv4Prefix.fromNumber(BigInt(prefix)).toMask();
  return `${IPv4.fromNumber(new IPv4(ip).getValue() & mask.getValue()).toString()}/${prefix}`;
}

export function overlaps(a: string, b: string): boolean {
  return overlap(cidrOf(a), cidrOf(b));
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: string, inner: string): boolean {
  return within(cidrOf(outer), cidrOf(inner));
}

/** The `offset`-th usable address of a network (offset 0 is the network address). */
export function hostAt(cidr: string, offset: number): string {
  const network = cidrOf(cidr);
  const address = network.first + BigInt(offset);
  if (address > network.last) throw new Error(`offset ${offset} is outside ${cidr}`);
  return IPv4.fromNumber(address).toString();
}

/** True when `ip` is an IPv4 address OCI lets a load balancer take in `cidr`: not the network
 * address, not the first host (the VCN router) and not the broadcast address. */
export function isUsableHost(cidr: string, ip: string): boolean {
  if (!Validator.isValidIPv4String(ip)[0]) return false;
  const network = cidrOf(cidr);
  const value = new IPv4(ip).getValue();
  return value > network.first + 1n && value < network.last;
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

/** A network of `prefix` starting `offset` addresses after `base`. */
function blockAt(base: bigint, offset: number, prefix: number): Cidr {
  const first = base + BigInt(offset);
  return { text: `${IPv4.fromNumber(first).toString()}/${prefix}`, prefix, first, last: first + 2n ** BigInt(32 - prefix) - 1n };
}

/** Where each subnet starts in the VCN: the workers' /21, then a /21 holding the two load
 * balancer /24s and, in its third /24, the /28s of the API endpoint and the bastion. */
const LAYOUT = { workers: [0, 21], internalLb: [2048, 24], publicLb: [2304, 24], apiEndpoint: [2560, 28], bastion: [2576, 28] } as const;
const LAST_IPV4 = 2n ** 32n - 1n;

/** Carves the fixed layout from `vcnCidr`, or explains why the VCN is too small. */
export function carveSubnets(vcnCidr: string | Cidr): SubnetLayout | { tooSmall: string } {
  const vcn = typeof vcnCidr === "string" ? cidrOf(vcnCidr) : vcnCidr;
  // The load-balancer /21 must exist at all (not past the last address).
  if (vcn.first + 4096n - 1n > LAST_IPV4) return { tooSmall: `is too small: the subnet layout needs a /${MIN_VCN_PREFIX} or larger` };
  const blocks = Object.entries(LAYOUT).map(([name, [offset, prefix]]) => [name, blockAt(vcn.first, offset, prefix)] as const);
  const outside = blocks.filter(([, b]) => !within(vcn, b));
  if (outside.length > 0) {
    return {
      tooSmall: `is too small: the subnet layout (workers /21, load balancers /24, API endpoint /28) needs a /${MIN_VCN_PREFIX} or larger; ${outside
        .map(([name]) => name)
        .join(", ")} would not fit`,
    };
  }
  return Object.fromEntries(blocks.map(([name, b]) => [name, b.text])) as unknown as SubnetLayout;
}
