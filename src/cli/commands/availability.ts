/** `faultline availability [service...]`: how available the structure lets each service be (spec 7). */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, reclaimPositionals, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { readConfig } from "../config.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, formatOf, printReport, type OutputCliOptions } from "../output-options.js";
import type { AvailabilityDefaults } from "../../index.js";

interface AvailabilityCliOptions extends LoadCliOptions, OutputCliOptions {
  assume?: string[];
  top?: number;
  bddLimit?: number;
  cutSize?: number;
}

/** The figures' inputs from the command line and the config: `--assume` values (the library parses them) and `availability.defaults`. */
export function availabilityInputsForCli(ctx: CliContext, assumeValues: readonly string[]): { assume: readonly string[]; defaults: AvailabilityDefaults } {
  return { assume: assumeValues, defaults: readConfig(ctx)?.availability ?? {} };
}

export function availabilityCommand(ctx: CliContext): Command {
  const cmd = new Command("availability")
    .summary("availability of services from the structure: exact figure, downtime, top contributors")
    .description(
      "The probability that each service is not down (and fully up) when every node fails independently with probability 1 − its availability, states following spec 3: redundancy counts, and what is shared (a zone, a region) fails together. Exact by a decision diagram; past its size limit, sound lower and upper bounds. Nodes without a figure never fail on their own; every report says how many. Figures: `availability` on Locations and Services, hints in imported formats, defaults by type under `availability.defaults` in faultline.config.yaml, and --assume. See docs/availability.md.",
    )
    .argument("[service...]", "services to report (default: all)")
    .option("--assume <id=availability...>", "what-if: a figure for a node (99.99%, 0.9999) or never-fails");
  addOutputOptions(cmd, ["availability"], { defaultFormat: "text" });
  cmd
    .addOption(new Option("--top <n>", "contributors shown per service in text and Markdown (default 5)").argParser(wholeNumber("--top", 1)))
    .addOption(new Option("--bdd-limit <n>", "decision-diagram node limit before bounds are used (default 2000000; 1500000 steps per service)").argParser(wholeNumber("--bdd-limit", 3)))
    .addOption(new Option("--cut-size <n>", "largest cut set enumerated for bounds (1 to 5, default 2)").argParser(wholeNumber("--cut-size", 1)));
  addLoadOptions(cmd);
  cmd.action(async (args: string[], opts: AvailabilityCliOptions) => {
    const ids = reclaimPositionals(ctx, opts, args);
    // --assume is variadic: values without `=` are the service names that follow it.
    const assumeValues: string[] = [];
    for (const v of opts.assume ?? []) (v.includes("=") ? assumeValues : ids).push(v);
    if (opts.cutSize !== undefined && opts.cutSize > 5) throw new ExitError(EXIT_BAD_INPUT, `--cut-size takes a whole number from 1 to 5, not ${opts.cutSize}`);
    const { assume, defaults } = availabilityInputsForCli(ctx, assumeValues);
    const estate = await loadForCli(ctx, opts);
    const { availability } = await import("../../index.js");
    const result = availability(estate, ids, {
      assume,
      defaults,
      ...(opts.bddLimit !== undefined ? { maxNodes: opts.bddLimit } : {}),
      ...(opts.cutSize !== undefined ? { boundsCutSize: opts.cutSize } : {}),
    });
    await printReport(ctx, "availability", result, formatOf(opts), opts, opts.top !== undefined ? { top: opts.top } : {});
  });
  return cmd;
}
