// Topologies and synthesis helpers shared by the tests.
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { Construct } from "constructs";
import { parseTopology, validateTopology } from "../config/load";
import { RegionSpec, Topology } from "../config/topology";
import { MeshMember } from "../constructs/mesh-member";
import { RegionExports } from "../constructs/region-outputs";
import { addOkemeshStacks } from "../stacks";
import { FULL_RESOLVE_ENV } from "../support/plain-resolve";
import { PREPARE_PASS_ENV } from "../support/prepare-pass";
import { TOKEN_TRACES_ENV } from "../support/token-traces";

export const ROOT = path.resolve(__dirname, "..");

/** The build of a source file (jest's global setup brought dist/ up to date): tests that run a
 * script as a process run it with plain node, as users do, never through tsx (seconds per start). */
export const built = (source: string): string => path.join(ROOT, "dist", source.replace(/\.ts$/, ".js"));

/** A raw topology document of `n` regions (c1..cn) with distinct, valid CIDRs. */
export function rawTopology(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const regions = ["eu-paris-1", "eu-amsterdam-1", "uk-london-1", "eu-frankfurt-1", "uk-cardiff-1", "eu-madrid-1", "eu-stockholm-1", "eu-milan-1"];
  return {
    name: "australis",
    ...extra,
    regions: Array.from({ length: n }, (_, i) => ({
      name: `c${i + 1}`,
      ociRegion: regions[i],
      clusterId: i + 1,
      vcnCidr: `10.${i + 1}.0.0/16`,
      podsCidr: `10.${i + 201}.0.0/16`,
      servicesCidr: `10.${i + 101}.0.0/16`,
    })),
  };
}

export function topologyOf(raw: unknown): Topology {
  const r = validateTopology(raw);
  if (!r.ok) throw new Error(`invalid test topology: ${JSON.stringify(r.issues)}`);
  return r.topology;
}

/** The project's topology files: the default and every example, so a new example is tested too. */
export const TOPOLOGY_FILES: readonly string[] = [
  "okemesh.yaml",
  ...fs
    .readdirSync(path.join(ROOT, "examples"))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => `examples/${f}`),
];

export function loadFile(file: string): Topology {
  const r = parseTopology(fs.readFileSync(path.join(ROOT, file), "utf8"));
  if (!r.ok) throw new Error(`invalid topology ${file}: ${JSON.stringify(r.issues)}`);
  return r.topology;
}

export type StackJson = {
  terraform: any;
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  provider?: Record<string, any[]>;
  output?: Record<string, any>;
  variable?: Record<string, any>;
  locals?: Record<string, any>;
};

export interface Synthesized {
  readonly dir: string;
  readonly stacks: Record<string, StackJson>;
  /** The raw text of each stack's cdk.tf.json. */
  readonly text: Record<string, string>;
  readonly manifest: any;
}

/** A full app.synth() into a temp dir: the only way cross-stack outputs and remote state appear. */
export function synthApp(topology: Topology): Synthesized {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-"));
  const app = new App({ outdir: dir, skipValidation: false });
  addOkemeshStacks(app, topology);
  app.synth();
  return readSynthesized(dir);
}

/** What a synth wrote into `dir`. */
function readSynthesized(dir: string): Synthesized {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
  const stacks: Record<string, StackJson> = {};
  const text: Record<string, string> = {};
  for (const id of Object.keys(manifest.stacks)) {
    text[id] = fs.readFileSync(path.join(dir, "stacks", id, "cdk.tf.json"), "utf8");
    stacks[id] = JSON.parse(text[id]);
  }
  return { dir, stacks, text, manifest };
}

/** The folder where the suite keeps one synth of each topology for all its files (set by
 * __tests__/global-setup.js, fresh each run, so the first file that needs a topology synthesizes
 * it with the code under test and no run reads what an earlier one wrote). */
const SUITE_SYNTHS_ENV = "OKEMESH_TEST_SYNTHS";

const synthesizedOnce = new Map<string, Synthesized>();

/** synthApp once per topology for the whole run of the suite, for tests that only read the
 * output: it is frozen (a test that changes it throws), and nothing may write into its dir.
 * Within a module registry (a test file, or a group of them) the result is memoized; across
 * registries and workers the synthesized folder is shared through SUITE_SYNTHS_ENV. A test of
 * determinism, of what changes between two synths of one topology, or of a synth under a switch
 * it sets itself (the shared one was made under whatever the environment set), calls synthApp
 * for each. */
export function synthOnce(topology: Topology): Synthesized {
  const key = JSON.stringify(topology);
  let out = synthesizedOnce.get(key);
  if (!out) {
    out = deepFreeze(suiteSynth(key, topology));
    synthesizedOnce.set(key, out);
  }
  return out;
}

/** A synth made with okemesh's switches as it runs (token traces off, one resolving pass), for a
 * test that switches them itself: the suite's shared one when the suite runs that way (neither
 * OKEMESH_TOKEN_TRACES, OKEMESH_PREPARE_PASS nor OKEMESH_FULL_RESOLVE set, which setup.ts applies in every worker),
 * a synth of its own otherwise. Call it with the switches off. */
