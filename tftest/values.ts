// Realistic values for the mocks: what OCI, OKE and the OCI cloud controller manager would
// return for a region of the topology. Deterministic: every value is derived from the
// topology (or fixed), so two generations are byte-identical.
import { createHash } from "crypto";
import { stringify } from "yaml";
import { hostAt } from "../config/cidr";
import { NodePoolSpec, RegionSpec } from "../config/topology";
import { imagePattern } from "../constructs/oke-images";

/** A self-signed P-256 test CA (CN okemesh-tftest-ca, 2026-2036; made once with openssl, the key
 * was discarded). The cluster's CA the kubeconfig carries, base64-encoded. */
export const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBejCCASCgAwIBAgIBATAKBggqhkjOPQQDAjAcMRowGAYDVQQDDBFva2VtZXNo
LXRmdGVzdC1jYTAeFw0yNjEyMDExMTI3MDlaFw0zNjExMjgxMTI3MDlaMBwxGjAY
BgNVBAMMEW9rZW1lc2gtdGZ0ZXN0LWNhMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
QgAEQhSgjiNLrQMMSK3m/SIgFmSmkt6R/VSngjltow4BlgNJCxL2BEZH2ieDL5Eu
xp95sjiZKZoG3flssD1tfBM426NTMFEwHQYDVR0OBBYEFMhF7kmxu8+9s/GATwZ+
buU3XcDZMB8GA1UdIwQYMBaAFMhF7kmxu8+9s/GATwZ+buU3XcDZMA8GA1UdEwEB
/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAJIPq5MP7ZydtjQdzqNBt6wwvE+6
0uOoRkPmCNm6+IjaAiBL0vLk2l8pfqm9CdvuIwe0zyZzTTVH0P/c+BlDvny+zA==
-----END CERTIFICATE-----
`;

/** The compartment every test plans into. */
export const TEST_COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaokemeshtftest";

/** OCI's API endpoint port for OKE clusters. */
const API_PORT = 6443;

/** An OCID of the region: ocid1.<kind>.<realm>.<region>.<unique>, unique per `seed`. The kind
 * is the resource type without its provider and service (oci_core_drg: drg). */
export function ocid(resourceType: string, region: RegionSpec, seed: string): string {
  const kind = resourceType.split("_").slice(2).join("");
  const unique = createHash("sha256").update(`${region.name}/${seed}`).digest("hex").slice(0, 24);
  return `ocid1.${kind}.${region.ociRealm}.${region.ociRegion}.aaaa${unique}`;
}

/** `host:port` of the private API endpoint: OKE takes an address of the API subnet (the
 * third; OCI keeps the first two). */
export function privateEndpoint(region: RegionSpec): string {
  return `${hostAt(region.subnets.apiEndpoint, 3)}:${API_PORT}`;
}

/** `host:port` of the public API endpoint: a documentation address (RFC 5737 TEST-NET-3). */
export function publicEndpoint(region: RegionSpec): string {
  return `203.0.113.${region.clusterId}:${API_PORT}`;
}

/** What `oci_containerengine_cluster.endpoints` holds for a cluster of the region. */
export function clusterEndpoints(region: RegionSpec, publicIp: boolean) {
  return [
    {
      private_endpoint: privateEndpoint(region),
      public_endpoint: publicIp ? publicEndpoint(region) : "",
      kubernetes: "",
      vcn_hostname_endpoint: "",
      ipv6endpoint: "",
    },
  ];
}

/** A kubeconfig as OKE writes it (token version 2.0.0: the OCI CLI exec plugin, no token or key;
 * see the OKE notes of the reference, "Operator host, kubeconfig, auth"). */
export function kubeconfig(region: RegionSpec, clusterId: string): string {
  const name = `cluster-${region.name}`;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name, cluster: { server: `https://${privateEndpoint(region)}`, "certificate-authority-data": Buffer.from(TEST_CA_PEM).toString("base64") } },
    ],
    contexts: [{ name: `context-${region.name}`, context: { cluster: name, user: `user-${region.name}` } }],
    "current-context": `context-${region.name}`,
    users: [
      {
        name: `user-${region.name}`,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "oci",
            args: ["ce", "cluster", "generate-token", "--cluster-id", clusterId, "--region", region.ociRegion],
            env: [],
          },
        },
      },
    ],
  });
}

