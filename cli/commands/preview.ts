// okemesh preview: what terraform will do, from the last synth and the topology's new one, with
// the providers' ForceNew facts and the gate's verdict; no credentials (scripts/preview.ts).
import * as path from "path";
import { runPreview } from "../../scripts/preview";
import { collect, commandRunner, CommandSpec, withConfig } from "../command";
import { topologyFile } from "../topology";

export const previewCommand: CommandSpec = {
  name: "preview",
  define: (c) =>
    withConfig(c)
      .description("list, per stack, what a plan would create, update, replace and destroy, and what the gate would block (offline)")
      .option("--base <dir>", "the last synth to compare with", "cdktf.out")
      .option("--next <dir>", "compare with this synth instead of synthesizing the topology")
      .option("--allow <address>", "as for gate: [stack:]address or * (repeatable; also $OKEMESH_ALLOW_DESTROY)", collect)
      .option("--json", "the report as JSON"),
  action: async (o: { config?: string; base: string; next?: string; allow?: string[]; json?: boolean }, _args, io) => {
    const at = (dir: string) => path.resolve(io.cwd, dir);
    const argv = [
      ...["--config", topologyFile(io, o.config), "--base", at(o.base)],
      ...(o.next ? ["--next", at(o.next)] : []),
      ...(o.allow ?? []).flatMap((a) => ["--allow", a]),
      ...(o.json ? ["--json"] : []),
    ];
    return runPreview(argv, io);
  },
};

export const run = commandRunner(previewCommand);
