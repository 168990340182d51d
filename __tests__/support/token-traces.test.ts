import { Lazy } from "cdktf";
import { applyTokenTraceSwitch, setTokenTraces, StackTraceInternals } from "../../support/token-traces";
import { expectSwitchChangesNothing } from "../helpers";

const newTokenTrace = () => Lazy.anyValue({ produce: () => 1 }).creationStack;

describe("cdktf's per-token stack traces", () => {
  afterEach(() => setTokenTraces(false));

  it("are off by default and back on with OKEMESH_TOKEN_TRACES=1, pointing at the code that made the token", () => {
    applyTokenTraceSwitch({});
    expect(newTokenTrace()).toEqual([]);
    applyTokenTraceSwitch({ OKEMESH_TOKEN_TRACES: "1" });
    expect(newTokenTrace().join("\n")).toContain("token-traces.test.ts");
    applyTokenTraceSwitch({ OKEMESH_TOKEN_TRACES: "0" });
    expect(newTokenTrace()).toEqual([]);
  });

  it("change nothing in the synthesized stacks", () => {
    // The traces formatted as V8 formats them when okemesh runs (node, no source maps): jest's
    // source-map-support would map every frame of the tens of thousands of traces, a second per
    // synth. What is compared is the output, which no trace may reach in any form.
    const jestFormat = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, frames) => [String(error), ...frames.map((f) => `    at ${f}`)].join("\n");
    try {
      expectSwitchChangesNothing(applyTokenTraceSwitch, "OKEMESH_TOKEN_TRACES");
    } finally {
      Error.prepareStackTrace = jestFormat;
    }
  });

  it("fail loudly when cdktf no longer has the function the switch replaces", () => {
    expect(() => setTokenTraces(false, {} as StackTraceInternals)).toThrow(
      "okemesh: cdktf's internals moved: cdktf/lib/tokens/private/stack-trace no longer exports captureStackTrace",
    );
  });

  it("fail loudly when cdktf's tokens no longer call the function the switch replaced", () => {
    const elsewhere: StackTraceInternals = { captureStackTrace: () => ["somewhere"] };
    expect(() => setTokenTraces(true, elsewhere)).toThrow(/a new token does not record a stack trace after .* was switched on/);
  });
});
