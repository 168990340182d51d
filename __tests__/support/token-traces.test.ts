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
    expectSwitchChangesNothing(applyTokenTraceSwitch, "OKEMESH_TOKEN_TRACES");
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
