// okemesh doctor against stand-in tools, a temp HOME and loopback servers standing in for the
// API endpoints (direct, or behind a SOCKS5 tunnel): what it finds, what it says to do next,
// and its exit code.
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { run } from "../../cli/main";
import { Fixtures, freeClusterIds, memoryIo, regionOutputsFixture, standIns, workdir } from "../cli/stand-ins";

jest.setTimeout(60_000);

const servers: net.Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

/** A loopback port that accepts connections (an API server that answers). */
async function listening(): Promise<number> {
  const s = net.createServer((c) => c.end()).listen(0, "127.0.0.1");
  servers.push(s);
  await new Promise((r) => s.once("listening", r));
  return (s.address() as net.AddressInfo).port;
}

/** A loopback port nothing listens on. */
async function closed(): Promise<number> {
  const s = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A minimal SOCKS5 proxy on `port` (no auth) that connects to loopback targets only. */
async function socksProxy(port: number, seen: string[]): Promise<void> {
  const s = net.createServer((c) => {
    c.once("data", () => {
      c.write(Buffer.from([5, 0]));
      c.once("data", (req) => {
        const host = req[3] === 1 ? [...req.subarray(4, 8)].join(".") : req.subarray(5, 5 + req[4]).toString();
        const target = req.readUInt16BE(req.length - 2);
        seen.push(`${host}:${target}`);
        const upstream = net.connect(
          target,
          "127.0.0.1",
          () => (c.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0])), upstream.pipe(c), c.pipe(upstream)),
        );
        upstream.on("error", () => c.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
      });
    });
  });
  servers.push(s);
  await new Promise((r) => s.listen(port, "127.0.0.1", () => r(undefined)));
}

function home(profile = "DEFAULT"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-home-"));
  fs.mkdirSync(path.join(dir, ".oci"));
  fs.writeFileSync(path.join(dir, ".oci", "config"), `[${profile}]\nuser=ocid1.user.oc1..me\n`);
  return dir;
}

interface DoctorCase {
  fixtures?: Fixtures;
  extra?: Record<string, unknown>;
  env?: Record<string, string>;
  ids?: number[];
  synthesized?: boolean;
  argv?: string[];
  /** The tools as child processes. @default in this process (stand-ins.ts) */
  processes?: boolean;
}

async function doctor(opts: DoctorCase) {
  const tools = standIns(opts.fixtures ?? {}, { processes: opts.processes });
  const cwd = workdir(2, opts.extra ?? {}, (raw) => opts.ids && raw.regions.forEach((r: any, i: number) => (r.clusterId = opts.ids![i])));
  if (opts.synthesized !== false) {
    fs.mkdirSync(path.join(cwd, "cdktf.out"));
    fs.writeFileSync(path.join(cwd, "cdktf.out", "manifest.json"), "{}");
  }
  const io = memoryIo(cwd, { ...tools.env, HOME: home(), TF_VAR_compartment_ocid: "ocid1.compartment.oc1..mesh", OCI_CLI_PROFILE: "", ...opts.env });
  const code = await run(["doctor", "--config", "topology.yaml", "--timeout", "2000", ...(opts.argv ?? [])], io);
  return { code, out: io.out(), tools };
}

const privateAccess = { apiEndpoint: { access: "private", allowedCidrs: ["10.99.0.0/24"] } };

