/** `faultline scenarios`: the standard failure scenarios, run in one go and ranked by damage. */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, type LoadCliOptions } from "../load-options.js";
import { emit } from "../write-output.js";

interface ScenariosOptions extends LoadCliOptions {
  json?: boolean;
  format: "text" | "json" | "markdown";
  output?: string;
}

export function scenariosCommand(): Command {
  const cmd = new Command("scenarios")
    .summary("standard failure scenarios ranked by damage: providers, regions, zones, vendors, all in-house, all cloud")
    .description(
      "Fail, one scenario at a time: each root location (provider, in-house estate, vendor), each location one level below (region, data center) and two levels below (zone, hall), every in-house root at once, every public-cloud root at once. One row each: services down, degraded, critical down; most damaging first.",
    )
    .option("--json", "print JSON (same as --format json)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .option("-o, --output <file>", "write the report to a file (atomically) instead of stdout");
  addLoadOptions(cmd);
  cmd.action(async (opts: ScenariosOptions) => {
    const estate = await loadForCli(opts);
    const { scenarios } = await import("../../analysis/scenarios.js");
    const result = scenarios(estate);
    const format = opts.json ? "json" : opts.format;
    if (format === "json") emit(JSON.stringify(result, null, 2) + "\n", opts.output);
    else if (format === "markdown") emit((await import("../../report/scenarios.js")).formatScenariosMarkdown(result), opts.output);
    else {
      const { formatScenariosText } = await import("../../report/scenarios.js");
      const { styleFor } = await import("../../report/terminal.js");
      emit(formatScenariosText(result, opts.output ? undefined : styleFor(process.stdout)), opts.output);
    }
  });
  return cmd;
}
