// The bastion tunnels (apiEndpoint.access: bastion): per region one OCI Bastion session of type
// DYNAMIC_PORT_FORWARDING (SOCKS5), made with the OCI CLI
// (https://docs.oracle.com/iaas/tools/oci-cli/latest/oci_cli_docs/cmdref/bastion/session/create-session-create-dynamic-port-forwarding-session-target-resource-details.html),
// polled until the session is ACTIVE (Session lifecycle states CREATING, ACTIVE, DELETING,
// DELETED, FAILED), then `ssh -N -D 127.0.0.1:<10800+clusterId>` to the user@host of the
// session's ssh-metadata command, kept until closed, and the sessions deleted.
//
// The bastion's host key is trusted on first use, in a known_hosts file of this run only:
// what crosses the tunnel is TLS to the API server, verified against the cluster CA, so a
// wrong bastion could drop the traffic but not read or alter it.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RegionSpec } from "../config/topology";
import { CommandFailure } from "./errors";
import { firstLine, runTool, toolEnv } from "./exec";
import { portInUse } from "./net";

export interface TunnelTarget {
  readonly region: RegionSpec;
  readonly bastionId: string;
}

export interface TunnelSettings {
  readonly env: NodeJS.ProcessEnv;
  /** Session lifetime; OCI allows at most 3 hours. */
  readonly ttlSeconds: number;
  /** Private key to use (its public key beside it, <key>.pub). @default a key made for this run */
  readonly sshKey?: string;
  /** Session display names start with this (the mesh name). */
  readonly label: string;
  /** Between two looks at a session's state, or two ssh attempts (and at most between two looks at a starting tunnel's
   * port, otherwise 200 ms). @default 3000 */
  readonly pollMs?: number;
  /** How long a session may take to become ACTIVE and its tunnel to listen. @default 180000 */
  readonly readyTimeoutMs?: number;
  readonly log: (line: string) => void;
}

