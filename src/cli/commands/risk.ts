/** `faultline risk <service>`: the minimal sets of nodes whose joint failure takes a service down. */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, reclaimPositionals, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import { emit } from "../write-output.js";

interface RiskCliOptions extends LoadCliOptions {
  maxSize: number;
  budget?: number;
  json?: boolean;
  limit?: number;
  output?: string;
}

export function riskCommand(): Command {
  const cmd = new Command("risk")
    .summary("minimal risk groups: sets of nodes whose joint failure takes a service down")
    .description(
      "The minimal sets of at most --max-size nodes (services or locations) whose joint failure makes the service down, and no smaller part of which does (minimal cut sets). Ranked by size, then kind (a whole provider or estate before a region, a zone, a service), then ids. Exact up to the size given; if the work budget stops the search, the output says so (JSON: complete: false).",
    )
    .argument("[service]", "the service")
    .addOption(new Option("--max-size <n>", "largest group size searched (1 to 5)").argParser(wholeNumber("--max-size", 1)).default(2))
    .addOption(new Option("--budget <steps>", "work budget in propagation steps (default 200000000)").argParser(wholeNumber("--budget", 1)))
    .option("--json", "print the JSON of spec 5.1")
    .addOption(new Option("--limit <n>", "show at most n groups in the text table").argParser(wholeNumber("--limit", 1)))
    .option("-o, --output <file>", "write the report to a file (atomically) instead of stdout");
  addLoadOptions(cmd);
  cmd.action(async (arg: string | undefined, opts: RiskCliOptions) => {
    const ids = reclaimPositionals(opts, arg === undefined ? [] : [arg]);
    if (ids.length !== 1) throw new ExitError(EXIT_BAD_INPUT, ids.length === 0 ? "name the service: faultline risk <service>" : `name one service, not ${ids.length}`);
    const estate = await loadForCli(opts);
    const { riskGroups } = await import("../../analysis/risk.js");
    const result = riskGroups(estate, ids[0]!, { maxSize: opts.maxSize, ...(opts.budget !== undefined ? { budget: opts.budget } : {}) });
    if (opts.json) emit(JSON.stringify(result, null, 2) + "\n", opts.output);
    else {
      const { formatRiskText } = await import("../../report/risk.js");
      const { styleFor } = await import("../../report/terminal.js");
      emit(formatRiskText(result, opts.output ? undefined : styleFor(process.stdout), opts.limit !== undefined ? { limit: opts.limit } : {}), opts.output);
    }
    if (!result.complete) process.stderr.write(`faultline: risk search for ${ids[0]} stopped by the work budget; groups of up to ${result.completeUpTo} nodes are complete\n`);
  });
  return cmd;
}
