/** `faultline spof`: single points of failure, for every node at once or for one service. */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { emit } from "../write-output.js";

interface SpofCliOptions extends LoadCliOptions {
  for?: string;
  tier: "critical" | "high" | "medium" | "low";
  json?: boolean;
  limit?: number;
  detail?: number;
  output?: string;
}

const DEFAULT_TEXT_ROWS = 20;

export function spofCommand(): Command {
  const cmd = new Command("spof")
    .summary("single points of failure: what each node takes down on its own")
    .description(
      "For every node (service or location), the services that go down when it alone fails, ranked by damage: services of --tier or above first, then all services. With --for <service>: every node whose failure alone takes that service down, with the path.",
    )
    .option("--for <service>", "list the single points of failure of this service")
    .addOption(new Option("--tier <tier>", "rank by services of this tier or above").choices(["critical", "high", "medium", "low"]).default("critical"))
    .option("--json", "print JSON (spec 5.1 for --for)")
    .addOption(
      new Option("--limit <n>", `show at most n rows (text default ${DEFAULT_TEXT_ROWS}; JSON default all)`).argParser(wholeNumber("--limit")),
    )
    .addOption(
      new Option("--detail <n>", "JSON: list the services taken down for the first n rows only (default 50; counts are always there)").argParser(wholeNumber("--detail", 0)),
    )
    .option("-o, --output <file>", "write the report to a file (atomically) instead of stdout");
  addLoadOptions(cmd);
  cmd.action(async (opts: SpofCliOptions) => {
    const estate = await loadForCli(opts);
    const { spofFor, spofRanking, DEFAULT_SPOF_DETAIL } = await import("../../analysis/spof.js");
    const { styleFor } = await import("../../report/terminal.js");
    const style = opts.output ? undefined : styleFor(process.stdout);
    if (opts.for !== undefined) {
      const result = spofFor(estate, opts.for);
      if (opts.json) emit(JSON.stringify(result, null, 2) + "\n", opts.output);
      else emit((await import("../../report/spof.js")).formatSpofForText(result, style), opts.output);
      return;
    }
    const limit = opts.limit ?? (opts.json ? undefined : DEFAULT_TEXT_ROWS);
    // Text shows the lists of the rows it prints; JSON lists them for the first --detail rows.
    const detail = opts.json ? (opts.detail ?? DEFAULT_SPOF_DETAIL) : limit!;
    const result = spofRanking(estate, { tier: opts.tier, detail, ...(opts.json && limit !== undefined ? { limit } : {}) });
    if (opts.json) emit(JSON.stringify(result, null, 2) + "\n", opts.output);
    else emit((await import("../../report/spof.js")).formatSpofText(result, style, limit !== undefined ? { limit } : {}), opts.output);
  });
  return cmd;
}
