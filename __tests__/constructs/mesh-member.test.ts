// MeshMember: providers per cluster from its exports, peers by name, readiness handles.
import { Readiness } from "../../constructs/mesh-member";
import { rawTopology, synthWithMembers, topologyOf } from "../helpers";

describe("MeshMember", () => {
  it("configures the cluster's providers from its exports only, with an exec token and the SOCKS port for bastion", () => {
    const t = topologyOf(rawTopology(2, { apiEndpoint: { access: "bastion", allowedCidrs: ["198.51.100.0/24"] } }));
    const j = synthWithMembers(t, () => undefined);
    const [k1] = j.provider!.kubernetes;
    expect(k1).toMatchObject({
      alias: "c1",
      host: "https://10.1.10.3:6443",
      proxy_url: "socks5://127.0.0.1:10801",
      cluster_ca_certificate: expect.stringContaining("c1"),
    });
    expect(k1.exec[0].args).toEqual(["ce", "cluster", "generate-token", "--cluster-id", "ocid1.cluster.oc1.eu-paris-1.c1", "--region", "eu-paris-1"]);
    expect(j.provider!.oci.map((p: any) => [p.alias, p.region])).toEqual([
      ["c1", "eu-paris-1"],
      ["c2", "eu-amsterdam-1"],
    ]);
  });

  it("knows its peers by name, sorted", () => {
    const t = topologyOf(rawTopology(3));
    synthWithMembers(t, (_, members) => {
      expect(members.map((m) => [m.name, m.peers.map((p) => p.name)])).toEqual([
        ["c1", ["c2", "c3"]],
        ["c2", ["c1", "c3"]],
        ["c3", ["c1", "c2"]],
      ]);
    });
  });
});

describe("Readiness", () => {
  it("hands out what was added, and refuses to be read before anything was", () => {
    const r = new Readiness("the CNI", "c1");
    expect(() => r.dependables).toThrow("the CNI of c1 was read before any construct provided it");
    const d = { fqn: "x" };
    r.add(d);
    expect(r.dependables).toEqual([d]);
  });
});
