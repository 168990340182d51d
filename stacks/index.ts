import { App } from "cdktf";
import { Topology } from "../config/topology";
import { MeshStack } from "./mesh-stack";
import { RegionStack } from "./region-stack";
import { RetiredRegionStack } from "./retired-region-stack";

export { MeshStack } from "./mesh-stack";
export { RegionStack } from "./region-stack";
export { RetiredRegionStack } from "./retired-region-stack";

export interface OkemeshStacks {
  /** In topology order. */
  readonly regions: readonly RegionStack[];
  readonly mesh: MeshStack;
  /** Emptied stacks of retired regions, applied after the mesh. */
  readonly retired: readonly RetiredRegionStack[];
}

export interface OkemeshFiles {
  /** Directory of the chart for Coherence member sets. @default okemesh's charts/coherence-grid */
  readonly gridChartPath?: string;
}

/**
 * Composes the stacks of a topology into `app`: one per region, the mesh stack after them, and
 * an empty stack per retired region after the mesh (the order `cdktf deploy '*'` and the
 * pipeline's levels follow).
 */
export function addOkemeshStacks(app: App, topology: Topology, files: OkemeshFiles = {}): OkemeshStacks {
  const regions = topology.regions.map((region) => new RegionStack(app, { topology, region }));
  const retired = topology.retired.map((region) => new RetiredRegionStack(app, { topology, region }));
  const mesh = new MeshStack(app, { topology, regions, retired, gridChartPath: files.gridChartPath });
  for (const stack of regions) mesh.addDependency(stack);
  for (const stack of retired) stack.addDependency(mesh);
  return { regions, mesh, retired };
}
