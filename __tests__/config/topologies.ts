// Raw topology documents for the config tests, built on the shared rawTopology.
import { OCI_REGION_REALMS } from "../../config/oci-regions";
import { rawTopology } from "../helpers";

/** A valid n-region document (default 2) with region `i` patched. */
export function withRegion(i: number, patch: Record<string, unknown>, extra: Record<string, unknown> = {}, n = 2): any {
  const raw = rawTopology(n, extra) as any;
  raw.regions[i] = { ...raw.regions[i], ...patch };
  return raw;
}

/** A valid document whose regions have these names. */
export function named(...names: string[]): any {
  const raw = rawTopology(names.length) as any;
  names.forEach((name, i) => (raw.regions[i].name = name));
  return raw;
}

/** A document of n regions of realm oc1 (more than rawTopology's eight), otherwise valid. */
export function manyRegions(n: number): any {
  const oc1 = Object.keys(OCI_REGION_REALMS).filter((r) => OCI_REGION_REALMS[r] === "oc1");
  const regions = oc1.slice(0, n).map((ociRegion, i) => ({ name: `r${i + 1}`, ociRegion, clusterId: i + 1 }));
  return {
    name: "many",
    regions: regions.map((r, i) => ({ ...r, vcnCidr: `10.${i + 1}.0.0/16`, podsCidr: `10.${i + 101}.0.0/16`, servicesCidr: `10.${i + 201}.0.0/20` })),
  };
}
