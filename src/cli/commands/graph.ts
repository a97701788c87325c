/** `faultline graph`: the whole graph as JSON, or a picture (SVG, DOT, Mermaid) with an optional failure overlaid. */
import { extname } from "node:path";
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, reclaimPositionals, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, printReport, type OutputCliOptions } from "../output-options.js";

interface GraphOptions extends LoadCliOptions, OutputCliOptions {
  fail?: string[];
  hosting?: string[];
  focus?: string;
  depth?: number;
  collapse?: boolean;
}

const BY_EXTENSION = new Map<string, string>([
  [".json", "json"],
  [".svg", "svg"],
  [".dot", "dot"],
  [".gv", "dot"],
  [".mmd", "mermaid"],
  [".mermaid", "mermaid"],
]);

export function graphCommand(ctx: CliContext): Command {
  const cmd = new Command("graph")
    .summary("export the dependency graph (JSON, SVG, DOT, Mermaid)")
    .description("Export the dependency graph as JSON (docs/json-output.md), or as a picture with services boxed by location (SVG, Graphviz DOT, Mermaid), optionally with the failure of some ids overlaid.")
    .option("--fail <id...>", "overlay the blast radius of the failure of these ids (pictures only)")
    .addOption(new Option("--hosting <class...>", "draw only services and locations of these hosting classes").choices(["in-house", "public-cloud", "third-party", "unplaced"]))
    .option("--focus <id>", "draw only what is within --depth dependency steps of this service or location")
    .addOption(
      new Option("--depth <n>", "steps from --focus, both directions (default 2)").argParser(wholeNumber("--depth", 0)),
    )
    .option("--collapse", "one summary per location (counts of services, down, degraded) instead of one node per service");
  addOutputOptions(cmd, ["estate", "view"], { note: " (default: from the -o extension, else json)" });
  addLoadOptions(cmd);
  cmd.action(async (opts: GraphOptions) => {
    // `--fail a b` and `-m dir` are both variadic: ids given to -m that are not on disk go back to --fail.
    const moved = reclaimPositionals(ctx, opts, []);
    if (moved.length > 0) {
      if (!opts.fail) throw new ExitError(EXIT_BAD_INPUT, `not a manifest path: ${moved.map((m) => JSON.stringify(m)).join(", ")}`);
      opts.fail.push(...moved);
    }
    const format = (opts.json ? "json" : undefined) ?? opts.format ?? (opts.output ? BY_EXTENSION.get(extname(opts.output).toLowerCase()) : undefined) ?? "json";
    const pictureOnly = [opts.fail && "--fail", opts.hosting && "--hosting", opts.focus !== undefined && "--focus", opts.collapse && "--collapse"].filter(Boolean);
    if (format === "json" && pictureOnly.length > 0) throw new ExitError(EXIT_BAD_INPUT, `${pictureOnly.join(", ")} only apply to pictures: add --format svg, dot or mermaid`);
    if (opts.depth !== undefined && opts.focus === undefined) throw new ExitError(EXIT_BAD_INPUT, "--depth needs --focus <id>");
    const estate = await loadForCli(ctx, opts);
    if (format === "json") {
      await printReport(ctx, "estate", estate, "json", opts);
      return;
    }
    const { buildView } = await import("../../index.js");
    const { blastRadius } = await import("../../index.js");
    const viewOpts: import("../../index.js").ViewOptions = {};
    if (opts.fail && opts.fail.length > 0) viewOpts.blast = blastRadius(estate, opts.fail);
    if (opts.hosting) viewOpts.hosting = opts.hosting;
    if (opts.focus !== undefined) viewOpts.focus = opts.focus;
    if (opts.depth !== undefined) viewOpts.depth = opts.depth;
    if (opts.collapse) viewOpts.collapse = true;
    await printReport(ctx, "view", buildView(estate, viewOpts), format, opts);
  });
  return cmd;
}
