import { jvmBytes, parseQuantity } from "../../config/quantity";

describe("Kubernetes quantities", () => {
  it.each<[string, number, string]>([
    ["3Gi", 3 * 2 ** 30, "binary"],
    ["512Mi", 512 * 2 ** 20, "binary"],
    ["1Ei", 2 ** 60, "binary"],
    ["3G", 3e9, "decimal"],
    ["1k", 1000, "decimal"],
    ["500m", 0.5, "milli"],
    ["4000m", 4, "milli"],
    ["1", 1, "none"],
    ["0.5", 0.5, "none"],
    [".5", 0.5, "none"],
    ["2.", 2, "none"],
    ["+1", 1, "none"],
    ["1e3", 1000, "exponent"],
    ["1E-3", 0.001, "exponent"],
    ["12e+2", 1200, "exponent"],
  ])("reads %s as %d (%s)", (text, value, suffix) => {
    const q = parseQuantity(text);
    expect(q?.suffix).toBe(suffix);
    expect(q?.value).toBeCloseTo(value, 10);
  });

  it.each(["", "Gi", "3 Gi", "3gi", "3GB", "3KiB", "1.2.3", "e3", "3g", "0x10", "3Mi ", "--1", "1ki"])("rejects %j", (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe("JVM sizes", () => {
  it.each<[string, number]>([
    ["2g", 2 ** 31],
    ["3G", 3 * 2 ** 30],
    ["512m", 2 ** 29],
    ["1024k", 2 ** 20],
    ["1t", 2 ** 40],
  ])("reads %s as %d bytes (binary, either case)", (text, bytes) => expect(jvmBytes(text)).toBe(bytes));

  it.each(["2", "2gb", "2Gi", "1.5g", "g", " 2g"])("rejects %j", (text) => expect(jvmBytes(text)).toBeUndefined());
});
