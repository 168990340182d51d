import { carveSubnets, cidrProblem, contains, hostAt, overlaps, parseCidr, PARSED_CIDRS_KEPT } from "../../config/cidr";

describe("cidr", () => {
  it("accepts a network and explains what is wrong with anything else", () => {
    expect(cidrProblem("10.1.0.0/16")).toBeUndefined();
    expect(cidrProblem("10.1.0.1/16")).toBe("'10.1.0.1/16' has host bits set (did you mean 10.1.0.0/16?)");
    expect(cidrProblem("10.1.0/16")).toMatch(/is not an IPv4 CIDR/);
    expect(cidrProblem("10.1.0.0/33")).toMatch(/is not an IPv4 CIDR/);
    expect(cidrProblem(42)).toMatch(/must be a string/);
  });

  it("tells overlap and containment apart", () => {
    expect(overlaps("10.0.0.0/8", "10.1.0.0/16")).toBe(true);
    expect(overlaps("10.1.0.0/16", "10.2.0.0/16")).toBe(false);
    expect(contains("10.0.0.0/8", "10.1.0.0/16")).toBe(true);
    expect(contains("10.1.0.0/16", "10.0.0.0/8")).toBe(false);
  });

  it("carves the fixed layout from the start of the VCN", () => {
    expect(carveSubnets("10.1.0.0/16")).toEqual({
      workers: "10.1.0.0/21",
      internalLb: "10.1.8.0/24",
      publicLb: "10.1.9.0/24",
      apiEndpoint: "10.1.10.0/28",
      bastion: "10.1.10.16/28",
    });
    expect(carveSubnets("172.16.16.0/20")).toMatchObject({ workers: "172.16.16.0/21", internalLb: "172.16.24.0/24" });
  });

  it("refuses a VCN smaller than /20", () => {
    expect(carveSubnets("10.1.0.0/21")).toEqual({ tooSmall: expect.stringMatching(/needs a \/20 or larger/) });
  });

  it("finds the n-th address of a network", () => {
    expect(hostAt("10.1.8.0/24", 10)).toBe("10.1.8.10");
    expect(() => hostAt("10.1.8.0/30", 4)).toThrow(/outside/);
  });

  it("parses a text once and shares the frozen answer, keeping at most PARSED_CIDRS_KEPT", () => {
    const first = parseCidr("10.77.0.0/16");
    expect(first).toEqual({ cidr: { text: "10.77.0.0/16", prefix: 16, first: 0x0a4d0000n, last: 0x0a4dffffn } });
    expect(parseCidr("10.77.0.0/16")).toBe(first);
    expect(Object.isFrozen(first) && "cidr" in first && Object.isFrozen(first.cidr)).toBe(true);
    const wrong = parseCidr("10.77.0.1/16");
    expect(parseCidr("10.77.0.1/16")).toBe(wrong);
    expect(wrong).toEqual({ problem: "'10.77.0.1/16' has host bits set (did you mean 10.77.0.0/16?)" });
    // As many other texts as it keeps: it has started over, and answers the same again.
    for (let i = 0; i < PARSED_CIDRS_KEPT; i++) parseCidr(`10.${i >> 8}.${i & 255}.0/24`);
    expect(parseCidr("10.77.0.0/16")).not.toBe(first);
    expect(parseCidr("10.77.0.0/16")).toEqual(first);
    // Longer than any network: answered, not kept.
    const long = `${"1".repeat(40)}/16`;
    expect(parseCidr(long)).toEqual({ problem: expect.stringMatching(/is not an IPv4 CIDR/) });
    expect(parseCidr(long)).not.toBe(parseCidr(long));
  });
});
