// The README's topology reference is a real topology, and the defaults it shows are the code's.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { DEFAULTS } from "../../config/defaults";
import { formatIssues, parseTopology } from "../../config/load";
import { knownKeys } from "../../config/schema";
import { ROOT } from "../helpers";

/** The first ```yaml block under "## The topology file". */
function topologyReference(): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## The topology file"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README.md: no yaml block under ## The topology file");
  return block[1];
}

/** Every leaf of a defaults object, as [path, value]: arrays are leaves. */
function leaves(value: unknown, at: string[] = []): Array<[string[], unknown]> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [[at, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
}

describe("README.md topology reference", () => {
  const text = topologyReference();
  const shown = parse(text);

  it("is a valid topology", () => {
    const r = parseTopology(text);
    if (!r.ok) throw new Error(formatIssues("README.md", r.issues));
    expect(r.topology.regions).toHaveLength(1);
  });

  // DEFAULTS.nodePool (what a pool of only a name gets) is shown as the one default pool.
  const defaults = leaves({ ...DEFAULTS, nodePool: undefined }).filter(([, v]) => v !== undefined);

  it("shows every default", () => expect(defaults.length).toBeGreaterThan(15));

  it.each(defaults.map(([at, value]) => [at.join("."), value]))("shows %s as its default", (at, value) => {
    const inReadme = at.split(".").reduce<any>((o, k) => o?.[k], shown);
    expect(inReadme).toEqual(value);
  });

  it("mentions every key of the topology outside state (which has its own section)", () => {
    const stateOnly = [
      "backend",
      "bucket",
      "region",
      "keyPrefix",
      "kmsKeyId",
      "configFileProfile",
      "auth",
      "lockfile",
      "organization",
      "workspacePrefix",
      "hostname",
    ];
    const missing = knownKeys().filter((k) => !stateOnly.includes(k) && !new RegExp(`\\b${k}\\b`).test(text));
    expect(missing).toEqual([]);
  });
});
