/** `faultline validate`: load and check the manifests; diagnostics only. */
import { Command } from "commander";
import { addLoadOptions, loadForCli, manifestPaths, type LoadCliOptions } from "../load-options.js";

export function validateCommand(): Command {
  const cmd = new Command("validate").summary("check manifests and report problems").description("Load and validate the manifests; print diagnostics. Exit 0 when there is no error.");
  addLoadOptions(cmd);
  cmd.action(async (opts: LoadCliOptions) => {
    const paths = manifestPaths(opts);
    const estate = await loadForCli(opts, paths);
    let services = 0;
    let locations = 0;
    estate.graph.forEachNode((_id, a) => (a.kind === "service" ? services++ : locations++));
    process.stderr.write(`ok: ${estate.files.length} file${estate.files.length === 1 ? "" : "s"}, ${services} services, ${locations} locations, ${estate.graph.size} relations\n`);
  });
  return cmd;
}
