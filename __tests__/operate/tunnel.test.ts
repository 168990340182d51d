// okemesh tunnel against stand-in oci, ssh and ssh-keygen: one DYNAMIC_PORT_FORWARDING session
// per region, ssh -D on 127.0.0.1:10800+clusterId, the command run while the tunnels are up,
// and every session deleted afterwards, also when something fails.
import * as fs from "fs";
import * as path from "path";
import { run } from "../../cli/main";
import { sshDestination } from "../../operate/tunnel";
import { freeClusterIds, memoryIo, regionOutputsFixture, StandInOptions, standIns, workdir } from "../cli/stand-ins";

jest.setTimeout(60_000);

/** Node checking that it can connect to every port, printing "up <port>" for each. */
const probe = (ports: number[]) =>
  [
    'const net = require("net");',
    `const up = (p) => new Promise((ok, ko) => net.connect(p, "127.0.0.1", () => (console.log("up " + p), ok())).on("error", ko));`,
    `Promise.all(${JSON.stringify(ports)}.map(up)).then(() => process.exit(3), () => process.exit(9));`,
  ].join("\n");

async function setup(n: number, fixtures: Record<string, unknown> = {}, options: StandInOptions = {}) {
  const ids = await freeClusterIds(n);
  const names = ids.map((_, i) => `c${i + 1}`);
  const tools = standIns({ outputs: regionOutputsFixture(names, (name) => ({ bastion_id: `ocid1.bastion.oc1..${name}` })), ...fixtures }, options);
  const cwd = workdir(n, { apiEndpoint: { access: "bastion", allowedCidrs: ["192.0.2.0/24"] } }, (raw) =>
    raw.regions.forEach((r: any, i: number) => (r.clusterId = ids[i])),
  );
  const ports = ids.map((id) => 10800 + id);
  const tunnel = async (...argv: string[]) => {
    const io = memoryIo(cwd, tools.env);
    const code = await run(["tunnel", "--config", "topology.yaml", "--poll-ms", "10", ...argv], io);
    return { code, out: io.out(), err: io.err() };
  };
  return { tools, ports, tunnel };
}

describe("okemesh tunnel -- <command>", () => {
  it("runs the command with every region's tunnel up, returns its exit code and deletes the sessions (the tools as processes)", async () => {
    const { tools, ports, tunnel } = await setup(3, {}, { processes: true });
    const r = await tunnel("--", process.execPath, "-e", probe(ports));
    expect(r.err).toBe("");
    expect(r.code).toBe(3);
    for (const p of ports) expect(r.out).toContain(`up ${p}`);
    expect(r.out).toContain("tunnels closed, bastion sessions deleted");

    const creates = tools.calls("oci").filter((c) => c[3]?.startsWith("create"));
    expect(creates).toHaveLength(3);
    const c1 = creates.find((c) => c.includes("ocid1.bastion.oc1..c1"))!;
    expect(c1.slice(1, 4)).toEqual(["bastion", "session", "create-session-create-dynamic-port-forwarding-session-target-resource-details"]);
    expect(c1[c1.indexOf("--session-ttl-in-seconds") + 1]).toBe("10800");
    expect(c1[c1.indexOf("--region") + 1]).toBe("eu-paris-1");
    expect(JSON.parse(c1[c1.indexOf("--key-details") + 1])).toEqual({ publicKeyContent: "ssh-ed25519 AAAAstandin okemesh" });

    const ssh = tools.calls("ssh").find((c) => c.includes(`127.0.0.1:${ports[1]}`))!;
    expect(ssh).toEqual(expect.arrayContaining(["-N", "-p", "22", "-o", "ExitOnForwardFailure=yes", "-o", "BatchMode=yes"]));
    expect(ssh[ssh.length - 1]).toBe("ocid1.bastionsession.oc1.eu-amsterdam-1.australis-c2-tunnel@host.bastion.eu-amsterdam-1.oci.oraclecloud.com");

    const deleted = tools
      .calls("oci")
      .filter((c) => c[3] === "delete")
      .map((c) => c[c.indexOf("--session-id") + 1]);
    expect(deleted.sort()).toEqual(
      creates.map((c) => `ocid1.bastionsession.oc1.${c[c.indexOf("--region") + 1]}.${c[c.indexOf("--display-name") + 1]}`).sort(),
    );
  });

  it("opens only the --stack regions, with the user's --ssh-key", async () => {
    const { tools, ports, tunnel } = await setup(2);
    const key = path.join(tools.dir, "my_key");
    fs.writeFileSync(key, "PRIVATE KEY\n", { mode: 0o600 });
    fs.writeFileSync(`${key}.pub`, "ssh-ed25519 AAAAmine me\n");
    const r = await tunnel("--stack", "c2", "--ssh-key", key, "--ttl", "3600", "--", process.execPath, "-e", probe([ports[1]]));
    expect(r.code).toBe(3);
    expect(tools.calls("ssh-keygen")).toHaveLength(0);
    const creates = tools.calls("oci").filter((c) => c[3]?.startsWith("create"));
    expect(creates).toHaveLength(1);
    expect(JSON.parse(creates[0][creates[0].indexOf("--key-details") + 1]).publicKeyContent).toBe("ssh-ed25519 AAAAmine me");
    expect(creates[0][creates[0].indexOf("--session-ttl-in-seconds") + 1]).toBe("3600");
    expect(tools.calls("ssh")[0]).toEqual(expect.arrayContaining(["-i", key]));
  });

  it("fails with exit 1 when a session fails, and deletes every session it made", async () => {
    const { tools, tunnel } = await setup(2, { sessionState: "FAILED" });
    const r = await tunnel("--", process.execPath, "-e", "process.exit(0)");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[c1\] bastion session \S+ is FAILED: quota/);
    expect(tools.calls("ssh")).toHaveLength(0);
    expect(tools.calls("oci").filter((c) => c[3] === "delete")).toHaveLength(2);
  });

  it("refuses a topology without a bastion (exit 2), a TTL beyond OCI's 3 hours, and a missing bastion output", async () => {
    const tools = standIns({ outputs: regionOutputsFixture(["c1", "c2"]) });
    const io = memoryIo(workdir(2), tools.env);
    expect(await run(["tunnel", "--config", "topology.yaml"], io)).toBe(2);
    expect(io.err()).toContain("apiEndpoint.access is private: there is no bastion to tunnel through");
    const { tunnel } = await setup(1);
    expect((await tunnel("--ttl", "20000")).code).toBe(2);
    const noBastion = await setup(1);
    noBastion.tools.fixtures({ outputs: regionOutputsFixture(["c1"]) });
    const r = await noBastion.tunnel("--", "true");
    expect(r.code).toBe(1);
    expect(r.err).toContain("c1: bastion_id");
    expect(noBastion.tools.calls("oci")).toHaveLength(0);
  });
});

describe("sshDestination", () => {
  it("takes user@host and the port from the session's ssh-metadata command", () => {
    const session = {
      id: "s",
      "ssh-metadata": {
        command: "ssh -i <privateKey> -N -D 127.0.0.1:<localPort> -p 2222 ocid1.bastionsession.x@host.bastion.r.oci.oraclecloud.com",
      },
    };
    expect(sshDestination(session)).toEqual({ destination: "ocid1.bastionsession.x@host.bastion.r.oci.oraclecloud.com", port: "2222" });
    expect(() => sshDestination({ id: "s" })).toThrow("bastion session s has no ssh-metadata command with user@host");
  });
});
