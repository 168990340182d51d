// okemesh kubeconfig: one context per region from the region stacks' outputs, the endpoint
// the access mode says, the exec token flow, and files it never clobbers.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { run } from "../../cli/main";
import { KUBECONFIG_MARK, meshKubeconfig, mergeKubeconfig } from "../../operate/kubeconfig";
import { rawTopology, topologyOf } from "../helpers";
import { memoryIo, regionOutputsFixture, StandInOptions, standIns, workdir } from "../cli/stand-ins";

jest.setTimeout(60_000);

// A private endpoint's clients sit inside meshCidr (a runner VCN); the others anywhere.
const access = (a: string, cidrs = a === "private" ? ["10.250.0.0/24"] : ["192.0.2.0/24"]) => ({ apiEndpoint: { access: a, allowedCidrs: cidrs } });

async function kubeconfig(n: number, mode: string, ...argv: string[]) {
  return kubeconfigWith({}, n, mode, ...argv);
}

async function kubeconfigWith(options: StandInOptions, n: number, mode: string, ...argv: string[]) {
  const names = Array.from({ length: n }, (_, i) => `c${i + 1}`);
  const tools = standIns({ outputs: regionOutputsFixture(names) }, options);
  const cwd = workdir(n, access(mode));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-home-"));
  const io = memoryIo(cwd, { ...tools.env, HOME: home });
  const code = await run(["kubeconfig", "--config", "topology.yaml", ...argv], io);
  return { code, io, cwd, home, tools };
}

describe("meshKubeconfig", () => {
  const t = topologyOf(rawTopology(3));
  const clusters = t.regions.map((region, i) => ({
    region,
    clusterId: `id-${i}`,
    endpoint: `10.${i}.10.2:6443`,
    caCertificate: "-----BEGIN CERTIFICATE-----\nx\n",
  }));

  it("names context, cluster and user after the region, with the exec token flow of the providers", () => {
    const k = meshKubeconfig("private", clusters);
    expect(k.contexts.map((c) => c.name)).toEqual(["c1", "c2", "c3"]);
    expect(k.contexts[1]).toEqual({ name: "c2", context: { cluster: "c2", user: "okemesh-c2" } });
    expect(k.users[2]).toEqual({
      name: "okemesh-c3",
      user: {
        exec: {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "oci",
          args: ["ce", "cluster", "generate-token", "--cluster-id", "id-2", "--region", "uk-london-1"],
        },
      },
    });
    expect(k.clusters[0]).toEqual({
      name: "c1",
      cluster: { server: "https://10.0.10.2:6443", "certificate-authority-data": Buffer.from("-----BEGIN CERTIFICATE-----\nx\n").toString("base64") },
    });
    expect(k["current-context"]).toBe("c1");
  });

  it("sends each bastion cluster through its own SOCKS port", () => {
    const k = meshKubeconfig("bastion", clusters);
    expect(k.clusters.map((c: any) => c.cluster["proxy-url"])).toEqual([
      "socks5://127.0.0.1:10801",
      "socks5://127.0.0.1:10802",
      "socks5://127.0.0.1:10803",
    ]);
  });

  it("merges into an existing kubeconfig, replacing only same-named entries and keeping its current context", () => {
    const ours = meshKubeconfig("private", clusters.slice(0, 2));
    const theirs = {
      apiVersion: "v1" as const,
      kind: "Config" as const,
      preferences: {},
      clusters: [{ name: "c1", old: true }, { name: "dev" }],
      users: [{ name: "me" }],
      contexts: [{ name: "dev" }],
      "current-context": "dev",
    };
    const merged = mergeKubeconfig(theirs, ours);
    expect(merged.clusters.map((c) => c.name)).toEqual(["dev", "c1", "c2"]);
    expect(merged.clusters.find((c) => c.name === "c1")).not.toHaveProperty("old");
    expect(merged.users.map((u) => u.name)).toEqual(["me", "okemesh-c1", "okemesh-c2"]);
    expect(merged["current-context"]).toBe("dev");
    expect(merged.preferences).toEqual({});
  });
});

