import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformProvider } from "cdktf";
import { RegionSpec } from "../config/topology";
import { OkeCluster } from "./oke-cluster";
import { Region } from "./region";

/** A region of the mesh as the mesh stack sees it: the region stack's network and cluster
 * (read through cross-stack references) and the mesh stack's providers for them. */
export interface MeshMember {
  readonly spec: RegionSpec;
  readonly network: Region;
  readonly oke: OkeCluster;
  /** The OCI provider alias of the region. */
  readonly oci: TerraformProvider;
  /** The Kubernetes provider alias of the cluster. */
  readonly kubernetes: KubernetesProvider;
  /** The Helm provider alias of the cluster. */
  readonly helm: HelmProvider;
}

/** The other members, in topology order. */
export function peersOf<M extends Pick<MeshMember, "spec">>(members: readonly M[], member: M): M[] {
  return members.filter((m) => m.spec.name !== member.spec.name);
}
