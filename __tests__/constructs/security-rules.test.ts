// The rule sets as data: who may talk to whom, and how many rules each NSG holds.
import { NSG_RULE_LIMIT } from "../../config/limits";
import { NsgRule } from "../../constructs/nsg-rules";
import {
  apiEndpointRules,
  BaseRuleParties,
  internalLbRules,
  clustermeshRulesFrom,
  dnsChainRulesFrom,
  meshWorkerRulesFrom,
  workerRules,
} from "../../constructs/security-rules";
import { rawTopology, topologyOf } from "../helpers";

const parties: BaseRuleParties = {
  apiEndpointNsgId: "api",
  workersNsgId: "workers",
  internalLbNsgId: "ilb",
  serviceCidr: "osn",
  meshCidr: "10.0.0.0/8",
  apiClients: [{ cidr: "10.9.0.0/24", why: "a runner" }],
};
const [c1, c2] = topologyOf(rawTopology(2)).regions;
const peerOf = (r: NsgRule) => ("cidr" in r.peer ? r.peer.cidr : "nsgId" in r.peer ? r.peer.nsgId : r.peer.serviceCidr);

describe("base rules", () => {
  it("open nothing to the world, and let only the listed clients reach the API", () => {
    for (const r of [...apiEndpointRules(parties), ...workerRules(parties), ...internalLbRules(parties)].filter((x) => x.direction === "INGRESS")) {
      expect(peerOf(r)).not.toBe("0.0.0.0/0");
    }
    expect(
      apiEndpointRules(parties)
        .filter((r) => "cidr" in r.peer)
        .map(peerOf),
    ).toEqual(["10.9.0.0/24"]);
  });

  it("pair node-to-node VXLAN as stateless rules both ways, inside the cluster", () => {
    const vxlan = workerRules(parties).filter((r) => r.ports === 8472);
    expect(vxlan.map((r) => [r.direction, r.stateless, peerOf(r)])).toEqual([
      ["INGRESS", true, "workers"],
      ["EGRESS", true, "workers"],
    ]);
  });
});

describe("mesh rules for a peer", () => {
  it("come from and go to the peer's workers subnet only, VXLAN stateless both ways", () => {
    const rules = [...meshWorkerRulesFrom(c2), ...clustermeshRulesFrom(c2), ...dnsChainRulesFrom(c2)];
    expect(new Set(rules.map(peerOf))).toEqual(new Set([c2.subnets.workers]));
    expect(rules.filter((r) => r.stateless).map((r) => `${r.direction}:${r.ports}`)).toEqual(["INGRESS:8472", "EGRESS:8472"]);
    expect(rules.every((r) => r.description.includes(`${c2.name} (${c2.ociRegion})`))).toBe(true);
  });

  it("fit OCI's 120 rules per NSG for the largest mesh okemesh accepts", () => {
    const { MAX_REGIONS } = jest.requireActual("../../config/limits");
    const peers = MAX_REGIONS - 1;
    const perNsg = {
      apiEndpoint: apiEndpointRules(parties).length,
      workers: workerRules(parties).length,
      mesh: peers * meshWorkerRulesFrom(c1).length,
      internalLb: internalLbRules(parties).length + peers * (clustermeshRulesFrom(c1).length + dnsChainRulesFrom(c1).length),
    };
    for (const count of Object.values(perNsg)) expect(count).toBeLessThanOrEqual(NSG_RULE_LIMIT);
    // ... and one more region would not fit: the limit is the real bound, not a guess.
    expect((peers + 1) * meshWorkerRulesFrom(c1).length).toBeGreaterThan(NSG_RULE_LIMIT);
  });
});