/** `count` availability domains named as OCI names them (<tenancy prefix>:<REGION>-AD-<n>). */
export function availabilityDomains(region: RegionSpec, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `okem:${region.ociRegion.toUpperCase()}-AD-${i + 1}`,
    id: ocid("oci_identity_availabilitydomain", region, `ad-${i + 1}`),
    compartment_id: TEST_COMPARTMENT,
  }));
}

/** The Oracle Services Network entry of `oci_core_services` (the region stack's filter,
 * "All .* Services In Oracle Services Network", selects it). */
export function oracleServicesNetwork(region: RegionSpec) {
  const key = region.ociRegion.toUpperCase();
  return {
    id: ocid("oci_core_service", region, "osn"),
    name: `All ${key} Services In Oracle Services Network`,
    cidr_block: `all-${key.toLowerCase()}-services-in-oracle-services-network`,
    description: `All ${key} Services In Oracle Services Network`,
  };
}

/** One entry of the node-pool options' `sources` (a type, so it is an HCL object value). */
export type ImageSource = {
  readonly source_type: "IMAGE";
  readonly image_id: string;
  readonly source_name: string;
};

/** Variants of OKE Oracle Linux 8 image names (constructs/oke-images.ts): x86, Arm, GPU. */
const VARIANTS = ["", "aarch64-", "Gen2-GPU-"];
/** Build dates out of order; NEWEST_BUILD is the newest of them. */
const BUILDS = ["2025.03.14-0", "2025.06.17-1", "2024.11.20-2", "2025.06.17-0"];
const NEWEST_BUILD = "2025.06.17-1";
/** A Kubernetes version no topology asks for, on a newer build: images no pool may pick. */
const OTHER_VERSION = "1.29.1";
const NEWER_BUILD = "2026.01.05-0";

function image(region: RegionSpec, name: string): ImageSource {
  return { source_type: "IMAGE", image_id: ocid("oci_core_image", region, name), source_name: name };
}

const imageName = (variant: string, build: string, version: string) => `Oracle-Linux-8.10-${variant}${build}-OKE-${version}-1057`;

/** Images of the node-pool options no pool matches: another Kubernetes version, and plain
 * Oracle Linux without OKE, both newer than any OKE image for the pools. */
export function decoyImages(region: RegionSpec): ImageSource[] {
  return [...VARIANTS.map((v) => image(region, imageName(v, NEWER_BUILD, OTHER_VERSION))), image(region, `Oracle-Linux-8.10-${NEWER_BUILD}`)];
}

/** The images of a pool's shape and version, as OKE lists them (the construct's regex picks
 * the variant), in the order of BUILDS. */
export function poolImages(region: RegionSpec, pool: NodePoolSpec, kubernetesVersion: string): ImageSource[] {
  const pattern = new RegExp(imagePattern(pool, kubernetesVersion));
  const version = kubernetesVersion.replace(/^v/, "");
  const names = VARIANTS.flatMap((v) => BUILDS.map((b) => imageName(v, b, version))).filter((n) => pattern.test(n));
  return names.map((n) => image(region, n));
}

/** The newest of the pool's images: the one its node pool must run. */
export function newestImage(region: RegionSpec, pool: NodePoolSpec, kubernetesVersion: string): ImageSource {
  const newest = poolImages(region, pool, kubernetesVersion).find((s) => s.source_name.includes(`-${NEWEST_BUILD}-`));
  if (!newest) throw new Error(`no test image matches ${imagePattern(pool, kubernetesVersion)}`);
  return newest;
}

/** Every image the node-pool options data source lists for the region: the pools' own and
 * the decoys, without duplicates. */
export function regionImages(region: RegionSpec): ImageSource[] {
  const all = [...region.nodePools.flatMap((p) => poolImages(region, p, region.kubernetesVersion)), ...decoyImages(region)];
  return all.filter((s, i) => all.findIndex((t) => t.source_name === s.source_name) === i);
}

/** Another address of the same subnet than `ip`: what the load balancer gets when the OCI
 * cloud controller manager ignores the pinned-IP annotation. */
export function otherAddress(ip: string): string {
  const octets = ip.split(".").map(Number);
  octets[3] ^= 64;
  return octets.join(".");
}
