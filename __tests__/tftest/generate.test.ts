// The terraform test files tftest/ writes for synthesized stacks: parsed back with an HCL parser
// and checked against the stacks themselves. (Running them is scripts/tftest.ts, in .ci/run.)
import { X509Certificate } from "crypto";
import * as os from "os";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { parse as parseYaml } from "yaml";
import { contains, isUsableHost } from "../../config/cidr";
import { RegionSpec, Topology } from "../../config/topology";
import { imagePattern } from "../../constructs/oke-images";
import { tftestFile, TftestError } from "../../tftest/generate";
import { literal } from "../../tftest/hcl";
import { loadFile, rawTopology, ROOT, StackJson, synthOnce, topologyOf } from "../helpers";

type Parsed = Record<string, any>;
type Stacks = Record<string, StackJson>;

const generate = (stackId: string, stacks: Stacks, topology: Topology, availabilityDomains?: number) =>
  tftestFile({ stackId, stacks, topology, availabilityDomains });
const parsed = (text: string): Promise<Parsed> => parseHcl("okemesh.tftest.hcl", text);

/** Provider configurations of a stack as the test reads them: `oci`, `oci.c1`. */
function providerConfigs(stack: StackJson): string[] {
  return Object.entries(stack.provider ?? {}).flatMap(([type, blocks]) => (blocks as any[]).map((b) => (b.alias ? `${type}.${b.alias}` : type)));
}

function mockedConfigs(file: Parsed): string[] {
  return Object.entries(file.mock_provider ?? {}).flatMap(([type, blocks]) => (blocks as any[]).map((b) => (b.alias ? `${type}.${b.alias}` : type)));
}

