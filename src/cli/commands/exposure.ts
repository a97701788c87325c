/** `faultline exposure [service...]`: where each service runs, and what it really relies on. */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, reclaimPositionals, type LoadCliOptions } from "../load-options.js";
import { emit } from "../write-output.js";

interface ExposureOptions extends LoadCliOptions {
  json?: boolean;
  format: "text" | "json" | "markdown";
  output?: string;
}

export function exposureCommand(): Command {
  const cmd = new Command("exposure")
    .summary("which providers, in-house estates and vendors each service really relies on")
    .description(
      "For each service (all, or those named): its hosting, the root locations whose failure alone takes it down or only degrades it, and the path of every dependency that crosses a hosting boundary. A summary at the top counts services per hosting and the cross-boundary exposures.",
    )
    .argument("[service...]", "services to report (default: all)")
    .option("--json", "print the JSON of spec 5.1 (same as --format json)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .option("-o, --output <file>", "write the report to a file (atomically) instead of stdout");
  addLoadOptions(cmd);
  cmd.action(async (args: string[], opts: ExposureOptions) => {
    const ids = reclaimPositionals(opts, args);
    const estate = await loadForCli(opts);
    const { exposure } = await import("../../analysis/exposure.js");
    const result = exposure(estate, ids);
    const format = opts.json ? "json" : opts.format;
    if (format === "json") emit(JSON.stringify(result, null, 2) + "\n", opts.output);
    else if (format === "markdown") emit((await import("../../report/exposure.js")).formatExposureMarkdown(result), opts.output);
    else {
      const { formatExposureText } = await import("../../report/exposure.js");
      const { styleFor } = await import("../../report/terminal.js");
      emit(formatExposureText(result, opts.output ? undefined : styleFor(process.stdout)), opts.output);
    }
  });
  return cmd;
}
