// Can this machine reach a cluster's API endpoint? A TCP connect with a short timeout, direct
// or through a local SOCKS5 proxy (the bastion tunnel), with the socks client library.
import * as net from "net";
import { SocksClient } from "socks";

export interface Reach {
  readonly ok: boolean;
  readonly detail: string;
}

/** host:port of an endpoint output such as "10.1.10.2:6443". */
export function splitEndpoint(endpoint: string): { host: string; port: number } {
  const i = endpoint.lastIndexOf(":");
  return i > 0 ? { host: endpoint.slice(0, i), port: Number(endpoint.slice(i + 1)) } : { host: endpoint, port: 6443 };
}

export function tcpReach(host: string, port: number, timeoutMs: number): Promise<Reach> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (r: Reach) => (socket.destroy(), resolve(r));
    socket.setTimeout(timeoutMs, () => done({ ok: false, detail: `no answer from ${host}:${port} within ${timeoutMs} ms` }));
    socket.once("connect", () => done({ ok: true, detail: `${host}:${port} accepts connections` }));
    socket.once("error", (e) => done({ ok: false, detail: `${host}:${port}: ${e.message}` }));
  });
}

/** A CONNECT to host:port through the SOCKS5 proxy on 127.0.0.1:proxyPort. */
export async function socksReach(proxyPort: number, host: string, port: number, timeoutMs: number): Promise<Reach> {
  try {
    const { socket } = await SocksClient.createConnection({
      proxy: { host: "127.0.0.1", port: proxyPort, type: 5 },
      command: "connect",
      destination: { host, port },
      timeout: timeoutMs,
    });
    socket.destroy();
    return { ok: true, detail: `${host}:${port} accepts connections through 127.0.0.1:${proxyPort}` };
  } catch (e) {
    return { ok: false, detail: `${host}:${port} through 127.0.0.1:${proxyPort}: ${(e as Error).message}` };
  }
}

/** Whether something listens on 127.0.0.1:port. */
export async function portInUse(port: number): Promise<boolean> {
  return (await tcpReach("127.0.0.1", port, 1000)).ok;
}