export interface Tunnel {
  readonly region: RegionSpec;
  readonly sessionId: string;
  readonly port: number;
  readonly ssh: ChildProcess;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function oci(settings: TunnelSettings, args: string[]): Promise<any> {
  const r = await runTool("oci", args, { env: settings.env, timeoutMs: 120_000 });
  if (r.code !== 0) throw new CommandFailure(`oci ${args.slice(0, 3).join(" ")} failed (exit ${r.code}): ${firstLine(r.stderr)}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

/** The key pair the sessions admit: the user's, or one made for this run with ssh-keygen. */
async function keyPair(settings: TunnelSettings, dir: string): Promise<{ privateKey: string; publicKey: string }> {
  if (settings.sshKey) {
    const pub = `${settings.sshKey}.pub`;
    if (!fs.existsSync(pub)) throw new CommandFailure(`--ssh-key ${settings.sshKey}: no public key ${pub} beside it`);
    return { privateKey: settings.sshKey, publicKey: fs.readFileSync(pub, "utf8").trim() };
  }
  const privateKey = path.join(dir, "id_ed25519");
  const r = await runTool("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `${settings.label}-tunnel`, "-f", privateKey], { env: settings.env });
  if (r.code !== 0) throw new CommandFailure(`ssh-keygen failed (exit ${r.code}): ${firstLine(r.stderr)}`);
  return { privateKey, publicKey: fs.readFileSync(`${privateKey}.pub`, "utf8").trim() };
}

/** user@host and port of the session's ssh command (ssh-metadata.command). */
export function sshDestination(session: any): { destination: string; port: string } {
  const command: unknown = session?.["ssh-metadata"]?.command;
  const tokens = typeof command === "string" ? command.split(/\s+/) : [];
  const destination = tokens.filter((t) => /^[^\s@]+@[^\s@]+$/.test(t)).pop();
  if (!destination) throw new CommandFailure(`bastion session ${session?.id} has no ssh-metadata command with user@host`);
  const p = tokens.indexOf("-p");
  return { destination, port: p >= 0 && tokens[p + 1] ? tokens[p + 1] : "22" };
}

async function activeSession(settings: TunnelSettings, t: TunnelTarget, publicKey: string, created: (id: string) => void): Promise<any> {
  const region = ["--region", t.region.ociRegion];
  const made = await oci(settings, [
    ...["bastion", "session", "create-session-create-dynamic-port-forwarding-session-target-resource-details"],
    ...["--bastion-id", t.bastionId, "--display-name", `${settings.label}-${t.region.name}-tunnel`],
    ...["--key-details", JSON.stringify({ publicKeyContent: publicKey }), "--session-ttl-in-seconds", String(settings.ttlSeconds)],
    ...region,
  ]);
  const id: string = made?.data?.id;
  if (!id) throw new CommandFailure(`[${t.region.name}] oci bastion session create returned no session id`);
  created(id);
  const deadline = Date.now() + (settings.readyTimeoutMs ?? 180_000);
  for (;;) {
    const session = (await oci(settings, ["bastion", "session", "get", "--session-id", id, ...region]))?.data;
    const state = session?.["lifecycle-state"];
    if (state === "ACTIVE") return session;
    if (state === "FAILED" || state === "DELETED" || state === "DELETING") {
      throw new CommandFailure(`[${t.region.name}] bastion session ${id} is ${state}: ${session?.["lifecycle-details"] ?? "no details"}`);
    }
    if (Date.now() > deadline)
      throw new CommandFailure(`[${t.region.name}] bastion session ${id} still ${state} after ${settings.readyTimeoutMs ?? 180_000} ms`);
    await sleep(settings.pollMs ?? 3000);
  }
}

/** Starts ssh and waits until its SOCKS port listens; a session can refuse the key for a few
 * seconds after turning ACTIVE, so ssh is tried again when it exits early. */
async function startSsh(settings: TunnelSettings, t: TunnelTarget, session: any, key: string, dir: string): Promise<ChildProcess> {
  const { destination, port } = sshDestination(session);
  const args = [
    ...["-N", "-D", `127.0.0.1:${t.region.socksPort}`, "-p", port, "-i", key],
    ...["-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes", "-o", "ServerAliveInterval=30"],
    ...["-o", "StrictHostKeyChecking=accept-new", "-o", `UserKnownHostsFile=${path.join(dir, "known_hosts")}`],
    destination,
  ];
  const deadline = Date.now() + (settings.readyTimeoutMs ?? 180_000);
  let lastError = "";
  for (let attempt = 1; attempt <= 5 && Date.now() <= deadline; attempt++) {
    const ssh = spawn("ssh", args, { env: toolEnv(settings.env), stdio: ["ignore", "ignore", "pipe"] });
    const err: Buffer[] = [];
    ssh.stderr!.on("data", (b: Buffer) => err.push(b));
    let exited = false;
    ssh.once("exit", () => (exited = true));
    ssh.once("error", (e) => ((exited = true), err.push(Buffer.from(e.message))));
    while (!exited && Date.now() <= deadline) {
      if (await portInUse(t.region.socksPort)) return ssh;
      // Looks at the port every 200 ms, or as often as a shorter pollMs asks (the tests' 10 ms).
      await sleep(Math.min(200, settings.pollMs ?? 3000));
    }
    if (!exited) ssh.kill("SIGTERM");
    lastError = firstLine(Buffer.concat(err).toString()) || "ssh exited";
    await sleep(settings.pollMs ?? 3000);
  }
  throw new CommandFailure(`[${t.region.name}] the SOCKS5 tunnel on 127.0.0.1:${t.region.socksPort} did not come up: ${lastError}`);
}

/** The open tunnels and how to close them. */
export class Tunnels {
  constructor(
    readonly tunnels: readonly Tunnel[],
    private readonly sessions: ReadonlyArray<{ id: string; region: RegionSpec }>,
    private readonly dir: string,
    private readonly settings: TunnelSettings,
  ) {}

  /** Resolves with the first tunnel whose ssh exits (a dropped tunnel). */
  firstExit(): Promise<Tunnel> {
    return Promise.race(this.tunnels.map((t) => new Promise<Tunnel>((r) => (t.ssh.exitCode !== null ? r(t) : t.ssh.once("exit", () => r(t))))));
  }

  /** Stops every ssh, deletes every session; a session that cannot be deleted is named. */
  async close(): Promise<void> {
    await Promise.all(this.tunnels.map((t) => stop(t.ssh)));
    await Promise.all(
      this.sessions.map(async (s) => {
        const r = await runTool("oci", ["bastion", "session", "delete", "--session-id", s.id, "--force", "--region", s.region.ociRegion], {
          env: this.settings.env,
          timeoutMs: 120_000,
        });
        if (r.code !== 0)
          this.settings.log(`could not delete bastion session ${s.id} (${s.region.name}): ${firstLine(r.stderr)}; it expires by itself`);
      }),
    );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Opens one tunnel per target; on any failure closes what was opened and deletes every session made. */
export async function openTunnels(targets: readonly TunnelTarget[], settings: TunnelSettings): Promise<Tunnels> {
  const busy = [];
  for (const t of targets) if (await portInUse(t.region.socksPort)) busy.push(`127.0.0.1:${t.region.socksPort} (${t.region.name})`);
  if (busy.length) throw new CommandFailure(`already in use: ${busy.join(", ")}; is a tunnel open already?`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-tunnel-"));
  const sessions: Array<{ id: string; region: RegionSpec }> = [];
  const tunnels: Tunnel[] = [];
  const opened = new Tunnels(tunnels, sessions, dir, settings);
  try {
    const { privateKey, publicKey } = await keyPair(settings, dir);
    const results = await Promise.allSettled(
      targets.map(async (t) => {
        const session = await activeSession(settings, t, publicKey, (id) => sessions.push({ id, region: t.region }));
        const ssh = await startSsh(settings, t, session, privateKey, dir);
        tunnels.push({ region: t.region, sessionId: session.id, port: t.region.socksPort, ssh });
        settings.log(`${t.region.name}: socks5://127.0.0.1:${t.region.socksPort} (bastion session ${session.id})`);
      }),
    );
    const failures = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as Error).message] : []));
    if (failures.length) throw new CommandFailure(failures.join("\n"));
    return opened;
  } catch (e) {
    await opened.close();
    throw e;
  }
}
