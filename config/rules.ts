// Cross-field rules of the topology. They read the raw document defensively (a field that
// is missing or of the wrong type is the schema's to report), so one run reports every
// problem: schema errors and cross-field errors together.
import { carveSubnets, cidrProblem, contains, defaultLoadBalancerIps, isCidr, isUsableHost, overlaps, prefixLength } from "./cidr";
import { OCI_REGION_REALMS } from "./oci-regions";

export interface Issue {
  /** Field path such as `regions[1].podsCidr`. */
  readonly path: string;
  readonly message: string;
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function crossFieldIssues(doc: unknown): Issue[] {
  if (!isObject(doc)) return [];
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const regions = list(doc.regions).map((r, i) => ({ at: `regions[${i}]`, r: isObject(r) ? r : {} }));

  // Every CIDR parses.
  const cidrFields: Array<[string, unknown]> = [["meshCidr", doc.meshCidr]];
  if (isObject(doc.apiEndpoint)) list(doc.apiEndpoint.allowedCidrs).forEach((c, i) => cidrFields.push([`apiEndpoint.allowedCidrs[${i}]`, c]));
  for (const { at, r } of regions) for (const f of ["vcnCidr", "podsCidr", "servicesCidr"]) cidrFields.push([`${at}.${f}`, r[f]]);
  for (const [path, value] of cidrFields) {
    if (typeof value !== "string") continue; // absent or not a string: the schema says so
    const problem = cidrProblem(value);
    if (problem) add(path, problem);
  }

  // No two VCN, pods or services ranges overlap, across all regions.
  const ranges = regions.flatMap(({ at, r }) =>
    ["vcnCidr", "podsCidr", "servicesCidr"].filter((f) => isCidr(r[f])).map((f) => ({ path: `${at}.${f}`, cidr: r[f] as string })),
  );
  ranges.forEach((b, j) =>
    ranges.slice(0, j).forEach((a) => {
      if (overlaps(a.cidr, b.cidr)) add(b.path, `${b.cidr} overlaps ${a.path} ${a.cidr}`);
    }),
  );

  // Every VCN lies in the mesh supernet and is large enough for the subnet layout.
  const meshCidr = doc.meshCidr === undefined ? "10.0.0.0/8" : doc.meshCidr;
  if (isCidr(meshCidr) && prefixLength(meshCidr) < 8) {
    add("meshCidr", `${meshCidr} is too broad: every VCN routes it to the DRG, so it must not swallow internet-bound traffic (use /8 or narrower)`);
  }
  for (const { at, r } of regions) {
    if (!isCidr(r.vcnCidr)) continue;
    if (prefixLength(r.vcnCidr) < 16) add(`${at}.vcnCidr`, `${r.vcnCidr} is larger than OCI allows for a VCN (/16 to /30)`);
    if (isCidr(meshCidr) && !contains(meshCidr, r.vcnCidr)) {
      add(`${at}.vcnCidr`, `${r.vcnCidr} is outside meshCidr ${meshCidr}: every VCN must lie inside the mesh supernet (set meshCidr to one that contains them all)`);
    }
    const layout = carveSubnets(r.vcnCidr);
    if ("tooSmall" in layout) {
      add(`${at}.vcnCidr`, `${r.vcnCidr} ${layout.tooSmall}`);
      continue;
    }
    // Overridden load-balancer IPs lie in the internal-LB subnet, and the two differ.
    const overrides = isObject(r.loadBalancerIps) ? r.loadBalancerIps : {};
    for (const key of ["dns", "clustermesh"]) {
      const ip = overrides[key];
      if (typeof ip === "string" && !isUsableHost(layout.internalLb, ip)) {
        add(`${at}.loadBalancerIps.${key}`, `'${ip}' is not a usable address of the internal-LB subnet ${layout.internalLb}`);
      }
    }
    const ips = { ...defaultLoadBalancerIps(layout), ...overrides };
    if (ips.dns === ips.clustermesh) add(`${at}.loadBalancerIps`, `dns and clustermesh would both be ${String(ips.dns)}: the two load balancers need different IPs`);
  }

  // Names, cluster ids and OCI regions are unique.
  for (const field of ["name", "clusterId", "ociRegion"]) {
    const entries = regions.map(({ at, r }) => ({ path: `${at}.${field}`, value: r[field], label: `${at}${field === "name" ? "" : ` (${String(r.name)})`}` }));
    for (const d of repeats(entries)) add(d.path, `${JSON.stringify(d.value)} is also used by ${d.first}`);
  }

  // Regions are known and all in one realm: remote peering never crosses realms.
  const realms: Array<{ at: string; region: string; realm: string }> = [];
  for (const { at, r } of regions) {
    if (typeof r.ociRegion !== "string") continue;
    const known = OCI_REGION_REALMS[r.ociRegion];
    if (known && typeof r.ociRealm === "string" && r.ociRealm !== known) {
      add(`${at}.ociRealm`, `${r.ociRegion} is in realm ${known}, not ${r.ociRealm}: ociRealm is only for regions newer than okemesh's list`);
      continue;
    }
    const realm = typeof r.ociRealm === "string" ? r.ociRealm : known;
    if (!realm) {
      const hint = nearest(r.ociRegion, Object.keys(OCI_REGION_REALMS));
      add(`${at}.ociRegion`, `'${r.ociRegion}' is not a known OCI region${hint ? ` (did you mean ${hint}?)` : ""}; for a region newer than okemesh's list, also set ociRealm`);
      continue;
    }
    realms.push({ at, region: r.ociRegion, realm });
  }
  for (const x of realms.slice(1)) {
    if (x.realm !== realms[0].realm) {
      add(`${x.at}.ociRegion`, `${x.region} is in realm ${x.realm} but ${realms[0].at}.ociRegion ${realms[0].region} is in ${realms[0].realm}: remote peering connects DRGs within one realm only`);
    }
  }

  // A public API endpoint needs an allow-list; nobody else may reach it.
  if (isObject(doc.apiEndpoint) && (doc.apiEndpoint.access === "public" || doc.apiEndpoint.access === "bastion") && list(doc.apiEndpoint.allowedCidrs).length === 0) {
    add("apiEndpoint.allowedCidrs", `must list at least one client CIDR when apiEndpoint.access is ${doc.apiEndpoint.access}`);
  }

  // Every allow-list entry once (each becomes one rule).
  if (isObject(doc.apiEndpoint)) {
    const entries = list(doc.apiEndpoint.allowedCidrs).map((value, i) => ({ path: `apiEndpoint.allowedCidrs[${i}]`, value, label: `apiEndpoint.allowedCidrs[${i}]` }));
    for (const d of repeats(entries)) add(d.path, `${JSON.stringify(d.value)} is also ${d.first}`);
  }

  // Coherence: names the operator derives must be valid Kubernetes names, namespaces its own,
  // and the heap must fit in the memory limit.
  const coherence = isObject(doc.coherence) ? doc.coherence : {};
  if (coherence.enabled !== false) {
    const clusterName = typeof coherence.clusterName === "string" ? coherence.clusterName : typeof doc.name === "string" ? doc.name : "";
    for (const { at, r } of regions) {
      const set = `${clusterName}-${String(r.name)}`;
      if (typeof r.name === "string" && set.length > 59) {
        add(`${at}.name`, `the Coherence member set ${set} is ${set.length} characters; with "-wka" it must fit a 63-character Kubernetes name (shorten coherence.clusterName or the region name)`);
      }
    }
    const ns = coherence.namespace ?? "coherence";
    const operatorNs = coherence.operatorNamespace ?? "coherence-operator";
    if (ns === operatorNs) add("coherence.namespace", `${JSON.stringify(ns)} is also coherence.operatorNamespace: give the grid and the operator their own namespaces`);
    for (const [key, value] of [["namespace", ns], ["operatorNamespace", operatorNs]] as const) {
      if (typeof value === "string" && SYSTEM_NAMESPACES.includes(value)) add(`coherence.${key}`, `'${value}' is a namespace Kubernetes owns; okemesh creates and deletes its namespaces`);
    }
    const heap = bytes(coherence.heapSize ?? "2g");
    const memory = bytes(coherence.memory ?? "3Gi");
    if (heap !== undefined && memory !== undefined && heap >= memory) {
      add("coherence.heapSize", `${String(coherence.heapSize ?? "2g")} does not fit in coherence.memory ${String(coherence.memory ?? "3Gi")}: the JVM needs room beyond the heap`);
    }
  }

  // Node pool names are unique within each list.
  const pools: Array<[string, unknown]> = [["nodePools", doc.nodePools], ...regions.map(({ at, r }): [string, unknown] => [`${at}.nodePools`, r.nodePools])];
  for (const [at, value] of pools) {
    const entries = list(value).map((p, i) => ({ path: `${at}[${i}].name`, value: isObject(p) ? p.name : undefined, label: `${at}[${i}]` }));
    for (const d of repeats(entries)) add(d.path, `${JSON.stringify(d.value)} is also used by ${d.first}`);
  }

  return issues;
}

/** Every entry whose value an earlier entry already has (undefined values are the schema's to
 * report), with the label of that earlier entry. */
function repeats(entries: ReadonlyArray<{ path: string; value: unknown; label: string }>): Array<{ path: string; value: unknown; first: string }> {
  const seen = new Map<unknown, string>();
  return entries.flatMap((e) => {
    if (e.value === undefined) return [];
    const first = seen.get(e.value);
    if (first === undefined) seen.set(e.value, e.label);
    return first === undefined ? [] : [{ path: e.path, value: e.value, first }];
  });
}

const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** Bytes of a JVM size (2g, 512m) or a Kubernetes quantity (3Gi, 3G, 3000Mi), if it parses. */
function bytes(size: unknown): number | undefined {
  const m = typeof size === "string" ? /^(\d+(?:\.\d+)?)(k|m|g|t|Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(size) : null;
  if (!m) return undefined;
  const unit = m[2] ?? "";
  const binary: Record<string, number> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  const decimal: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (binary[unit] ?? decimal[unit]);
}

/** The closest candidate to a misspelt word, if one is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
