// Rules on the stretched Coherence grid: names the operator derives must be valid Kubernetes
// names, namespaces its own, and the heap must fit in the memory limit.
import { DEFAULTS } from "../defaults";
import { clip, shown } from "../echo";
import { MAX_MEMBER_SET_NAME } from "../limits";
import { coherenceMemberSetOf } from "../names";
import { jvmBytes, parseQuantity } from "../quantity";
import { Issue, Rule, TopologyView } from "./view";

const issue = (path: string, message: string): Issue => ({ path, message });
const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];
const enabled = (view: TopologyView) => view.coherence.enabled !== false;

export const memberSetNames: Rule = {
  name: "every member-set name fits a Kubernetes name with -wka",
  check: (view) => {
    if (!enabled(view)) return [];
    const { clusterName } = view.coherence;
    const grid = typeof clusterName === "string" ? clusterName : typeof view.doc.name === "string" ? view.doc.name : "";
    return view.regions.flatMap(({ at, r }) => {
      if (typeof r.name !== "string") return [];
      const set = coherenceMemberSetOf(grid, r.name);
      if (set.length <= MAX_MEMBER_SET_NAME) return [];
      return [
        issue(
          `${at}.name`,
          `the Coherence member set ${clip(set)} is ${set.length} characters; with "-wka" it must fit a 63-character Kubernetes name ` +
            "(shorten coherence.clusterName or the region name)",
        ),
      ];
    });
  },
};

export const ownNamespaces: Rule = {
  name: "the grid and the operator have their own, non-system namespaces",
  check: (view) => {
    if (!enabled(view)) return [];
    const ns = view.coherence.namespace ?? DEFAULTS.coherence.namespace;
    const operatorNs = view.coherence.operatorNamespace ?? DEFAULTS.coherence.operatorNamespace;
    const found: Issue[] = [];
    if (ns === operatorNs) {
      found.push(
        issue("coherence.namespace", `${shown(ns)} is also coherence.operatorNamespace: give the grid and the operator their own namespaces`),
      );
    }
    for (const [key, value] of [
      ["namespace", ns],
      ["operatorNamespace", operatorNs],
    ] as const) {
      if (typeof value === "string" && SYSTEM_NAMESPACES.includes(value)) {
        found.push(issue(`coherence.${key}`, `'${value}' is a namespace Kubernetes owns; okemesh creates and deletes its namespaces`));
      }
    }
    return found;
  },
};

/** The heap is a JVM size (binary: 3g = 3 GiB), the memory a Kubernetes quantity (3G = 3e9 bytes). */
export const heapFits: Rule = {
  name: "the JVM heap fits in the memory limit, with room to spare",
  check: (view) => {
    if (!enabled(view)) return [];
    const heapText = view.coherence.heapSize ?? DEFAULTS.coherence.heapSize;
    const memoryText = view.coherence.memory ?? DEFAULTS.coherence.memory;
    if (typeof heapText !== "string" || typeof memoryText !== "string") return [];
    const heap = jvmBytes(heapText);
    const memory = parseQuantity(memoryText)?.value;
    if (heap === undefined || memory === undefined || heap < memory) return [];
    return [issue("coherence.heapSize", `${heapText} does not fit in coherence.memory ${clip(memoryText)}: the JVM needs room beyond the heap`)];
  },
};
