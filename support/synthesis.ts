// cdktf and okemesh's stacks, for the entry points that synthesize (main.ts, okemesh synth,
// export-hcl and preview): loaded on the first synth, after the switches that must come before
// cdktf makes its first token (support/token-traces.ts, support/prepare-pass.ts,
// support/plain-resolve.ts). Loading them is about a third of a default synth: main.ts on bad
// input, which exits before, never pays it, and the okemesh commands that synthesize nothing skip
// the stacks, the bindings and cdktf itself (__tests__/cli/bin.test.ts checks what the command
// loads as it starts).
import type { App } from "cdktf";
import type { addOkemeshStacks } from "../stacks";
import { applyPlainResolveSwitch } from "./plain-resolve";
import { applyPreparePassSwitch } from "./prepare-pass";
import { applyTokenTraceSwitch } from "./token-traces";

export interface Synthesis {
  readonly App: typeof App;
  readonly addOkemeshStacks: typeof addOkemeshStacks;
}

let loaded: Synthesis | undefined;

/** cdktf's App and okemesh's stacks, the switches applied from `env` on the first call. */
export function loadSynthesis(env: NodeJS.ProcessEnv): Synthesis {
  if (!loaded) {
    // No stack trace for every token cdktf creates (a third of the synth); OKEMESH_TOKEN_TRACES=1 keeps them.
    applyTokenTraceSwitch(env);
    // One resolving pass instead of two (a quarter of a large synth); OKEMESH_PREPARE_PASS=1 keeps cdktf's.
    applyPreparePassSwitch(env);
    // Plain data copied without cdktf's resolver (two fifths of a synth); OKEMESH_FULL_RESOLVE=1 keeps it.
    applyPlainResolveSwitch(env);
    loaded = {
      App: (require("cdktf") as typeof import("cdktf")).App,
      addOkemeshStacks: (require("../stacks") as typeof import("../stacks")).addOkemeshStacks,
    };
  }
  return loaded;
}
