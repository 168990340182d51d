// okemesh verify: after an apply, check the mesh end to end and print a table; exit 1 on any failure.
import * as fs from "fs";
import * as path from "path";
import { regionOutputs } from "../../operate/outputs";
import { failed, formatTable, nextSteps } from "../../operate/report";
import { verify } from "../../operate/verify";
import { commandRunner, CommandSpec, withStacks } from "../command";
import { ExitCode, say, UsageError } from "../io";
import { chosenRegions, loadTopology } from "../topology";
import { DEFAULT_KUBECONFIG } from "./kubeconfig";

interface VerifyOptions {
  readonly config?: string;
  readonly outdir: string;
  readonly terraform: string;
  readonly stack?: string[];
  readonly kubeconfig: string;
  readonly compartment?: string;
  readonly waitDuration: string;
  readonly dnsImage: string;
}

export const verifyCommand: CommandSpec = {
  name: "verify",
  define: (c) =>
    withStacks(c)
      .description("check peerings, Cluster Mesh, the DNS chain, pinned load-balancer IPs and Coherence members; exit 1 on any failure")
      .option("--kubeconfig <file>", "kubeconfig with one context per region (okemesh kubeconfig)", DEFAULT_KUBECONFIG)
      .option("--compartment <ocid>", "the compartment of the peerings (default: $TF_VAR_compartment_ocid)")
      .option("--wait-duration <duration>", "how long Cluster Mesh may take to report every peer connected", "5m")
      .option("--dns-image <image>", "image of the DNS probe pod (needs sh and nslookup)", "busybox:1.36"),
  action: async (o: VerifyOptions, _args, io) => {
    const { topology } = loadTopology(io, o.config);
    const regions = chosenRegions(topology, o.stack);
    const compartmentId = o.compartment ?? io.env.TF_VAR_compartment_ocid;
    if (!compartmentId) throw new UsageError("the peerings' compartment is unknown: pass --compartment or set TF_VAR_compartment_ocid");
    const kubeconfig = path.resolve(io.cwd, o.kubeconfig);
    if (!fs.existsSync(kubeconfig)) throw new UsageError(`${kubeconfig} not found: write it first with okemesh kubeconfig`);
    const outputs = await regionOutputs({ outdir: path.resolve(io.cwd, o.outdir), terraform: o.terraform, env: io.env }, regions, ["drgId"]);
    const rows = await verify({
      topology,
      regions,
      drgIds: new Map([...outputs].map(([name, out]) => [name, out.drgId])),
      compartmentId,
      kubeconfig,
      env: io.env,
      waitDuration: o.waitDuration,
      dnsImage: o.dnsImage,
    });
    io.stdout(formatTable(rows));
    const steps = nextSteps(rows);
    if (steps.length) say(io, `\nNext steps:\n${steps.map((s) => `  - ${s}`).join("\n")}`);
    say(io, failed(rows) ? "\nokemesh: verify FAILED" : "\nokemesh: the mesh works");
    return failed(rows) ? ExitCode.FAILURE : ExitCode.OK;
  },
};

export const run = commandRunner(verifyCommand);
