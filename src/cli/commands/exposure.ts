/** `faultline exposure [service...]`: where each service runs, and what it really relies on. */
import { Command } from "commander";
import { addLoadOptions, loadForCli, reclaimPositionals, type LoadCliOptions } from "../load-options.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, formatOf, printReport, type OutputCliOptions } from "../output-options.js";

interface ExposureOptions extends LoadCliOptions, OutputCliOptions {}

export function exposureCommand(ctx: CliContext): Command {
  const cmd = new Command("exposure")
    .summary("which providers, in-house estates and vendors each service really relies on")
    .description(
      "For each service (all, or those named): its hosting, the root locations whose failure alone takes it down or only degrades it, and the path of every dependency that crosses a hosting boundary. A summary at the top counts services per hosting and the cross-boundary exposures.",
    )
    .argument("[service...]", "services to report (default: all)");
  addOutputOptions(cmd, ["exposure"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (args: string[], opts: ExposureOptions) => {
    const ids = reclaimPositionals(ctx, opts, args);
    const estate = await loadForCli(ctx, opts);
    const { exposure } = await import("../../index.js");
    // The compact form: each service's entry (with its paths) is built as the report is written.
    const result = exposure(estate, ids, { table: true });
    await printReport(ctx, "exposure", result, formatOf(opts), opts);
  });
  return cmd;
}
