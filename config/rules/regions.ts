// Rules on the regions as a set: unique names, ids and OCI regions, one realm, names that
// stay distinct wherever okemesh joins or shortens them, and retired regions apart.
import { clip, shown } from "../echo";
import { OCI_REGION_REALMS } from "../oci-regions";
import { dnsLabelOf } from "../topology";
import { Issue, list, repeats, Rule, TopologyView } from "./view";
import { nearest } from "./words";

const issue = (path: string, message: string): Issue => ({ path, message });

export const uniqueRegions: Rule = {
  name: "names, cluster ids and OCI regions are unique",
  check: (view) =>
    ["name", "clusterId", "ociRegion"].flatMap((field) => {
      const entries = view.regions.map(({ at, r }) => ({
        path: `${at}.${field}`,
        value: r[field],
        label: `${at}${field === "name" ? "" : ` (${clip(String(r.name))})`}`,
      }));
      return repeats(entries).map((d) => issue(d.path, `${shown(d.value)} is also used by ${d.first}`));
    }),
};

interface Placed {
  readonly at: string;
  readonly region: string;
  readonly realm: string;
}

/** The realm of each region, or the problem with its OCI region. */
function placeRegions(view: TopologyView): { placed: Placed[]; found: Issue[] } {
  const placed: Placed[] = [];
  const found: Issue[] = [];
  for (const { at, r } of view.regions) {
    if (typeof r.ociRegion !== "string") continue;
    const known = OCI_REGION_REALMS[r.ociRegion];
    if (known && typeof r.ociRealm === "string" && r.ociRealm !== known) {
      found.push(
        issue(
          `${at}.ociRealm`,
          `${r.ociRegion} is in realm ${known}, not ${clip(r.ociRealm)}: ociRealm is only for regions newer than okemesh's list`,
        ),
      );
      continue;
    }
    const realm = typeof r.ociRealm === "string" ? r.ociRealm : known;
    if (!realm) {
      const hint = nearest(r.ociRegion, Object.keys(OCI_REGION_REALMS));
      found.push(
        issue(
          `${at}.ociRegion`,
          `'${clip(r.ociRegion)}' is not a known OCI region${hint ? ` (did you mean ${hint}?)` : ""}; for a region newer than okemesh's list, also set ociRealm`,
        ),
      );
      continue;
    }
    placed.push({ at, region: r.ociRegion, realm });
  }
  return { placed, found };
}

export const oneRealm: Rule = {
  name: "OCI regions are known and all in one realm (remote peering never crosses realms)",
  check: (view) => {
    const { placed, found } = placeRegions(view);
    const [first, ...rest] = placed;
    for (const x of rest) {
      if (x.realm !== first.realm) {
        found.push(
          issue(
            `${x.at}.ociRegion`,
            `${clip(x.region)} is in realm ${clip(x.realm)} but ${first.at}.ociRegion ${first.region} is in ${first.realm}: ` +
              "remote peering connects DRGs within one realm only",
          ),
        );
      }
    }
    return found;
  },
};

/** The names of the regions that are strings, with their paths. */
const namesOf = (view: TopologyView) =>
  view.regions.flatMap(({ at, r }) => (typeof r.name === "string" ? [{ path: `${at}.name`, name: r.name }] : []));

const DNS_LABEL_RULE = "a VCN DNS label keeps only letters and digits, at most 15 (rename one region)";

export const distinctDnsLabels: Rule = {
  name: "VCN DNS labels (the name's letters and digits, at most 15) are distinct",
  check: (view) => {
    const entries = namesOf(view).map(({ path, name }) => ({ path, value: dnsLabelOf(name), label: `${path} ${shown(name)}` }));
    return repeats(entries).map((d) => issue(d.path, `gives the VCN DNS label ${String(d.value)}, as does ${d.first}: ${DNS_LABEL_RULE}`));
  },
};

export const retiredApart: Rule = {
  name: "retired regions are listed once, and no longer in regions",
  check: (view) => {
    // Entries are whole region entries (moved from regions); their names must stay apart.
    const retired = list(view.doc.retired).map((entry, i) => ({
      path: `retired[${i}].name`,
      value: typeof entry === "object" && entry !== null ? (entry as { name?: unknown }).name : undefined,
      label: `retired[${i}]`,
    }));
    const found = repeats(retired).map((d) => issue(d.path, `${shown(d.value)} is also ${d.first}`));
    const current = new Map(
      namesOf(view)
        .filter(({ path }) => path.startsWith("regions["))
        .map(({ path, name }) => [name, path]),
    );
    for (const { path, value } of retired) {
      const where = typeof value === "string" ? current.get(value) : undefined;
      if (where)
        found.push(issue(path, `${shown(value)} is also ${where}: a region is either deployed (regions) or being removed (retired), not both`));
    }
    return found;
  },
};
