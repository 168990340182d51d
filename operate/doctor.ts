// Is this machine ready to deploy and operate the mesh? The tools and versions a deploy needs,
// the OCI CLI's configuration, the compartment variable, and whether each cluster's API endpoint
// answers from here for the chosen access. Each finding says what to do next.
import * as fs from "fs";
import * as path from "path";
import { RegionSpec, Topology } from "../config/topology";
import { firstLine, runTool } from "./exec";
import { socksReach, splitEndpoint, tcpReach } from "./net";
import { REGION_OUTPUTS, StacksAt, stackOutputs } from "./outputs";
import { CheckRow, row } from "./report";

export interface DoctorInput {
  readonly topology: Topology;
  /** The regions whose endpoints to try. */
  readonly regions: readonly RegionSpec[];
  readonly stacks: StacksAt;
  /** The user's home (for ~/.oci/config). */
  readonly home: string;
  /** Per connection attempt. */
  readonly timeoutMs: number;
}

/** The Terraform a state backend needs (stacks/state-backend.ts writes it as required_version). */
const MIN_TERRAFORM: Record<string, string | undefined> = { oci: "1.12.0", s3: "1.10.0" };

const newer = (have: string, want: string) => {
  const [a, b] = [have, want].map((v) => v.split(".").map((n) => parseInt(n, 10) || 0));
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

async function terraformRow(input: DoctorInput): Promise<CheckRow> {
  const want = MIN_TERRAFORM[input.topology.state.backend];
  const need = want ? `>= ${want} for the ${input.topology.state.backend} backend` : "any 1.x";
  const install = `install Terraform ${want ? `>= ${want}` : ""} (or pass --terraform)`.replace("  ", " ");
  const r = await runTool(input.stacks.terraform, ["version", "-json"], { env: input.stacks.env, timeoutMs: 30_000 });
  if (r.code !== 0) return row("terraform", "-", "FAIL", firstLine(r.stderr) || `exit ${r.code}`, install);
  const version = (JSON.parse(r.stdout) as { terraform_version?: string }).terraform_version ?? "?";
  if (want && !newer(version, want)) return row("terraform", "-", "FAIL", `${version}; needs ${need}`, install);
  return row("terraform", "-", "ok", `${version} (${need})`);
}

async function toolRow(name: string, args: string[], input: DoctorInput, required: boolean, why: string): Promise<CheckRow> {
  const r = await runTool(name, args, { env: input.stacks.env, timeoutMs: 30_000 });
  const version = firstLine(r.stdout) || firstLine(r.stderr);
  if (r.code === 0) return row(name, "-", "ok", version);
  return row(name, "-", required ? "FAIL" : "warn", r.code === 127 ? "not found on PATH" : version, `install ${name}: ${why}`);
}

/** The OCI CLI's config file and profile, unless another auth method needs none. */
function ociConfigRow(input: DoctorInput): CheckRow {
  const env = input.stacks.env;
  if (env.OCI_CLI_AUTH && env.OCI_CLI_AUTH !== "api_key")
    return row("oci config", "-", "ok", `OCI_CLI_AUTH=${env.OCI_CLI_AUTH}: no config file needed`);
  const file = env.OCI_CLI_CONFIG_FILE || path.join(input.home, ".oci", "config");
  const profile = env.OCI_CLI_PROFILE || "DEFAULT";
  if (!fs.existsSync(file)) return row("oci config", "-", "FAIL", `${file} not found`, "run `oci setup config` (or set OCI_CLI_CONFIG_FILE)");
  const profiles = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .map((l) => /^\s*\[([^\]]+)\]\s*$/.exec(l)?.[1])
    .filter(Boolean);
  if (!profiles.includes(profile)) {
    return row(
      "oci config",
      "-",
      "FAIL",
      `${file} has no profile [${profile}] (has: ${profiles.join(", ") || "none"})`,
      "add the profile, or set OCI_CLI_PROFILE",
    );
  }
  return row("oci config", "-", "ok", `${file}, profile ${profile}`);
}

