// The region -> mesh contract: every output, under a fixed name, read back by name.
import { App, DataTerraformRemoteStateLocal, TerraformOutput, TerraformStack } from "cdktf";
import { exportRegion, importRegion } from "../../constructs/region-exports";
import { REGION_OUTPUTS } from "../../constructs/region-outputs";
import { fakeExports, rawTopology, topologyOf } from "../helpers";

const [c1] = topologyOf(rawTopology(1)).regions;

describe("RegionExports", () => {
  it("writes every attribute as an output with its fixed name", () => {
    const stack = new TerraformStack(new App(), "c1");
    const { spec: _, ...attributes } = fakeExports(c1);
    exportRegion(stack, attributes);
    const outputs = JSON.parse(JSON.stringify((stack as any).toTerraform())).output;
    expect(Object.keys(outputs).sort()).toEqual(
      Object.values(REGION_OUTPUTS)
        .map((o) => o.name)
        .sort(),
    );
    expect(outputs.drg_id.value).toBe("ocid1.drg.oc1.eu-paris-1.c1");
  });

  it("reads each attribute back from remote state by the same name, leniently for a retired region", () => {
    const stack = new TerraformStack(new App(), "mesh");
    const state = new DataTerraformRemoteStateLocal(stack, "region-c1", { path: "x" });
    const strict = importRegion(c1, state);
    const lenient = importRegion(c1, state, true);
    new TerraformOutput(stack, "strict", { value: strict.drgId });
    new TerraformOutput(stack, "lenient", { value: lenient.drgId });
    const outputs = JSON.parse(JSON.stringify((stack as any).toTerraform())).output;
    expect(outputs.strict.value).toBe("${data.terraform_remote_state.region-c1.outputs.drg_id}");
    expect(outputs.lenient.value).toBe('${try(data.terraform_remote_state.region-c1.outputs.drg_id, "")}');
    expect(strict.spec).toBe(c1);
  });
});
