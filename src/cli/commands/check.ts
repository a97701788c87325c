/** `faultline check`: the CI gate — fails when the change makes the estate riskier than the base. */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, loadOptionsOf, manifestPaths, type LoadCliOptions } from "../load-options.js";
import { CONFIG_FILE, readConfig } from "../config.js";
import { ExitError, EXIT_BAD_INPUT, EXIT_OK, EXIT_VIOLATIONS } from "../exit.js";
import { emit, writeFileAtomic } from "../write-output.js";
import type { CliContext } from "../io.js";
import { cliDiagnostic } from "../flags.js";
import { addOutputOptions } from "../output-options.js";
import type { Diagnostic } from "../../index.js";

interface CheckOptions extends LoadCliOptions {
  base?: string;
  baseDir?: string;
  policy?: string;
  format?: string;
  json?: boolean;
  failOn: "error" | "warning";
  baseline?: string;
  writeBaseline?: string;
  output?: string;
}

/** Prints diagnostics with source lines taken from `texts` (file → text) when given. */
async function printDiagnostics(ctx: CliContext, items: readonly Diagnostic[], texts?: Map<string, string>): Promise<void> {
  const { formatDiagnostics } = await import("../../index.js");
  const { styleFor } = await import("../../index.js");
  const { sourceLines } = await import("../load-options.js");
  const fromDisk = sourceLines(ctx.cwd);
  const split = new Map<string, string[]>();
  const lines = (file: string, line: number) => {
    const t = texts?.get(file);
    if (t === undefined) return fromDisk(file, line);
    let l = split.get(file);
    if (!l) split.set(file, (l = t.split(/\r?\n/)));
    return l[line - 1];
  };
  ctx.stderr.write(formatDiagnostics(items.map(cliDiagnostic), styleFor(ctx.stderr, ctx.env), lines));
}

let rulesHelp = "";

/**
 * Loads the rule registry for `check --help` just before `check` runs, so that start-up
 * (`faultline --help`, every other command) does not load the rules and the analyses they use.
 */
export async function prepareCheck(): Promise<void> {
  const { RULES } = await import("../../index.js");
  rulesHelp = `\nRules (default severity):\n${[...RULES.values()].map((r) => `  ${r.id.padEnd(31)} ${r.defaultSeverity.padEnd(8)} ${r.shortDescription}`).join("\n")}\n`;
}

