/** `faultline graph`: the whole graph, as JSON (and pictures, see report/). */
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, type LoadCliOptions } from "../load-options.js";
import { emit } from "../write-output.js";

interface GraphOptions extends LoadCliOptions {
  format: string;
  output?: string;
}

export function graphCommand(): Command {
  const cmd = new Command("graph")
    .summary("export the dependency graph")
    .description("Export the whole dependency graph.")
    .addOption(new Option("-f, --format <format>", "output format").choices(["json"]).default("json"))
    .option("-o, --output <file>", "write to a file (atomically) instead of stdout");
  addLoadOptions(cmd);
  cmd.action(async (opts: GraphOptions) => {
    const estate = await loadForCli(opts);
    const { graphToJson } = await import("../../index.js");
    emit(JSON.stringify(graphToJson(estate), null, 2) + "\n", opts.output);
  });
  return cmd;
}
