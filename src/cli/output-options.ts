/** `-f/--format`, `--json` and `-o`, shared by every command, and printing a result through the reporter registry. */
import { InvalidArgumentError, Option, type Command } from "commander";
import { ExitError, EXIT_BAD_INPUT } from "./exit.js";
import type { ReportOptions, ResultKind } from "../index.js";
import type { CliContext } from "./io.js";
import { stageStream } from "./write-output.js";

export interface OutputCliOptions {
  format?: string;
  json?: boolean;
  output?: string;
}

interface FormatOption {
  option: Option;
  kinds: readonly ResultKind[];
  defaultFormat: string | undefined;
  note: string;
}

const formatOptions = new WeakMap<Command, FormatOption>();

/**
 * Adds `-f, --format` with the formats the registry has for these result kinds, `--json` (an
 * alias of `--format json`), and `-o`. The choices are filled in by `prepareFormats` just before
 * the command parses its arguments, so start-up and `faultline --help` load no reporter table.
 */
export function addOutputOptions(cmd: Command, kinds: readonly ResultKind[], options: { defaultFormat?: string; note?: string } = {}): Command {
  const option = new Option("-f, --format <format>", "output format");
  cmd.addOption(option);
  cmd.option("--json", "same as --format json (the JSON of docs/json-output.md)");
  cmd.option("-o, --output <file>", "write the report to a file (atomically) instead of stdout", (v: string) => {
    if (v === "") throw new InvalidArgumentError("give a file name (an empty one names no file)");
    return v;
  });
  formatOptions.set(cmd, { option, kinds, defaultFormat: options.defaultFormat, note: options.note ?? "" });
  return cmd;
}

/** Fills in the `--format` choices of a command from the reporter registry. */
export async function prepareFormats(cmd: Command): Promise<void> {
  const f = formatOptions.get(cmd);
  if (!f) return;
  const { formatsFor } = await import("../index.js");
  const formats = [...new Set(f.kinds.flatMap((k) => formatsFor(k)))];
  f.option.choices(formats);
  f.option.description = `output format${f.defaultFormat ? ` (default ${f.defaultFormat})` : ""}${f.note}`;
}

/** The format asked for: `--json` wins, then `--format`, then the fallback. */
export function formatOf(opts: OutputCliOptions, fallback = "text"): string {
  if (opts.json && opts.format !== undefined && opts.format !== "json") throw new ExitError(EXIT_BAD_INPUT, `give --json or --format ${opts.format}, not both`);
  return opts.json ? "json" : (opts.format ?? fallback);
}

/**
 * Renders `result` in `format` and writes it to `-o` or stdout as it is made (a large report is
 * never held whole); text gets colours only on a terminal. `-o` is written atomically: a
 * temporary file renamed over it once the whole report is written, removed if rendering fails.
 */
export async function printReport(ctx: CliContext, kind: ResultKind, result: unknown, format: string, opts: OutputCliOptions, extra: ReportOptions = {}): Promise<void> {
  const { report, styleFor } = await import("../index.js");
  const style = opts.output ? undefined : styleFor(ctx.stdout, ctx.env);
  const options: ReportOptions = { kind, ...(style ? { style } : {}), ...extra };
  if (!opts.output) {
    // After each piece, the event loop turns: a closed pipe (`| head`) ends the run there (bin.ts).
    await report(result, format, { ...options, write: (chunk) => {
      ctx.stdout.write(chunk);
      return new Promise<void>((done) => setImmediate(done));
    } });
    return;
  }
  const staged = stageStream(ctx.path(opts.output), opts.output);
  try {
    await report(result, format, { ...options, write: (chunk) => staged.write(chunk) });
  } catch (err) {
    staged.abort();
    throw err;
  }
  staged.commit();
}
