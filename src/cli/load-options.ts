/** The options every command that reads manifests shares, and the load itself. */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import type { Estate } from "../index.js";
import type { LoadLimits } from "../index.js";
import type { LoadOptions } from "../index.js";
import type { Diagnostic } from "../index.js";
import { readConfig, CONFIG_FILE } from "./config.js";
import type { CliContext } from "./io.js";
import { cliDiagnostic } from "./flags.js";
import { ExitError, EXIT_BAD_INPUT } from "./exit.js";

export interface LoadCliOptions {
  manifests?: string[];
  strict?: boolean;
  k8sLocation?: string;
  maxFileSize?: number;
  maxDepth?: number;
  maxAliases?: number;
  maxNodes?: number;
  maxFiles?: number;
  maxDocuments?: number;
  quiet?: boolean;
}

/** An option parser for whole numbers of at least `min`; anything else is a usage error (exit 2). */
export const wholeNumber = (name: string, min = 1) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ExitError(EXIT_BAD_INPUT, `${name} takes a whole number ≥ ${min}, not ${JSON.stringify(v)}`);
  return n;
};

/** Adds -m, --strict, --k8s-location and the resource-limit flags. */
export function addLoadOptions(cmd: Command): Command {
  return cmd
    .option("-m, --manifests <path...>", `manifest files or folders (default: manifests: in ${CONFIG_FILE})`)
    .option("--strict", "treat warnings (unrecognised documents, dangling references in imported catalogs) as errors")
    .option("--k8s-location <location-id>", "location that Kubernetes workloads without a faultline/runs-on annotation run on")
    .option("-q, --quiet", "do not print warnings")
    .addOption(new Option("--max-file-size <bytes>", "largest manifest file read").argParser(wholeNumber("--max-file-size")))
    .addOption(new Option("--max-depth <n>", "deepest YAML nesting accepted").argParser(wholeNumber("--max-depth")))
    .addOption(new Option("--max-aliases <n>", "YAML alias budget per document (x100 nodes)").argParser(wholeNumber("--max-aliases")))
    .addOption(new Option("--max-nodes <n>", "most YAML nodes in all files").argParser(wholeNumber("--max-nodes")))
    .addOption(new Option("--max-files <n>", "most manifest files").argParser(wholeNumber("--max-files")))
    .addOption(new Option("--max-documents <n>", "most YAML documents in one file").argParser(wholeNumber("--max-documents")));
}

/**
 * `-m` takes several paths, so in `faultline blast -m estate/ checkout` commander hands
 * `checkout` to -m. Values after the first that are not on disk are given back as
 * positional arguments, so both argument orders work.
 */
export function reclaimPositionals(ctx: CliContext, opts: LoadCliOptions, positionals: string[]): string[] {
  const m = opts.manifests;
  if (!m || m.length < 2) return positionals;
  const keep = [m[0]!];
  const moved: string[] = [];
  for (const p of m.slice(1)) (existsSync(ctx.path(p)) ? keep : moved).push(p);
  opts.manifests = keep;
  return [...moved, ...positionals];
}

/** The manifest paths: -m, else the config file, else a clear message and exit 2. */
export async function manifestPaths(ctx: CliContext, opts: LoadCliOptions): Promise<string[]> {
  if (opts.manifests && opts.manifests.length > 0) return opts.manifests;
  const cfg = await readConfig(ctx);
  if (cfg?.manifests && cfg.manifests.length > 0) return cfg.manifests;
  throw new ExitError(
    EXIT_BAD_INPUT,
    `no manifests given: pass -m <folder-or-file>, or create ${CONFIG_FILE} here with\n  manifests: [path/to/manifests]`,
  );
}

/** The library's load options from the command line (and the config file). */
export async function loadOptionsOf(ctx: CliContext, opts: LoadCliOptions): Promise<LoadOptions> {
  const limits: Partial<LoadLimits> = {};
  if (opts.maxFileSize) limits.maxFileBytes = opts.maxFileSize;
  if (opts.maxDepth) limits.maxDepth = opts.maxDepth;
  if (opts.maxAliases) limits.maxAliases = opts.maxAliases;
  if (opts.maxNodes) limits.maxNodes = opts.maxNodes;
  if (opts.maxFiles) limits.maxFiles = opts.maxFiles;
  if (opts.maxDocuments) limits.maxDocuments = opts.maxDocuments;
  const k8sLocation = opts.k8sLocation ?? (await readConfig(ctx))?.k8sLocation;
  return { strict: !!opts.strict, limits, cwd: ctx.cwd, ...(k8sLocation ? { k8sLocation } : {}) };
}

/** Prints load diagnostics on stderr (warnings too, unless --quiet), with their source lines. */
export async function printLoadDiagnostics(ctx: CliContext, opts: LoadCliOptions, diagnostics: readonly Diagnostic[]): Promise<void> {
  const shown = opts.quiet ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
  if (shown.length === 0) return;
  const { formatDiagnostics, styleFor } = await import("../index.js");
  ctx.stderr.write(formatDiagnostics(shown.map(cliDiagnostic), styleFor(ctx.stderr, ctx.env), sourceLines(ctx.cwd)));
}

/** Loads the estate; prints diagnostics to stderr; throws ExitError(2) when any is an error. */
export async function loadForCli(ctx: CliContext, opts: LoadCliOptions, given?: string[]): Promise<Estate> {
  const paths = given ?? (await manifestPaths(ctx, opts));
  const { loadEstate } = await import("../index.js");
  const result = loadEstate(paths, await loadOptionsOf(ctx, opts));
  await printLoadDiagnostics(ctx, opts, result.diagnostics);
  if (!result.ok) throw new ExitError(EXIT_BAD_INPUT);
  return result.estate;
}

/** Reads source lines for diagnostics, caching each file once. */
export function sourceLines(cwd: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    let lines = cache.get(file);
    if (lines === undefined) {
      try {
        const st = readFileSync(resolve(cwd, file));
        lines = st.length > 8 * 1024 * 1024 ? null : st.toString("utf8").split(/\r?\n/);
      } catch {
        lines = null;
      }
      cache.set(file, lines);
    }
    return lines?.[line - 1];
  };
}

export type { Diagnostic };
