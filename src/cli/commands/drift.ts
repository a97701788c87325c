/** `faultline drift`: the declared graph against the observed one (docs/drift.md). */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, loadObservedForCli, observedPaths, reclaimPositionals, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { CONFIG_FILE } from "../config.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, formatOf, printReport, type OutputCliOptions } from "../output-options.js";

interface DriftOptions extends LoadCliOptions, OutputCliOptions {
  markdown?: boolean;
  limit?: number;
}

export function driftCommand(ctx: CliContext): Command {
  const cmd = new Command("drift")
    .summary("compare the declared dependencies with observed calls")
    .description(
      "Read observed calls (--observed, or observed: in the config) and compare them with the manifests: undeclared dependencies ranked by the caller's tier and call volume, declared dependencies never observed (for callers that were observed), unknown peers and ambiguous names.",
    )
    .option("--markdown", "same as --format markdown")
    .addOption(new Option("--limit <n>", "show at most n rows per table in the text report").argParser(wholeNumber("--limit")));
  addOutputOptions(cmd, ["drift"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (opts: DriftOptions) => {
    const extra = reclaimPositionals(ctx, opts, []);
    if (extra.length > 0) throw new ExitError(EXIT_BAD_INPUT, `no such file: ${extra.join(", ")}`);
    if (opts.json && opts.markdown) throw new ExitError(EXIT_BAD_INPUT, "give --json or --markdown, not both");
    const paths = observedPaths(ctx, opts);
    if (paths.length === 0) throw new ExitError(EXIT_BAD_INPUT, `no observed data: pass --observed <file...>, or add to ${CONFIG_FILE}\n  observed: [path/to/jaeger-dependencies.json]`);
    const estate = await loadForCli(ctx, opts, undefined, { observed: false });
    const observed = (await loadObservedForCli(ctx, opts, estate, paths))!;
    const { drift } = await import("../../index.js");
    const result = drift(estate, observed);
    const format = opts.markdown ? "markdown" : formatOf(opts);
    await printReport(ctx, "drift", result, format, opts, opts.limit ? { limit: opts.limit } : {});
  });
  return cmd;
}