export function synthWithSwitchesOff(topology: Topology): Synthesized {
  const asOkemeshRuns = [TOKEN_TRACES_ENV, PREPARE_PASS_ENV, FULL_RESOLVE_ENV].every((v) => process.env[v] !== "1");
  return asOkemeshRuns ? synthOnce(topology) : synthApp(topology);
}

/** One of okemesh's switches of cdktf's internals (support/) changes no output: the default
 * topology synthesized with the switches as okemesh runs (`apply({})`) and with `variable=1`,
 * which gives cdktf back its own behaviour. */
export function expectSwitchChangesNothing(apply: (env: NodeJS.ProcessEnv) => void, variable: string): void {
  const topology = loadFile("okemesh.yaml");
  apply({});
  const okemesh = synthWithSwitchesOff(topology).text;
  apply({ [variable]: "1" });
  const cdktf = synthApp(topology).text;
  expect(Object.keys(okemesh)).toEqual(["c1", "c2", "mesh"]);
  expect(okemesh).toEqual(cdktf);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function suiteSynth(key: string, topology: Topology): Synthesized {
  const suite = process.env[SUITE_SYNTHS_ENV];
  if (!suite || !fs.existsSync(suite)) return synthApp(topology);
  const shared = path.join(suite, createHash("sha256").update(key).digest("hex").slice(0, 32));
  if (fs.existsSync(shared)) return readSynthesized(shared);
  const own = synthApp(topology);
  try {
    // Atomic: another worker that synthesized the same topology meanwhile keeps its folder.
    fs.renameSync(own.dir, shared);
  } catch {
    return own;
  }
  return readSynthesized(shared);
}

/** The resources of one type in a stack, as a list. */
export function resources(stack: StackJson, type: string): any[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/** Removes the "//" metadata cdktf adds, recursively (for snapshots). */
export function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "//")
        .map(([k, v]) => [k, stripMetadata(v)]),
    );
  }
  return value;
}

/** Literal exports of a region, as a deployed region stack would give them: the mesh constructs
 * are tested with these, without any region stack. */
export function fakeExports(spec: RegionSpec): RegionExports {
  const id = (kind: string) => `ocid1.${kind}.oc1.${spec.ociRegion}.${spec.name}`;
  return {
    spec,
    vcnId: id("vcn"),
    drgId: id("drg"),
    workersSubnetId: id("subnet-workers"),
    internalLbSubnetId: id("subnet-ilb"),
    apiEndpointSubnetId: id("subnet-api"),
    apiEndpointNsgId: id("nsg-api"),
    workersNsgId: id("nsg-workers"),
    meshNsgId: id("nsg-mesh"),
    internalLbNsgId: id("nsg-ilb"),
    clusterId: id("cluster"),
    privateEndpoint: `${spec.subnets.apiEndpoint.replace(/0\/28$/, "3")}:6443`,
    publicEndpoint: "",
    caCertificate: `-----BEGIN CERTIFICATE-----\n${spec.name}\n-----END CERTIFICATE-----\n`,
    bastionId: "",
    dnsLbReservedIp: spec.loadBalancerIps.dns,
    clustermeshLbReservedIp: spec.loadBalancerIps.clustermesh,
  };
}

/** Synthesizes `build` in a scope holding one MeshMember per region of the topology, built from
 * fake exports; returns the synthesized JSON. */
export function synthWithMembers(topology: Topology, build: (scope: Construct, members: MeshMember[]) => void): StackJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      build(scope, MeshMember.join(scope, topology.regions.map(fakeExports), topology.apiEndpoint.access, topology.peers));
    }),
  );
}

/** What a bundle of dist/ loads as it starts, from the build's record of the static imports of
 * every file it bundled (jest's global setup brought dist/ up to date): each module `entry`
 * reaches, with the chain of imports that brings it in (`entry` first). A bundle runs every
 * static import as it starts; a require() (support/synthesis.ts) only when it is reached. */
export function loadedAtStart(entry: string): Map<string, readonly string[]> {
  const { IMPORTS } = require("../scripts/build") as { IMPORTS: string };
  const imports: Record<string, string[]> = JSON.parse(fs.readFileSync(IMPORTS, "utf8"));
  if (!imports[entry]) throw new Error(`the build bundled no ${entry}`);
  const chains = new Map<string, readonly string[]>([[entry, [entry]]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const i of imports[file] ?? []) if (!chains.has(i)) (chains.set(i, [...chains.get(file)!, i]), queue.push(i));
  }
  return chains;
}

/** The chains by which an entry loads cdktf, constructs or a provider as it starts (`loaded`, from
 * loadedAtStart): a project file importing one of them (what they import in turn is theirs). */
export function cdktfAtStart(loaded: Map<string, readonly string[]>): string[] {
  const heavy = /node_modules\/(cdktf|constructs|@cdktf\/provider-[a-z]+)\//;
  return [...loaded.values()]
    .filter((chain) => chain.length > 1 && heavy.test(chain[chain.length - 1]) && !/node_modules/.test(chain[chain.length - 2]))
    .map((chain) => chain.join(" -> "));
}