describe("okemesh kubeconfig", () => {
  it("writes ./kubeconfig (mode 600, marked) with the private endpoints and CA from the outputs", async () => {
    const { code, cwd, tools } = await kubeconfigWith({ processes: true }, 3, "private");
    expect(code).toBe(0);
    const file = path.join(cwd, "kubeconfig");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, "utf8");
    expect(text.startsWith(KUBECONFIG_MARK)).toBe(true);
    const k = parse(text);
    expect(k.clusters.map((c: any) => c.cluster.server)).toEqual(["https://10.1.10.2:6443", "https://10.2.10.2:6443", "https://10.3.10.2:6443"]);
    expect(Buffer.from(k.clusters[1].cluster["certificate-authority-data"], "base64").toString()).toContain("c2");
    expect(k.users[0].user.exec.args).toContain("ocid1.cluster.oc1..c1");
    expect(tools.calls("terraform").map((c) => c.slice(1))).toContainEqual([
      `-chdir=${path.join(cwd, "cdktf.out", "stacks", "c2")}`,
      "output",
      "-json",
      "-no-color",
    ]);
  });

  it("uses the public endpoints for access public, and --out and --stack", async () => {
    const { code, cwd } = await kubeconfig(3, "public", "--out", "k/mesh.yaml", "--stack", "c3");
    expect(code).toBe(0);
    const k = parse(fs.readFileSync(path.join(cwd, "k", "mesh.yaml"), "utf8"));
    expect(k.contexts.map((c: any) => c.name)).toEqual(["c3"]);
    expect(k.clusters[0].cluster.server).toBe("https://203.0.113.3:6443");
  });

  it("names every missing output of every region at once, exit 1, writing nothing", async () => {
    const tools = standIns({ outputs: { c1: { cluster_id: "x", cluster_private_endpoint: "10.1.10.2:6443" }, c2: { cluster_id: "y" } } });
    const cwd = workdir(2, access("private"));
    const io = memoryIo(cwd, tools.env);
    expect(await run(["kubeconfig", "--config", "topology.yaml"], io)).toBe(1);
    expect(io.err()).toContain("  - c1: cluster_ca_certificate\n  - c2: cluster_ca_certificate\n  - c2: cluster_private_endpoint");
    expect(fs.existsSync(path.join(cwd, "kubeconfig"))).toBe(false);
  });

  it("says which stack has no state yet", async () => {
    const tools = standIns({ outputs: { c1: {} } });
    const io = memoryIo(workdir(2), tools.env);
    expect(await run(["kubeconfig", "--config", "topology.yaml"], io)).toBe(1);
    expect(io.err()).toMatch(/terraform output in .*stacks\/c2 failed \(exit 1\): Error: Backend initialization required/);
  });

  it("never overwrites a file it did not write, and refuses --out with --merge-into-home", async () => {
    const first = await kubeconfig(2, "private");
    fs.writeFileSync(path.join(first.cwd, "mine"), "apiVersion: v1\n");
    const io = memoryIo(first.cwd, first.tools.env);
    expect(await run(["kubeconfig", "--config", "topology.yaml", "--out", "mine"], io)).toBe(2);
    expect(io.err()).toContain("was not written by okemesh");
    expect(fs.readFileSync(path.join(first.cwd, "mine"), "utf8")).toBe("apiVersion: v1\n");
    // Its own file is replaced.
    expect(await run(["kubeconfig", "--config", "topology.yaml"], memoryIo(first.cwd, first.tools.env))).toBe(0);
    expect(await run(["kubeconfig", "--config", "topology.yaml", "--out", "x", "--merge-into-home"], memoryIo(first.cwd, first.tools.env))).toBe(2);
  });

  it("merges into ~/.kube/config only with --merge-into-home, keeping the user's entries", async () => {
    const names = ["c1", "c2"];
    const tools = standIns({ outputs: regionOutputsFixture(names) });
    const cwd = workdir(2, access("bastion"));
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-home-"));
    fs.mkdirSync(path.join(home, ".kube"));
    fs.writeFileSync(
      path.join(home, ".kube", "config"),
      "apiVersion: v1\nkind: Config\nclusters: [{name: dev}]\ncontexts: [{name: dev}]\nusers: []\ncurrent-context: dev\n",
    );
    const io = memoryIo(cwd, { ...tools.env, HOME: home });
    expect(await run(["kubeconfig", "--config", "topology.yaml", "--merge-into-home"], io)).toBe(0);
    const k = parse(fs.readFileSync(path.join(home, ".kube", "config"), "utf8"));
    expect(k.contexts.map((c: any) => c.name)).toEqual(["dev", "c1", "c2"]);
    expect(k["current-context"]).toBe("dev");
    expect(k.clusters[2].cluster["proxy-url"]).toBe("socks5://127.0.0.1:10802");
    expect(io.out()).toContain("SOCKS5 tunnels of `okemesh tunnel`");
    expect(fs.existsSync(path.join(cwd, "kubeconfig"))).toBe(false);
  });
});