/** data.terraform_remote_state.<name>.outputs.<output> references in a stack's text. */
function remoteReads(text: string): Map<string, Set<string>> {
  const reads = new Map<string, Set<string>>();
  for (const m of text.matchAll(/data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    reads.set(m[1], (reads.get(m[1]) ?? new Set()).add(m[2]));
  }
  return reads;
}

const mockData = (file: Parsed, type: string): any => file.mock_provider.oci[0].mock_data[type][0].defaults;
const unquote = (condition: string) => condition.replace(/^\$\{/, "").replace(/\}$/, "");
const buildOf = (name: string) => /\d{4}\.\d{2}\.\d{2}-\d+/.exec(name)![0];

const mixedPools = [
  { name: "x86", shape: "VM.Standard.E5.Flex" },
  { name: "arm", shape: "VM.Standard.A1.Flex" },
  { name: "gpu", shape: "VM.GPU.A10.1" },
];

describe.each([
  ["the default topology", () => loadFile("okemesh.yaml")],
  ["a 3-region topology", () => topologyOf(rawTopology(3))],
  [
    "a public 2-region topology with x86, Arm and GPU pools",
    () => topologyOf(rawTopology(2, { apiEndpoint: { access: "public", allowedCidrs: ["198.51.100.0/24"] }, nodePools: mixedPools })),
  ],
])("tftest for %s", (_, load) => {
  const topology = load();
  const out = synthOnce(topology);
  const files = Object.fromEntries(Object.keys(out.stacks).map((id) => [id, generate(id, out.stacks, topology)]));
  let hcl: Record<string, Parsed>;
  beforeAll(async () => {
    hcl = Object.fromEntries(await Promise.all(Object.entries(files).map(async ([id, text]) => [id, await parsed(text)] as const)));
  });

  it("writes one mock_provider per provider and per alias of every stack", () => {
    for (const [id, stack] of Object.entries(out.stacks)) {
      expect(mockedConfigs(hcl[id]).sort()).toEqual(providerConfigs(stack).sort());
    }
    const perCluster = topology.regions.flatMap((r) => ["oci", "kubernetes", "helm"].map((p) => `${p}.${r.name}`));
    expect(mockedConfigs(hcl.mesh)).toEqual(expect.arrayContaining(perCluster));
  });

  it("overrides every remote state of the mesh stack with exactly the outputs it reads", () => {
    const reads = remoteReads(out.text.mesh);
    expect(reads.size).toBe(topology.regions.length);
    const overrides = hcl.mesh.override_data as Parsed[];
    expect(overrides.map((o) => o.target).sort()).toEqual([...reads.keys()].map((name) => `\${data.terraform_remote_state.${name}}`).sort());
    for (const o of overrides) {
      const name = /terraform_remote_state\.([\w-]+)\}$/.exec(o.target)![1];
      expect(Object.keys(o.values.outputs).sort()).toEqual([...reads.get(name)!].sort());
    }
  });

  it("gives the mesh stack the values the region stacks' tests prove they output", () => {
    for (const o of hcl.mesh.override_data as Parsed[]) {
      const region = topology.regions.find((r) => o.target.endsWith(`region-${r.name}}`))!;
      const applied = (hcl[region.name].run.apply[0].assert as Parsed[]).map((a) => unquote(a.condition));
      for (const [output, value] of Object.entries(o.values.outputs as Record<string, string>)) {
        expect(applied).toContain(`output.${output} == ${literal(value)}`);
      }
    }
  });

  it("mocks realistic region values: OCIDs, API endpoints in the API subnet, a CA that decodes", () => {
    for (const o of hcl.mesh.override_data as Parsed[]) {
      const region = topology.regions.find((r) => o.target.endsWith(`-${r.name}}`))!;
      const values = Object.values(o.values.outputs as Record<string, string>);
      const ids = values.filter((v) => v.startsWith("ocid1."));
      expect(ids.every((v) => new RegExp(`^ocid1\\.[a-z]+\\.${region.ociRealm}\\.${region.ociRegion}\\.[a-z0-9]+$`).test(v))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      const endpoint = values.find((v) => /^[\d.]+:6443$/.test(v))!;
      expect(contains(region.subnets.apiEndpoint, `${endpoint.split(":")[0]}/32`)).toBe(true);
      expect(new X509Certificate(values.find((v) => v.startsWith("-----BEGIN CERTIFICATE-----"))!).subject).toContain("okemesh-tftest-ca");
    }
  });

  it("mocks each region stack's data sources: the ADs, the OSN service its filter selects, a kubeconfig whose CA decodes", () => {
    for (const region of topology.regions) {
      const file = hcl[region.name];
      const stack = out.stacks[region.name];
      expect(mockData(file, "oci_identity_availability_domains").availability_domains).toHaveLength(3);
      const filter = Object.values(stack.data!.oci_core_services)[0].filter[0];
      expect(mockData(file, "oci_core_services").services.map((s: any) => new RegExp(filter.values[0]).test(s.name))).toEqual([true]);
      const kubeconfig = parseYaml(mockData(file, "oci_containerengine_cluster_kube_config").content);
      const cluster = kubeconfig.clusters[0].cluster;
      expect(new X509Certificate(Buffer.from(cluster["certificate-authority-data"], "base64")).subject).toContain("okemesh-tftest-ca");
      expect(cluster.server).toMatch(/^https:\/\/[\d.]+:6443$/);
      expect(kubeconfig.users[0].user.exec.command).toBe("oci");
      const endpoints = file.mock_provider.oci[0].mock_resource.oci_containerengine_cluster[0].defaults.endpoints[0];
      expect(`https://${endpoints.private_endpoint}`).toBe(cluster.server);
      expect(endpoints.public_endpoint !== "").toBe(topology.apiEndpoint.access === "public");
    }
  });

  it("lists images for every pool's version and shape, and asserts each node pool runs the newest of its own", () => {
    for (const region of topology.regions) {
      const sources: any[] = mockData(hcl[region.name], "oci_containerengine_node_pool_option").sources;
      const asserts = (hcl[region.name].run.apply[0].assert as Parsed[]).map((a) => unquote(a.condition));
      for (const pool of region.nodePools) {
        const mine = sources.filter((s) => new RegExp(imagePattern(pool, region.kubernetesVersion)).test(s.source_name));
        expect(mine.length).toBeGreaterThan(1);
        const newest = mine.reduce((a, b) => (buildOf(b.source_name) > buildOf(a.source_name) ? b : a));
        expect(asserts.some((c) => c.includes(`node_source_details[0].image_id == "${newest.image_id}"`))).toBe(true);
      }
      // Newer images of another version, and plain Oracle Linux, are listed too: no pool may take them.
      const newestOverall = sources.reduce((a, b) => (buildOf(b.source_name) > buildOf(a.source_name) ? b : a));
      expect(region.nodePools.some((p) => new RegExp(imagePattern(p, region.kubernetesVersion)).test(newestOverall.source_name))).toBe(false);
    }
  });

  it("asserts the dynamic placement expands to every availability domain, for every node pool", () => {
    for (const region of topology.regions) {
      const pools = Object.keys(out.stacks[region.name].resource!.oci_containerengine_node_pool);
      expect(pools).toHaveLength(region.nodePools.length);
      const asserts = (hcl[region.name].run.apply[0].assert as Parsed[]).map((a) => unquote(a.condition));
      for (const pool of pools) {
        expect(asserts).toContain(`length(oci_containerengine_node_pool.${pool}.node_config_details[0].placement_configs) == 3`);
        expect(asserts.filter((c) => c.startsWith(`toset([for p in oci_containerengine_node_pool.${pool}.node_config_details`))).toHaveLength(1);
      }
    }
  });

  it("expects every node pool's precondition to fail when no image matches, on the applied state", () => {
    for (const region of topology.regions) {
      const run = hcl[region.name].run.no_image[0];
      expect(run.command).toBe("${plan}");
      expect(run.state_key).toBeUndefined();
      const pools = Object.keys(out.stacks[region.name].resource!.oci_containerengine_node_pool);
      expect(run.expect_failures).toEqual(pools.map((p) => `\${oci_containerengine_node_pool.${p}}`));
      const sources = run.override_data.flatMap((o: Parsed) => o.values.sources);
      const anyPoolTakes = (s: any) => region.nodePools.some((p) => new RegExp(imagePattern(p, region.kubernetesVersion)).test(s.source_name));
      expect(sources.some(anyPoolTakes)).toBe(false);
    }
  });

  it("gives each load balancer the IP its postcondition expects, and expects the postcondition to fail with another IP", () => {
    const services = Object.entries(out.stacks.mesh.resource!.kubernetes_service_v1).filter(([, s]: [string, any]) => s.spec.type === "LoadBalancer");
    expect(services).toHaveLength(2 * topology.regions.length);
    const ipOf = (o: Parsed) => o.values.status[0].load_balancer[0].ingress[0].ip;
    const pinned = new Map((hcl.mesh.override_resource as Parsed[]).map((o) => [o.target, ipOf(o)]));
    const mismatch = hcl.mesh.run.lb_ip_mismatch[0];
    expect(mismatch).toMatchObject({ command: "${plan}", state_key: "lb_ip_mismatch" });
    const wrong = new Map((mismatch.override_resource as Parsed[]).map((o) => [o.target, ipOf(o)]));
    for (const [name, service] of services as [string, any][]) {
      const target = `\${kubernetes_service_v1.${name}}`;
      const ip = /== "([0-9.]+)"/.exec(service.lifecycle.postcondition[0].condition)![1];
      const region = topology.regions.find((r) => service.provider === `kubernetes.${r.name}`) as RegionSpec;
      expect(pinned.get(target)).toBe(ip);
      expect(wrong.get(target)).not.toBe(ip);
      expect(isUsableHost(region.subnets.internalLb, wrong.get(target)!)).toBe(true);
      expect(mismatch.expect_failures).toContain(target);
    }
    expect(mismatch.expect_failures).toHaveLength(services.length);
  });

  it("applies every stack once with the compartment variable set", () => {
    for (const id of Object.keys(out.stacks)) {
      expect(hcl[id].run.apply[0].command).toBe("${apply}");
      expect(hcl[id].variables[0].compartment_ocid).toMatch(/^ocid1\.compartment\./);
    }
    expect(Object.keys(hcl.mesh.run).sort()).toEqual(["apply", "lb_ip_mismatch"]);
    for (const r of topology.regions) expect(Object.keys(hcl[r.name].run).sort()).toEqual(["apply", "no_image"]);
  });

  it("is deterministic and free of local paths", () => {
    for (const id of Object.keys(out.stacks)) {
      expect(generate(id, out.stacks, topology)).toBe(files[id]);
      expect(files[id]).not.toContain(ROOT);
      expect(files[id]).not.toContain(os.tmpdir());
    }
  });
});

describe("tftest follows what the stacks contain", () => {
  const topology = topologyOf(rawTopology(2));
  const out = synthOnce(topology);
  const copy = (): Stacks => JSON.parse(JSON.stringify(out.stacks));
  const vcn = () => Object.keys(out.stacks.c1.resource!.oci_core_vcn)[0];

  it("mocks and asserts an output the mesh starts reading, and drops one it stops reading", async () => {
    const stacks = copy();
    (stacks.c1.output as any).vcn_cidr = { value: `\${oci_core_vcn.${vcn()}.cidr_block}` };
    const drgRead = [...remoteReads(out.text.mesh).get("region-c1")!].find((o) => o.includes("drg"))!;
    const meshText = JSON.stringify(stacks.mesh)
      .split(`data.terraform_remote_state.region-c1.outputs.${drgRead}`)
      .join("data.terraform_remote_state.region-c1.outputs.vcn_cidr");
    stacks.mesh = JSON.parse(meshText);
    const mesh = await parsed(generate("mesh", stacks, topology));
    const c1Outputs = Object.keys(mesh.override_data.find((o: Parsed) => o.target.endsWith("-c1}")).values.outputs);
    expect(c1Outputs).toContain("vcn_cidr");
    expect(c1Outputs).not.toContain(drgRead);
    const region = await parsed(generate("c1", stacks, topology));
    const asserts = region.run.apply[0].assert.map((a: Parsed) => unquote(a.condition));
    expect(asserts).toContain('output.vcn_cidr != ""');
    expect(asserts.some((c: string) => c.startsWith(`output.${drgRead} `))).toBe(false);
  });

  it("mocks as many availability domains as asked", async () => {
    const file = await parsed(generate("c1", out.stacks, topology, 1));
    expect(mockData(file, "oci_identity_availability_domains").availability_domains).toHaveLength(1);
    expect(file.run.apply[0].assert.map((a: Parsed) => unquote(a.condition))).toContainEqual(expect.stringMatching(/placement_configs\) == 1$/));
  });

  it("names what it cannot mock: an output the producer lacks, a stack outside the topology, a variable", () => {
    const missing = copy();
    delete (missing.c1.output as any)[[...remoteReads(out.text.mesh).get("region-c1")!][0]];
    expect(() => generate("mesh", missing, topology)).toThrow(TftestError);
    expect(() => generate("mesh", missing, topology)).toThrow(/is read from stack c1, which does not declare it/);
    const other = topologyOf({ ...rawTopology(2), regions: (rawTopology(2).regions as any[]).map((r) => ({ ...r, name: `x${r.name}` })) });
    expect(() => generate("c1", out.stacks, other)).toThrow(/stack c1 is not a region of the topology \(regions: xc1, xc2\)/);
    const variable = copy();
    (variable.c1.variable as any).ssh_key = { type: "string" };
    expect(() => generate("c1", variable, topology)).toThrow(/variable ssh_key of stack c1: no test value/);
  });
});

