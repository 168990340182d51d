// Every default of the topology file, in one place: the schema fills them in and the
// cross-field rules (which read the raw document) fall back to them. README.md's topology
// reference shows the same values; a test keeps the two equal.

const NODE_POOL = { size: 3, shape: "VM.Standard.E5.Flex", ocpus: 2, memoryInGbs: 16, bootVolumeSizeInGbs: 50 } as const;

export const DEFAULTS = {
  meshCidr: "10.0.0.0/8",
  kubernetesVersion: "v1.34.2",
  apiEndpoint: { access: "private", allowedCidrs: [] },
  cilium: { version: "1.20.0", mtu: 1500 },
  connectivity: "cilium",
  submariner: {
    version: "0.18.1",
    cableDriver: "libreswan",
    gateways: { size: 2, shape: "VM.Standard.E5.Flex", ocpus: 1, memoryInGbs: 8 },
  },
  globalServices: [],
  coherence: {
    enabled: true,
    namespace: "coherence",
    operatorNamespace: "coherence-operator",
    operatorVersion: "3.5.14",
    image: "container-registry.oracle.com/middleware/coherence-ce:14.1.2-0-3",
    replicas: 3,
    heapSize: "2g",
    memory: "3Gi",
    cpu: "1",
  },
  /** The fields of a node pool that has only a name. */
  nodePool: NODE_POOL,
  /** The node pools of every region that lists none. */
  nodePools: [{ name: "workers", ...NODE_POOL }],
  state: { backend: "local" },
  protect: ["clusters", "nodePools", "vcns", "drgs", "peerings", "clustermeshCa", "cilium", "submariner"],
  retired: [],
} as const;

/** A mutable copy of a default, for the schema to hand out (never the shared object). */
export const copyOf =
  <T>(value: T): (() => Mutable<T>) =>
  () =>
    structuredClone(value) as Mutable<T>;

type Mutable<T> = T extends readonly (infer E)[] ? Mutable<E>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
