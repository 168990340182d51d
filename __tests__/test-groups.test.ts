// The groups `npm test` runs the test files in (test-groups.js): none left out, none twice.
import * as fs from "fs";
import * as path from "path";

const groups = require("./test-groups");
const GROUPS_DIR = path.join(__dirname, "groups");

describe("test groups", () => {
  it("run every test file exactly once: in its folder's group, or on its own", () => {
    const files: string[] = groups.testFiles();
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain("stacks/day2.test.ts");
    expect(files).toContain("main.test.ts");
    const grouped: string[] = groups.groups().flatMap((g: string) => groups.filesOf(g));
    expect([...grouped, ...groups.ALONE].sort()).toEqual(files);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(grouped.filter((f) => groups.ALONE.includes(f))).toEqual([]);
    expect(groups.folderOf("main.test.ts")).toBe("root");
    expect(groups.groupOf("main.test.ts")).toBe("half-a");
    expect(groups.groupOf("stacks/day2.test.ts")).toBe("half-a");
    expect(groups.groupOf("operate/tunnel.test.ts")).toBe("half-b");
  });

  it("are two, one per jest worker, each with files of its own; a folder the first does not name is in the second", () => {
    const jestConfig = require("../jest.config.js");
    expect(groups.groups()).toHaveLength(jestConfig.maxWorkers);
    for (const g of groups.groups()) expect(groups.filesOf(g).length).toBeGreaterThan(5);
    expect(groups.groupOf("a-new-folder/x.test.ts")).toBe(groups.REST);
    expect(groups.staleFolders()).toEqual([]);
    expect(groups.staleFolders(["main.test.ts", "stacks/x.test.ts", "tftest/x.test.ts"])).toEqual(["pipeline"]);
  });

  it("have one group file each, which runs that group", () => {
    const onDisk = fs.readdirSync(GROUPS_DIR).filter((f) => f.endsWith(".group.ts"));
    expect(onDisk.map((f) => f.replace(/\.group\.ts$/, "")).sort()).toEqual(groups.groups());
    for (const f of onDisk) {
      expect(fs.readFileSync(path.join(GROUPS_DIR, f), "utf8")).toContain(`runGroup(${JSON.stringify(f.replace(/\.group\.ts$/, ""))})`);
    }
  });

  it("give way to single files when test paths are named, tests are picked by path or by what changed, or OKEMESH_TEST_FILES=1", () => {
    expect(groups.filesMode({}, [])).toBe(false);
    expect(groups.filesMode({}, ["--json", "--outputFile", "out.json", "-t", "reorder", "--maxWorkers", "2"])).toBe(false);
    expect(groups.filesMode({ OKEMESH_TEST_FILES: "1" }, [])).toBe(true);
    expect(groups.filesMode({}, ["day2"])).toBe(true);
    expect(groups.filesMode({}, ["groups/half-a"])).toBe(false);
    expect(groups.filesMode({}, ["__tests__/groups/half-b.group.ts"])).toBe(false);
    expect(groups.filesMode({}, ["-t", "reorder", "__tests__/stacks"])).toBe(true);
    const picks = ["--watch", "--watchAll", "-o", "--changedSince=main", "--changed-since=main", "--findRelatedTests", "--test-path-pattern=day2"];
    for (const pick of picks) expect([pick, groups.filesMode({}, [pick])]).toEqual([pick, true]);
    expect(groups.filesMode({}, ["--test-name-pattern", "reorder", "--output-file", "out.json", "--max-workers", "2"])).toBe(false);
  });

  it("refuse a group that is not one of them", () => {
    expect(() => groups.runGroup("stacks")).toThrow("test group stacks is not one of half-a, half-b");
  });
});
