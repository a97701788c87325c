/** `-f/--format`, `--json` and `-o`, shared by every command, and printing a result through the reporter registry. */
import { Option, type Command } from "commander";
import { report, type ReportOptions, type ResultKind } from "../report/registry.js";
import { styleFor } from "../report/terminal.js";
import type { CliContext } from "./io.js";
import { emit } from "./write-output.js";

export interface OutputCliOptions {
  format?: string;
  json?: boolean;
  output?: string;
}

/** Adds `-f, --format` with the given choices, `--json` (an alias of `--format json`) when JSON is one, and `-o`. */
export function addOutputOptions(cmd: Command, formats: readonly string[], options: { defaultFormat?: string; help?: string } = {}): Command {
  const help = options.help ?? `output format: ${formats.join(", ")}${options.defaultFormat ? ` (default ${options.defaultFormat})` : ""}`;
  cmd.addOption(new Option("-f, --format <format>", help).choices([...formats]));
  if (formats.includes("json")) cmd.option("--json", "same as --format json (the JSON of docs/json-output.md)");
  cmd.option("-o, --output <file>", "write the report to a file (atomically) instead of stdout");
  return cmd;
}

/** The format asked for: `--json` wins, then `--format`, then the fallback. */
export function formatOf(opts: OutputCliOptions, fallback = "text"): string {
  return opts.json ? "json" : (opts.format ?? fallback);
}

/** Renders `result` in `format` and writes it to `-o` or stdout; text gets colours only on a terminal. */
export async function printReport(ctx: CliContext, kind: ResultKind, result: unknown, format: string, opts: OutputCliOptions, extra: ReportOptions = {}): Promise<void> {
  const style = opts.output ? undefined : styleFor(ctx.stdout, ctx.env);
  const text = await report(result, format, { kind, ...(style ? { style } : {}), ...extra });
  emit(ctx, text, opts.output);
}
