// The providers' force-new facts (schemas/force-new.json, made by scripts/refresh-force-new.js
// from ../shared/reference): which argument changes make Terraform replace a resource.
import committed from "../schemas/force-new.json";

/** A block on the way to a force-new path. */
export interface BlockFacts {
  readonly nesting: string;
  readonly max_items: number;
  /** The block itself is force-new (SDK v2: replaced when its number of elements changes). */
  readonly force_new: boolean;
  /** A nested object the schema shows as an attribute: compared as one value. */
  readonly as_attribute?: boolean;
}

/** A CustomizeDiff rule that forces a replacement (`path` has `0`/`N` for list indexes). */
export interface CustomRuleFacts {
  readonly path: string;
  readonly rule: string;
  readonly file: string;
  readonly line: number;
}

export interface TypeFacts {
  readonly provider: string;
  /** A terraform-plugin-framework provider (RequiresReplace) rather than SDK v2 (ForceNew). */
  readonly framework: boolean;
  /** Dotted argument paths without list indexes. */
  readonly force_new: readonly string[];
  readonly blocks: Readonly<Record<string, BlockFacts>>;
  /** Force-new paths that are also Optional+Computed: leaving them out keeps the prior value
   * (SDK v2); in the framework such an attribute has a schema Default, planned when left out. */
  readonly optional_computed: readonly string[];
  /** Force-new paths a configuration cannot set. */
  readonly computed_only: readonly string[];
  /** The type cannot be updated: any argument change replaces it. */
  readonly no_update: boolean;
  readonly custom: readonly CustomRuleFacts[];
}

export interface ForceNewFacts {
  readonly resources: Readonly<Record<string, TypeFacts>>;
}

/** The committed facts for the provider versions okemesh pins. */
export const FORCE_NEW_FACTS: ForceNewFacts = committed as ForceNewFacts;
