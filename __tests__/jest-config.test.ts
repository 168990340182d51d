// jest.config.js: the builtins jest hands every module as parameters (sandboxInjectedGlobals).
const config = require("../jest.config") as { sandboxInjectedGlobals: string[] };

describe("jest's config", () => {
  it("hands every module only builtins of the sandbox, and none that fake timers replace", () => {
    // What jest's modern fake timers (@sinonjs/fake-timers) install on the global.
    const faked = ["Date", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate"];
    faked.push("queueMicrotask", "requestAnimationFrame", "cancelAnimationFrame", "requestIdleCallback", "cancelIdleCallback");
    faked.push("performance", "hrtime", "nextTick", "process", "Intl");
    expect(config.sandboxInjectedGlobals.length).toBeGreaterThan(0);
    expect(config.sandboxInjectedGlobals.filter((name) => faked.includes(name))).toEqual([]);
    for (const name of config.sandboxInjectedGlobals) expect(["object", "function"]).toContain(typeof (globalThis as Record<string, unknown>)[name]);
  });

  it("leaves the time to fake timers in the modules", () => {
    // Loaded before the fake timers, as the modules of a test are: it reads the global Date the
    // fake timers replace, not one handed to it as it loaded.
    const now = require("./fixtures/modules/now") as () => number;
    jest.useFakeTimers({ now: Date.UTC(2031, 0, 1) });
    try {
      expect(now()).toBe(Date.UTC(2031, 0, 1));
    } finally {
      jest.useRealTimers();
    }
  });
});
