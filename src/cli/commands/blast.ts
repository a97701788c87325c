/** `faultline blast <id...>`: what goes down or degraded with the failure of these ids. */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, reclaimPositionals, wholeNumber, type LoadCliOptions } from "../load-options.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, formatOf, printReport, type OutputCliOptions } from "../output-options.js";

interface BlastOptions extends LoadCliOptions, OutputCliOptions {
  hosting?: string;
  limit?: number;
  maxPathIds?: number;
}

export function blastCommand(ctx: CliContext): Command {
  const cmd = new Command("blast")
    .summary("blast radius of failing services or locations")
    .description("Show everything that goes down or degraded when the given ids fail, with the path that explains each casualty.")
    .argument("[id...]", "ids of failing services or locations (service:ID or location:ID to disambiguate)")
    .addOption(new Option("--hosting <class>", "also fail every root location of this hosting class").choices(["in-house", "public-cloud", "third-party"]))
    .addOption(new Option("--limit <n>", "show at most n rows in the text table").argParser(wholeNumber("--limit")))
    .addOption(new Option("--max-path-ids <n>", "refuse a result whose explanation paths hold more ids than this (default 10,000,000)").argParser(wholeNumber("--max-path-ids")));
  addOutputOptions(cmd, ["blast"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (args: string[], opts: BlastOptions) => {
    const ids = reclaimPositionals(ctx, opts, args);
    if (ids.length === 0 && !opts.hosting) throw new ExitError(EXIT_BAD_INPUT, "name at least one id to fail, or use --hosting <class>");
    const estate = await loadForCli(ctx, opts);
    const { blastRadius, rootsWithHosting } = await import("../../index.js");
    const failed = [...ids];
    if (opts.hosting) {
      const roots = rootsWithHosting(estate, opts.hosting as "in-house");
      if (roots.length === 0) throw new ExitError(EXIT_BAD_INPUT, `no root location has hosting ${opts.hosting}`);
      failed.push(...roots);
    }
    const result = blastRadius(estate, failed, opts.maxPathIds ? { maxPathIds: opts.maxPathIds } : {});
    await printReport(ctx, "blast", result, formatOf(opts), opts, opts.limit ? { limit: opts.limit } : {});
    if (!opts.quiet && estate.coverage) {
      const { report } = await import("../../index.js");
      ctx.stderr.write(await report(estate.coverage, "text", { kind: "coverage-caveat", answer: [...result.failed, ...result.impacts.map((i) => i.id)] }));
    }
  });
  return cmd;
}
