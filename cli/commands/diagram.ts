// okemesh diagram: the topology drawn by Graphviz compiled to WebAssembly (@viz-js/viz):
// offline, no browser. The output file follows the format and is never silently the
// project's docs/mesh.svg for anything but that diagram.
import * as fs from "fs";
import * as path from "path";
import { meshDot } from "../../diagram/mesh-dot";
import { commandRunner, CommandSpec, withConfig } from "../command";
import { ExitCode, Io, say, UsageError } from "../io";
import { DEFAULT_TOPOLOGY, loadTopology, PROJECT_ROOT } from "../topology";

/** What the WebAssembly Graphviz renders (it has no cairo, so no png or pdf). */
const FORMATS = ["svg", "dot", "json"] as const;
type Format = (typeof FORMATS)[number];

/** The project's own diagram of its default topology. */
const PROJECT_DIAGRAM = path.join(PROJECT_ROOT, "docs", "mesh.svg");

interface DiagramOptions {
  readonly config?: string;
  readonly format?: string;
  readonly out?: string;
}

/** The format and output file; "-" is stdout. */
export function diagramTarget(o: DiagramOptions, topologyFile: string, io: Io): { format: Format; out: string } {
  const ext = o.out && o.out !== "-" ? path.extname(o.out).slice(1).toLowerCase() : "";
  const format = (o.format ?? ((FORMATS as readonly string[]).includes(ext) ? ext : "svg")) as Format;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `--format ${format}: the offline Graphviz renders ${FORMATS.join(", ")} only (for a png, convert the svg, e.g. rsvg-convert)`,
    );
  }
  if (o.out && o.out !== "-" && (FORMATS as readonly string[]).includes(ext) && ext !== format) {
    throw new UsageError(`--out ${o.out} has the extension of ${ext}, but --format is ${format}`);
  }
  if (o.out) return { format, out: o.out === "-" ? "-" : path.resolve(io.cwd, o.out) };
  if (format === "svg" && topologyFile === DEFAULT_TOPOLOGY) return { format, out: PROJECT_DIAGRAM };
  throw new UsageError(`--out is required: without it only the project's own topology is drawn, as svg, to docs/mesh.svg`);
}

export const diagramCommand: CommandSpec = {
  name: "diagram",
  define: (c) =>
    withConfig(c)
      .description("draw the topology (regions, peerings, clusters, DNS chain, Coherence) offline")
      .option("--format <format>", "svg, dot or json (default: from --out's extension, else svg)")
      .option("--out <file>", "output file, or - for stdout (default: docs/mesh.svg for the project's own topology as svg; required otherwise)"),
  action: async (o: DiagramOptions, _args, io) => {
    const { topology, file } = loadTopology(io, o.config);
    const { format, out } = diagramTarget(o, file, io);
    // Loaded here, not at the top: the WebAssembly module is only needed by this command.
    const { instance } = await import("@viz-js/viz");
    const text = (await instance()).renderString(meshDot(topology), { format, engine: "dot" });
    if (out === "-") {
      io.stdout(text);
      return ExitCode.OK;
    }
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    say(io, `okemesh: wrote ${path.relative(io.cwd, out) || out}`);
    return ExitCode.OK;
  },
};

export const run = commandRunner(diagramCommand);
