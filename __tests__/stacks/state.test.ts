// Each state backend: the terraform block of every stack, and the remote state the mesh stack
// reads the region stacks through.
import { rawTopology, synthOnce, topologyOf } from "../helpers";

const withState = (state: Record<string, unknown>) => synthOnce(topologyOf(rawTopology(2, { state })));
const remote = (out: ReturnType<typeof synthOnce>, from: string) => out.stacks.mesh.data!.terraform_remote_state[`region-${from}`];

describe("state backends", () => {
  it("local (default): ./state/<mesh>/<stack>.tfstate, relative", () => {
    const out = synthOnce(topologyOf(rawTopology(2)));
    for (const id of ["c1", "c2", "mesh"])
      expect(out.stacks[id].terraform.backend).toEqual({ local: { path: `../../../state/australis/${id}.tfstate` } });
    expect(remote(out, "c1")).toMatchObject({ backend: "local", config: { path: "../../../state/australis/c1.tfstate" } });
  });

  it("oci: the native Object Storage backend, a key per stack, Terraform >= 1.12, remote state through it", () => {
    const out = withState({
      backend: "oci",
      bucket: "tfstate",
      namespace: "axaxnpcrorw5",
      region: "eu-frankfurt-1",
      kmsKeyId: "ocid1.key.oc1..k",
      configFileProfile: "CI",
    });
    for (const id of ["c1", "c2", "mesh"]) {
      expect(out.stacks[id].terraform.backend).toEqual({
        oci: {
          bucket: "tfstate",
          namespace: "axaxnpcrorw5",
          region: "eu-frankfurt-1",
          key: `okemesh/australis/${id}.tfstate`,
          kms_key_id: "ocid1.key.oc1..k",
          config_file_profile: "CI",
        },
      });
      expect(out.stacks[id].terraform.required_version).toBe(">= 1.12.0");
    }
    expect(remote(out, "c2")).toEqual(
      expect.objectContaining({
        backend: "oci",
        config: expect.objectContaining({ bucket: "tfstate", key: "okemesh/australis/c2.tfstate", namespace: "axaxnpcrorw5" }),
      }),
    );
    expect(JSON.stringify(out.stacks.mesh.provider)).toContain("data.terraform_remote_state.region-c1.outputs");
  });

  it("s3: Object Storage's S3-compatible endpoint, path style, lock file, with a key prefix of your own", () => {
    const out = withState({ backend: "s3", bucket: "tfstate", namespace: "axaxnpcrorw5", region: "eu-frankfurt-1", keyPrefix: "teams/net/" });
    expect(out.stacks.c1.terraform.backend.s3).toEqual({
      bucket: "tfstate",
      key: "teams/net/c1.tfstate",
      region: "eu-frankfurt-1",
      endpoints: { s3: "https://axaxnpcrorw5.compat.objectstorage.eu-frankfurt-1.oraclecloud.com" },
      use_path_style: true,
      use_lockfile: true,
      skip_credentials_validation: true,
      skip_region_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_s3_checksum: true,
    });
    expect(JSON.stringify(out.stacks.c1.terraform.backend)).not.toMatch(/access_key|secret_key/);
    expect(remote(out, "c1")).toMatchObject({
      backend: "s3",
      config: { key: "teams/net/c1.tfstate", endpoints: { s3: expect.stringContaining("compat.objectstorage") } },
    });
  });

  it("cloud: one HCP Terraform workspace per stack", () => {
    const out = withState({ backend: "cloud", organization: "acme" });
    expect(out.stacks.c1.terraform.cloud).toEqual({ organization: "acme", workspaces: { name: "okemesh-australis-c1" } });
    expect(out.stacks.mesh.terraform.cloud.workspaces.name).toBe("okemesh-australis-mesh");
    expect(remote(out, "c1")).toMatchObject({ backend: "remote", config: { organization: "acme", workspaces: { name: "okemesh-australis-c1" } } });
  });

  it("keeps region stacks byte-identical when a region is added, with a remote backend too", () => {
    const state = { backend: "oci", bucket: "tfstate", namespace: "ns", region: "eu-frankfurt-1" };
    const before = synthOnce(topologyOf(rawTopology(2, { state })));
    const after = synthOnce(topologyOf(rawTopology(3, { state })));
    expect(after.text.c1).toBe(before.text.c1);
  });
});
