import { Lazy, TerraformStack, Testing, Token } from "cdktf";
import { applyPlainResolveSwitch, plainResolve, ResolveInternals, setPlainResolve } from "../../support/plain-resolve";
import { expectSwitchChangesNothing } from "../helpers";

/** What TerraformStack calls (cdktf/lib/_tokens), as it is when called. */
const stackResolve = (scope: unknown, value: unknown): unknown => (require("cdktf/lib/_tokens") as ResolveInternals["stack"]).resolve(scope, value);

type Outcome = { value: unknown } | { error: string };

/** `make()`'s resolution with the switch on and off: a fresh value each time, as a token may be used once. */
function bothWays(make: () => unknown): { on: Outcome; off: Outcome } {
  const scope = new TerraformStack(Testing.app(), "s");
  const outcome = (): Outcome => {
    try {
      return { value: stackResolve(scope, make()) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  setPlainResolve(true);
  const on = outcome();
  setPlainResolve(false);
  const off = outcome();
  return { on, off };
}

const lazy = (v: unknown) => Lazy.anyValue({ produce: () => v });

describe("the plain walk in front of cdktf's resolve", () => {
  afterEach(() => setPlainResolve(true));

  // Every topology file and mode, with this switch and the others off: support/synthesis.test.ts.
  it("is on by default, and off with OKEMESH_FULL_RESOLVE=1: the same output for the default topology", () => {
    expectSwitchChangesNothing(applyPlainResolveSwitch, "OKEMESH_FULL_RESOLVE");
  });

  const cases: Array<[string, () => unknown]> = [
    ["plain data, undefined dropped from objects and arrays", () => ({ a: [1, "x", true, null, undefined, { b: undefined, c: "" }], d: {} })],
    ["a sparse array and an object without a prototype", () => ({ s: [1, , 3], n: Object.assign(Object.create(null), { k: "v" }) })], // eslint-disable-line no-sparse-arrays
    [
      "a token in a string, in a key and as a value",
      () => ({ [Token.asString(lazy("key"))]: `pre-${Token.asString(lazy("mid"))}-post`, v: lazy({ x: lazy("y") }) }),
    ],
    ["a number token, alone and in a string", () => ({ n: Token.asNumber(lazy(7)), s: `port ${Token.asNumber(lazy(8))}` })],
    [
      "list and map tokens",
      () => ({ l: Token.asList(lazy(["a", "b"])), m: Token.asStringMap(lazy({ k: "v" })), n: Token.asNumberList(lazy([1, 2])) }),
    ],
    [
      "literal ${…} and %{…} that are no tokens, and strings that look like numbers",
      () => ({ t: "${var.x} %{if a}b%{endif}", e: "1e5", f: "release-e2e", g: "-e-" }),
    ],
    ["a Date and a Map instance", () => ({ d: new Date(0), m: new Map([["a", 1]]) })],
    ["a function (refused)", () => ({ a: { f: () => 1 } })],
    ["what looks like a construct (refused)", () => ({ a: [{ _children: {}, _metadata: [] }] })],
    ["a map token's placeholder in a scalar place (refused)", () => ({ a: Token.STRING_MAP_TOKEN_VALUE })],
    ["a list token in a scalar place (refused)", () => ({ a: { b: Token.asList(lazy(["x"]))[0] + "" } })],
    [
      "nesting deeper than cdktf allows (refused, with its path)",
      () => Array.from({ length: 205 }).reduce<unknown>((inner) => ({ k: inner }), "leaf"),
    ],
    [
      "holes in an array deeper than cdktf's limit (cdktf's walk skips them)",
      () => ({ t: lazy("t"), x: Array.from({ length: 199 }).reduce<unknown>((inner) => ({ k: inner }), new Array(2)) }),
    ],
    [
      "a cycle (refused)",
      () => {
        const a: Record<string, unknown> = { x: 1 };
        a.self = { back: a };
        return a;
      },
    ],
  ];

  it.each(cases)("resolves %s exactly as cdktf does", (_name, make) => {
    const { on, off } = bothWays(make);
    expect(on).toEqual(off);
  });

  it("produces each token once, in cdktf's order, also when one of them fails", () => {
    let produced = 0;
    const counted = () => Lazy.anyValue({ produce: () => ++produced });
    const value = { a: counted(), b: [counted(), "x"], c: lazy(null) };
    const failing = {
      a: counted(),
      b: Lazy.anyValue({
        produce: () => {
          throw new Error(`failed after ${produced}`);
        },
      }),
    };
    setPlainResolve(true);
    const scope = new TerraformStack(Testing.app(), "s");
    produced = 0;
    expect(stackResolve(scope, value)).toEqual({ a: 1, b: [2, "x"], c: null });
    expect(produced).toBe(2);
    produced = 0;
    expect(() => stackResolve(scope, failing)).toThrow(/^Resolution error: failed after 1\./);
    expect(produced).toBe(1);
  });

  it("hands cdktf only what is not plain: a plain value comes back without its resolver", () => {
    const calls: unknown[] = [];
    const token = lazy("x");
    const resolveAt = (value: unknown, prefix: string[]) => {
      calls.push([value, prefix]);
      return typeof value === "number" ? value : "c";
    };
    expect(plainResolve({ a: { b: ["b", token], n: 1, u: undefined }, d: "e", l: ["f", "${TfToken[TOKEN.1]}"] }, resolveAt)).toEqual({
      a: { b: ["b", "c"], n: 1 },
      d: "e",
      l: "c",
    });
    expect(calls).toEqual([
      [token, ["a", "b", "1"]],
      [1, ["a", "n"]],
      [["f", "${TfToken[TOKEN.1]}"], ["l"]],
    ]);
  });

  it("fails loudly when cdktf no longer has what the switch uses", () => {
    const tokens = { resolve: (v: unknown) => v };
    expect(() => setPlainResolve(true, { stack: {} as never, tokens })).toThrow(
      "okemesh: cdktf's internals moved: cdktf/lib/_tokens no longer exports resolve",
    );
    expect(() => setPlainResolve(true, { stack: { resolve: () => undefined }, tokens: {} as never })).toThrow(
      "okemesh: cdktf's internals moved: cdktf/lib/tokens/private/resolve no longer exports resolve",
    );
    // A module TerraformStack does not resolve through (as a bundled copy of cdktf's would be), and
    // a resolver that no longer resolves tokens, are caught by the check on the spot.
    expect(() => setPlainResolve(true, { stack: { resolve: () => undefined }, tokens })).toThrow(
      "okemesh: cdktf's internals moved: TerraformStack no longer resolves through cdktf/lib/_tokens",
    );
    const real = require("cdktf/lib/_tokens") as ResolveInternals["stack"];
    setPlainResolve(false);
    expect(() => setPlainResolve(true, { stack: real, tokens })).toThrow(
      "okemesh: cdktf's internals moved: cdktf/lib/_tokens's resolve no longer resolves a value as it did",
    );
  });
});
