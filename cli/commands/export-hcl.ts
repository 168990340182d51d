// okemesh export-hcl: every stack as plain Terraform HCL, one folder per stack, for leaving
// cdktf. The folders sit at the same depth as cdktf.out/stacks/<stack>, so relative local-state
// paths and the cross-stack remote-state lookups keep working. Equivalent to `cdktf synth --hcl`
// plus the corrections of hcl-export/cdktf-fixes.ts.
import * as fs from "fs";
import * as path from "path";
import { fixCdktfHcl } from "../../hcl-export/cdktf-fixes";
import { PROVENANCE_FILE } from "../../pipeline/provenance";
import { commandRunner, CommandSpec, withConfig } from "../command";
import { ExitCode, say, UsageError } from "../io";
import { synthesize } from "../synthesize";
import { loadTopology } from "../topology";

/** Only a previous export may be replaced: never a directory that holds anything else. */
function clearPreviousExport(out: string): void {
  if (!fs.existsSync(out)) return;
  const previous = fs.readdirSync(out).every((f) => ["stacks", "manifest.json", PROVENANCE_FILE].includes(f));
  if (!previous) throw new UsageError(`${out} exists and is not a previous export; choose another --out`);
  fs.rmSync(out, { recursive: true, force: true });
}

export const exportHclCommand: CommandSpec = {
  name: "export-hcl",
  define: (c) =>
    withConfig(c)
      .description("write every stack as plain Terraform HCL: <out>/stacks/<stack>/cdk.tf (offline)")
      .option("--out <dir>", "output directory, relative to the current directory; replaced only if it is a previous export", "hcl"),
  action: async (o: { config?: string; out: string }, _args, io) => {
    const { topology } = loadTopology(io, o.config);
    const out = path.resolve(io.cwd, o.out);
    clearPreviousExport(out);
    const stacks = synthesize(topology, { outdir: out, hcl: true }, io);
    for (const s of stacks) {
      fs.rmSync(path.join(out, "stacks", s, "metadata.json"), { force: true });
      const file = path.join(out, "stacks", s, "cdk.tf");
      fs.writeFileSync(file, fixCdktfHcl(fs.readFileSync(file, "utf8")));
    }
    const shown = path.relative(io.cwd, out) || out;
    say(io, `okemesh: ${stacks.length} stacks as HCL in ${shown}/stacks/{${stacks.join(",")}}/cdk.tf`);
    say(io, "okemesh: from there on, `terraform -chdir=<dir> init/plan/apply` in the same order: region stacks, then mesh");
    return ExitCode.OK;
  },
};

export const run = commandRunner(exportHclCommand);
