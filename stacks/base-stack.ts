import { Aspects, IAspect, TerraformBackend, TerraformStack, TerraformVariable } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { StateSpec } from "../config/topology";
import { addStateBackend } from "./state-backend";

export interface BaseStackProps {
  /** The mesh name: tags every taggable OCI resource. */
  readonly meshName: string;
  /** Where the stack keeps its state. */
  readonly state: StateSpec;
}

/** Freeform tags on every OCI resource okemesh creates, so a tenancy shows what belongs to
 * which mesh (explicit tags on a resource win). */
class FreeformTagger implements IAspect {
  constructor(private readonly tags: Record<string, string>) {}
  visit(node: IConstruct): void {
    const taggable = node as { freeformTags?: unknown; freeformTagsInput?: unknown };
    if ("freeformTagsInput" in node && taggable.freeformTagsInput === undefined) taggable.freeformTags = this.tags;
  }
}

/**
 * What every okemesh stack shares: an explicit backend (never cdktf's default, whose path is
 * absolute), the compartment as an input variable, and freeform tags.
 */
export class BaseStack extends TerraformStack {
  /** The compartment OCID, supplied at plan time (TF_VAR_compartment_ocid). */
  readonly compartmentId: string;
  /** Where this stack keeps its state: other stacks read its outputs through the same kind. */
  readonly backend: TerraformBackend;

  constructor(scope: Construct, id: string, props: BaseStackProps, tags: Record<string, string>) {
    super(scope, id);
    this.backend = addStateBackend(this, id, props.state, props.meshName);
    this.compartmentId = new TerraformVariable(this, "compartment_ocid", {
      type: "string",
      nullable: false,
      description: "OCID of the compartment for every resource of this stack (e.g. TF_VAR_compartment_ocid).",
      validation: [
        {
          condition: '${can(regex("^ocid1\\\\.(compartment|tenancy)\\\\.", var.compartment_ocid))}',
          errorMessage: "compartment_ocid must be a compartment or tenancy OCID (ocid1.compartment... or ocid1.tenancy...).",
        },
      ],
    }).stringValue;
    Aspects.of(this).add(new FreeformTagger({ "okemesh-mesh": props.meshName, ...tags }));
  }
}
