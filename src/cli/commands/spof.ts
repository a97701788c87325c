/** `faultline spof`: single points of failure, for every node at once or for one service. */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, wholeNumber, type LoadCliOptions } from "../load-options.js";
import type { CliContext } from "../io.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import { addOutputOptions, formatOf, printReport, type OutputCliOptions } from "../output-options.js";

interface SpofCliOptions extends LoadCliOptions, OutputCliOptions {
  for?: string;
  tier: "critical" | "high" | "medium" | "low";
  limit?: number;
  detail?: number;
  maxWork?: number;
  maxPathChars?: number;
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
    )
    .addOption(new Option("--max-work <steps>", "--for: refuse when explaining every single point takes more steps than this (default 50,000,000)").argParser(wholeNumber("--max-work")))
    .addOption(new Option("--max-path-chars <n>", "--for: refuse when the paths hold more characters of ids than this (default 100,000,000)").argParser(wholeNumber("--max-path-chars")));
  addOutputOptions(cmd, ["spof", "spof-for"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (opts: SpofCliOptions) => {
    // The ranking has no such budget: a limit given for nothing would read as if it held.
    for (const [given, flag] of [[opts.maxWork, "--max-work"], [opts.maxPathChars, "--max-path-chars"]] as const)
      if (given !== undefined && opts.for === undefined) throw new ExitError(EXIT_BAD_INPUT, `${flag} applies only with --for <service> (the ranking needs no such limit)`);
    const estate = await loadForCli(ctx, opts);
    if (!opts.quiet && estate.coverage) {
      const { report } = await import("../../index.js");
      ctx.stderr.write(await report(estate.coverage, "text", { kind: "coverage-caveat" }));
    }
    const { spofFor, spofRanking } = await import("../../index.js");
    const format = formatOf(opts);
    const json = format === "json";
    if (opts.for !== undefined) {
      const limits = { ...(opts.maxWork ? { maxWork: opts.maxWork } : {}), ...(opts.maxPathChars ? { maxPathChars: opts.maxPathChars } : {}) };
      await printReport(ctx, "spof-for", spofFor(estate, opts.for, limits), format, opts);
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
