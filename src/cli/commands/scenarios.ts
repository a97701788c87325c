/** `faultline scenarios`: the standard failure scenarios, run in one go and ranked by damage. */
import { Command } from "commander";
import { addLoadOptions, loadForCli, type LoadCliOptions } from "../load-options.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, formatOf, printReport, type OutputCliOptions } from "../output-options.js";

interface ScenariosOptions extends LoadCliOptions, OutputCliOptions {}

export function scenariosCommand(ctx: CliContext): Command {
  const cmd = new Command("scenarios")
    .summary("standard failure scenarios ranked by damage: providers, regions, zones, vendors, all in-house, all cloud")
    .description(
      "Fail, one scenario at a time: each root location (provider, in-house estate, vendor), each location one level below (region, data center) and two levels below (zone, hall), every in-house root at once, every public-cloud root at once. One row each: services down, degraded, critical down; most damaging first.",
    );
  addOutputOptions(cmd, ["scenarios"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (opts: ScenariosOptions) => {
    const estate = await loadForCli(ctx, opts);
    const { scenarios } = await import("../../index.js");
    const result = scenarios(estate);
    await printReport(ctx, "scenarios", result, formatOf(opts), opts);
  });
  return cmd;
}
