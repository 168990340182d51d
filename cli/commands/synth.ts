// okemesh synth: the Terraform of every stack, in this process (no cdktf CLI).
import * as path from "path";
import { commandRunner, CommandSpec, withConfig } from "../command";
import { ExitCode, say } from "../io";
import { synthesize } from "../synthesize";
import { loadTopology } from "../topology";

export const synthCommand: CommandSpec = {
  name: "synth",
  define: (c) =>
    withConfig(c)
      .description("synthesize the Terraform of every stack (one per region, plus mesh) into --out")
      .option("--out <dir>", "output directory, relative to the current directory", "cdktf.out"),
  action: async (o: { config?: string; out: string }, _args, io) => {
    const { topology, file } = loadTopology(io, o.config);
    const outdir = path.resolve(io.cwd, o.out);
    const stacks = synthesize(topology, { outdir, topologyFile: file }, io);
    say(io, `okemesh: synthesized ${stacks.length} stacks into ${path.relative(io.cwd, outdir) || "."}/stacks/{${stacks.join(",")}}`);
    return ExitCode.OK;
  },
};

export const run = commandRunner(synthCommand);
