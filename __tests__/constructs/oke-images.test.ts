import { imagePattern } from "../../constructs/oke-images";

describe("imagePattern", () => {
  const pool = (shape: string) => ({ name: "p", size: 1, shape, ocpus: 1, memoryInGbs: 1, bootVolumeSizeInGbs: 50 });
  const matches = (shape: string, name: string) => new RegExp(imagePattern(pool(shape), "v1.34.2")).test(name);

  it("matches OKE images of the version and architecture only", () => {
    expect(matches("VM.Standard.E5.Flex", "Oracle-Linux-8.10-2025.09.16-0-OKE-1.34.2-1101")).toBe(true);
    expect(matches("VM.Standard.E5.Flex", "Oracle-Linux-8.10-2025.09.16-0-OKE-1.33.1-1101")).toBe(false);
    expect(matches("VM.Standard.E5.Flex", "Oracle-Linux-8.10-aarch64-2025.09.16-0-OKE-1.34.2-1101")).toBe(false);
    expect(matches("VM.Standard.E5.Flex", "Oracle-Linux-8.10-Gen2-GPU-2025.09.16-0-OKE-1.34.2-1101")).toBe(false);
    expect(matches("VM.Standard.A1.Flex", "Oracle-Linux-8.10-aarch64-2025.09.16-0-OKE-1.34.2-1101")).toBe(true);
    expect(matches("VM.GPU.A10.1", "Oracle-Linux-8.10-Gen2-GPU-2025.09.16-0-OKE-1.34.2-1101")).toBe(true);
    expect(matches("VM.Standard.E5.Flex", "Oracle-Linux-8.10-2025.09.16-0-OKE-1.34.21-1101")).toBe(false);
  });
});
