// What a region stack tells the world after an apply: its Terraform outputs, read with
// `terraform output -json` in the synthesized stack's directory (the state it points at).
import * as path from "path";
import { RegionSpec } from "../config/topology";
import { REGION_OUTPUTS as CONTRACT } from "../constructs/region-outputs";
import { CommandFailure } from "./errors";
import { firstLine, runTool } from "./exec";

/** The region stack's outputs okemesh operates with, by name: the region -> mesh contract
 * (constructs/region-exports.ts). */
export const REGION_OUTPUTS = {
  clusterId: CONTRACT.clusterId.name,
  privateEndpoint: CONTRACT.privateEndpoint.name,
  publicEndpoint: CONTRACT.publicEndpoint.name,
  caCertificate: CONTRACT.caCertificate.name,
  drgId: CONTRACT.drgId.name,
  bastionId: CONTRACT.bastionId.name,
} as const;

export type RegionOutput = keyof typeof REGION_OUTPUTS;

export interface StacksAt {
  /** The synthesized app (cdktf.out). */
  readonly outdir: string;
  /** The terraform binary. @default "terraform" */
  readonly terraform: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Every output of one stack as name -> value; an empty record when it has none yet. */
export async function stackOutputs(at: StacksAt, stack: string): Promise<Record<string, unknown>> {
  const dir = path.join(at.outdir, "stacks", stack);
  const r = await runTool(at.terraform, [`-chdir=${dir}`, "output", "-json", "-no-color"], { env: at.env });
  if (r.code !== 0) {
    throw new CommandFailure(`terraform output in ${dir} failed (exit ${r.code}): ${firstLine(r.stderr)}; has the stack been planned and applied?`);
  }
  const parsed = JSON.parse(r.stdout || "{}") as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(parsed).map(([name, o]) => [name, o.value]));
}

/**
 * The named outputs of every region, read in parallel. Every missing output of every region is
 * reported at once, by stack and output name.
 */
export async function regionOutputs<K extends RegionOutput>(
  at: StacksAt,
  regions: readonly RegionSpec[],
  wanted: readonly K[],
): Promise<Map<string, Record<K, string>>> {
  const all = await Promise.all(regions.map(async (r) => [r.name, await stackOutputs(at, r.name)] as const));
  const missing = all.flatMap(([stack, values]) =>
    wanted
      .filter((k) => typeof values[REGION_OUTPUTS[k]] !== "string" || values[REGION_OUTPUTS[k]] === "")
      .map((k) => `${stack}: ${REGION_OUTPUTS[k]}`),
  );
  if (missing.length) {
    throw new CommandFailure(
      `missing stack outputs (apply the region stacks first, with an okemesh that exports them):\n  - ${missing.join("\n  - ")}`,
    );
  }
  return new Map(
    all.map(([stack, values]) => [stack, Object.fromEntries(wanted.map((k) => [k, values[REGION_OUTPUTS[k]] as string])) as Record<K, string>]),
  );
}
