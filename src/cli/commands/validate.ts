/** `faultline validate`: load and check the manifests; diagnostics only. */
import { Command } from "commander";
import { addLoadOptions, loadForCli, loadOptionsOf, manifestPaths, type LoadCliOptions } from "../load-options.js";
import { ExitError, EXIT_BAD_INPUT } from "../exit.js";

interface ValidateOptions extends LoadCliOptions {
  json?: boolean;
}

export function validateCommand(): Command {
  const cmd = new Command("validate")
    .summary("check manifests and report problems")
    .description("Load and validate the manifests; print every diagnostic. Exit 0 when there is no error, 2 otherwise.")
    .option("--json", "print the diagnostics as JSON on stdout ({schemaVersion, ok, files, diagnostics})");
  addLoadOptions(cmd);
  cmd.action(async (opts: ValidateOptions) => {
    const paths = manifestPaths(opts);
    if (opts.json) {
      const { loadEstate } = await import("../../index.js");
      const r = loadEstate(paths, loadOptionsOf(opts));
      process.stdout.write(JSON.stringify({ schemaVersion: 1, ok: r.ok, files: r.estate.files, diagnostics: r.diagnostics }, null, 2) + "\n");
      if (!r.ok) throw new ExitError(EXIT_BAD_INPUT);
      return;
    }
    const estate = await loadForCli(opts, paths);
    let services = 0;
    let locations = 0;
    estate.graph.forEachNode((_id, a) => (a.kind === "service" ? services++ : locations++));
    process.stderr.write(`ok: ${estate.files.length} file${estate.files.length === 1 ? "" : "s"}, ${services} services, ${locations} locations, ${estate.graph.size} relations\n`);
  });
  return cmd;
}