describe("okemesh doctor", () => {
  it("passes when every tool, the OCI profile, the compartment and every API endpoint are there (the tools as processes)", async () => {
    const ports = [await listening(), await listening()];
    const outputs = regionOutputsFixture(["c1", "c2"], (_, i) => ({ cluster_private_endpoint: `127.0.0.1:${ports[i]}` }));
    const r = await doctor({ fixtures: { outputs, terraformVersion: "1.12.2" }, extra: privateAccess, processes: true });
    expect(r.code).toBe(0);
    for (const check of ["terraform", "oci", "kubectl", "cilium", "oci config", "compartment"])
      expect(r.out).toMatch(new RegExp(`^${check}\\s+-\\s+ok\\s`, "m"));
    expect(r.out).toMatch(/^api endpoint\s+c1\s+ok\s+127\.0\.0\.1:\d+ accepts connections$/m);
    expect(r.out).toMatch(/^api endpoint\s+c2\s+ok\s/m);
    expect(r.out).not.toContain("Next steps");
    expect(r.out).not.toMatch(/^ssh\s/m);
  });

  it("fails with next steps for an unreachable endpoint, a missing profile and compartment, and warns of a missing cilium", async () => {
    const port = await closed();
    const outputs = regionOutputsFixture(["c1"], () => ({ cluster_private_endpoint: `127.0.0.1:${port}` }));
    const r = await doctor({
      fixtures: { outputs, missing: ["cilium"] },
      extra: privateAccess,
      env: { OCI_CLI_PROFILE: "PROD", TF_VAR_compartment_ocid: "" },
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^cilium\s+-\s+warn\s+not found on PATH/m);
    expect(r.out).toMatch(/^oci config\s+-\s+FAIL\s+.*has no profile \[PROD\] \(has: DEFAULT\)/m);
    expect(r.out).toMatch(/^compartment\s+-\s+FAIL\s+TF_VAR_compartment_ocid is not set/m);
    expect(r.out).toMatch(/^api endpoint\s+c1\s+FAIL\s+127\.0\.0\.1:\d+: connect ECONNREFUSED/m);
    expect(r.out).toMatch(/^api endpoint\s+c2\s+note\s+terraform output .* failed/m);
    expect(r.out).toContain("Next steps:\n");
    expect(r.out).toContain("  - export TF_VAR_compartment_ocid=");
    expect(r.out).toContain("  - run from a network that routes to the API subnets");
  });

  it("fails without terraform", async () => {
    const r = await doctor({ extra: privateAccess, argv: ["--terraform", "/nonexistent/terraform"] });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^terraform\s+-\s+FAIL\s+\/nonexistent\/terraform: not found on PATH/m);
    expect(r.out).toContain("  - install Terraform (or pass --terraform)");
  });

  it("asks for Terraform 1.12 with the oci state backend", async () => {
    const state = { backend: "oci", bucket: "b", namespace: "n", region: "eu-frankfurt-1" };
    const r = await doctor({ fixtures: { terraformVersion: "1.11.4" }, extra: { ...privateAccess, state } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^terraform\s+-\s+FAIL\s+1\.11\.4; needs >= 1\.12\.0 for the oci backend/m);
  });

  it("notes the private access with an empty allowedCidrs, and an app not synthesized yet", async () => {
    const r = await doctor({ synthesized: false });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^allowed cidrs\s+-\s+note\s+access private with an empty apiEndpoint\.allowedCidrs/m);
    expect(r.out).toMatch(/^api endpoint\s+-\s+note\s+.*has no synthesized app/m);
    expect(r.out).toContain("  - okemesh synth");
  });

  it("with access bastion needs ssh and reaches each private endpoint through the region's SOCKS5 port", async () => {
    const ids = await freeClusterIds(2);
    const api = await listening();
    const seen: string[] = [];
    await socksProxy(10800 + ids[0], seen);
    const outputs = regionOutputsFixture(["c1", "c2"], () => ({ cluster_private_endpoint: `127.0.0.1:${api}` }));
    const bastion = { apiEndpoint: { access: "bastion", allowedCidrs: ["192.0.2.0/24"] } };
    const r = await doctor({ fixtures: { outputs }, extra: bastion, ids });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ssh\s+-\s+ok\s+OpenSSH/m);
    expect(r.out).toMatch(
      new RegExp(`^api endpoint\\s+c1\\s+ok\\s+127\\.0\\.0\\.1:${api} accepts connections through 127\\.0\\.0\\.1:${10800 + ids[0]}`, "m"),
    );
    expect(r.out).toMatch(/^api endpoint\s+c2\s+FAIL\s/m);
    expect(r.out).toContain("open the bastion tunnels: okemesh tunnel");
    expect(seen).toEqual([`127.0.0.1:${api}`]);
  });

  it("needs no config file when the OCI CLI uses another auth method", async () => {
    const r = await doctor({ env: { OCI_CLI_AUTH: "instance_principal", HOME: "/nonexistent" }, extra: privateAccess, synthesized: false });
    expect(r.out).toMatch(/^oci config\s+-\s+ok\s+OCI_CLI_AUTH=instance_principal/m);
  });
});
