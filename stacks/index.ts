import { App } from "cdktf";
import { Topology } from "../config/topology";
import { MeshStack } from "./mesh-stack";
import { RegionStack } from "./region-stack";

export { MeshStack } from "./mesh-stack";
export { RegionStack } from "./region-stack";

export interface OkemeshStacks {
  /** In topology order. */
  readonly regions: readonly RegionStack[];
  readonly mesh: MeshStack;
}

export interface OkemeshFiles {
  /** Directory of the local chart for Coherence member sets (charts/coherence-grid). */
  readonly gridChartPath: string;
}

/** Composes the stacks of a topology into `app`: one per region, then the mesh stack. */
export function addOkemeshStacks(app: App, topology: Topology, files: OkemeshFiles): OkemeshStacks {
  const regions = topology.regions.map((region) => new RegionStack(app, { topology, region }));
  const mesh = new MeshStack(app, { topology, regions, gridChartPath: files.gridChartPath });
  return { regions, mesh };
}
