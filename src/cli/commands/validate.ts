/** `faultline validate`: load and check the manifests; diagnostics only. */
import { Command } from "commander";
import { addLoadOptions, loadForCli, loadOptionsOf, manifestPaths, type LoadCliOptions } from "../load-options.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import type { CliContext } from "../io.js";
import { cliDiagnostic } from "../flags.js";
import { addOutputOptions, formatOf, type OutputCliOptions } from "../output-options.js";
import { emit } from "../write-output.js";

interface ValidateOptions extends LoadCliOptions, OutputCliOptions {}

export function validateCommand(ctx: CliContext): Command {
  const cmd = new Command("validate")
    .summary("check manifests and report problems")
    .description("Load and validate the manifests; print every diagnostic (stderr) and a summary line (stderr, or -o). Exit 0 when there is no error, 2 otherwise. With --format json, the diagnostics as JSON on stdout ({schemaVersion, ok, files, diagnostics}), even when they hold errors.");
  addOutputOptions(cmd, ["load"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (opts: ValidateOptions) => {
    const paths = manifestPaths(ctx, opts);
    const { loadEstate, report } = await import("../../index.js");
    const format = formatOf(opts);
    if (format === "json") {
      const r = loadEstate(paths, loadOptionsOf(ctx, opts));
      const text = await report({ ...r, diagnostics: r.diagnostics.map(cliDiagnostic) }, "json", { kind: "load" });
      if (r.ok) emit(ctx, text, opts.output);
      else if (!opts.output) ctx.stdout.write(text);
      if (!r.ok) throw new ExitError(EXIT_BAD_INPUT);
      return;
    }
    // The same load, diagnostics, coverage summary and observed files as every other command.
    const estate = await loadForCli(ctx, opts, paths);
    const text = await report({ ok: true, estate, diagnostics: [] }, format, { kind: "load" });
    if (opts.output) emit(ctx, text, opts.output);
    else ctx.stderr.write(text);
  });
  return cmd;
}
