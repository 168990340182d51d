// okemesh kubeconfig: one context per region, from the region stacks' outputs, into a file of
// the user's choosing (never ~/.kube/config unless asked with --merge-into-home).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KUBECONFIG_MARK, meshKubeconfig, mergeKubeconfig, parseKubeconfig, renderKubeconfig } from "../../operate/kubeconfig";
import { regionOutputs } from "../../operate/outputs";
import { commandRunner, CommandSpec, withStacks } from "../command";
import { ExitCode, Io, say, UsageError } from "../io";
import { chosenRegions, loadTopology } from "../topology";

interface KubeconfigOptions {
  readonly config?: string;
  readonly outdir: string;
  readonly terraform: string;
  readonly stack?: string[];
  readonly out?: string;
  readonly mergeIntoHome?: boolean;
}

/** The default file: beside the synthesized app, where verify and doctor look for it. */
export const DEFAULT_KUBECONFIG = "kubeconfig";

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
}

/** Writes our own file; refuses to replace a file okemesh did not write. */
function writeOwn(file: string, text: string): void {
  if (fs.existsSync(file) && !fs.readFileSync(file, "utf8").startsWith(KUBECONFIG_MARK)) {
    throw new UsageError(`${file} exists and was not written by okemesh; choose another --out (or --merge-into-home)`);
  }
  writeFile(file, text);
}

function homeKubeconfig(io: Io): string {
  return path.join(io.env.HOME || os.homedir(), ".kube", "config");
}

export const kubeconfigCommand: CommandSpec = {
  name: "kubeconfig",
  define: (c) =>
    withStacks(c)
      .description("write a kubeconfig with one context per region (exec tokens from the OCI CLI; the file holds no secret)")
      .option("--out <file>", "the kubeconfig to write, relative to the current directory (default: ./kubeconfig)")
      .option("--merge-into-home", "merge the contexts into ~/.kube/config instead (same-named entries replaced)"),
  action: async (o: KubeconfigOptions, _args, io) => {
    if (o.out && o.mergeIntoHome) throw new UsageError("--out and --merge-into-home exclude each other");
    const { topology } = loadTopology(io, o.config);
    const access = topology.apiEndpoint.access;
    const regions = chosenRegions(topology, o.stack);
    const endpoint = access === "public" ? "publicEndpoint" : "privateEndpoint";
    const outputs = await regionOutputs({ outdir: path.resolve(io.cwd, o.outdir), terraform: o.terraform, env: io.env }, regions, [
      "clusterId",
      "caCertificate",
      endpoint,
    ]);
    const config = meshKubeconfig(
      access,
      regions.map((region) => {
        const out = outputs.get(region.name)!;
        return { region, clusterId: out.clusterId, caCertificate: out.caCertificate, endpoint: out[endpoint] };
      }),
    );
    let file: string;
    if (o.mergeIntoHome) {
      file = homeKubeconfig(io);
      const existing = fs.existsSync(file) ? parseKubeconfig(fs.readFileSync(file, "utf8"), file) : null;
      writeFile(file, renderKubeconfig(mergeKubeconfig(existing, config), false));
    } else {
      file = path.resolve(io.cwd, o.out ?? DEFAULT_KUBECONFIG);
      writeOwn(file, renderKubeconfig(config, true));
    }
    say(io, `okemesh: wrote ${regions.length} contexts (${regions.map((r) => r.name).join(", ")}) to ${file}`);
    if (!o.mergeIntoHome) say(io, `okemesh: use it with: kubectl --kubeconfig ${file} --context ${regions[0].name} get nodes`);
    if (access === "bastion") say(io, "okemesh: access is bastion: the contexts go through the SOCKS5 tunnels of `okemesh tunnel`");
    return ExitCode.OK;
  },
};

export const run = commandRunner(kubeconfigCommand);
