// The grammars of the strings a topology gives, and the names okemesh derives from them. Every
// string that reaches the synthesized Terraform has a grammar without '$', '%', '{' or
// whitespace, so no value can ever become a Terraform template (`${...}`, `%{...}`).

/** Cilium's rule for cluster names (chart validate.yaml and agent): <= 32 chars, lower-case
 * alphanumerics and '-', alphanumeric at both ends. */
export const CLUSTER_NAME = /^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/;

/** A Kubernetes DNS label (RFC 1123), the grammar of namespaces and of the Coherence cluster. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** An OCI compute shape: VM. or BM. and dot-separated words, e.g. VM.Standard.E5.Flex, BM.GPU.A10.4. */
export const SHAPE = /^(VM|BM)\.[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*$/;

/** Flexible shapes take ocpus and memoryInGbs; every other shape has a fixed size. */
export const isFlexShape = (shape: string): boolean => shape.endsWith(".Flex");

/** An OCID of the given resource type: ocid1.<type>.<realm>.[region][.future use].<unique id>
 * (docs.oracle.com, General/Concepts/identifiers.htm). */
export const ocid = (type: string): RegExp => new RegExp(`^ocid1\\.${type}\\.oc[0-9]+\\.[a-z0-9-]*(?:\\.[a-z0-9-]*)?\\.[a-z0-9]+$`);

/** A container image reference after distribution/reference's grammar (domain[:port]/path
 * components of lower-case alphanumerics joined by '.', '_', '__' or '-'), with a tag
 * `[\w][\w.-]{0,127}` and/or a sha256 digest. */
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const IMAGE_NAME = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
export const IMAGE_REFERENCE = new RegExp(`^${IMAGE_NAME}(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);
/** A pinned reference: it names a tag or a digest. */
export const PINNED_IMAGE = /(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;

/** A DNS host name with an optional port, e.g. app.terraform.io or tfe.example.com:8443. */
const HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
export const HOSTNAME = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})*(?::[0-9]{1,5})?$`);

/** An HCP Terraform organization name: what go-tfe accepts as a name (validStringID). */
export const TFC_ORGANIZATION = /^[A-Za-z0-9._-]+$/;

/** A profile of ~/.oci/config (an INI section name). */
export const OCI_PROFILE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A dotted-quad IPv4 address without leading zeros. */
export const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The Coherence resource (member set) of a region: unique per cluster, the same grid name in
 * every region. */
export const coherenceMemberSetOf = (clusterName: string, regionName: string): string => `${clusterName}-${regionName}`;

/** The node pool okemesh adds to every region with connectivity submariner (its gateways). */
export const SUBMARINER_GATEWAY_POOL = "submariner-gateways";
