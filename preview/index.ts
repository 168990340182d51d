// preview: the plan gate's verdict before any `terraform plan`, from two synths.
export { FORCE_NEW_FACTS } from "./facts";
export type { BlockFacts, CustomRuleFacts, ForceNewFacts, TypeFacts } from "./facts";
export { describeReplacement, formatPreview } from "./format";
export { gateOf, previewSynths } from "./preview";
export type { PreviewProps } from "./preview";
export type {
  AttributeChange,
  ForcedBy,
  OutputPreview,
  PreviewAction,
  PreviewReport,
  ResourcePreview,
  StackJson,
  StackPreview,
  Synth,
} from "./report";
