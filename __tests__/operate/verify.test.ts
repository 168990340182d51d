// okemesh verify against stand-in oci, kubectl and cilium answering like a healthy (or a
// broken) mesh: every check per region, the table, and exit 1 on any failure.
import * as fs from "fs";
import * as path from "path";
import { run } from "../../cli/main";
import { parseLookups } from "../../operate/verify";
import { Topology } from "../../config/topology";
import { rawTopology, topologyOf } from "../helpers";
import { Fixtures, memoryIo, regionOutputsFixture, StandInOptions, standIns, workdir } from "../cli/stand-ins";

jest.setTimeout(60_000);

const lookup = (name: string, ips: string[]) =>
  [`@@ ${name}`, "Server:\t\t10.96.0.10", "Address:\t10.96.0.10:53", "", `Name:\t${name}`, ...ips.map((ip) => `Address: ${ip}`), ""].join("\n");

/** What a healthy mesh of this topology answers. */
function healthy(t: Topology): Fixtures {
  const names = t.regions.map((r) => r.name);
  const peers = (r: string) => names.filter((n) => n !== r);
  const octet = (name: string) => names.indexOf(name) + 1;
  return {
    outputs: regionOutputsFixture(names),
    rpcs: Object.fromEntries(
      names.map((r) => [`ocid1.drg.oc1..${r}`, peers(r).map((p) => ({ "display-name": `australis-${r}-to-${p}`, "peering-status": "PEERED" }))]),
    ),
    dns: Object.fromEntries(
      names.map((r) => [
        r,
        peers(r)
          .map((p) => lookup(`australis-${p}-wka.coherence.cluster.${p}`, [`10.${200 + octet(p)}.0.12`, `10.${200 + octet(p)}.1.7`]))
          .join(""),
      ]),
    ),
    services: Object.fromEntries(
      t.regions.map((r) => [
        r.name,
        {
          items: [
            { metadata: { name: "kube-dns-lb" }, status: { loadBalancer: { ingress: [{ ip: r.loadBalancerIps.dns }] } } },
            { metadata: { name: "clustermesh-apiserver" }, status: { loadBalancer: { ingress: [{ ip: r.loadBalancerIps.clustermesh }] } } },
          ],
        },
      ]),
    ),
    coherence: Object.fromEntries(names.map((r) => [r, { status: { readyReplicas: 3, replicas: 3, phase: "Ready" } }])),
  };
}

async function verify(
  n: number,
  change: (f: Fixtures) => void = () => {},
  extra: Record<string, unknown> = {},
  argv: string[] = [],
  options: StandInOptions = {},
) {
  const t = topologyOf(rawTopology(n, extra));
  const fixtures = healthy(t);
  change(fixtures);
  const tools = standIns(fixtures, options);
  const cwd = workdir(n, extra);
  fs.writeFileSync(path.join(cwd, "kubeconfig"), "apiVersion: v1\nkind: Config\n");
  const io = memoryIo(cwd, { ...tools.env, TF_VAR_compartment_ocid: "ocid1.compartment.oc1..mesh" });
  const code = await run(["verify", "--config", "topology.yaml", ...argv], io);
  const rows = io
    .out()
    .split("\n")
    .filter((l) => /^(peering|cluster mesh|dns chain|pinned ips|coherence) /.test(l));
  return { code, out: io.out(), err: io.err(), rows, tools, cwd };
}

describe("okemesh verify with discovery mcs-api and a global service", () => {
  const extra = {
    discovery: "mcs-api",
    globalServices: [{ name: "rebel-base", namespace: "default", selector: { name: "rebel-base" }, ports: [{ port: 80 }] }],
  };
  const objects = (kinds: string[]) => ({
    items: kinds.flatMap((kind) => [
      { kind, metadata: { name: "australis-wka", namespace: "coherence" } },
      { kind, metadata: { name: "rebel-base", namespace: "default" } },
    ]),
  });
  const wka = "australis-wka.coherence.svc.clusterset.local";
  const mcsHealthy = (f: Fixtures) => {
    const names = Object.keys(f.dns!);
    const every = names.map((_, i) => `10.${201 + i}.0.12`);
    f.dns = Object.fromEntries(names.map((r) => [r, lookup(wka, every)]));
    f.mcs = Object.fromEntries(names.map((r) => [r, objects(["ServiceExport", "ServiceImport"])]));
    const annotated = { "service.cilium.io/global": "true", "service.cilium.io/shared": "true" };
    for (const r of names) (f.services![r] as any).items.push({ metadata: { name: "rebel-base", namespace: "default", annotations: annotated } });
  };

  it("passes a healthy mesh: exports, imports, the WKA clusterset name, the global service; no DNS load balancer asked for", async () => {
    const r = await verify(3, mcsHealthy, extra);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines.filter((l) => /^mcs-api\s.*\sok\s.*exported and imported/.test(l))).toHaveLength(6);
    expect(lines.filter((l) => /^mcs-api\s.*\sok\s.*clusterset\.local ->/.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /^global service\s.*\sok\s.*default\/rebel-base: present, annotated/.test(l))).toHaveLength(3);
    expect(r.out).not.toMatch(/^dns chain/m);
    expect(r.out).not.toContain("kube-dns-lb");
  });

  it("fails a cluster without the ServiceImport, a WKA name missing a region, and an unannotated global service", async () => {
    const r = await verify(
      3,
      (f) => {
        mcsHealthy(f);
        f.mcs!.c2 = objects(["ServiceExport"]);
        f.dns!.c1 = lookup(wka, ["10.201.0.12", "10.202.0.12"]);
        (f.services!.c3 as any).items.at(-1).metadata.annotations = {};
      },
      extra,
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/mcs-api\s+c2\s+FAIL\s+default\/rebel-base: no ServiceImport/);
    expect(r.out).toMatch(/mcs-api\s+c1\s+FAIL\s+.*\(no member of c3\)/);
    expect(r.out).toMatch(/global service\s+c3\s+FAIL\s+default\/rebel-base: annotations differ: service.cilium.io\/global/);
  });
});

