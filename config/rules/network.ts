// Rules on the address plan: every CIDR parses, none is reserved or overlaps another, the
// mesh supernet is private and holds every VCN, and every range is large enough.
import { defaultLoadBalancerIps, isUsableHost, overlap, PRIVATE_RANGES, RESERVED_RANGES, within } from "../cidr";
import { DEFAULTS } from "../defaults";
import { MAX_SERVICES_PREFIX, MIN_SERVICES_PREFIX, POD_CIDR_PER_NODE_PREFIX } from "../limits";
import { IPV4 } from "../names";
import { isObject, Issue, list, pairwise, REGION_CIDRS, Rule } from "./view";

const issue = (path: string, message: string): Issue => ({ path, message });
const isAllowList = (path: string) => path.startsWith("apiEndpoint.allowedCidrs");

export const cidrSyntax: Rule = {
  name: "every CIDR parses, in canonical form, without host bits",
  check: (view) => view.cidrFields.flatMap((f) => (f.problem ? [issue(f.path, f.problem)] : [])),
};

export const reservedRanges: Rule = {
  name: "no network uses a reserved range, and no client comes from one",
  check: (view) =>
    view.cidrFields.flatMap(({ path, cidr }) => {
      // meshCidr must be private, which no reserved range is (meshSupernet says so).
      if (!cidr || path === "meshCidr") return [];
      const client = isAllowList(path);
      const hit = RESERVED_RANGES.find((r) => (client ? within(r.cidr, cidr) : overlap(r.cidr, cidr)));
      if (!hit) return [];
      return [
        client
          ? issue(path, `${cidr.text} lies in ${hit.cidr.text}, ${hit.why}: no client can come from there`)
          : issue(path, `${cidr.text} overlaps ${hit.cidr.text}, ${hit.why}: no network of the mesh may use those addresses`),
      ];
    }),
};

export const noOverlap: Rule = {
  name: "no two VCN, pods or services ranges overlap, across all regions",
  check: (view) => {
    if (!pairwise(view)) return [];
    const ranges = view.regions.flatMap(({ at }) =>
      REGION_CIDRS.flatMap((f) => {
        const cidr = view.cidr(`${at}.${f}`);
        return cidr ? [{ path: `${at}.${f}`, cidr }] : [];
      }),
    );
    return ranges.flatMap((b, j) =>
      ranges.slice(0, j).flatMap((a) => (overlap(a.cidr, b.cidr) ? [issue(b.path, `${b.cidr.text} overlaps ${a.path} ${a.cidr.text}`)] : [])),
    );
  },
};

export const meshSupernet: Rule = {
  name: "meshCidr is private, at most a /8, and holds every VCN",
  check: (view) => {
    const mesh = view.cidr("meshCidr");
    if (!mesh) return [];
    if (mesh.prefix < 8) {
      return [
        issue(
          "meshCidr",
          `${mesh.text} is too broad: every VCN routes it to the DRG, so it must not swallow internet-bound traffic (use /8 or narrower)`,
        ),
      ];
    }
    if (!PRIVATE_RANGES.some((p) => within(p, mesh))) {
      const texts = PRIVATE_RANGES.map((p) => p.text);
      const ranges = `${texts.slice(0, -1).join(", ")} or ${texts[texts.length - 1]}`;
      const why = "every VCN routes it to the DRG, so those internet addresses would be unreachable";
      return [issue("meshCidr", `${mesh.text} is not private address space: ${why} (use a range inside ${ranges})`)];
    }
    return view.regions.flatMap(({ at }) => {
      const vcn = view.cidr(`${at}.vcnCidr`);
      if (!vcn || within(mesh, vcn)) return [];
      const fix = "every VCN must lie inside the mesh supernet (set meshCidr to one that contains them all)";
      return [issue(`${at}.vcnCidr`, `${vcn.text} is outside meshCidr ${mesh.text}: ${fix}`)];
    });
  },
};

