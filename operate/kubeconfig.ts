// A kubeconfig for the mesh: one context per region, the context and cluster named after the
// region. Credentials are the exec token flow the mesh stack's providers use (a short-lived
// token from `oci ce cluster generate-token` on every call: the user exec of the kubeconfig
// `oci ce cluster create-kubeconfig` writes, see ../shared/reference/notes/oke.md A.6 and
// https://docs.oracle.com/iaas/tools/oci-cli/latest/oci_cli_docs/cmdref/ce/cluster/create-kubeconfig.html),
// so the file holds no secret. The server is the endpoint `apiEndpoint.access` says; with
// bastion, client-go's proxy-url sends it through the region's SOCKS5 tunnel.
import { parse, stringify } from "yaml";
import { ApiAccess, RegionSpec } from "../config/topology";
import { UsageError } from "./errors";

/** First line of every kubeconfig okemesh writes: only such a file is ever overwritten. */
export const KUBECONFIG_MARK = "# Written by okemesh kubeconfig: one context per region (exec tokens from the OCI CLI, no secret).";

export interface ClusterAccess {
  readonly region: RegionSpec;
  readonly clusterId: string;
  /** host:port of the endpoint `access` selects. */
  readonly endpoint: string;
  /** The cluster CA, PEM or already base64. */
  readonly caCertificate: string;
}

interface NamedEntry {
  readonly name: string;
  readonly [key: string]: unknown;
}

export interface Kubeconfig {
  readonly apiVersion: "v1";
  readonly kind: "Config";
  readonly clusters: readonly NamedEntry[];
  readonly users: readonly NamedEntry[];
  readonly contexts: readonly NamedEntry[];
  readonly "current-context"?: string;
  readonly [key: string]: unknown;
}

const base64Pem = (ca: string) => (ca.trimStart().startsWith("-----BEGIN") ? Buffer.from(ca).toString("base64") : ca.trim());
const userOf = (region: string) => `okemesh-${region}`;

/** The kubeconfig of the given clusters; the first is the current context. */
export function meshKubeconfig(access: ApiAccess, clusters: readonly ClusterAccess[]): Kubeconfig {
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: clusters.map((c) => ({
      name: c.region.name,
      cluster: {
        server: `https://${c.endpoint}`,
        "certificate-authority-data": base64Pem(c.caCertificate),
        ...(access === "bastion" ? { "proxy-url": `socks5://127.0.0.1:${c.region.socksPort}` } : {}),
      },
    })),
    users: clusters.map((c) => ({
      name: userOf(c.region.name),
      user: {
        exec: {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "oci",
          args: ["ce", "cluster", "generate-token", "--cluster-id", c.clusterId, "--region", c.region.ociRegion],
        },
      },
    })),
    contexts: clusters.map((c) => ({ name: c.region.name, context: { cluster: c.region.name, user: userOf(c.region.name) } })),
    "current-context": clusters[0]?.region.name,
  };
}

/** `ours` merged into an existing kubeconfig: entries of the same name replaced, the rest kept. */
export function mergeKubeconfig(existing: Partial<Kubeconfig> | null, ours: Kubeconfig): Kubeconfig {
  const merge = (theirs: readonly NamedEntry[] | undefined, mine: readonly NamedEntry[]) => [
    ...(theirs ?? []).filter((e) => !mine.some((m) => m.name === e.name)),
    ...mine,
  ];
  return {
    ...(existing ?? {}),
    apiVersion: "v1",
    kind: "Config",
    clusters: merge(existing?.clusters, ours.clusters),
    users: merge(existing?.users, ours.users),
    contexts: merge(existing?.contexts, ours.contexts),
    "current-context": existing?.["current-context"] || ours["current-context"],
  };
}

export function renderKubeconfig(config: Kubeconfig, marked: boolean): string {
  return `${marked ? `${KUBECONFIG_MARK}\n` : ""}${stringify(config, { lineWidth: 0 })}`;
}

/** Reads a kubeconfig to merge into; a file that is not one is an error, not overwritten. */
export function parseKubeconfig(text: string, file: string): Partial<Kubeconfig> | null {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not YAML (${(e as Error).message.split("\n")[0]}); not touching it`);
  }
  if (doc === null || doc === undefined) return null;
  if (typeof doc !== "object" || Array.isArray(doc) || (doc as { kind?: unknown }).kind !== "Config") {
    throw new UsageError(`${file} is not a kubeconfig (kind: Config); not touching it`);
  }
  return doc as Partial<Kubeconfig>;
}
