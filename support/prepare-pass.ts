// cdktf resolves every element of every stack twice: first "preparing" (TerraformStack.prepareStack
// in cdktf 0.21), only to find references to another stack's resources and wire them through an
// output and a remote state, then for real. okemesh's stacks never reference each other: the mesh
// reads the regions' outputs through its own terraform_remote_state (constructs/region-exports.ts),
// so that pass finds nothing, and it is a quarter of a 16-region synth. This switch skips it and
// guards what it was for: a reference resolved in a stack other than its own throws, naming both
// stacks, instead of leaking another stack's address into the output. If an upgrade of cdktf moves
// either function, the switch throws rather than doing nothing. OKEMESH_PREPARE_PASS=1 keeps the pass.
import type { TerraformStack } from "cdktf";
import { movedError } from "./cdktf-moved";

/** The environment variable that keeps cdktf's preparing pass. */
export const PREPARE_PASS_ENV = "OKEMESH_PREPARE_PASS";

/** The parts of cdktf's internals the switch replaces. */
export interface PreparePassInternals {
  /** TerraformStack.prototype */
  readonly stack: { prepareStack: (this: TerraformStack) => void; ensureBackendExists?: unknown };
  /** The prototype of cdktf's Reference expressions (what `ref()` makes). */
  readonly reference: { resolve: (this: ReferenceLike, context: { scope: unknown; preparing?: boolean }) => unknown };
}

interface ReferenceLike {
  readonly identifier: string;
  readonly originStack?: TerraformStack;
  readonly crossStackIdentifier?: Record<string, string>;
}

const originals = new WeakMap<object, Function>();

const moved = movedError("prepare-pass.ts", PREPARE_PASS_ENV);

function cdktfInternals(): PreparePassInternals {
  const { TerraformStack } = require("cdktf") as typeof import("cdktf");
  const expressions = require("cdktf/lib/tfExpression") as { ref?: (identifier: string) => object };
  if (typeof expressions.ref !== "function") throw moved("cdktf/lib/tfExpression no longer exports ref");
  return { stack: TerraformStack.prototype as never, reference: Object.getPrototypeOf(expressions.ref("okemesh")) };
}

/** Turns cdktf's preparing pass on (cdktf as it is) or off (the guarded single pass). */
export function setPreparePass(on: boolean, internals: PreparePassInternals = cdktfInternals()): void {
  const { stack, reference } = internals;
  if (typeof stack.prepareStack !== "function" || typeof stack.ensureBackendExists !== "function") {
    throw moved("TerraformStack no longer has prepareStack and ensureBackendExists");
  }
  if (typeof reference.resolve !== "function") throw moved("a Reference expression no longer has resolve");
  if (!originals.has(stack)) originals.set(stack, stack.prepareStack);
  if (!originals.has(reference)) originals.set(reference, reference.resolve);
  const resolve = originals.get(reference) as PreparePassInternals["reference"]["resolve"];
  if (on) {
    stack.prepareStack = originals.get(stack) as PreparePassInternals["stack"]["prepareStack"];
    reference.resolve = resolve;
    return;
  }
  // What the pass does besides looking for cross-stack references: a default backend.
  stack.prepareStack = function (this: TerraformStack & { ensureBackendExists(): void }) {
    this.ensureBackendExists();
  };
  // Looked up once, not on every reference the synth resolves (tens of thousands in a large mesh).
  const { TerraformStack: Stack } = require("cdktf") as typeof import("cdktf");
  reference.resolve = function (this: ReferenceLike, context) {
    if (this.originStack && !context.preparing) {
      const here = Stack.of(context.scope as never);
      if (here !== this.originStack && !this.crossStackIdentifier?.[here.toString()]) {
        throw new Error(
          `okemesh: stack ${here.node.id} refers to ${this.identifier} of stack ${this.originStack.node.id}: okemesh's stacks never ` +
            "reference each other's resources (the mesh reads region outputs through terraform_remote_state), so cdktf's preparing " +
            `pass, which would wire this through an output, is off (${PREPARE_PASS_ENV}=1 turns it back on)`,
        );
      }
    }
    return resolve.call(this, context);
  };
}

/** The switch every entry point applies first: the single pass unless OKEMESH_PREPARE_PASS=1. */
export function applyPreparePassSwitch(env: NodeJS.ProcessEnv): void {
  setPreparePass(env[PREPARE_PASS_ENV] === "1");
}