export const vcnSize: Rule = {
  name: "every VCN is /16 or smaller and holds the subnet layout",
  check: (view) =>
    view.regions.flatMap(({ at }) => {
      const vcn = view.cidr(`${at}.vcnCidr`);
      if (!vcn) return [];
      const found: Issue[] = [];
      if (vcn.prefix < 16) found.push(issue(`${at}.vcnCidr`, `${vcn.text} is larger than OCI allows for a VCN (/16 to /30)`));
      const layout = view.layout(at);
      if (layout && "tooSmall" in layout) found.push(issue(`${at}.vcnCidr`, `${vcn.text} ${layout.tooSmall}`));
      return found;
    }),
};

export const loadBalancerIps: Rule = {
  name: "overridden load-balancer IPs lie in the internal-LB subnet, and the two differ",
  check: (view) =>
    view.regions.flatMap(({ at, r }) => {
      const layout = view.layout(at);
      if (!layout || "tooSmall" in layout) return [];
      const overrides = isObject(r.loadBalancerIps) ? r.loadBalancerIps : {};
      const found = ["dns", "clustermesh"].flatMap((key) => {
        const ip = overrides[key];
        // Not an IPv4 address at all: the schema says so.
        if (typeof ip !== "string" || !IPV4.test(ip) || isUsableHost(layout.internalLb, ip)) return [];
        return [issue(`${at}.loadBalancerIps.${key}`, `'${ip}' is not a usable address of the internal-LB subnet ${layout.internalLb}`)];
      });
      const ips = { ...defaultLoadBalancerIps(layout), ...overrides };
      if (ips.dns === ips.clustermesh) {
        found.push(issue(`${at}.loadBalancerIps`, `dns and clustermesh would both be ${String(ips.dns)}: the two load balancers need different IPs`));
      }
      return found;
    }),
};

/** Nodes of a region: the sizes of its own node pools, or of the topology's. */
function nodesOf(doc: Record<string, unknown>, region: Record<string, unknown>): number {
  const pools = region.nodePools ?? doc.nodePools ?? DEFAULTS.nodePools;
  return list(pools).reduce<number>((sum, p) => {
    const size = isObject(p) ? (p.size ?? DEFAULTS.nodePool.size) : 0;
    return sum + (typeof size === "number" && Number.isInteger(size) && size > 0 ? size : 0);
  }, 0);
}

export const podsCapacity: Rule = {
  name: "every pods CIDR has a /25 for each node of the region",
  check: (view) =>
    view.regions.flatMap(({ at, r }) => {
      const pods = view.cidr(`${at}.podsCidr`);
      if (!pods) return [];
      const nodes = nodesOf(view.doc, r);
      const blocks = pods.prefix > POD_CIDR_PER_NODE_PREFIX ? 0 : 2 ** (POD_CIDR_PER_NODE_PREFIX - pods.prefix);
      if (nodes <= blocks) return [];
      const needed = POD_CIDR_PER_NODE_PREFIX - Math.ceil(Math.log2(nodes));
      return [
        issue(
          `${at}.podsCidr`,
          `${pods.text} has room for ${blocks} node${blocks === 1 ? "" : "s"} but the region's node pools have ${nodes}: ` +
            `OKE gives every node a /${POD_CIDR_PER_NODE_PREFIX} of the pods CIDR (use a /${needed} or larger)`,
        ),
      ];
    }),
};

export const servicesSize: Rule = {
  name: `every services CIDR is between /${MAX_SERVICES_PREFIX} and /${MIN_SERVICES_PREFIX}`,
  check: (view) =>
    view.regions.flatMap(({ at }) => {
      const services = view.cidr(`${at}.servicesCidr`);
      if (!services) return [];
      if (services.prefix > MIN_SERVICES_PREFIX) {
        return [
          issue(
            `${at}.servicesCidr`,
            `${services.text} is too small: OKE puts kube-dns at the 1286th address of the services CIDR (10.96.5.5 in 10.96.0.0/16), ` +
              `so it needs a /${MIN_SERVICES_PREFIX} or larger`,
          ),
        ];
      }
      if (services.prefix < MAX_SERVICES_PREFIX) {
        const limit = `the Kubernetes API server takes at most a /${MAX_SERVICES_PREFIX} of service addresses`;
        return [issue(`${at}.servicesCidr`, `${services.text} is too large: ${limit}`)];
      }
      return [];
    }),
};
