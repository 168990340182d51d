// verify's checks of a Submariner mesh, without subctl: each cluster has its labelled gateway
// nodes, its active Gateway (submariner.io/v1, in the operator's namespace) reports a connected
// cable to every peer (status.haStatus, status.connections[].status and .endpoint.cluster_id:
// submariner pkg/apis/submariner.io/v1/types.go @v0.18.1), and a pod resolves the grid's one
// clusterset.local WKA name to members in every cluster.
import { contains } from "../config/cidr";
import { RegionSpec } from "../config/topology";
import { GATEWAY_LABEL, SUBMARINER_OPERATOR } from "../constructs/cluster-names";
import { firstLine } from "./exec";
import { CheckRow, row } from "./report";
import { kubectl, probeLookups, VerifyInput } from "./verify";

const [GATEWAY_KEY, GATEWAY_VALUE] = Object.entries(GATEWAY_LABEL)[0];

async function gatewayNodes(input: VerifyInput, r: RegionSpec): Promise<CheckRow> {
  const res = await kubectl(input, r, ["get", "nodes", "-l", `${GATEWAY_KEY}=${GATEWAY_VALUE}`, "-o", "json"]);
  if (res.code !== 0) return row("gateways", r.name, "FAIL", `kubectl get nodes: ${firstLine(res.stderr)}`);
  const count = (JSON.parse(res.stdout).items ?? []).length;
  // At least the pool's size: node cycling surges one node above it for a while.
  const want = input.topology.submariner.gateways.size;
  return row("gateways", r.name, count >= want ? "ok" : "FAIL", `${count}/${want} nodes labelled ${GATEWAY_KEY}=${GATEWAY_VALUE}`);
}

async function cables(input: VerifyInput, r: RegionSpec): Promise<CheckRow[]> {
  const res = await kubectl(input, r, ["-n", SUBMARINER_OPERATOR.namespace, "get", "gateways.submariner.io", "-o", "json"]);
  if (res.code !== 0) return [row("cables", r.name, "FAIL", `kubectl get gateways.submariner.io: ${firstLine(res.stderr)}`)];
  const active = (JSON.parse(res.stdout).items ?? []).find((g: any) => g.status?.haStatus === "active");
  if (!active) return [row("cables", r.name, "FAIL", "no active gateway", "check the gateway pods in submariner-operator")];
  const connections: any[] = active.status.connections ?? [];
  return input.topology.regions
    .filter((p) => p.name !== r.name)
    .map((p) => {
      const status = connections.find((c) => c.endpoint?.cluster_id === p.name)?.status ?? "no connection";
      return row("cables", r.name, status === "connected" ? "ok" : "FAIL", `${active.metadata?.name} -> ${p.name}: ${status}`);
    });
}

async function clusterSetName(input: VerifyInput, r: RegionSpec): Promise<CheckRow[]> {
  const c = input.topology.coherence;
  if (!c.enabled) return [];
  const name = `${c.clusterName}-wka.${c.namespace}.svc.clusterset.local`;
  const answers = await probeLookups(input, r, [name]);
  if (typeof answers === "string") return [row("clusterset", r.name, "FAIL", answers)];
  const ips = answers.get(name) ?? [];
  const missing = input.topology.regions.filter((x) => !ips.some((ip) => contains(x.podsCidr, `${ip}/32`))).map((x) => x.name);
  const detail = `${name} -> ${ips.join(", ") || "no answer"}${missing.length ? ` (no member of ${missing.join(", ")})` : ""}`;
  return [row("clusterset", r.name, missing.length ? "FAIL" : "ok", detail, missing.length ? "check the ServiceExports and Lighthouse" : undefined)];
}

/** Every Submariner check of one region. */
export async function submarinerChecks(input: VerifyInput, r: RegionSpec): Promise<CheckRow[]> {
  const [g, c, d] = await Promise.all([gatewayNodes(input, r), cables(input, r), clusterSetName(input, r)]);
  return [g, ...c, ...d];
}
