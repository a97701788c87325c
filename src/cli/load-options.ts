/** The options every command that reads manifests shares, and the load itself. */
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync } from "node:fs";
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
  exclude?: string[];
  includePossible?: boolean;
  namespace?: string;
  profile?: string[];
  observed?: string[];
  observedAs?: "hard" | "soft";
}

/** An option parser for whole numbers of at least `min`; anything else is a usage error (exit 2). */
export const wholeNumber = (name: string, min = 1) => (v: string) => {
  // Plain decimal digits only: Number() would also take 0x10, 1e3 and " 7 ".
  const n = /^[0-9]{1,15}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min) throw new ExitError(EXIT_BAD_INPUT, `${name} takes a whole number ≥ ${min}, not ${JSON.stringify(v)}`);
  return n;
};

/** Adds -m, --strict, --k8s-location and the resource-limit flags. */
export function addLoadOptions(cmd: Command): Command {
  return cmd
    .option("-m, --manifests <path...>", `manifest files or folders (default: manifests: in ${CONFIG_FILE})`)
    .option("--strict", "treat warnings (unrecognised documents, dangling references in imported catalogs) as errors")
    .option("--k8s-location <location-id>", "location that Kubernetes workloads without a faultline/runs-on annotation run on")
    .option("-q, --quiet", "do not print warnings or the coverage summary")
    .option("--exclude <glob>", "a file or folder not to read; repeat for more (also `exclude:` in the config)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--include-possible", "keep possible dependencies (an address seen only through a bundle shared by many services) in the analyses")
    .option("--namespace <name>", "namespace of Kubernetes objects that name none (default: default)")
    .option("--profile <name>", "an active Compose profile, as `docker compose --profile`; repeat for more, `*` for all (default: compose.profiles in the config, else COMPOSE_PROFILES in each project's .env)", (v: string, prev: string[] = []) => [...prev, ...v.split(",")])
    .option("--observed <file...>", "observed calls: Jaeger/Zipkin dependencies JSON, service-graph or Istio metrics text (default: observed: in the config; see docs/drift.md)")
    .addOption(new Option("--observed-as <relation>", "how an observed call no manifest declares counts (default hard)").choices(["hard", "soft"]))
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
  const moved: string[] = [];
  // --observed takes several files too: the same rule applies to it.
  for (const key of ["manifests", "observed"] as const) {
    const m = opts[key];
    if (!m || m.length < 2) continue;
    const keep = [m[0]!];
    for (const p of m.slice(1)) (existsSync(ctx.path(p)) ? keep : moved).push(p);
    opts[key] = keep;
  }
  return [...moved, ...positionals];
}

/** The manifest paths: -m, else the config file, else a clear message and exit 2. */
export function manifestPaths(ctx: CliContext, opts: LoadCliOptions): string[] {
  if (opts.manifests && opts.manifests.length > 0) return opts.manifests;
  const cfg = readConfig(ctx);
  if (cfg?.manifests && cfg.manifests.length > 0) return cfg.manifests;
  throw new ExitError(
    EXIT_BAD_INPUT,
    `no manifests given: pass -m <folder-or-file>, or create ${CONFIG_FILE} here with\n  manifests: [path/to/manifests]`,
  );
}

