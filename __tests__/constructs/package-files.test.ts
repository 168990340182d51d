import * as fs from "fs";
import * as path from "path";
import { GRID_CHART_DIR } from "../../constructs/package-files";

describe("package files", () => {
  it("finds the Coherence member-set chart from the package root", () => {
    expect(path.relative(path.resolve(__dirname, "..", ".."), GRID_CHART_DIR)).toBe(path.join("charts", "coherence-grid"));
    expect(fs.existsSync(path.join(GRID_CHART_DIR, "Chart.yaml"))).toBe(true);
  });
});