describe("okemesh verify", () => {
  it("passes a healthy 3-region mesh: every check of every region, and the grid's total (the tools as processes)", async () => {
    const r = await verify(3, undefined, undefined, undefined, { processes: true });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^CHECK\s+SCOPE\s+RESULT\s+DETAIL$/m);
    const count = (check: string) => r.rows.filter((l) => l.startsWith(check) && /\sok\s/.test(l)).length;
    expect(count("peering")).toBe(6);
    expect(count("cluster mesh")).toBe(3);
    expect(count("dns chain")).toBe(6);
    expect(count("pinned ips")).toBe(6);
    expect(count("coherence")).toBe(4);
    expect(r.out).toMatch(/coherence\s+mesh\s+ok\s+9\/9 members ready in 3 clusters/);
    expect(r.out).toContain("the mesh works");
  });

  it("asks each tool the right question", async () => {
    const { tools, cwd } = await verify(2);
    const kubeconfig = path.join(cwd, "kubeconfig");
    expect(tools.calls("oci")).toContainEqual([
      "oci",
      ...["network", "remote-peering-connection", "list", "--all"],
      ...["--compartment-id", "ocid1.compartment.oc1..mesh", "--drg-id", "ocid1.drg.oc1..c2", "--region", "eu-amsterdam-1"],
    ]);
    expect(tools.calls("cilium")).toContainEqual([
      "cilium",
      "clustermesh",
      "status",
      "--kubeconfig",
      kubeconfig,
      "--context",
      "c1",
      "--wait",
      "--wait-duration",
      "5m",
    ]);
    const probe = tools.calls("kubectl").find((c) => c.includes("run") && c.includes("c2"))!;
    expect(probe).toEqual(expect.arrayContaining(["--image", "busybox:1.36", "--rm", "--restart=Never"]));
    expect(probe[probe.length - 1]).toBe("australis-c1-wka.coherence.cluster.c1");
    expect(tools.calls("kubectl")).toContainEqual([
      "kubectl",
      "--kubeconfig",
      kubeconfig,
      "--context",
      "c1",
      "-n",
      "coherence",
      "get",
      "coherence",
      "australis-c1",
      "-o",
      "json",
    ]);
  });

  it("fails (exit 1) on a peering not PEERED, a DNS answer from the wrong cluster, a moved LB IP and missing members", async () => {
    const r = await verify(3, (f) => {
      f.rpcs!["ocid1.drg.oc1..c2"][1]["peering-status"] = "PENDING";
      f.dns!.c1 = f.dns!.c1.replace("10.202.0.12", "10.201.0.12");
      (f.services as any).c3.items[0].status.loadBalancer.ingress[0].ip = "10.3.8.99";
      (f.coherence as any).c2.status = { readyReplicas: 2, replicas: 3, phase: "Scaling" };
      f.clustermesh = { c3: 1 };
    });
    expect(r.code).toBe(1);
    const failed = r.rows.filter((l) => /\sFAIL\s/.test(l));
    expect(failed).toHaveLength(6);
    expect(r.out).toMatch(/peering\s+c2\s+FAIL\s+australis-c2-to-c3 -> c3: PENDING/);
    expect(r.out).toMatch(
      /dns chain\s+c1\s+FAIL\s+australis-c2-wka\.coherence\.cluster\.c2 -> 10\.201\.0\.12, 10\.202\.1\.7 \(expected addresses in 10\.202\.0\.0\/16\)/,
    );
    expect(r.out).toMatch(/pinned ips\s+c3\s+FAIL\s+kube-dns-lb: 10\.3\.8\.99 \(topology: 10\.3\.8\.10\)/);
    expect(r.out).toMatch(/coherence\s+c2\s+FAIL\s+australis-c2: 2\/3 ready, phase Scaling/);
    expect(r.out).toMatch(/coherence\s+mesh\s+FAIL\s+8\/9 members ready/);
    expect(r.out).toMatch(/cluster mesh\s+c3\s+FAIL\s+timeout waiting for cluster mesh/);
    expect(r.out).toContain("Next steps:");
    expect(r.out).toContain("verify FAILED");
  });

  it("names a missing peering, and without Coherence resolves the peers' API service instead", async () => {
    const r = await verify(
      2,
      (f) => {
        f.rpcs!["ocid1.drg.oc1..c1"] = [];
        f.dns = { c1: lookup("kubernetes.default.cluster.c2", ["10.102.0.1"]), c2: lookup("kubernetes.default.cluster.c1", ["10.101.0.1"]) };
      },
      { coherence: { enabled: false } },
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/peering\s+c1\s+FAIL\s+australis-c1-to-c2: no such remote peering connection/);
    expect(r.out).toMatch(/dns chain\s+c1\s+ok\s+kubernetes\.default\.cluster\.c2 -> 10\.102\.0\.1/);
    expect(r.rows.some((l) => l.startsWith("coherence"))).toBe(false);
    expect(r.tools.calls("kubectl").some((c) => c.includes("coherence"))).toBe(false);
  });

  it("needs the compartment and a kubeconfig (exit 2)", async () => {
    const tools = standIns({ outputs: regionOutputsFixture(["c1", "c2"]) });
    const cwd = workdir(2);
    const io = memoryIo(cwd, { ...tools.env, TF_VAR_compartment_ocid: "" });
    expect(await run(["verify", "--config", "topology.yaml"], io)).toBe(2);
    expect(io.err()).toContain("pass --compartment or set TF_VAR_compartment_ocid");
    const io2 = memoryIo(cwd, tools.env);
    expect(await run(["verify", "--config", "topology.yaml", "--compartment", "ocid1.compartment.oc1..x"], io2)).toBe(2);
    expect(io2.err()).toContain("write it first with okemesh kubeconfig");
  });
});

