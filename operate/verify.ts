// After an apply: does the mesh work? Per region the DRG peerings are PEERED (OCI CLI), Cilium
// Cluster Mesh reports every peer connected (`cilium clustermesh status --wait`, the check
// Cilium's own Cluster Mesh guide runs, https://docs.cilium.io/en/latest/cmdref/cilium_clustermesh_status/:
// it asks every agent, where a kubectl look at one agent would not), a pod resolves every peer's
// name through the CoreDNS chain to addresses of that peer, the DNS and Cluster Mesh load
// balancers hold their pinned IPs, and the Coherence members are ready, per cluster and in total.
// With connectivity submariner, verify-submariner.ts's checks replace the Cilium and DNS-chain ones.
import { contains } from "../config/cidr";
import { RegionSpec, Topology } from "../config/topology";
import { CILIUM_CHART, CLUSTERMESH_SERVICE, DNS_LB_SERVICE } from "../constructs/cluster-names";
import { firstLine, runTool } from "./exec";
import { submarinerChecks } from "./verify-submariner";
import { CheckRow, row } from "./report";
import { DataPlaneProbe, globalServiceChecks, mcsApiChecks } from "./verify-data-plane";

export interface VerifyInput {
  readonly topology: Topology;
  readonly regions: readonly RegionSpec[];
  /** Region name -> its DRG OCID (region stack output drg_id). */
  readonly drgIds: ReadonlyMap<string, string>;
  readonly compartmentId: string;
  /** The kubeconfig with one context per region (okemesh kubeconfig). */
  readonly kubeconfig: string;
  readonly env: NodeJS.ProcessEnv;
  /** How long Cluster Mesh may take to report every peer. @default "5m" */
  readonly waitDuration: string;
  /** The image of the DNS probe pod (it needs sh and nslookup). */
  readonly dnsImage: string;
}

const peersOf = (t: Topology, r: RegionSpec) => t.regions.filter((p) => p.name !== r.name);
const tool = (input: VerifyInput, cmd: string, args: string[], timeoutMs = 600_000) => runTool(cmd, args, { env: input.env, timeoutMs });
export const kubectl = (input: VerifyInput, r: RegionSpec, args: string[]) =>
  tool(input, "kubectl", ["--kubeconfig", input.kubeconfig, "--context", r.name, ...args]);

async function peerings(input: VerifyInput, r: RegionSpec): Promise<CheckRow[]> {
  const res = await tool(input, "oci", [
    ...["network", "remote-peering-connection", "list", "--all"],
    ...["--compartment-id", input.compartmentId, "--drg-id", input.drgIds.get(r.name)!, "--region", r.ociRegion],
  ]);
  if (res.code !== 0) return [row("peering", r.name, "FAIL", `oci remote-peering-connection list: ${firstLine(res.stderr)}`)];
  const rpcs: Array<Record<string, string>> = JSON.parse(res.stdout || "{}").data ?? [];
  // The mesh stack names the connection on this region's DRG to each peer <mesh>-<here>-to-<peer>.
  return peersOf(input.topology, r).map((p) => {
    const name = `${input.topology.name}-${r.name}-to-${p.name}`;
    const rpc = rpcs.find((x) => x["display-name"] === name);
    if (!rpc) return row("peering", r.name, "FAIL", `${name}: no such remote peering connection on the DRG`, "apply level 1 (mesh)");
    const status = rpc["peering-status"];
    return row("peering", r.name, status === "PEERED" ? "ok" : "FAIL", `${name} -> ${p.name}: ${status}`);
  });
}

async function clustermesh(input: VerifyInput, r: RegionSpec): Promise<CheckRow> {
  const args = ["clustermesh", "status", "--kubeconfig", input.kubeconfig, "--context", r.name, "--wait", "--wait-duration", input.waitDuration];
  const res = await tool(input, "cilium", args);
  const lines = res.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (res.code === 0) return row("cluster mesh", r.name, "ok", lines.find((l) => /connected/i.test(l)) ?? "every peer connected");
  return row(
    "cluster mesh",
    r.name,
    "FAIL",
    firstLine(res.stderr) || lines.pop() || `exit ${res.code}`,
    'see `cilium clustermesh status` and README, "The data path"',
  );
}

/** The names a pod in r resolves: per peer its WKA service (or the API service without Coherence), and where the answer must lie. */
function probes(t: Topology, r: RegionSpec): Array<{ peer: RegionSpec; name: string; cidr: string }> {
  return peersOf(t, r).map((peer) =>
    t.coherence.enabled
      ? { peer, name: `${peer.coherenceMemberSet}-wka.${t.coherence.namespace}.cluster.${peer.name}`, cidr: peer.podsCidr }
      : { peer, name: `kubernetes.default.cluster.${peer.name}`, cidr: peer.servicesCidr },
  );
}

/** The IPv4 answers per name of the probe pod's output ("@@ <name>" before each nslookup). */
export function parseLookups(output: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const section of output.split(/^@@ /m).slice(1)) {
    const [name, ...lines] = section.split("\n");
    const first = lines.findIndex((l) => /^Name:/.test(l));
    const answers = first < 0 ? [] : lines.slice(first + 1);
    found.set(
      name.trim(),
      answers.flatMap((l) => /^Address(?: \d+)?:\s*(\d+\.\d+\.\d+\.\d+)\s*$/.exec(l.trim())?.[1] ?? []),
    );
  }
  return found;
}

