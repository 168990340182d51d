// Which OKE node images a pool takes, by name: the node pool's lookup (constructs/oke-cluster.ts)
// and the terraform test's mock images (tftest/values.ts) read the same patterns. Free of cdktf,
// so the tftest script starts without loading it.
import type { NodePoolSpec } from "../config/topology";

/** Arm shapes (a name with .Standard.A<n>., as VM.Standard.A1.Flex) run the aarch64 images. */
export const isArm = (shape: string): boolean => /\.Standard\.A\d+\./.test(shape);
const isGpu = (shape: string): boolean => /GPU/i.test(shape);

/** The build date and number in an OKE image name (2025.06.17-0): sorts by age. */
export const IMAGE_DATE = "[0-9]{4}[.][0-9]{2}[.][0-9]{2}-[0-9]+";

/** Regex for OKE image names such as Oracle-Linux-8.10-2025.06.17-0-OKE-1.34.2-1057
 * (variants: -aarch64- for Arm shapes, -Gen2-GPU- for GPU shapes). Dots are written as [.]
 * so the pattern survives JSON and HCL escaping unchanged. */
export function imagePattern(pool: NodePoolSpec, kubernetesVersion: string): string {
  const variant = isArm(pool.shape) ? "aarch64-" : isGpu(pool.shape) ? "Gen2-GPU-" : "";
  const version = kubernetesVersion.replace(/^v/, "").replace(/\./g, "[.]");
  return `^Oracle-Linux-8[.][0-9]+-${variant}${IMAGE_DATE}-OKE-${version}-`;
}
