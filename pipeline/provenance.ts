// Which topology a synthesis came from, and which synthesis and plan run a saved plan came
// from, so that gate and apply never act on a plan of something else: another topology, a
// stack changed since, or an earlier plan run than the last one.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import stableStringify from "fast-json-stable-stringify";
import { Topology } from "../config/topology";

/** Written by synth beside manifest.json. */
export const PROVENANCE_FILE = "okemesh.json";

export interface Provenance {
  /** The mesh's name. */
  readonly name: string;
  /** sha256 of the resolved topology as canonical JSON (keys sorted): defaults and derived facts included. */
  readonly topologySha256: string;
}

/** What `plan` writes beside each saved plan, as `<stack>.meta.json`. */
export interface PlanMeta extends Provenance {
  readonly stack: string;
  /** sha256 of the stack's cdk.tf.json that was planned. */
  readonly stackSha256: string;
  /** The plan run that made it (plans/last-plan.json names the last one). */
  readonly runId: string;
  /** `destroy` for the plans of the destroy command. */
  readonly mode: "apply" | "destroy";
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

export function provenanceOf(topology: Topology): Provenance {
  return { name: topology.name, topologySha256: sha256(stableStringify(topology)) };
}

export function writeProvenance(outdir: string, p: Provenance): void {
  fs.writeFileSync(path.join(outdir, PROVENANCE_FILE), JSON.stringify({ name: p.name, topologySha256: p.topologySha256 }, null, 2) + "\n");
}

/** The provenance of a synthesis; throws, naming the file, when there is none. */
export function readProvenance(outdir: string): Provenance {
  const file = path.join(outdir, PROVENANCE_FILE);
  let p: Partial<Provenance>;
  try {
    p = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(`${file} ${missing ? "not found" : "is not valid JSON"}: synthesize first (npm run synth)`);
  }
  if (typeof p.name !== "string" || typeof p.topologySha256 !== "string") throw new Error(`${file} is not okemesh provenance: synthesize again`);
  return { name: p.name, topologySha256: p.topologySha256 };
}

/** Why a synthesis does not match the topology (it was synthesized from another), or undefined. */
export function synthMismatch(topology: Topology, outdir: string): string | undefined {
  const synthesized = readProvenance(outdir);
  const current = provenanceOf(topology);
  if (synthesized.topologySha256 === current.topologySha256) return undefined;
  const [was, is] = [synthesized, current].map((p) => `${p.name} ${short(p.topologySha256)}`);
  return `${path.join(outdir, PROVENANCE_FILE)} is from another topology (${was}, the topology is ${is}): synthesize again`;
}

export function fileSha256(file: string): string {
  return sha256(fs.readFileSync(file));
}

const short = (sha: string) => sha.slice(0, 12);

/** What differs between a plan's meta and what it must match, one phrase each. */
export function metaDifferences(meta: Partial<PlanMeta>, expected: PlanMeta): string[] {
  const out: string[] = [];
  if (meta.topologySha256 !== expected.topologySha256) {
    const was = `${meta.name} ${short(String(meta.topologySha256))}`;
    out.push(`planned from another topology (${was}; the synthesis is ${expected.name} ${short(expected.topologySha256)})`);
  }
  if (meta.stackSha256 !== expected.stackSha256) {
    const shas = `sha256 ${short(String(meta.stackSha256))}, now ${short(expected.stackSha256)}`;
    out.push(`${expected.stack}'s cdk.tf.json changed since it was planned (${shas})`);
  }
  if (meta.runId !== expected.runId) out.push(`from an earlier plan run (${meta.runId}) than the last one (${expected.runId})`);
  if (meta.mode !== expected.mode) out.push(`a plan to ${meta.mode}, not to ${expected.mode}`);
  return out;
}
