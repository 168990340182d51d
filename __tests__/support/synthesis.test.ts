import { applyPlainResolveSwitch } from "../../support/plain-resolve";
import { applyPreparePassSwitch } from "../../support/prepare-pass";
import { loadFile, rawTopology, synthApp, synthWithSwitchesOff, topologyOf, TOPOLOGY_FILES } from "../helpers";

describe("okemesh's switches of cdktf's internals", () => {
  afterEach(() => {
    applyPreparePassSwitch({});
    applyPlainResolveSwitch({});
  });

  // Each switch alone, and the token traces (which change no output either), have their own
  // tests beside this one.
  it("change nothing: every topology file and generated meshes of every mode synthesize as with OKEMESH_PREPARE_PASS=1 and OKEMESH_FULL_RESOLVE=1", () => {
    const web = { name: "web", namespace: "shop", selector: { app: "web" }, ports: [{ port: 80 }] };
    const topologies = [
      ...TOPOLOGY_FILES.map(loadFile),
      topologyOf(rawTopology(8)),
      topologyOf(rawTopology(5, { discovery: "mcs-api", globalServices: [web] })),
      topologyOf(rawTopology(5, { connectivity: "submariner", submariner: { brokerRegion: "c3" }, globalServices: [web] })),
    ];
    const okemesh = topologies.map((t) => synthWithSwitchesOff(t).text);
    applyPreparePassSwitch({ OKEMESH_PREPARE_PASS: "1" });
    applyPlainResolveSwitch({ OKEMESH_FULL_RESOLVE: "1" });
    const cdktf = topologies.map((t) => synthApp(t).text);
    expect(okemesh.map((s) => Object.keys(s).length)).toEqual(cdktf.map((s) => Object.keys(s).length));
    expect(okemesh).toEqual(cdktf);
  }, 120_000);
});
