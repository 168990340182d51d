// okemesh doctor: what this machine still needs before a deploy, and the next steps.
import * as os from "os";
import * as path from "path";
import { doctor } from "../../operate/doctor";
import { failed, formatTable, nextSteps } from "../../operate/report";
import { commandRunner, CommandSpec, wholeNumber, withStacks } from "../command";
import { ExitCode, say } from "../io";
import { chosenRegions, loadTopology } from "../topology";

interface DoctorOptions {
  readonly config?: string;
  readonly outdir: string;
  readonly terraform: string;
  readonly stack?: string[];
  readonly timeout: number;
}

export const doctorCommand: CommandSpec = {
  name: "doctor",
  define: (c) =>
    withStacks(c, "only this region's API endpoint (repeatable; default: every region)")
      .description("check the tools, OCI configuration, compartment and API reachability a deploy needs; exit 1 if something is missing")
      .option("--timeout <ms>", "per connection attempt to an API endpoint", wholeNumber(1), 3000),
  action: async (o: DoctorOptions, _args, io) => {
    const { topology } = loadTopology(io, o.config);
    const rows = await doctor({
      topology,
      regions: chosenRegions(topology, o.stack),
      stacks: { outdir: path.resolve(io.cwd, o.outdir), terraform: o.terraform, env: io.env },
      home: io.env.HOME || os.homedir(),
      timeoutMs: o.timeout,
    });
    io.stdout(formatTable(rows));
    const steps = nextSteps(rows);
    if (steps.length) say(io, `\nNext steps:\n${steps.map((s) => `  - ${s}`).join("\n")}`);
    return failed(rows) ? ExitCode.FAILURE : ExitCode.OK;
  },
};

export const run = commandRunner(doctorCommand);
