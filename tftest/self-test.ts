// Deliberately broken copies of synthesized stacks, each with the text its `terraform test`
// must fail with: the proof that the generated tests catch what `terraform validate` cannot.
import { loadBalancerServices } from "./mocks";
import { StackJson, TerraformBlock, TftestError } from "./stack";
import { otherAddress } from "./values";

export interface BrokenStack {
  /** Name of the case (a directory name). */
  readonly name: string;
  /** The stack that is broken. */
  readonly stackId: string;
  /** The app's stacks with that one replaced. */
  readonly stacks: Readonly<Record<string, StackJson>>;
  /** What terraform test must report. */
  readonly mustFailWith: string;
}

type MutableStack = { -readonly [K in keyof StackJson]: any };

const copy = (stack: StackJson): MutableStack => JSON.parse(JSON.stringify(stack));

function firstWith(stacks: Readonly<Record<string, StackJson>>, has: (s: StackJson) => boolean, what: string): [string, MutableStack] {
  const found = Object.entries(stacks).find(([, s]) => has(s));
  if (!found) throw new TftestError(`self-test: no stack has ${what}`);
  return [found[0], copy(found[1])];
}

const nodePools = (s: StackJson) => (s.resource?.oci_containerengine_node_pool ?? {}) as Record<string, TerraformBlock>;

/** Three broken stacks: a region stack with an output that indexes a list the provider leaves
 * empty (valid, fails at apply), a region stack whose node pools lost their image
 * precondition, the mesh stack whose first load balancer expects another IP than it pins. */
export function brokenStacks(stacks: Readonly<Record<string, StackJson>>): BrokenStack[] {
  const hasPools = (s: StackJson) => Object.keys(nodePools(s)).length > 0;

  const [regionId, withOutput] = firstWith(stacks, hasPools, "a node pool");
  const pool = Object.keys(nodePools(withOutput))[0];
  withOutput.output = { ...withOutput.output, broken_first_node_ip: { value: `\${oci_containerengine_node_pool.${pool}.nodes[0].private_ip}` } };

  const [, withoutPrecondition] = firstWith(stacks, hasPools, "a node pool");
  for (const body of Object.values(nodePools(withoutPrecondition)) as Record<string, any>[]) delete body.lifecycle?.precondition;

  const [meshId, mesh] = firstWith(stacks, (s) => loadBalancerServices(s, stacks).length > 0, "a pinned load balancer");
  const service = loadBalancerServices(mesh, stacks)[0];
  const postcondition = mesh.resource.kubernetes_service_v1[service.name].lifecycle.postcondition[0];
  postcondition.condition = String(postcondition.condition)
    .split(`"${service.ip}"`)
    .join(`"${otherAddress(service.ip)}"`);

  const broken = (name: string, stackId: string, stack: MutableStack, mustFailWith: string): BrokenStack => ({
    name: `${stackId}-${name}`,
    stackId,
    stacks: { ...stacks, [stackId]: stack as StackJson },
    mustFailWith,
  });
  return [
    broken("output-indexes-empty-list", regionId, withOutput, "Invalid index"),
    broken("no-image-precondition", regionId, withoutPrecondition, "Missing expected failure"),
    broken("postcondition-other-ip", meshId, mesh, "Resource postcondition failed"),
  ];
}
