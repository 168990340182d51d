// The backend of every stack, from the topology's `state` section, and the OCI Object Storage
// backend cdktf lacks (with the remote-state data source cross-stack references need).
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformBackend, TerraformRemoteState, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { StateSpec } from "../config/topology";

/** Terraform's native `oci` backend (Terraform >= 1.12). */
export interface OciBackendConfig {
  readonly bucket: string;
  readonly namespace: string;
  /** Object name of the state. @default terraform.tfstate */
  readonly key?: string;
  readonly region?: string;
  readonly kmsKeyId?: string;
  readonly configFileProfile?: string;
  readonly auth?: string;
}

const snake = (config: object): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );

/** Reads another stack's outputs from an `oci` backend. */
export class DataTerraformRemoteStateOci extends TerraformRemoteState {
  constructor(scope: Construct, id: string, config: OciBackendConfig) {
    super(scope, id, "oci", snake(config) as never);
  }
}

/** Stores the state as an object in OCI Object Storage; locks with conditional writes. */
export class OciBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly config: OciBackendConfig,
  ) {
    super(scope, "backend", "oci");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return snake(this.config);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return snake(this.config);
  }

  getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new DataTerraformRemoteStateOci(scope, name, this.config);
  }
}

/** The S3-compatible endpoint of Object Storage in a region. */
export const objectStorageS3Endpoint = (namespace: string, region: string) => `https://${namespace}.compat.objectstorage.${region}.oraclecloud.com`;

/**
 * Gives `stack` its backend: one state per stack (key `<keyPrefix><stack>.tfstate`, or one
 * workspace per stack), so stacks lock and apply independently. cdktf reads other stacks'
 * outputs through the same backend kind.
 */
export function addStateBackend(stack: TerraformStack, stackId: string, state: StateSpec, meshName: string): TerraformBackend {
  const key = (prefix: string | undefined) => `${prefix ?? `okemesh/${meshName}/`}${stackId}.tfstate`;
  switch (state.backend) {
    case "local":
      // cdktf runs terraform in cdktf.out/stacks/<id>; ../../../state is <project>/state, and
      // the relative path keeps synth output independent of the checkout path. One folder per
      // mesh, so two topologies never share a state file.
      return new LocalBackend(stack, { path: `../../../state/${meshName}/${stackId}.tfstate` });
    case "oci":
      stack.addOverride("terraform.required_version", ">= 1.12.0");
      return new OciBackend(stack, {
        bucket: state.bucket,
        namespace: state.namespace,
        region: state.region,
        key: key(state.keyPrefix),
        kmsKeyId: state.kmsKeyId,
        configFileProfile: state.configFileProfile,
        auth: state.auth,
      });
    case "s3": {
      const backend = new S3Backend(stack, {
        bucket: state.bucket,
        key: key(state.keyPrefix),
        region: state.region,
        endpoints: { s3: objectStorageS3Endpoint(state.namespace, state.region) },
        usePathStyle: true,
        skipCredentialsValidation: true,
        skipRegionValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: true,
        skipS3Checksum: true,
      });
      if (state.lockfile) {
        stack.addOverride("terraform.required_version", ">= 1.10.0");
        stack.addOverride("terraform.backend.s3.use_lockfile", true);
      }
      return backend;
    }
    case "cloud":
      return new CloudBackend(stack, {
        organization: state.organization,
        hostname: state.hostname,
        workspaces: new NamedCloudWorkspace(`${state.workspacePrefix ?? `okemesh-${meshName}-`}${stackId}`),
      });
  }
}
