/** `faultline spof`: single points of failure, for every node at once or for one service. */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, wholeNumber, type LoadCliOptions } from "../load-options.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, formatOf, printReport, type OutputCliOptions } from "../output-options.js";

interface SpofCliOptions extends LoadCliOptions, OutputCliOptions {
  for?: string;
  tier: "critical" | "high" | "medium" | "low";
  limit?: number;
  detail?: number;
}

const DEFAULT_TEXT_ROWS = 20;

export function spofCommand(ctx: CliContext): Command {
  const cmd = new Command("spof")
    .summary("single points of failure: what each node takes down on its own")
    .description(
      "For every node (service or location), the services that go down when it alone fails, ranked by damage: services of --tier or above first, then all services. With --for <service>: every node whose failure alone takes that service down, with the path.",
    )
    .option("--for <service>", "list the single points of failure of this service")
    .addOption(new Option("--tier <tier>", "rank by services of this tier or above").choices(["critical", "high", "medium", "low"]).default("critical"))
    .addOption(
      new Option("--limit <n>", `show at most n rows (text default ${DEFAULT_TEXT_ROWS}; JSON default all)`).argParser(wholeNumber("--limit")),
    )
    .addOption(
      new Option("--detail <n>", "JSON: list the services taken down for the first n rows only (default 50; counts are always there)").argParser(wholeNumber("--detail", 0)),
    );
  addOutputOptions(cmd, ["spof", "spof-for"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (opts: SpofCliOptions) => {
    const estate = await loadForCli(ctx, opts);
    if (!opts.quiet && estate.coverage) {
      const { report } = await import("../../index.js");
      ctx.stderr.write(await report(estate.coverage, "text", { kind: "coverage-caveat" }));
    }
    const { spofFor, spofRanking } = await import("../../index.js");
    const format = formatOf(opts);
    const json = format === "json";
    if (opts.for !== undefined) {
      await printReport(ctx, "spof-for", spofFor(estate, opts.for), format, opts);
      return;
    }
    const limit = opts.limit ?? (json ? undefined : DEFAULT_TEXT_ROWS);
    // Text shows the lists of the rows it prints; JSON lists them for the first --detail rows.
    const detail = json ? opts.detail : limit!;
    const result = spofRanking(estate, { tier: opts.tier, ...(detail !== undefined ? { detail } : {}), ...(json && limit !== undefined ? { limit } : {}) });
    await printReport(ctx, "spof", result, format, opts, limit !== undefined ? { limit } : {});
  });
  return cmd;
}
