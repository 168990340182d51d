// What preview reports: per stack, what Terraform will do to each resource and output.
import { GateResult } from "../pipeline/gate";
import { ForcedBy } from "./rules";

export type { ForcedBy } from "./rules";

/** One stack's cdk.tf.json, the parts preview reads. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly locals?: Readonly<Record<string, unknown>>;
  readonly output?: Readonly<Record<string, { readonly value?: unknown; readonly sensitive?: boolean }>>;
  /** Provider configurations by provider name, each with its `alias`. */
  readonly provider?: Readonly<Record<string, ReadonlyArray<{ readonly alias?: string } & Record<string, unknown>>>>;
  readonly moved?: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  readonly import?: ReadonlyArray<{ readonly to: string }>;
}

/** A synth directory's stacks, in the manifest's order. */
export interface Synth {
  readonly stacks: Readonly<Record<string, StackJson>>;
}

export type PreviewAction = "create" | "update" | "replace" | "delete" | "no-op";

/** A changed argument: its value, or (`cause`) what it refers to, changes. */
export interface AttributeChange {
  readonly path: string;
  readonly cause?: string;
}

export interface ResourcePreview {
  /** Terraform's address: `type.name`, with `[index]`/`["key"]` for count/for_each (`[*]` when
   * only the plan knows the instances). */
  readonly address: string;
  readonly type: string;
  readonly action: PreviewAction;
  /** For update and replace: the changed arguments. */
  readonly changed: readonly AttributeChange[];
  /** For replace: what forces it. */
  readonly forcedBy: readonly ForcedBy[];
  /** A `moved` block took it from this address. */
  readonly movedFrom?: string;
  /** An `import` block brings an existing object under management instead of creating one. */
  readonly imported?: boolean;
  /** Why Terraform cannot plan this change at all. */
  readonly problem?: string;
}

export interface OutputPreview {
  readonly name: string;
  readonly action: "create" | "update" | "delete";
  readonly cause?: string;
}

export interface StackPreview {
  readonly stack: string;
  /** `new`: only in the next synth; `removed`: only in the base. */
  readonly presence: "both" | "new" | "removed";
  /** Every resource of the next synth and every one it deletes, by address. */
  readonly resources: readonly ResourcePreview[];
  readonly outputs: readonly OutputPreview[];
  /** A removed stack's resources: Terraform no longer manages them, nothing destroys them. */
  readonly unmanaged: readonly string[];
}

export interface PreviewReport {
  readonly stacks: readonly StackPreview[];
  /** The plan gate's verdict on the predicted replacements and destroys. */
  readonly gate: GateResult;
  /** Changes Terraform cannot plan (`<stack>: <address>: why`): the plan fails. */
  readonly problems: readonly string[];
}
