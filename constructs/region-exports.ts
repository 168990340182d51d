// The one contract between a region stack and the mesh stack (its names: region-outputs.ts): a
// region stack writes what it exports as outputs, and the mesh reads them back. Nothing in the
// mesh reaches into the region's constructs, so the mesh constructs can be built (and tested)
// from any RegionExports: a region stack's remote state, fakes, or an existing cluster's attributes.
import { Fn, TerraformOutput, TerraformRemoteState, TerraformStack } from "cdktf";
import { RegionSpec } from "../config/topology";
import { RegionAttributes, RegionExports, REGION_OUTPUTS } from "./region-outputs";

const ATTRIBUTES = Object.keys(REGION_OUTPUTS) as Array<keyof RegionAttributes>;

/** Writes every attribute as a Terraform output of the region stack, in one fixed order. */
export function exportRegion(stack: TerraformStack, attributes: RegionAttributes): void {
  for (const key of ATTRIBUTES) {
    const { name, description } = REGION_OUTPUTS[key];
    new TerraformOutput(stack, name, { value: attributes[key], description });
  }
}

/** Reads a region's attributes from its stack's remote state. `lenient` (a retired region, whose
 * stack is being emptied) turns a missing output into "" instead of a plan error. */
export function importRegion(spec: RegionSpec, state: TerraformRemoteState, lenient = false): RegionExports {
  const read = (key: keyof RegionAttributes) => {
    const value = state.getString(REGION_OUTPUTS[key].name);
    return lenient ? Fn.try([value, ""]) : value;
  };
  return { spec, ...(Object.fromEntries(ATTRIBUTES.map((k) => [k, read(k)])) as unknown as RegionAttributes) };
}
