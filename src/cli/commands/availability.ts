/** `faultline availability [service...]`: how available the structure lets each service be (spec 7). */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, reclaimPositionals, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { readConfig, CONFIG_FILE } from "../config.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import { emit } from "../write-output.js";

interface AvailabilityCliOptions extends LoadCliOptions {
  assume?: string[];
  json?: boolean;
  format?: string;
  output?: string;
  top?: number;
  bddLimit?: number;
  cutSize?: number;
}

/** The figures' inputs from the command line and the config: `--assume` values and `availability.defaults`. */
export async function availabilityInputsForCli(assumeValues: readonly string[]) {
  const { parseAvailability } = await import("../../model/availability-figure.js");
  const { parseAssumptions, availabilityDefaultsFromConfig } = await import("../../analysis/availability/figures.js");
  const assume = parseAssumptions(assumeValues, parseAvailability);
  const { defaults, errors } = availabilityDefaultsFromConfig(readConfig()?.availability, parseAvailability);
  if (errors.length > 0) throw new ExitError(EXIT_BAD_INPUT, errors.map((e) => `${CONFIG_FILE}: ${e}`).join("\n"));
  return { assume, defaults };
}

export function availabilityCommand(): Command {
  const cmd = new Command("availability")
    .summary("availability of services from the structure: exact figure, downtime, top contributors")
    .description(
      "The probability that each service is not down (and fully up) when every node fails independently with probability 1 − its availability, states following spec 3: redundancy counts, and what is shared (a zone, a region) fails together. Exact by a decision diagram; past its size limit, sound lower and upper bounds. Nodes without a figure never fail on their own; every report says how many. Figures: `availability` on Locations and Services, hints in imported formats, defaults by type under `availability.defaults` in faultline.config.yaml, and --assume.",
    )
    .argument("[service...]", "services to report (default: all)")
    .option("--assume <id=availability...>", "what-if: a figure for a node (99.99%, 0.9999) or never-fails")
    .addOption(new Option("-f, --format <format>", "text, json or markdown (default text)").choices(["text", "json", "markdown"]))
    .option("--json", "print the JSON of spec 7 (same as --format json)")
    .addOption(new Option("--top <n>", "contributors shown per service in text and Markdown (default 5)").argParser(wholeNumber("--top", 1)))
    .addOption(new Option("--bdd-limit <n>", "decision-diagram node limit before bounds are used (default 2000000)").argParser(wholeNumber("--bdd-limit", 3)))
    .addOption(new Option("--cut-size <n>", "largest cut set enumerated for bounds (1 to 5, default 2)").argParser(wholeNumber("--cut-size", 1)))
    .option("-o, --output <file>", "write the report to a file (atomically) instead of stdout");
  addLoadOptions(cmd);
  cmd.action(async (args: string[], opts: AvailabilityCliOptions) => {
    const ids = reclaimPositionals(opts, args);
    // --assume is variadic: values without `=` are service names that follow it.
    const assumeValues: string[] = [];
    for (const v of opts.assume ?? []) (v.includes("=") ? assumeValues : ids).push(v);
    if (opts.cutSize !== undefined && opts.cutSize > 5) throw new ExitError(EXIT_BAD_INPUT, `--cut-size takes a whole number from 1 to 5, not ${opts.cutSize}`);
    const format = opts.json ? "json" : (opts.format ?? "text");
    const { assume, defaults } = await availabilityInputsForCli(assumeValues);
    const estate = await loadForCli(opts);
    const { availability } = await import("../../analysis/availability/availability.js");
    const result = availability(estate, ids, {
      assume,
      defaults,
      ...(opts.bddLimit !== undefined ? { maxNodes: opts.bddLimit } : {}),
      ...(opts.cutSize !== undefined ? { boundsCutSize: opts.cutSize } : {}),
    });
    const report = await import("../../report/availability.js");
    const top = opts.top !== undefined ? { top: opts.top } : {};
    if (format === "json") emit(JSON.stringify(result, null, 2) + "\n", opts.output);
    else if (format === "markdown") emit(report.formatAvailabilityMarkdown(result, top), opts.output);
    else {
      const { styleFor } = await import("../../report/terminal.js");
      emit(report.formatAvailabilityText(result, opts.output ? undefined : styleFor(process.stdout), top), opts.output);
    }
  });
  return cmd;
}
