import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROVENANCE_FILE, provenanceOf, readProvenance, synthMismatch, writeProvenance } from "../../pipeline/provenance";
import { runMain } from "../config/run-main";
import { loadFile, rawTopology, topologyOf } from "../helpers";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-provenance-"));

describe("provenance", () => {
  it("hashes the resolved topology: key order does not matter, any value or default does", () => {
    const raw = rawTopology(2);
    const reordered = Object.fromEntries(Object.entries(raw).reverse());
    const p = provenanceOf(topologyOf(raw));
    expect(p).toEqual({ name: "australis", topologySha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(provenanceOf(topologyOf(reordered))).toEqual(p);
    // Spelling out a default changes nothing; changing a value, or the gate's protect list, does.
    expect(provenanceOf(topologyOf({ ...raw, kubernetesVersion: "v1.34.2" }))).toEqual(p);
    for (const extra of [{ kubernetesVersion: "v1.33.1" }, { protect: ["clusters"] }, { cilium: { version: "1.20.1" } }]) {
      expect(provenanceOf(topologyOf({ ...raw, ...extra })).topologySha256).not.toBe(p.topologySha256);
    }
    expect(provenanceOf(topologyOf(rawTopology(3))).topologySha256).not.toBe(p.topologySha256);
  });

  it("writes and reads cdktf.out/okemesh.json, and names the file when it is missing or not provenance", () => {
    const dir = tmp();
    const p = provenanceOf(loadFile("okemesh.yaml"));
    expect(() => readProvenance(dir)).toThrow(`${path.join(dir, PROVENANCE_FILE)} not found: synthesize first (npm run synth)`);
    writeProvenance(dir, p);
    const written = fs.readFileSync(path.join(dir, PROVENANCE_FILE), "utf8");
    expect(written).toBe(`{\n  "name": "australis",\n  "topologySha256": "${p.topologySha256}"\n}\n`);
    expect(readProvenance(dir)).toEqual(p);
    fs.writeFileSync(path.join(dir, PROVENANCE_FILE), '{"name": 1}');
    expect(() => readProvenance(dir)).toThrow(/okemesh\.json is not okemesh provenance/);
    fs.writeFileSync(path.join(dir, PROVENANCE_FILE), "{");
    expect(() => readProvenance(dir)).toThrow(/okemesh\.json is not valid JSON/);
  });

  it("tells a synthesis of another topology from one of this topology", () => {
    const dir = tmp();
    const topology = topologyOf(rawTopology(2));
    writeProvenance(dir, provenanceOf(topology));
    expect(synthMismatch(topology, dir)).toBeUndefined();
    const other = topologyOf(rawTopology(3));
    expect(synthMismatch(other, dir)).toBe(
      `${path.join(dir, PROVENANCE_FILE)} is from another topology (australis ${provenanceOf(topology).topologySha256.slice(0, 12)}, ` +
        `the topology is australis ${provenanceOf(other).topologySha256.slice(0, 12)}): synthesize again`,
    );
  });

  it("is written by main.ts after the synthesis", () => {
    const cwd = tmp();
    // As cdktf.json runs it (plain node on the build), CDKTF_OUTDIR unset.
    expect(runMain({}, cwd)).toEqual({ status: 0, stderr: expect.any(String) });
    expect(readProvenance(path.join(cwd, "cdktf.out"))).toEqual(provenanceOf(loadFile("okemesh.yaml")));
  });
});