function compartmentRow(input: DoctorInput): CheckRow {
  const value = input.stacks.env.TF_VAR_compartment_ocid;
  const next = "export TF_VAR_compartment_ocid=ocid1.compartment.oc1..<id> (every stack's input variable)";
  if (!value) return row("compartment", "-", "FAIL", "TF_VAR_compartment_ocid is not set", next);
  if (!/^ocid1\.(compartment|tenancy)\./.test(value))
    return row("compartment", "-", "FAIL", `TF_VAR_compartment_ocid is not a compartment OCID (${value.slice(0, 24)}…)`, next);
  return row("compartment", "-", "ok", value);
}

/** Whether the region's API endpoint answers from here, the way the mesh stack's providers go. */
async function endpointRow(input: DoctorInput, region: RegionSpec): Promise<CheckRow> {
  const access = input.topology.apiEndpoint.access;
  let outputs: Record<string, unknown>;
  try {
    outputs = await stackOutputs(input.stacks, region.name);
  } catch (e) {
    return row("api endpoint", region.name, "note", (e as Error).message, "plan and apply level 0 (okemesh plan --level 0, okemesh apply --level 0)");
  }
  const name = access === "public" ? REGION_OUTPUTS.publicEndpoint : REGION_OUTPUTS.privateEndpoint;
  const endpoint = outputs[name];
  if (typeof endpoint !== "string" || !endpoint) {
    return row(
      "api endpoint",
      region.name,
      "note",
      `no output ${name} yet`,
      "plan and apply level 0 (okemesh plan --level 0, okemesh apply --level 0)",
    );
  }
  const { host, port } = splitEndpoint(endpoint);
  if (access !== "bastion") {
    const r = await tcpReach(host, port, input.timeoutMs);
    const next =
      access === "private"
        ? "run from a network that routes to the API subnets and is in apiEndpoint.allowedCidrs (a runner in a mesh VCN, VPN, FastConnect)"
        : "add this machine's public address to apiEndpoint.allowedCidrs";
    return row("api endpoint", region.name, r.ok ? "ok" : "FAIL", r.detail, r.ok ? undefined : next);
  }
  const r = await socksReach(region.socksPort, host, port, input.timeoutMs);
  return row(
    "api endpoint",
    region.name,
    r.ok ? "ok" : "FAIL",
    r.detail,
    r.ok ? undefined : "open the bastion tunnels: okemesh tunnel (until Ctrl-C) or okemesh tunnel -- <command>",
  );
}

export async function doctor(input: DoctorInput): Promise<CheckRow[]> {
  const bastion = input.topology.apiEndpoint.access === "bastion";
  const synthesized = fs.existsSync(path.join(input.stacks.outdir, "manifest.json"));
  const rows = await Promise.all([
    terraformRow(input),
    toolRow("oci", ["--version"], input, true, "the providers' exec tokens (oci ce cluster generate-token) and the tunnels need it"),
    ...(bastion ? [toolRow("ssh", ["-V"], input, true, "access bastion opens SOCKS5 tunnels with it")] : []),
    toolRow("kubectl", ["version", "--client", "-o", "json"], input, false, "okemesh verify runs it"),
    toolRow("cilium", ["version", "--client"], input, false, "okemesh verify runs `cilium clustermesh status`"),
  ]);
  rows.push(ociConfigRow(input), compartmentRow(input));
  if (input.topology.apiEndpoint.access === "private" && input.topology.apiEndpoint.allowedCidrs.length === 0) {
    rows.push(
      row(
        "allowed cidrs",
        "-",
        "note",
        "access private with an empty apiEndpoint.allowedCidrs: only the clusters' own nodes reach their API servers",
        "list the CIDR terraform runs from in apiEndpoint.allowedCidrs, or use access: bastion",
      ),
    );
  }
  if (!synthesized) return [...rows, row("api endpoint", "-", "note", `${input.stacks.outdir} has no synthesized app`, "okemesh synth")];
  return [...rows, ...(await Promise.all(input.regions.map((r) => endpointRow(input, r))))];
}