/** Resolves `names` from a probe pod in r: the answers per name, or why the pod failed. */
export async function probeLookups(input: VerifyInput, r: RegionSpec, names: readonly string[]): Promise<Map<string, string[]> | string> {
  const script = 'for n in "$@"; do echo "@@ $n"; nslookup "$n" 2>&1; done';
  const res = await kubectl(input, r, [
    ...["run", `okemesh-verify-dns-${process.pid}`, "--image", input.dnsImage, "--restart=Never", "--rm", "-i", "--quiet"],
    ...["--command", "--", "sh", "-c", script, "sh", ...names],
  ]);
  if (res.code !== 0 && !res.stdout.includes("@@ ")) return `probe pod: ${firstLine(res.stderr) || `exit ${res.code}`}`;
  return parseLookups(res.stdout);
}

async function dnsChain(input: VerifyInput, r: RegionSpec): Promise<CheckRow[]> {
  const wanted = probes(input.topology, r);
  if (!wanted.length) return [];
  const answers = await probeLookups(
    input,
    r,
    wanted.map((w) => w.name),
  );
  if (typeof answers === "string") return [row("dns chain", r.name, "FAIL", answers)];
  return wanted.map((w) => {
    const ips = answers.get(w.name) ?? [];
    const inPeer = ips.length > 0 && ips.every((ip) => contains(w.cidr, `${ip}/32`));
    const detail = `${w.name} -> ${ips.join(", ") || "no answer"}${inPeer ? "" : ` (expected addresses in ${w.cidr})`}`;
    return row(
      "dns chain",
      r.name,
      inPeer ? "ok" : "FAIL",
      detail,
      inPeer ? undefined : "check the peer's kube-dns-lb and the coredns-custom blocks",
    );
  });
}

async function loadBalancerIps(input: VerifyInput, r: RegionSpec): Promise<CheckRow[]> {
  // Both services live in kube-system (constructs/coredns-chain.ts, the Cilium chart's namespace).
  // Only the DNS chain has a DNS load balancer.
  const expected: Array<[string, string]> = [
    ...(input.topology.discovery === "dns-chain" ? [[DNS_LB_SERVICE, r.loadBalancerIps.dns] as [string, string]] : []),
    [CLUSTERMESH_SERVICE.name, r.loadBalancerIps.clustermesh],
  ];
  const res = await kubectl(input, r, ["-n", CILIUM_CHART.namespace, "get", "service", ...expected.map(([name]) => name), "-o", "json"]);
  if (res.code !== 0) return [row("pinned ips", r.name, "FAIL", `kubectl get service: ${firstLine(res.stderr)}`)];
  const items: any[] = JSON.parse(res.stdout).items ?? [];
  return expected.map(([name, ip]) => {
    const got: string[] = (items.find((i) => i.metadata?.name === name)?.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip);
    const ok = got.length === 1 && got[0] === ip;
    return row(
      "pinned ips",
      r.name,
      ok ? "ok" : "FAIL",
      `${name}: ${got.join(", ") || "no address"}${ok ? "" : ` (topology: ${ip})`}`,
      ok ? undefined : 'README, "Known limits": Pinned NLB IPs',
    );
  });
}

async function coherenceMembers(input: VerifyInput, r: RegionSpec): Promise<{ row: CheckRow; ready: number }> {
  const c = input.topology.coherence;
  const name = r.coherenceMemberSet;
  const res = await kubectl(input, r, ["-n", c.namespace, "get", "coherence", name, "-o", "json"]);
  if (res.code !== 0) return { row: row("coherence", r.name, "FAIL", `${name}: ${firstLine(res.stderr)}`), ready: 0 };
  const status = JSON.parse(res.stdout).status ?? {};
  const ready = Number(status.readyReplicas ?? 0);
  const ok = ready === r.coherenceReplicas && status.phase === "Ready";
  return { row: row("coherence", r.name, ok ? "ok" : "FAIL", `${name}: ${ready}/${r.coherenceReplicas} ready, phase ${status.phase ?? "?"}`), ready };
}

const probeOf = (input: VerifyInput): DataPlaneProbe => ({
  topology: input.topology,
  kubectl: (r, args) => kubectl(input, r, args),
  lookup: (r, names) => probeLookups(input, r, names),
});

/** The discovery's own checks: the chain's names per peer, or MCS-API's exports and clusterset name. */
const discoveryChecks = (input: VerifyInput, r: RegionSpec): Promise<CheckRow[]> =>
  input.topology.discovery === "mcs-api" ? mcsApiChecks(probeOf(input), r) : dnsChain(input, r);

/** The data plane's checks of one region: Cilium's (its Cluster Mesh and discovery) or Submariner's. */
async function dataPlane(input: VerifyInput, r: RegionSpec): Promise<CheckRow[]> {
  if (input.topology.connectivity === "submariner") return submarinerChecks(input, r);
  const [m, d, l] = await Promise.all([clustermesh(input, r), discoveryChecks(input, r), loadBalancerIps(input, r)]);
  return [m, ...d, ...l];
}

export async function verify(input: VerifyInput): Promise<CheckRow[]> {
  const perRegion = await Promise.all(
    input.regions.map(async (r) => {
      const [p, d, g] = await Promise.all([peerings(input, r), dataPlane(input, r), globalServiceChecks(probeOf(input), r)]);
      const members = input.topology.coherence.enabled ? await coherenceMembers(input, r) : undefined;
      return { rows: [...p, ...d, ...g, ...(members ? [members.row] : [])], ready: members?.ready ?? 0 };
    }),
  );
  const rows = perRegion.flatMap((x) => x.rows);
  if (input.topology.coherence.enabled) {
    const want = input.regions.reduce((n, r) => n + r.coherenceReplicas, 0);
    const ready = perRegion.reduce((n, x) => n + x.ready, 0);
    rows.push(row("coherence", "mesh", ready === want ? "ok" : "FAIL", `${ready}/${want} members ready in ${input.regions.length} clusters`));
  }
  return rows;
}
