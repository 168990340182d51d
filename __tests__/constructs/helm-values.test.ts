import { parse } from "yaml";
import { renderValues } from "../../constructs/helm-values";

describe("renderValues", () => {
  it("renders one YAML document with sorted keys and typed values, the same for the same input", () => {
    const text = renderValues({ b: { y: 1, x: "2" }, a: [true] });
    expect(text).toBe('a:\n  - true\nb:\n  x: "2"\n  y: 1\n');
    expect(parse(text)).toEqual({ a: [true], b: { x: "2", y: 1 } });
    expect(renderValues({ a: [true], b: { x: "2", y: 1 } })).toBe(text);
  });
});
