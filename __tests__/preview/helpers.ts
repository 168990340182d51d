// Small hand-written synths for the preview tests.
import { ForceNewFacts, previewSynths, PreviewReport, ResourcePreview, StackJson, Synth, TypeFacts } from "../../preview";
import { FORCE_NEW_FACTS } from "../../preview";

type Body = Record<string, unknown>;

/** A stack from `{ "type.name": body }`, plus any other top-level blocks. */
export function stack(resources: Record<string, Body>, extra: Omit<StackJson, "resource"> = {}): StackJson {
  const resource: Record<string, Record<string, Body>> = {};
  for (const [address, body] of Object.entries(resources)) {
    const [type, name] = address.split(".");
    (resource[type] ??= {})[name] = body;
  }
  return { resource, ...extra };
}

export const synth = (stacks: Record<string, StackJson>): Synth => ({ stacks });

/** Facts for made-up types, on top of the committed ones. */
export function withFacts(types: Record<string, Partial<TypeFacts>>): ForceNewFacts {
  const blank: TypeFacts = {
    provider: "test/test",
    framework: false,
    force_new: [],
    blocks: {},
    optional_computed: [],
    computed_only: [],
    no_update: false,
    custom: [],
  };
  const extra = Object.fromEntries(Object.entries(types).map(([t, f]) => [t, { ...blank, ...f }]));
  return { resources: { ...FORCE_NEW_FACTS.resources, ...extra } };
}

export const EVERYTHING = ["clusters", "nodePools", "vcns", "subnets", "drgs", "peerings", "bastions"] as const;

/** Previews one stack (`s`) or several. */
export async function preview(base: StackJson | Synth, next: StackJson | Synth, facts?: ForceNewFacts): Promise<PreviewReport> {
  const asSynth = (x: StackJson | Synth): Synth => ("stacks" in x ? (x as Synth) : synth({ s: x as StackJson }));
  return previewSynths(asSynth(base), asSynth(next), { protect: EVERYTHING, facts });
}

/** One resource's preview. */
export function resource(report: PreviewReport, address: string, stackId = "s"): ResourcePreview {
  const found = report.stacks.find((s) => s.stack === stackId)?.resources.find((r) => r.address === address);
  if (!found)
    throw new Error(`no ${address} in ${stackId}: ${JSON.stringify(report.stacks.map((s) => [s.stack, s.resources.map((r) => r.address)]))}`);
  return found;
}

/** address -> action, for the resources that change. */
export function actions(report: PreviewReport, stackId = "s"): Record<string, string> {
  const s = report.stacks.find((x) => x.stack === stackId);
  return Object.fromEntries((s?.resources ?? []).filter((r) => r.action !== "no-op").map((r) => [r.address, r.action]));
}
