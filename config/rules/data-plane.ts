// Rules on the data plane: a discovery the connectivity can carry, what each mode needs of the
// clusters, the Submariner broker in a live region, and each global service once.
import { DEFAULTS } from "../defaults";
import { coherenceMemberSetOf } from "../names";
import { shown } from "../echo";
import { SUBMARINER_GATEWAY_POOL } from "../names";
import { Connectivity, CONNECTIVITY, DISCOVERY, DISCOVERY_OF } from "../schema";
import { Topology } from "../topology";
import { isObject, Issue, list, repeats, Rule, TopologyView } from "./view";

const issue = (path: string, message: string): Issue => ({ path, message });

/** The connectivity the document asks for, when it is a valid one (else the schema reports it). */
function connectivityOf(view: TopologyView): Connectivity | undefined {
  const c = view.doc.connectivity ?? DEFAULTS.connectivity;
  return (CONNECTIVITY as readonly unknown[]).includes(c) ? (c as Connectivity) : undefined;
}

export const discoveryFitsConnectivity: Rule = {
  name: "the discovery is one the connectivity carries",
  check: (view) => {
    const connectivity = connectivityOf(view);
    const discovery = view.doc.discovery;
    if (!connectivity || discovery === undefined || !(DISCOVERY as readonly unknown[]).includes(discovery)) return [];
    const allowed = DISCOVERY_OF[connectivity];
    if (allowed.includes(discovery as never)) return [];
    return [issue("discovery", `${shown(discovery)} does not work with connectivity ${connectivity}: use ${allowed.join(" or ")}`)];
  },
};

/** The lowest Kubernetes minor version whose OKE CoreDNS add-on is 1.12.2, the first CoreDNS
 * version with the multicluster plugin Cilium's MCS-API needs (OKE add-on version table;
 * Cilium values.yaml clustermesh.mcsapi.corednsAutoConfigure). */
export const MCS_API_MIN_MINOR = 34;

const minorOf = (version: unknown): number | undefined => {
  const m = typeof version === "string" ? /^v1\.(\d+)\.\d+$/.exec(version) : null;
  return m ? Number(m[1]) : undefined;
};

/** Each live region's Kubernetes minor version below `min`, as issues naming the field that set it. */
function regionsBelow(view: TopologyView, min: number, why: (name: string, version: unknown) => string): Issue[] {
  const topLevel = view.doc.kubernetesVersion ?? DEFAULTS.kubernetesVersion;
  return view.regions.flatMap(({ at, r }) => {
    if (!at.startsWith("regions[")) return [];
    const own = r.kubernetesVersion !== undefined;
    const minor = minorOf(own ? r.kubernetesVersion : topLevel);
    if (minor === undefined || minor >= min) return [];
    const name = typeof r.name === "string" ? ` (${shown(r.name)})` : "";
    return [issue(own ? `${at}.kubernetesVersion` : "kubernetesVersion", why(name, own ? r.kubernetesVersion : topLevel))];
  });
}

/** Lighthouse's CoreDNS restart waits for the operator's coredns-custom with `kubectl wait
 * --for=create` (kubectl 1.31, kubernetes/kubernetes#125868), run at the cluster's version. */
export const LIGHTHOUSE_MIN_MINOR = 31;

export const lighthouseVersion: Rule = {
  name: "lighthouse needs Kubernetes 1.31 or later in every region",
  check: (view) => {
    if (connectivityOf(view) !== "submariner") return [];
    return regionsBelow(
      view,
      LIGHTHOUSE_MIN_MINOR,
      (name, v) =>
        `connectivity submariner needs Kubernetes v1.${LIGHTHOUSE_MIN_MINOR} or later in every region${name}: okemesh waits for Lighthouse's ` +
        `CoreDNS block with kubectl ${shown(v)}, which has no 'wait --for=create'`,
    );
  },
};

export const gatewayPoolName: Rule = {
  name: "no node pool takes the Submariner gateway pool's name",
  check: (view) => {
    if (connectivityOf(view) !== "submariner") return [];
    const lists: Array<[string, unknown]> = [
      ["nodePools", view.doc.nodePools],
      ...view.regions.map(({ at, r }): [string, unknown] => [`${at}.nodePools`, r.nodePools]),
    ];
    return lists.flatMap(([at, pools]) =>
      list(pools).flatMap((p, i) =>
        isObject(p) && p.name === SUBMARINER_GATEWAY_POOL
          ? [issue(`${at}[${i}].name`, `${shown(p.name)} is the gateway pool okemesh adds with connectivity submariner: choose another name`)]
          : [],
      ),
    );
  },
};

export const mcsApiVersion: Rule = {
  name: "mcs-api needs Kubernetes 1.34 or later in every region",
  check: (view) =>
    view.doc.discovery !== "mcs-api"
      ? []
      : regionsBelow(
          view,
          MCS_API_MIN_MINOR,
          (name, v) =>
            `discovery mcs-api needs Kubernetes v1.${MCS_API_MIN_MINOR} or later in every region${name}: ` +
            `${shown(v)} ships a CoreDNS older than 1.12.2, without the multicluster plugin`,
        ),
};

