/** `faultline drift`: the declared graph against the observed one (docs/drift.md). */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, loadObservedForCli, observedPaths, reclaimPositionals, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { CONFIG_FILE } from "../config.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import { emit } from "../write-output.js";

interface DriftOptions extends LoadCliOptions {
  json?: boolean;
  markdown?: boolean;
  limit?: number;
  output?: string;
}

export function driftCommand(): Command {
  const cmd = new Command("drift")
    .summary("compare the declared dependencies with observed calls")
    .description(
      "Read observed calls (--observed, or observed: in the config) and compare them with the manifests: undeclared dependencies ranked by the caller's tier and call volume, declared dependencies never observed (for callers that were observed), unknown peers and ambiguous names.",
    )
    .option("--json", "print the drift result as JSON")
    .option("--markdown", "print Markdown (a pull-request comment, a wiki page)")
    .option("-o, --output <file>", "write the report to a file (atomically) instead of stdout")
    .addOption(new Option("--limit <n>", "show at most n rows per table in the text report").argParser(wholeNumber("--limit")));
  addLoadOptions(cmd);
  cmd.action(async (opts: DriftOptions) => {
    const extra = reclaimPositionals(opts, []);
    if (extra.length > 0) throw new ExitError(EXIT_BAD_INPUT, `no such file: ${extra.join(", ")}`);
    if (opts.json && opts.markdown) throw new ExitError(EXIT_BAD_INPUT, "give --json or --markdown, not both");
    const paths = observedPaths(opts);
    if (paths.length === 0) throw new ExitError(EXIT_BAD_INPUT, `no observed data: pass --observed <file...>, or add to ${CONFIG_FILE}\n  observed: [path/to/jaeger-dependencies.json]`);
    const estate = await loadForCli(opts, undefined, { observed: false });
    const observed = (await loadObservedForCli(opts, estate, paths))!;
    const { drift } = await import("../../analysis/drift.js");
    const { formatDriftText, formatDriftMarkdown } = await import("../../report/drift.js");
    const { styleFor } = await import("../../index.js");
    const result = drift(estate, observed);
    if (opts.json) emit(JSON.stringify(result, null, 2) + "\n", opts.output);
    else if (opts.markdown) emit(formatDriftMarkdown(result), opts.output);
    else emit(formatDriftText(result, opts.output ? undefined : styleFor(process.stdout), opts.limit ? { limit: opts.limit } : {}), opts.output);
  });
  return cmd;
}
