// cdktf records a stack trace of unlimited depth for every token it creates (lazy values,
// references, expressions), only to quote it in the error about a token it cannot resolve. A
// mesh creates tens of thousands of tokens: the traces were a third of the synth time, and
// inside jest each one is also source-mapped. cdktf has no option for this, so okemesh switches
// them off by replacing the one function cdktf 0.21 records them with
// (cdktf/lib/tokens/private/stack-trace.js, which its modules call through its exports), and
// checks on the spot that a new token follows: if an upgrade of cdktf moves that function, this
// throws instead of silently doing nothing. OKEMESH_TOKEN_TRACES=1 keeps the traces (with source
// maps on, as under tsx, they point into the .ts files). The switch loads cdktf itself only after
// replacing that function, so an entry point that applies it first spares the tokens cdktf
// creates as it loads as well (in jest, where every trace is source-mapped, a tenth of a second
// per test file).

import { movedError } from "./cdktf-moved";

/** The environment variable that keeps cdktf's per-token stack traces. */
export const TOKEN_TRACES_ENV = "OKEMESH_TOKEN_TRACES";

/** The part of cdktf's internals the switch replaces. */
export interface StackTraceInternals {
  captureStackTrace: (below?: Function) => string[];
}

const INTERNALS_PATH = "cdktf/lib/tokens/private/stack-trace";
const originals = new WeakMap<StackTraceInternals, StackTraceInternals["captureStackTrace"]>();
const noTrace = (): string[] => [];

const moved = movedError("token-traces.ts", TOKEN_TRACES_ENV);

function cdktfInternals(): StackTraceInternals {
  try {
    // A plain require: the module's own exports object, the one cdktf's modules read.
    return require("cdktf/lib/tokens/private/stack-trace") as StackTraceInternals;
  } catch (e) {
    throw moved(`cannot load ${INTERNALS_PATH} (${(e as Error).message.split("\n")[0]})`);
  }
}

/** Turns cdktf's per-token stack traces on or off, then checks that a new token has (or lacks) one. */
export function setTokenTraces(on: boolean, internals: StackTraceInternals = cdktfInternals()): void {
  const current = internals.captureStackTrace;
  if (typeof current !== "function") throw moved(`${INTERNALS_PATH} no longer exports captureStackTrace`);
  if (!originals.has(internals)) originals.set(internals, current);
  internals.captureStackTrace = on ? originals.get(internals)! : noTrace;
  const { Lazy } = require("cdktf") as typeof import("cdktf");
  const recorded = Lazy.anyValue({ produce: () => undefined }).creationStack.length > 0;
  if (recorded !== on) {
    const what = recorded ? "still records" : "does not record";
    throw moved(`a new token ${what} a stack trace after ${INTERNALS_PATH} was switched ${on ? "on" : "off"}`);
  }
}

/** The switch every entry point applies first: traces off unless OKEMESH_TOKEN_TRACES=1. */
export function applyTokenTraceSwitch(env: NodeJS.ProcessEnv): void {
  setTokenTraces(env[TOKEN_TRACES_ENV] === "1");
}
