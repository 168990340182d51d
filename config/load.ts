// From topology text to a validated, resolved Topology, or to the full list of problems.
import { isCollection, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, visit } from "yaml";
import { z } from "zod";
import { carveSubnets, defaultLoadBalancerIps, SubnetLayout } from "./cidr";
import { clip, shown } from "./echo";
import { coherenceMemberSetOf } from "./names";
import { OCI_REGION_REALMS } from "./oci-regions";
import { crossFieldIssues, Issue, nearest } from "./rules";
import { knownKeys, ParsedTopology, topologySchema } from "./schema";
import { dnsLabelOf, pairsOf, RegionSpec, Topology } from "./topology";

export type { Issue } from "./rules";

export type LoadResult =
  | { readonly ok: true; readonly topology: Topology; /** Valid, but probably not what you want. */ readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Aliases one document may expand: more is a "billion laughs" bomb, not a topology. */
const MAX_ALIAS_COUNT = 100;

/** The tags of plain YAML data (the core schema's); any other tag (!!binary, !!set, !foo)
 * would turn into something that is not a string, number, boolean, list or map. */
const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/** Parses a topology document (YAML, or JSON, which YAML 1.2 reads too) and validates it. */
export function parseTopology(text: string): LoadResult {
  const lines = new LineCounter();
  const read = readDocument(text, lines);
  if ("issues" in read) return { ok: false, issues: read.issues };
  return validateTopology(read.data);
}

function readDocument(text: string, lines: LineCounter): { data: unknown } | { issues: Issue[] } {
  const fileIssue = (message: string): Issue => ({ path: "(file)", message });
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, lineCounter: lines });
    // yaml's messages quote at most 80 characters of the offending line.
    if (doc.errors.length > 0) return { issues: doc.errors.map((e) => fileIssue(e.message.replace(/\s+$/, ""))) };
    const tagged = unplainTags(doc.contents, lines);
    if (tagged.length > 0) return { issues: tagged };
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    // yaml throws for an alias bomb (ReferenceError) and for documents nested too deeply to walk.
    const aliases = e instanceof ReferenceError ? ` (a topology may expand at most ${MAX_ALIAS_COUNT} aliases)` : "";
    return { issues: [fileIssue(`cannot be read: ${clip((e as Error).message)}${aliases}`)] };
  }
}

function unplainTags(contents: unknown, lines: LineCounter): Issue[] {
  const found: Issue[] = [];
  visit(contents as Node, (_key, node, ancestors) => {
    if (!isScalar(node) && !isCollection(node)) return;
    if (node.tag === undefined || PLAIN_TAGS.has(node.tag)) return;
    const at = node.range ? lines.linePos(node.range[0]) : undefined;
    found.push({
      path: fieldPath([...ancestors, node]),
      message: `the YAML tag ${clip(node.tag.replace(/^tag:yaml\.org,2002:/, "!!"))}${at ? ` (line ${at.line})` : ""} is not allowed: a topology holds only strings, numbers, booleans, lists and maps`,
    });
  });
  return found;
}

/** The field path of a node from its ancestors: map keys and list indices. */
function fieldPath(chain: readonly unknown[]): string {
  const parts: PropertyKey[] = [];
  chain.forEach((n, i) => {
    if (isPair(n)) parts.push(isScalar(n.key) ? String(n.key.value) : "?");
    if (isSeq(n) && i + 1 < chain.length) parts.push(n.items.indexOf(chain[i + 1] as never));
  });
  return formatPath(parts);
}

/** Validates a parsed document: the schema and the cross-field rules, all problems at once. */
export function validateTopology(raw: unknown): LoadResult {
  const parsed = topologySchema.safeParse(raw, { reportInput: true });
  const issues = [...(parsed.success ? [] : schemaIssues(parsed.error)), ...crossFieldIssues(raw)];
  if (!parsed.success || issues.length > 0) return { ok: false, issues: sortByPath(dedupe(issues)) };
  const topology = resolve(parsed.data);
  return { ok: true, topology, warnings: warningsOf(topology) };
}

/** Valid, but loud: a public endpoint that admits the whole internet. */
function warningsOf(t: Topology): Issue[] {
  if (t.apiEndpoint.access !== "public") return [];
  return t.apiEndpoint.allowedCidrs.flatMap((c, i) =>
    c === "0.0.0.0/0"
      ? [
          {
            path: `apiEndpoint.allowedCidrs[${i}]`,
            message: "0.0.0.0/0 opens every cluster's Kubernetes API to the whole internet, guarded only by its authentication: list the CIDRs terraform and your people come from",
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

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${clip(String(k))}` : clip(String(k))), "") || "(top level)";
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
  const input = i.input !== null && typeof i.input === "object" && typeof last === "string" && last in i.input ? (i.input as Record<string, unknown>)[last] : i.input;
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

const SOCKS_PORT_BASE = 10800;

function resolve(t: ParsedTopology): Topology {
  const clusterName = t.coherence.clusterName ?? t.name;
  const regions: RegionSpec[] = t.regions.map((r) => {
    const subnets = carveSubnets(r.vcnCidr) as SubnetLayout; // the rules have checked it fits
    const pinned = defaultLoadBalancerIps(subnets);
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
    loadBalancerIps: { ...pinned, ...r.loadBalancerIps },
    socksPort: SOCKS_PORT_BASE + r.clusterId,
    coherenceReplicas: r.coherenceReplicas ?? t.coherence.replicas,
    coherenceMemberSet: coherenceMemberSetOf(clusterName, r.name),
    };
  });
  return {
    name: t.name,
    meshCidr: t.meshCidr,
    apiEndpoint: t.apiEndpoint,
    cilium: t.cilium,
    coherence: { ...t.coherence, clusterName },
    state: t.state,
    protect: t.protect,
    regions,
    pairs: pairsOf(regions),
    retired: t.retired,
  };
}
