// verify's checks of the discovery and global services beyond the DNS chain: with mcs-api, each
// exported service has its ServiceExport and a ServiceImport (Cilium's operator creates it from
// the exports, mcsapi.rst), and a pod resolves the WKA clusterset name to members of every
// cluster; every global service exists in every cluster under the same name and namespace, with
// the connectivity's annotations.
import { contains } from "../config/cidr";
import { RegionSpec, Topology } from "../config/topology";
import { ciliumGlobalServiceAnnotations, gridWkaService } from "../constructs/cluster-names";
import { ClusterService, clusterSetName } from "../constructs/service-discovery";
import { firstLine, runTool } from "./exec";
import { CheckRow, row } from "./report";

/** What these checks need of verify's input. */
export interface DataPlaneProbe {
  readonly topology: Topology;
  /** Runs kubectl against one region's context. */
  kubectl(r: RegionSpec, args: string[]): ReturnType<typeof runTool>;
  /** Resolves `names` from a pod in `r`: the IPv4 answers per name, or an error. */
  lookup(r: RegionSpec, names: string[]): Promise<Map<string, string[]> | string>;
}

/** The services okemesh exports with a cluster-set discovery: the grid's WKA and every global service. */
export function exportedServices(t: Topology): ClusterService[] {
  return [...(t.coherence.enabled ? [gridWkaService(t.coherence)] : []), ...t.globalServices.map(({ name, namespace }) => ({ name, namespace }))];
}

const key = (o: any) => `${o?.metadata?.namespace}/${o?.metadata?.name}`;

export async function mcsApiChecks(p: DataPlaneProbe, r: RegionSpec): Promise<CheckRow[]> {
  const wanted = exportedServices(p.topology);
  if (!wanted.length) return [];
  const res = await p.kubectl(r, ["get", "serviceexports.multicluster.x-k8s.io,serviceimports.multicluster.x-k8s.io", "-A", "-o", "json"]);
  if (res.code !== 0) return [row("mcs-api", r.name, "FAIL", `kubectl get serviceexports,serviceimports: ${firstLine(res.stderr)}`)];
  const items: any[] = JSON.parse(res.stdout || "{}").items ?? [];
  const has = (kind: string, s: ClusterService) => items.some((i) => i.kind === kind && key(i) === `${s.namespace}/${s.name}`);
  const rows = wanted.map((s) => {
    const missing = ["ServiceExport", "ServiceImport"].filter((k) => !has(k, s));
    const detail = `${s.namespace}/${s.name}: ${missing.length ? `no ${missing.join(", no ")}` : "exported and imported"}`;
    return row("mcs-api", r.name, missing.length ? "FAIL" : "ok", detail, missing.length ? 'README, "Cilium + MCS-API"' : undefined);
  });
  return [...rows, ...(p.topology.coherence.enabled ? [await wkaResolves(p, r)] : [])];
}

/** The grid's one WKA name answers with members of every cluster (each region's pods CIDR). */
async function wkaResolves(p: DataPlaneProbe, r: RegionSpec): Promise<CheckRow> {
  const name = clusterSetName(gridWkaService(p.topology.coherence));
  const answers = await p.lookup(r, [name]);
  if (typeof answers === "string") return row("mcs-api", r.name, "FAIL", answers);
  const ips = answers.get(name) ?? [];
  const absent = p.topology.regions.filter((x) => !ips.some((ip) => contains(x.podsCidr, `${ip}/32`))).map((x) => x.name);
  const detail = `${name} -> ${ips.join(", ") || "no answer"}${absent.length ? ` (no member of ${absent.join(", ")})` : ""}`;
  return row(
    "mcs-api",
    r.name,
    absent.length ? "FAIL" : "ok",
    detail,
    absent.length ? "check coredns-custom clusterset.server and the ServiceImport" : undefined,
  );
}

export async function globalServiceChecks(p: DataPlaneProbe, r: RegionSpec): Promise<CheckRow[]> {
  const specs = p.topology.globalServices;
  if (!specs.length) return [];
  const res = await p.kubectl(r, ["get", "service", "-A", "-o", "json"]);
  if (res.code !== 0) return [row("global service", r.name, "FAIL", `kubectl get service: ${firstLine(res.stderr)}`)];
  const items: any[] = JSON.parse(res.stdout || "{}").items ?? [];
  return specs.map((s) => {
    const found = items.find((i) => key(i) === `${s.namespace}/${s.name}`);
    // Only Cilium marks a Service global by annotation (ClusterConnectivity.globalServiceAnnotations).
    const want = p.topology.connectivity === "cilium" ? ciliumGlobalServiceAnnotations(s) : {};
    const wrong = Object.entries(want)
      .filter(([k, v]) => found?.metadata?.annotations?.[k] !== v)
      .map(([k]) => k);
    const ok = found !== undefined && wrong.length === 0;
    const state = !found ? "no such Service" : wrong.length ? `annotations differ: ${wrong.join(", ")}` : "present, annotated";
    const detail = `${s.namespace}/${s.name}: ${state}`;
    return row("global service", r.name, ok ? "ok" : "FAIL", detail, ok ? undefined : "apply level 2 (mesh)");
  });
}