describe("tftest's HCL literals", () => {
  it("keep template sequences and quotes literal", async () => {
    const tricky = 'a ${var.x} %{ if true }"q"\\ \n\t end';
    const file = await parsed(`x = ${literal(tricky)}\n`);
    // hcl2json keeps Terraform's JSON escapes: $${ and %%{ are literal, ${ would be code.
    expect(file.x).not.toMatch(/(^|[^$])\$\{/);
    expect(file.x.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{")).toBe(tricky);
  });
});

describe("tftest for a topology with a retired region", () => {
  const topology = loadFile("examples/retiring-a-region.yaml");
  const out = synthOnce(topology);
  const retired = topology.retired[0].name;

  it("gives the mesh an empty remote state for the retired region (its stack is emptied), full ones for the live regions", async () => {
    const mesh = await parsed(generate("mesh", out.stacks, topology));
    const byTarget = Object.fromEntries((mesh.override_data as Parsed[]).map((o) => [o.target, o.values.outputs]));
    expect(byTarget[`\${data.terraform_remote_state.region-${retired}}`]).toEqual({});
    for (const r of topology.regions) expect(Object.keys(byTarget[`\${data.terraform_remote_state.region-${r.name}}`]).length).toBeGreaterThan(5);
    // Its providers are still mocked: the mesh destroys what it had in the retired cluster through them.
    expect(mockedConfigs(mesh)).toEqual(expect.arrayContaining([`oci.${retired}`, `kubernetes.${retired}`, `helm.${retired}`]));
  });

  it("asserts no outputs of the retired region's empty stack", async () => {
    const file = await parsed(generate(retired, out.stacks, topology));
    expect(out.stacks[retired].output).toBeUndefined();
    expect(((file.run.apply[0].assert as Parsed[]) ?? []).filter((a) => /output\./.test(a.condition))).toEqual([]);
  });
});
