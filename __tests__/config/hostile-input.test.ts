// Input that must be rejected, one case per class: the report main.ts prints, naming the field,
// for every case in this process (readTopologyOrExit's parse and report, before any synth), and
// through main.ts as a process for the cases that could take the process down (a template, an
// alias bomb, a 10 MB value): exit 1, the field named, nothing written, no stack trace.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { formatIssues, parseTopology } from "../../config/load";
import { rawTopology } from "../helpers";
import { inTurns, MainRun, runMainAsync } from "./run-main";
import { manyRegions, named, withRegion } from "./topologies";

const yaml = (raw: unknown) => stringify(raw);
const VALID = yaml(rawTopology(2));

const ALIAS_BOMB = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ..."bcdefghi".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`),
].join("\n");

/** [class, topology text, the field the report must name]. */
const CASES: Array<[string, string, string]> = [
  ["a Terraform template in a string", yaml({ ...rawTopology(2), coherence: { image: 'repo/x:${file("/etc/passwd")}' } }), "coherence.image"],
  ["a Terraform directive in a name", yaml(withRegion(0, { name: "%{if true}a%{endif}" })), "regions[0].name"],
  ["a YAML alias bomb", ALIAS_BOMB, "(file)"],
  ["a pods CIDR too small for the nodes", yaml(withRegion(0, { podsCidr: "10.201.0.0/24" })), "regions[0].podsCidr"],
  ["a services CIDR too small", yaml(withRegion(1, { servicesCidr: "10.102.0.0/24" })), "regions[1].servicesCidr"],
  ["a reserved range", yaml(withRegion(0, { podsCidr: "169.254.0.0/16" })), "regions[0].podsCidr"],
  ["a public mesh supernet", yaml({ ...rawTopology(2), meshCidr: "11.0.0.0/8" }), "meshCidr"],
  ["a non-canonical prefix", yaml({ ...rawTopology(2), meshCidr: "10.0.0.0/016" }), "meshCidr"],
  ["VCN DNS labels that collide", yaml(named("a-b", "ab")), "regions[1].name"],
  ["a region name that is no Terraform identifier", yaml(named("1a", "c2")), "regions[0].name"],
  ["ocpus for a fixed shape", yaml(rawTopology(2, { nodePools: [{ name: "w", shape: "VM.Standard2.4", ocpus: 4 }] })), "nodePools[0].ocpus"],
  ["memory in millibytes", yaml({ ...rawTopology(2), coherence: { memory: "4000m" } }), "coherence.memory"],
  ["a CPU count in bytes", yaml({ ...rawTopology(2), coherence: { cpu: "2Gi" } }), "coherence.cpu"],
  ["a heap as large as the memory in other units", yaml({ ...rawTopology(2), coherence: { heapSize: "3G", memory: "3Gi" } }), "coherence.heapSize"],
  ["an empty heap", yaml({ ...rawTopology(2), coherence: { heapSize: "0g" } }), "coherence.heapSize"],
  ["a YAML 1.1 tag", `${VALID}coherence:\n  image: !!binary aGVsbG8=\n`, "coherence.image"],
  ["a custom YAML tag", `${VALID}kubernetesVersion: !foo v1.34.2\n`, "kubernetesVersion"],
  [
    "a private endpoint's client outside the mesh",
    yaml({ ...rawTopology(2), apiEndpoint: { allowedCidrs: ["192.168.10.0/24"] } }),
    "apiEndpoint.allowedCidrs[0]",
  ],
  ["more regions than a mesh NSG holds", yaml(manyRegions(32)), "regions"],
  ["a retired region still listed", yaml({ ...rawTopology(2), retired: [(rawTopology(2) as any).regions[0]] }), "retired[0].name"],
  [
    "a node image that is not an image OCID",
    yaml(rawTopology(2, { nodePools: [{ name: "w", image: "ocid1.instance.oc1.phx.aaaa" }] })),
    "nodePools[0].image",
  ],
  // The value put in after yaml has written the document around it (yaml takes a third of a second
  // to write 10 MB as the plain scalar it stays).
  ["a 10 MB value", yaml(withRegion(0, { ociRegion: "HUGE" })).replace("HUGE", "x".repeat(10 * 1024 * 1024)), "regions[0].ociRegion"],
];

const reports = new Map<string, string | undefined>();

/** The report main.ts prints before it exits 1 (cli/topology-file.ts), or undefined when the text
 * passes; made once per text for both describe blocks (parsing the 10 MB case takes 0.4 s). */
function report(text: string): string | undefined {
  if (!reports.has(text)) {
    const loaded = parseTopology(text);
    reports.set(text, loaded.ok ? undefined : `${formatIssues("topology.yaml", loaded.issues)}\n`);
  }
  return reports.get(text);
}

describe("hostile input", () => {
  it.each(CASES)("rejects %s, naming the field", (_what, text, field) => {
    const r = report(text);
    expect(r).toMatch(/^okemesh: topology\.yaml: \d+ problems?, nothing was synthesized:\n/);
    expect(r).toContain(`\n  - ${field}: `);
  });
});

const AS_PROCESS = ["a Terraform template in a string", "a YAML alias bomb", "a 10 MB value"];

describe("hostile input, through main.ts as a process", () => {
  const runs = new Map<string, { run: MainRun; cwd: string; out: string }>();
  const cases = CASES.filter(([what]) => AS_PROCESS.includes(what));

  beforeAll(async () => {
    const tasks = cases.map(([what, text]) => async () => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-hostile-"));
      const out = path.join(cwd, "out");
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(cwd, "topology.yaml"), text);
      runs.set(what, { run: await runMainAsync({ OKEMESH_CONFIG: "topology.yaml", CDKTF_OUTDIR: out }, cwd), cwd, out });
    });
    await inTurns(tasks, 3);
  }, 300_000);

  it("runs the cases it names", () => expect(cases.map(([what]) => what)).toEqual(AS_PROCESS));

  it.each(cases)("rejects %s, naming the field, writing nothing, without a stack trace", (what, text, field) => {
    const { run, cwd, out } = runs.get(what)!;
    expect(run.stderr).toBe(report(text)); // the same report as in this process
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^okemesh: topology\.yaml: \d+ problems?, nothing was synthesized:\n/);
    expect(run.stderr).toContain(`\n  - ${field}: `);
    expect(run.stderr).not.toMatch(/\n {4}at /);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(fs.readdirSync(cwd).sort()).toEqual(["out", "topology.yaml"]);
  });

  it("echoes a huge value in a few characters only", () => {
    const { run } = runs.get("a 10 MB value")!;
    expect(run.stderr.length).toBeLessThan(2000);
    expect(run.stderr).toContain(`"${"x".repeat(80)}…"`);
  });
});
