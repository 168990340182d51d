// From topology text to a validated, resolved Topology, or to the full list of problems.
import { z } from "zod";
import { carveSubnets, defaultLoadBalancerIps, SubnetLayout } from "./cidr";
import { SOCKS_PORT_BASE } from "./ports";
import { formatPath, shown } from "./echo";
import { coherenceMemberSetOf } from "./names";
import { OCI_REGION_REALMS } from "./oci-regions";
import { crossFieldIssues, Issue, nearest } from "./rules";
import { dataPlaneWarnings } from "./rules/data-plane";
import { DISCOVERY_OF, knownKeys, ParsedRegion, ParsedTopology, topologySchema } from "./schema";
import { dnsLabelOf, pairsOf, peersByRegion, RegionSpec, Topology } from "./topology";
import { readYaml } from "./yaml";

export type { Issue } from "./rules";
export { formatPath } from "./echo";

export type LoadResult =
  | { readonly ok: true; readonly topology: Topology; /** Valid, but probably not what you want. */ readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Parses a topology document (YAML, or JSON, which YAML 1.2 reads too) and validates it. */
export function parseTopology(text: string): LoadResult {
  const read = readYaml(text);
  return "issues" in read ? { ok: false, issues: read.issues } : validateTopology(read.data);
}

/** Validates a parsed document: the schema and the cross-field rules, all problems at once. */
export function validateTopology(raw: unknown): LoadResult {
  const parsed = topologySchema.safeParse(raw, { reportInput: true });
  const issues = [...(parsed.success ? [] : schemaIssues(parsed.error)), ...crossFieldIssues(raw)];
  if (!parsed.success || issues.length > 0) return { ok: false, issues: sortByPath(dedupe(issues)) };
  const topology = resolve(parsed.data);
  return { ok: true, topology, warnings: warningsOf(topology) };
}

/** Valid, but loud: a public endpoint that admits the whole internet; the data plane's warnings. */
function warningsOf(t: Topology): Issue[] {
  return [...openApiWarnings(t), ...dataPlaneWarnings(t)];
}

function openApiWarnings(t: Topology): Issue[] {
  if (t.apiEndpoint.access !== "public") return [];
  return t.apiEndpoint.allowedCidrs.flatMap((c, i) =>
    c === "0.0.0.0/0"
      ? [
          {
            path: `apiEndpoint.allowedCidrs[${i}]`,
            message:
              "0.0.0.0/0 opens every cluster's Kubernetes API to the whole internet, guarded only by its authentication: " +
              "list the CIDRs terraform and your people come from",
          },
        ]
      : [],
  );
}

/** One line per problem: `path: message`. */
export function formatIssues(source: string, issues: readonly Issue[]): string {
  const head = `okemesh: ${source}: ${issues.length} problem${issues.length === 1 ? "" : "s"}, nothing was synthesized:`;
  return [head, ...issues.map((i) => `  - ${i.path}: ${i.message}`)].join("\n");
}

function schemaIssues(error: z.ZodError): Issue[] {
  const keys = knownKeys();
  return error.issues.flatMap((i): Issue[] => {
    if (i.code === "unrecognized_keys") {
      return i.keys.map((k) => {
        const hint = nearest(k, keys);
        return { path: formatPath([...i.path, k]), message: `unknown key${hint ? ` (did you mean '${hint}'?)` : ""}` };
      });
    }
    return [{ path: formatPath(i.path), message: describe(i) }];
  });
}

function describe(i: z.core.$ZodIssue): string {
  if (i.code === "invalid_type" && i.input === undefined) return `is required (${i.expected})`;
  // A union reports the object; the field at fault is the last element of the path.
  const last = i.path[i.path.length - 1];
  const input =
    i.input !== null && typeof i.input === "object" && typeof last === "string" && last in i.input
      ? (i.input as Record<string, unknown>)[last]
      : i.input;
  const scalar = input === null || ["string", "number", "boolean"].includes(typeof input);
  return scalar ? `${i.message} (got ${shown(input)})` : i.message;
}

/** Problems grouped by field, in document order of the indices (regions[2] before regions[10]). */
function sortByPath(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true }));
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function resolveRegion(t: ParsedTopology, r: ParsedRegion): RegionSpec {
  const subnets = carveSubnets(r.vcnCidr) as SubnetLayout; // the rules have checked it fits
  return {
    name: r.name,
    ociRegion: r.ociRegion,
    ociRealm: r.ociRealm ?? OCI_REGION_REALMS[r.ociRegion],
    clusterId: r.clusterId,
    vcnCidr: r.vcnCidr,
    podsCidr: r.podsCidr,
    servicesCidr: r.servicesCidr,
    kubernetesVersion: r.kubernetesVersion ?? t.kubernetesVersion,
    nodePools: r.nodePools ?? t.nodePools,
    subnets,
    dnsLabel: dnsLabelOf(r.name),
    loadBalancerIps: { ...defaultLoadBalancerIps(subnets), ...r.loadBalancerIps },
    socksPort: SOCKS_PORT_BASE + r.clusterId,
    coherenceReplicas: r.coherenceReplicas ?? t.coherence.replicas,
    coherenceMemberSet: coherenceMemberSetOf(t.coherence.clusterName ?? t.name, r.name),
  };
}

function resolve(t: ParsedTopology): Topology {
  const regions = t.regions.map((r) => resolveRegion(t, r));
  return {
    name: t.name,
    meshCidr: t.meshCidr,
    apiEndpoint: t.apiEndpoint,
    connectivity: t.connectivity,
    discovery: t.discovery ?? DISCOVERY_OF[t.connectivity][0],
    cilium: t.cilium,
    // brokerRegion is required with submariner (rules/data-plane.ts); unused otherwise.
    submariner: { ...t.submariner, brokerRegion: t.submariner.brokerRegion ?? "" },
    globalServices: t.globalServices,
    coherence: { ...t.coherence, clusterName: t.coherence.clusterName ?? t.name },
    state: t.state,
    protect: t.protect,
    regions,
    retired: t.retired.map((r) => resolveRegion(t, r)),
    pairs: pairsOf(regions),
    peers: peersByRegion(regions),
  };
}