/** The library's load options from the command line (and the config file). */
export function loadOptionsOf(ctx: CliContext, opts: LoadCliOptions): LoadOptions {
  const limits: Partial<LoadLimits> = {};
  if (opts.maxFileSize) limits.maxFileBytes = opts.maxFileSize;
  if (opts.maxDepth) limits.maxDepth = opts.maxDepth;
  if (opts.maxAliases) limits.maxAliases = opts.maxAliases;
  if (opts.maxNodes) limits.maxNodes = opts.maxNodes;
  if (opts.maxFiles) limits.maxFiles = opts.maxFiles;
  if (opts.maxDocuments) limits.maxDocuments = opts.maxDocuments;
  const cfg = readConfig(ctx);
  const k8sLocation = opts.k8sLocation ?? cfg?.k8sLocation;
  const exclude = [...(cfg?.exclude ?? []), ...(opts.exclude ?? [])];
  const profiles = opts.profile && opts.profile.length > 0 ? opts.profile : cfg?.compose?.profiles;
  return {
    strict: !!opts.strict,
    limits,
    cwd: ctx.cwd,
    ...(k8sLocation ? { k8sLocation } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
    ...(opts.includePossible ? { includePossible: true } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(profiles && profiles.length > 0 ? { composeProfiles: profiles } : {}),
    ...(cfg?.classify ? { classification: cfg.classify } : {}),
    ...(cfg?.placement ? { placement: cfg.placement } : {}),
  };
}

/** Prints load diagnostics on stderr (warnings too, unless --quiet), with their source lines. */
async function printLoadDiagnostics(ctx: CliContext, opts: LoadCliOptions, diagnostics: readonly Diagnostic[], files?: ReadonlySet<string>): Promise<void> {
  const shown = opts.quiet ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
  if (shown.length === 0) return;
  const { formatDiagnostics, styleFor } = await import("../index.js");
  ctx.stderr.write(formatDiagnostics(shown.map(cliDiagnostic), styleFor(ctx.stderr, ctx.env), sourceLines(ctx.cwd, files)));
}

/** Loads the estate; prints diagnostics to stderr; throws ExitError(2) when any is an error. */
export async function loadForCli(ctx: CliContext, opts: LoadCliOptions, paths: string[] = manifestPaths(ctx, opts), how: { observed?: boolean } = {}): Promise<Estate> {
  const { loadEstate } = await import("../index.js");
  const result = loadEstate(paths, loadOptionsOf(ctx, opts));
  await printLoadDiagnostics(ctx, opts, result.diagnostics, new Set(result.estate.files));
  if (!result.ok) throw new ExitError(EXIT_BAD_INPUT);
  if (!opts.quiet && result.estate.coverage) {
    const { report } = await import("../index.js");
    ctx.stderr.write(await report(result.estate.coverage, "text", { kind: "coverage" }));
  }
  if (how.observed === false) return result.estate;
  const observed = await loadObservedForCli(ctx, opts, result.estate);
  if (!observed) return result.estate;
  const { withObserved } = await import("../index.js");
  return withObserved(result.estate, observed, { as: observedAsOf(ctx, opts) });
}

/** How observed-only calls count: --observed-as, else observed.as in the config, else hard. */
export function observedAsOf(ctx: CliContext, opts: LoadCliOptions): "hard" | "soft" {
  return opts.observedAs ?? readConfig(ctx)?.observed?.as ?? "hard";
}

/** The observed files: --observed, else `observed:` in the config, else none. */
export function observedPaths(ctx: CliContext, opts: LoadCliOptions): string[] {
  if (opts.observed && opts.observed.length > 0) return opts.observed;
  return readConfig(ctx)?.observed?.files ?? [];
}

/**
 * Reads and resolves the observed files against `estate` (undefined when none are given);
 * prints diagnostics; throws ExitError(2) on a malformed file or a mapping to no service.
 */
export async function loadObservedForCli(ctx: CliContext, opts: LoadCliOptions, estate: Estate, paths: string[] = observedPaths(ctx, opts)): Promise<import("../index.js").ResolvedObserved | undefined> {
  if (paths.length === 0) return undefined;
  const { readObservedFiles, resolveObserved } = await import("../index.js");
  const limits = loadOptionsOf(ctx, opts).limits;
  const r = readObservedFiles(paths, { cwd: ctx.cwd, ...(limits ? { limits } : {}) });
  await printLoadDiagnostics(ctx, opts, r.diagnostics);
  if (!r.ok) throw new ExitError(EXIT_BAD_INPUT);
  const names = readConfig(ctx)?.observed?.names ?? new Map<string, string>();
  const resolved = resolveObserved(estate, r.data, names);
  const bad = resolved.unknownTargets;
  if (bad.length > 0) {
    throw new ExitError(EXIT_BAD_INPUT, `${CONFIG_FILE}: observed.names maps ${bad.map((b) => `${JSON.stringify(b.name)} to ${JSON.stringify(b.id)}`).join(", ")}, which ${bad.length === 1 ? "is" : "are"} no service\n  hint: map each observed name to the id of a service in the manifests`);
  }
  return resolved;
}

/**
 * Reads source lines for diagnostics, caching each file once. Only files the load read are
 * quoted (`files`, as displayed), and only regular files: a diagnostic about a skipped link
 * or device never opens it.
 */
export function sourceLines(cwd: string, files?: ReadonlySet<string>): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    if (files && !files.has(file)) return undefined;
    let lines = cache.get(file);
    if (lines === undefined) {
      lines = readQuotable(resolve(cwd, file))?.split(/\r?\n/) ?? null;
      cache.set(file, lines);
    }
    return lines?.[line - 1];
  };
}

export type { Diagnostic };

/** The text of `path` when it is a regular file of at most 8 MiB (opened without blocking: a FIFO is never waited on), else undefined. */
function readQuotable(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    // Size 0: empty, or a /proc file that claims 0 and could be endless; neither has a line to quote.
    return st.isFile() && st.size > 0 && st.size <= 8 * 1024 * 1024 ? readFileSync(fd, "utf8") : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