export function checkCommand(ctx: CliContext): Command {
  const cmd = new Command("check")
    .summary("CI gate: fail when a change adds risk compared with a base")
    .description(
      "Compare the manifests of the working tree (head) with a base — a git ref (--base origin/main) or a folder (--base-dir) — evaluate the policy, and fail only on violations the change introduces. Exit 0: no new violation at the failing severity; 1: new violations; 2: bad input (head, base, policy, baseline or ref).",
    )
    .option("--base <git-ref>", "read the same manifest paths at this git ref (the working tree is not touched)")
    .option("--base-dir <dir>", "a checkout of the base (e.g. from `git worktree add`); the same manifest paths are read inside it")
    .option("--policy <file>", "policy file (default: faultline.policy.yaml, else policy: in faultline.config.yaml, else the defaults)")
    .addOption(new Option("--fail-on <severity>", "severity of new violations that fails the check").choices(["error", "warning"]).default("error"))
    .option("--baseline <file>", "accepted violations recorded with --write-baseline: they count as known")
    .option("--write-baseline <file>", "record the head's violations as the baseline (exit 0)")
    .addHelpText("after", () => rulesHelp);
  addOutputOptions(cmd, ["check"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (opts: CheckOptions) => {
    if (opts.base !== undefined && opts.baseDir !== undefined) throw new ExitError(EXIT_BAD_INPUT, "give --base <git-ref> or --base-dir <dir>, not both");
    if (opts.base === undefined && opts.baseDir === undefined && opts.baseline === undefined && opts.writeBaseline === undefined)
      throw new ExitError(EXIT_BAD_INPUT, "nothing to compare with: give --base <git-ref> (e.g. origin/main), --base-dir <dir> or --baseline <file>");
    const cwd = ctx.cwd;
    const policy = await loadPolicyForCli(ctx, opts.policy);
    const { parseBaseline } = await import("../../index.js");
    let baseline: import("../../index.js").BaselineEntry[] | undefined;
    if (opts.baseline !== undefined) {
      let text: string;
      try {
        text = readFileSync(ctx.path(opts.baseline), "utf8");
      } catch (err) {
        throw new ExitError(EXIT_BAD_INPUT, `cannot read the baseline ${opts.baseline}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n  hint: create it with \`faultline check --write-baseline ${opts.baseline}\``);
      }
      const b = parseBaseline(opts.baseline, text);
      if (b.diagnostics.length > 0) {
        await printDiagnostics(ctx, b.diagnostics);
        throw new ExitError(EXIT_BAD_INPUT);
      }
      baseline = b.entries;
    }
    const paths = (await manifestPaths(ctx, opts));
    const head = await loadForCli(ctx, opts, paths);

    const { loadSources, loadEstate } = await import("../../index.js");
    const loadOpts = (await loadOptionsOf(ctx, opts));
    let base: import("../../index.js").Estate | undefined;
    let baseLabel: string | undefined;
    if (opts.base !== undefined) {
      const { resolveCommit, readManifestsAtRef, GitError } = await import("../../index.js");
      let sources: import("../../index.js").ManifestSource[];
      try {
        const commit = resolveCommit(cwd, opts.base);
        sources = readManifestsAtRef(cwd, commit, paths);
      } catch (err) {
        if (err instanceof GitError) throw new ExitError(EXIT_BAD_INPUT, err.message);
        throw new ExitError(EXIT_BAD_INPUT, `cannot read the base ${opts.base} through git: ${String((err as Error).message).split("\n")[0]}`);
      }
      const r = loadSources(sources, loadOpts);
      if (!r.ok) {
        ctx.stderr.write(`faultline: the base (${opts.base}) does not load; these problems are on the base, not in your change:\n\n`);
        await printDiagnostics(
          ctx,
          r.diagnostics.filter((d) => d.severity === "error"),
          new Map(sources.map((s) => [s.file, s.text])),
        );
        throw new ExitError(EXIT_BAD_INPUT, `the base ${opts.base} does not load (fix it on the base branch, or compare with --baseline instead)`);
      }
      base = r.estate;
      baseLabel = opts.base;
    } else if (opts.baseDir !== undefined) {
      const dir = ctx.path(opts.baseDir);
      if (!existsSync(dir)) throw new ExitError(EXIT_BAD_INPUT, `--base-dir ${opts.baseDir}: no such folder`);
      // The manifest paths, relative to the working folder, are looked up inside the base folder.
      const rel = paths.map((p) => {
        const r = relative(cwd, resolve(cwd, p));
        if (r.startsWith("..") || isAbsolute(r)) throw new ExitError(EXIT_BAD_INPUT, `--base-dir: manifest path ${p} lies outside the working folder, so it has no place in the base folder`);
        return r === "" ? "." : r;
      });
      // Paths missing on the base contribute nothing (the change may add them).
      const present = rel.filter((p) => existsSync(resolve(dir, p)));
      const r = present.length > 0 ? loadEstate(present, { ...loadOpts, cwd: dir }) : loadSources([], loadOpts);
      if (!r.ok) {
        ctx.stderr.write(`faultline: the base (${opts.baseDir}) does not load; these problems are on the base, not in your change:\n\n`);
        const texts = new Map<string, string>();
        for (const d of r.diagnostics) {
          if (d.file && !texts.has(d.file)) {
            try {
              texts.set(d.file, readFileSync(resolve(dir, d.file), "utf8"));
            } catch {
              /* no source line then */
            }
          }
        }
        await printDiagnostics(
          ctx,
          r.diagnostics.filter((d) => d.severity === "error"),
          texts,
        );
        throw new ExitError(EXIT_BAD_INPUT, `the base folder ${opts.baseDir} does not load`);
      }
      base = r.estate;
      baseLabel = opts.baseDir;
    }

    const { runCheck } = await import("../../index.js");
    const input: import("../../index.js").CheckInput = { head, policy, failOn: opts.failOn };
    if (base) input.base = base;
    if (baseLabel !== undefined) input.baseLabel = baseLabel;
    if (baseline) input.baseline = baseline;
    const result = runCheck(input);

    const { repoRoot, repoPrefix } = await import("../../index.js");
    const prefix = repoRoot(cwd) !== undefined ? repoPrefix(cwd) : "";
    const { createRequire } = await import("node:module");
    const { version } = createRequire(import.meta.url)("../../../package.json") as { version: string };
    const format = opts.json ? "json" : (opts.format ?? "text");
    const { report } = await import("../../index.js");
    const { styleFor } = await import("../../index.js");
    const style = opts.output ? undefined : styleFor(ctx.stdout, ctx.env);
    const text = await report(result, format, { kind: "check", version, srcRootPrefix: prefix, ...(style ? { style } : {}) });
    if (opts.writeBaseline !== undefined) {
      const { formatBaseline } = await import("../../index.js");
      writeFileAtomic(ctx.path(opts.writeBaseline), formatBaseline(result.violations), opts.writeBaseline);
      ctx.stderr.write(`faultline: wrote ${result.violations.length} violation${result.violations.length === 1 ? "" : "s"} to the baseline ${opts.writeBaseline}\n`);
    }
    emit(ctx, text, opts.output);
    ctx.exitCode = opts.writeBaseline !== undefined || result.passed ? EXIT_OK : EXIT_VIOLATIONS;
  });
  return cmd;
}

/** The policy: --policy file, else faultline.policy.yaml, else `policy:` in the config, else defaults. */
async function loadPolicyForCli(ctx: CliContext, file: string | undefined) {
  const { parsePolicy, defaultPolicy, POLICY_FILE } = await import("../../index.js");
  let load: import("../../index.js").PolicyLoad | undefined;
  let text: string | undefined;
  let shown = "";
  const read = (p: string) => {
    try {
      return readFileSync(ctx.path(p), "utf8");
    } catch (err) {
      throw new ExitError(EXIT_BAD_INPUT, `cannot read the policy file ${p}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  if (file !== undefined) {
    shown = file;
    text = read(file);
    load = parsePolicy(file, text);
  } else if (existsSync(ctx.path(POLICY_FILE))) {
    shown = POLICY_FILE;
    text = read(POLICY_FILE);
    load = parsePolicy(POLICY_FILE, text);
  } else if ((await readConfig(ctx))?.hasPolicy) {
    shown = CONFIG_FILE;
    text = read(CONFIG_FILE);
    load = parsePolicy(CONFIG_FILE, text, "policy");
  }
  if (!load) return defaultPolicy();
  if (load.diagnostics.length > 0) await printDiagnostics(ctx, load.diagnostics, new Map([[shown, text ?? ""]]));
  if (!load.ok) throw new ExitError(EXIT_BAD_INPUT, `the policy in ${shown} is not valid`);
  return load.policy;
}
