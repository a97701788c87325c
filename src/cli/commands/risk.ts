/** `faultline risk <service>`: the minimal sets of nodes whose joint failure takes a service down. */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, reclaimPositionals, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, formatOf, printReport, type OutputCliOptions } from "../output-options.js";

interface RiskCliOptions extends LoadCliOptions, OutputCliOptions {
  maxSize: number;
  budget?: number;
  limit?: number;
}

export function riskCommand(ctx: CliContext): Command {
  const cmd = new Command("risk")
    .summary("minimal risk groups: sets of nodes whose joint failure takes a service down")
    .description(
      "The minimal sets of at most --max-size nodes (services or locations) whose joint failure makes the service down, and no smaller part of which does (minimal cut sets). Ranked by size, then kind (a whole provider or estate before a region, a zone, a service), then ids. Exact up to the size given; if the work budget stops the search, the output says so (JSON: complete: false).",
    )
    .argument("[service]", "the service")
    .addOption(new Option("--max-size <n>", "largest group size searched (1 to 5)").argParser(wholeNumber("--max-size", 1)).default(2))
    .addOption(new Option("--budget <steps>", "work budget in propagation steps (default 200000000)").argParser(wholeNumber("--budget", 1)))
    .addOption(new Option("--limit <n>", "show at most n groups in the text table").argParser(wholeNumber("--limit", 1)));
  addOutputOptions(cmd, ["risk"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (arg: string | undefined, opts: RiskCliOptions) => {
    const ids = reclaimPositionals(ctx, opts, arg === undefined ? [] : [arg]);
    if (ids.length !== 1) throw new ExitError(EXIT_BAD_INPUT, ids.length === 0 ? "name the service: faultline risk <service>" : `name one service, not ${ids.length}`);
    const estate = await loadForCli(ctx, opts);
    const { riskGroups } = await import("../../index.js");
    const result = riskGroups(estate, ids[0]!, { maxSize: opts.maxSize, ...(opts.budget !== undefined ? { budget: opts.budget } : {}) });
    await printReport(ctx, "risk", result, formatOf(opts), opts, opts.limit !== undefined ? { limit: opts.limit } : {});
    if (!result.complete) ctx.stderr.write(`faultline: risk search for ${ids[0]} stopped by the work budget; groups of up to ${result.completeUpTo} nodes are complete\n`);
  });
  return cmd;
}
