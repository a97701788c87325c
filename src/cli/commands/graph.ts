/** `faultline graph`: the whole graph as JSON, or a picture (SVG, DOT, Mermaid) with an optional failure overlaid. */
import { extname } from "node:path";
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, reclaimPositionals, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, formatOf, printReport, type OutputCliOptions } from "../output-options.js";
import { emit } from "../write-output.js";
import type { Estate } from "../../index.js";

interface GraphOptions extends LoadCliOptions, OutputCliOptions {
  fail?: string[];
  hosting?: string[];
  focus?: string;
  depth?: number;
  collapse?: boolean;
  renderer?: "auto" | "svg" | "webgl";
  maxEdges?: number;
}

const BY_EXTENSION = new Map<string, string>([
  [".json", "json"],
  [".svg", "svg"],
  [".dot", "dot"],
  [".gv", "dot"],
  [".mmd", "mermaid"],
  [".mermaid", "mermaid"],
  [".html", "html"],
  [".htm", "html"],
]);

export function graphCommand(ctx: CliContext): Command {
  const cmd = new Command("graph")
    .summary("export the dependency graph (JSON, SVG, DOT, Mermaid, HTML explorer), or a service's fault tree (Open-PSA)")
    .description("Export the dependency graph as JSON (docs/json-output.md), or as a picture with services boxed by location (SVG, Graphviz DOT, Mermaid) or an interactive explorer in one HTML file, optionally with the failure of some ids overlaid; or, with --format open-psa --focus <service>, the service's fault tree in the Open-PSA Model Exchange Format (figures as in `faultline availability`, see docs/availability.md).")
    .option("--fail <id...>", "overlay the blast radius of the failure of these ids (pictures only)")
    .addOption(new Option("--hosting <class...>", "draw only services and locations of these hosting classes").choices(["in-house", "public-cloud", "third-party", "unplaced"]))
    .option("--focus <id>", "draw only what is within --depth dependency steps of this service or location")
    .addOption(
      new Option("--depth <n>", "steps from --focus, both directions (default 2)").argParser(wholeNumber("--depth", 0)),
    )
    .option("--collapse", "one summary per location (counts of services, down, degraded) instead of one node per service")
    .addOption(new Option("--max-edges <n>", "pictures: refuse to draw more edges than this (default 250,000)").argParser(wholeNumber("--max-edges")))
    .addOption(new Option("--renderer <kind>", "html only: draw with inline SVG or WebGL (default: auto, by estate size)").choices(["auto", "svg", "webgl"]));
  addOutputOptions(cmd, ["estate", "view", "fault-tree"], { note: " (default: from the -o extension, else json)" });
  addLoadOptions(cmd);
  cmd.action(async (opts: GraphOptions) => {
    // `--fail a b` and `-m dir` are both variadic: ids given to -m that are not on disk go back to --fail.
    const moved = reclaimPositionals(ctx, opts, []);
    if (moved.length > 0) {
      if (!opts.fail) throw new ExitError(EXIT_BAD_INPUT, `not a manifest path: ${moved.map((m) => JSON.stringify(m)).join(", ")}`);
      opts.fail.push(...moved);
    }
    const format = opts.json || opts.format !== undefined ? formatOf(opts) : ((opts.output ? BY_EXTENSION.get(extname(opts.output).toLowerCase()) : undefined) ?? "json");
    if (format === "open-psa") {
      if (opts.focus === undefined) throw new ExitError(EXIT_BAD_INPUT, "--format open-psa exports one service's fault tree: add --focus <service>");
      const extra = [opts.fail && "--fail", opts.hosting && "--hosting", opts.collapse && "--collapse", opts.depth !== undefined && "--depth"].filter(Boolean);
      if (extra.length > 0) throw new ExitError(EXIT_BAD_INPUT, `${extra.join(", ")} do not apply to --format open-psa`);
      const { availabilityInputsForCli } = await import("./availability.js");
      const inputs = availabilityInputsForCli(ctx, []);
      const estate = await loadForCli(ctx, opts);
      const { faultTree } = await import("../../index.js");
      await printReport(ctx, "fault-tree", faultTree(estate, opts.focus, inputs), "open-psa", opts);
      return;
    }
    const pictureOnly = [opts.fail && "--fail", opts.hosting && "--hosting", opts.focus !== undefined && "--focus", opts.collapse && "--collapse"].filter(Boolean);
    if (format === "json" && pictureOnly.length > 0) throw new ExitError(EXIT_BAD_INPUT, `${pictureOnly.join(", ")} only apply to pictures: add --format svg, dot, mermaid or html`);
    if (opts.depth !== undefined && opts.focus === undefined) throw new ExitError(EXIT_BAD_INPUT, "--depth needs --focus <id>");
    // `let`: the picture does not need the estate once its view is built (see below).
    let estate: Estate | undefined = await loadForCli(ctx, opts);
    if (format === "json") {
      await printReport(ctx, "estate", estate, "json", opts);
      return;
    }
    if (format === "html") {
      if (opts.collapse) throw new ExitError(EXIT_BAD_INPUT, "--collapse does not apply to --format html (the explorer draws every service)");
      const { report } = await import("../../index.js");
      const htmlOpts: import("../../index.js").HtmlOptions = {};
      if (opts.renderer) htmlOpts.renderer = opts.renderer;
      if (opts.fail && opts.fail.length > 0) htmlOpts.fail = opts.fail;
      if (opts.focus !== undefined) htmlOpts.focus = opts.focus;
      if (opts.depth !== undefined) htmlOpts.depth = opts.depth;
      if (opts.hosting) htmlOpts.hosting = opts.hosting;
      if (opts.maxEdges !== undefined) htmlOpts.maxEdges = opts.maxEdges;
      emit(ctx, await report(estate, "html", { kind: "estate", explorer: htmlOpts }), opts.output);
      return;
    }
    if (opts.renderer) throw new ExitError(EXIT_BAD_INPUT, "--renderer only applies to --format html");
    const { buildView, blastRadius, report } = await import("../../index.js");
    const viewOpts: import("../../index.js").ViewOptions = {};
    if (opts.fail && opts.fail.length > 0) viewOpts.blast = blastRadius(estate, opts.fail);
    if (opts.hosting) viewOpts.hosting = opts.hosting;
    if (opts.focus !== undefined) viewOpts.focus = opts.focus;
    if (opts.depth !== undefined) viewOpts.depth = opts.depth;
    if (opts.collapse) viewOpts.collapse = true;
    if (opts.maxEdges !== undefined) viewOpts.maxEdges = opts.maxEdges;
    const view = buildView(estate, viewOpts);
    estate = undefined; // collectable while the picture is drawn (200 MB of a 50,000-service estate)
    const warning = await report(view, "text", { kind: "picture-size", focused: opts.focus !== undefined });
    if (warning) ctx.stderr.write(warning);
    await printReport(ctx, "view", view, format, opts);
  });
  return cmd;
}
