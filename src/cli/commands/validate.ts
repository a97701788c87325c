/** `faultline validate`: load and check the manifests; diagnostics only. */
import { Command } from "commander";
import { addLoadOptions, loadForCli, loadOptionsOf, manifestPaths, type LoadCliOptions } from "../load-options.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";
import type { CliContext } from "../io.js";
import { addOutputOptions, formatOf, type OutputCliOptions } from "../output-options.js";
import { emit } from "../write-output.js";

interface ValidateOptions extends LoadCliOptions, OutputCliOptions {}

export function validateCommand(ctx: CliContext): Command {
  const cmd = new Command("validate")
    .summary("check manifests and report problems")
    .description("Load and validate the manifests; print every diagnostic. Exit 0 when there is no error, 2 otherwise. With --format json, the diagnostics as JSON on stdout ({schemaVersion, ok, files, diagnostics}).");
  addOutputOptions(cmd, ["text", "json"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (opts: ValidateOptions) => {
    const paths = manifestPaths(ctx, opts);
    if (formatOf(opts) === "json") {
      const { loadEstate } = await import("../../manifest/load.js");
      const r = loadEstate(paths, loadOptionsOf(ctx, opts));
      if (!r.ok) {
        if (!opts.output) ctx.stdout.write(json(r));
        throw new ExitError(EXIT_BAD_INPUT);
      }
      emit(ctx, json(r), opts.output);
      return;
    }
    const estate = await loadForCli(ctx, opts, paths);
    let services = 0;
    let locations = 0;
    estate.graph.forEachNode((_id, a) => (a.kind === "service" ? services++ : locations++));
    const line = `ok: ${estate.files.length} file${estate.files.length === 1 ? "" : "s"}, ${services} services, ${locations} locations, ${estate.graph.size} relations\n`;
    if (opts.output) emit(ctx, line, opts.output);
    else ctx.stderr.write(line);
  });
  return cmd;
}

const json = (r: { ok: boolean; estate: { files: string[] }; diagnostics: unknown[] }) => JSON.stringify({ schemaVersion: 1, ok: r.ok, files: r.estate.files, diagnostics: r.diagnostics }, null, 2) + "\n";