describe("parseLookups", () => {
  it("takes the answers after Name:, not the server's address", () => {
    const out =
      lookup("a.cluster.c2", ["10.202.0.1"]) +
      "@@ b.cluster.c3\nServer:\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find b.cluster.c3: NXDOMAIN\n";
    expect(parseLookups(out)).toEqual(
      new Map([
        ["a.cluster.c2", ["10.202.0.1"]],
        ["b.cluster.c3", []],
      ]),
    );
  });
});

describe("okemesh verify, connectivity submariner", () => {
  const submariner = { connectivity: "submariner", submariner: { brokerRegion: "c1" } };
  /** What a healthy Submariner mesh of n regions answers. */
  const healthySubmariner = (n: number) => (f: Fixtures) => {
    const names = Array.from({ length: n }, (_, i) => `c${i + 1}`);
    const wka = "australis-wka.coherence.svc.clusterset.local";
    f.dns = Object.fromEntries(
      names.map((r) => [
        r,
        lookup(
          wka,
          names.map((_, i) => `10.${201 + i}.0.9`),
        ),
      ]),
    );
    f.nodes = Object.fromEntries(names.map((r) => [r, { items: [{}, {}] }]));
    const gateway = (r: string) => ({
      metadata: { name: `${r}-gw-1` },
      status: { haStatus: "active", connections: names.filter((p) => p !== r).map((p) => ({ status: "connected", endpoint: { cluster_id: p } })) },
    });
    f.gateways = Object.fromEntries(
      names.map((r) => [r, { items: [{ metadata: { name: `${r}-gw-0` }, status: { haStatus: "passive" } }, gateway(r)] }]),
    );
  };
  const rowsOf = (out: string, check: string) => out.split("\n").filter((l) => l.startsWith(`${check} `));

  it("checks gateways, cables to every peer and the clusterset WKA name instead of Cilium and the DNS chain", async () => {
    const r = await verify(3, healthySubmariner(3), submariner);
    expect(r.code).toBe(0);
    expect(rowsOf(r.out, "gateways").filter((l) => /\sok\s/.test(l))).toHaveLength(3);
    expect(rowsOf(r.out, "cables").filter((l) => /\sok\s/.test(l))).toHaveLength(6);
    expect(rowsOf(r.out, "clusterset").filter((l) => /\sok\s/.test(l))).toHaveLength(3);
    for (const absent of ["cluster mesh", "dns chain", "pinned ips"]) expect(rowsOf(r.out, absent)).toEqual([]);
  });

  it("fails on a missing gateway node, a cable still connecting, and a WKA name without one cluster's members", async () => {
    const r = await verify(
      3,
      (f) => {
        healthySubmariner(3)(f);
        (f.nodes as any).c2 = { items: [{}] };
        (f.gateways as any).c1.items[1].status.connections[0].status = "connecting";
        f.dns!.c3 = lookup("australis-wka.coherence.svc.clusterset.local", ["10.201.0.9", "10.203.0.9"]);
      },
      submariner,
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/gateways\s+c2\s+FAIL\s+1\/2 nodes labelled submariner.io\/gateway=true/);
    expect(r.out).toMatch(/cables\s+c1\s+FAIL\s+c1-gw-1 -> c2: connecting/);
    expect(r.out).toMatch(/clusterset\s+c3\s+FAIL\s+.*\(no member of c2\)/);
  });
});