export const brokerInMesh: Rule = {
  name: "the Submariner broker runs in a live region, named explicitly",
  check: (view) => {
    const submariner = isObject(view.doc.submariner) ? view.doc.submariner : {};
    const broker = submariner.brokerRegion;
    if (broker === undefined && connectivityOf(view) === "submariner") {
      return [
        issue(
          "submariner.brokerRegion",
          "is required with connectivity submariner: name the region whose cluster hosts the broker " +
            "(every cluster joins it; okemesh never picks one, so adding a region never moves it)",
        ),
      ];
    }
    if (typeof broker !== "string") return [];
    const live = view.regions.filter(({ at }) => at.startsWith("regions[")).map(({ r }) => r.name);
    if (live.includes(broker)) return [];
    const retired = view.regions.some(({ at, r }) => at.startsWith("retired[") && r.name === broker);
    return [
      issue(
        "submariner.brokerRegion",
        retired
          ? `${shown(broker)} is retired: every cluster's Submariner is joined to the broker, ` +
              "so move the broker first (a new brokerRegion re-joins every cluster)"
          : `${shown(broker)} is not a region of this topology (regions: ${live.map((n) => shown(n)).join(", ")})`,
      ),
    ];
  },
};

/** Services okemesh itself creates, by `<namespace>/<name>`: a global service of the same name
 * would be a second Terraform resource for one object. */
function okemeshServices(view: TopologyView): Map<string, string> {
  const coherence = view.coherence;
  const grid = typeof coherence.clusterName === "string" ? coherence.clusterName : typeof view.doc.name === "string" ? view.doc.name : "";
  const ns = typeof coherence.namespace === "string" ? coherence.namespace : DEFAULTS.coherence.namespace;
  const owned = new Map<string, string>([
    ["kube-system/kube-dns-lb", "the DNS chain's load balancer"],
    ["kube-system/clustermesh-apiserver", "Cilium's Cluster Mesh API server"],
    [`${ns}/${grid}-wka`, "the grid's exported WKA Service"],
  ]);
  for (const { r } of view.regions)
    if (typeof r.name === "string")
      owned.set(`${ns}/${coherenceMemberSetOf(grid, r.name)}-wka`, "a member set's WKA Service (the Coherence operator's)");
  return owned;
}

export const globalServicesOwnNames: Rule = {
  name: "no global service takes the name of a Service okemesh creates",
  check: (view) => {
    const owned = okemeshServices(view);
    return list(view.doc.globalServices).flatMap((s, i) => {
      if (!isObject(s) || typeof s.name !== "string" || typeof s.namespace !== "string") return [];
      const what = owned.get(`${s.namespace}/${s.name}`);
      return what ? [issue(`globalServices[${i}].name`, `${shown(`${s.namespace}/${s.name}`)} is ${what}, which okemesh creates itself`)] : [];
    });
  },
};

export const globalServicesOnce: Rule = {
  name: "each global service once",
  check: (view) => {
    const entries = list(view.doc.globalServices).map((s, i) => {
      const path = `globalServices[${i}]`;
      const value = isObject(s) && typeof s.name === "string" && typeof s.namespace === "string" ? `${s.namespace}/${s.name}` : undefined;
      return { path: `${path}.name`, value, label: path };
    });
    return repeats(entries).map((d) => issue(d.path, `${shown(d.value)} is also ${d.first}`));
  },
};

/** The newest Kubernetes minor Submariner's own CI tests (charts devel ef2c4cba, 2024-10: 1.28 to
 * 1.31; the 0.18.1 tag tested 1.26 to 1.29). Newer ones are likely fine but unproven: a warning. */
export const SUBMARINER_TESTED_MINOR = 31;

/** Valid, but worth a look, with connectivity submariner: Kubernetes newer than Submariner tests,
 * and cilium settings that this mode ignores. */
export function dataPlaneWarnings(t: Topology): Issue[] {
  if (t.connectivity !== "submariner") return [];
  const newer = t.regions.filter((r) => (minorOf(r.kubernetesVersion) ?? 0) > SUBMARINER_TESTED_MINOR);
  const cilium = JSON.stringify(t.cilium) !== JSON.stringify(DEFAULTS.cilium);
  return [
    ...(newer.length
      ? [
          issue(
            "kubernetesVersion",
            `Submariner's CI tests Kubernetes up to v1.${SUBMARINER_TESTED_MINOR}; ` +
              `${newer.map((r) => `${r.name} runs ${r.kubernetesVersion}`).join(", ")}: check the release notes of submariner.version`,
          ),
        ]
      : []),
    ...(cilium ? [issue("cilium", "is ignored with connectivity submariner (flannel stays, no Cilium is installed)")] : []),
  ];
}
