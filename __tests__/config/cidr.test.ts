import { carveSubnets, cidrProblem, contains, hostAt, overlaps } from "../../config/cidr";

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
});
