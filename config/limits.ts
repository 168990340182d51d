// Numbers the platforms impose on a topology, each with where it comes from. The schema and
// the rules read them from here; so should the constructs.

/** Cilium's largest cluster.id with the default `clustermesh.maxConnectedClusters: 255` (the
 * chart's validate.yaml accepts only 255 or 511; 1-255, 0 means "no mesh"). */
export const MAX_CLUSTER_ID = 255;

/** Security rules one OCI network security group may hold, ingress and egress together (the
 * default limit; Oracle's A-Team, "Oracle AI Database@AWS and custom NSG": "The NSG has a
 * default limit of 120 security rules ingress+egress"). */
export const NSG_RULE_LIMIT = 120;

/** Rules each region's mesh NSG holds per peer region. */
export const MESH_RULES_PER_PEER = 4;

/** Regions in one mesh: every region's mesh NSG holds the rules of all its peers. */
export const MAX_REGIONS = Math.floor(NSG_RULE_LIMIT / MESH_RULES_PER_PEER) + 1;

/** The block OKE gives each node from the cluster's pods CIDR: "Container Engine for
 * Kubernetes allocates a /25 CIDR block of network addresses for each worker node"
 * (docs.oracle.com, ContEng/Concepts/contengcidrblocks.htm). */
export const POD_CIDR_PER_NODE_PREFIX = 25;

/** The largest services CIDR: kube-apiserver refuses a --service-cluster-ip-range of more than
 * 2^20 addresses ("for 32-bit addresses, the mask must be >= 12", cmd/kube-apiserver options
 * validation). */
export const MAX_SERVICES_PREFIX = 12;

/** The smallest services CIDR. OKE documents no minimum; it puts kube-dns at the 1286th
 * address of the services CIDR (10.96.5.5 in the default 10.96.0.0/16, as every OKE cluster
 * shows), which a range smaller than /21 does not have. */
export const MIN_SERVICES_PREFIX = 21;

/** Longest Coherence member-set name: the operator names the WKA Service `<name>-wka`, and a
 * Service name is a 63-character DNS label. */
export const MAX_MEMBER_SET_NAME = 59;

/** At most this many characters of a value are echoed in a message. */
export const MAX_ECHO = 80;
