// Rules on node pools: unique names within each list, and sizes only where a shape has them.
import { DEFAULTS } from "../defaults";
import { clip, shown } from "../echo";
import { isFlexShape } from "../names";
import { isObject, Issue, list, repeats, Rule, TopologyView } from "./view";

const issue = (path: string, message: string): Issue => ({ path, message });

/** Every node-pool list: the topology's and each region's, with their paths. */
const poolLists = (view: TopologyView): Array<[string, unknown[]]> => [
  ["nodePools", list(view.doc.nodePools)],
  ...view.regions.map(({ at, r }): [string, unknown[]] => [`${at}.nodePools`, list(r.nodePools)]),
];

export const uniquePoolNames: Rule = {
  name: "node-pool names are unique within each list",
  check: (view) =>
    poolLists(view).flatMap(([at, pools]) => {
      const entries = pools.map((p, i) => ({ path: `${at}[${i}].name`, value: isObject(p) ? p.name : undefined, label: `${at}[${i}]` }));
      return repeats(entries).map((d) => issue(d.path, `${shown(d.value)} is also used by ${d.first}`));
    }),
};

/** ocpus and memoryInGbs have defaults, so only the raw document tells whether they were given. */
export const flexSizesOnly: Rule = {
  name: "ocpus and memoryInGbs only for Flex shapes",
  check: (view) =>
    poolLists(view).flatMap(([at, pools]) =>
      pools.flatMap((p, i) => {
        if (!isObject(p)) return [];
        const shape = p.shape ?? DEFAULTS.nodePool.shape;
        if (typeof shape !== "string" || isFlexShape(shape)) return [];
        return ["ocpus", "memoryInGbs"]
          .filter((key) => p[key] !== undefined)
          .map((key) =>
            issue(`${at}[${i}].${key}`, `is only for Flex shapes: ${clip(shape)} has a fixed size (remove ${key}, or use a .Flex shape)`),
          );
      }),
    ),
};
