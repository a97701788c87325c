/** `faultline check`: the CI gate — fails when the change makes the estate riskier than the base. */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { Command, Option } from "commander";
import { addLoadOptions, loadOptionsOf, manifestPaths, type LoadCliOptions } from "../load-options.js";
import { CONFIG_FILE, readConfig } from "../config.js";
import { ExitError, EXIT_BAD_INPUT, EXIT_OK, EXIT_VIOLATIONS } from "../exit.js";
import { emit, stageWrite } from "../write-output.js";
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
  gateInputsFromHead?: boolean;
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
    .option("--baseline <file>", "accepted violations recorded with --write-baseline: they count as known (read from the base when there is one)")
    .option("--gate-inputs-from-head", "read the policy, the baseline and the config from the change (working tree) instead of the base: a pull request can then weaken its own gate")
    .option("--write-baseline <file>", "record the head's violations as the baseline (exit 0)")
    .addHelpText("after", () => rulesHelp);
  addOutputOptions(cmd, ["check"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (opts: CheckOptions) => {
    if (opts.base !== undefined && opts.baseDir !== undefined) throw new ExitError(EXIT_BAD_INPUT, "give --base <git-ref> or --base-dir <dir>, not both");
    if (opts.base === undefined && opts.baseDir === undefined && opts.baseline === undefined && opts.writeBaseline === undefined)
      throw new ExitError(EXIT_BAD_INPUT, "nothing to compare with: give --base <git-ref> (e.g. origin/main), --base-dir <dir> or --baseline <file>");
    const cwd = ctx.cwd;
    const gate = await import("../../policy/gate-inputs.js");
    const { loadBaseAtCommit, loadBaseFromFolder, newDanglingReferences } = await import("../../policy/check-base.js");
    const limits = loadOptionsOf(ctx, { ...opts, k8sLocation: "" }).limits ?? {};
    const req = { ...(opts.policy !== undefined ? { policyFile: opts.policy } : {}), ...(opts.baseline !== undefined ? { baselineFile: opts.baseline } : {}), limits };
    const gateInputs = async (source: import("../../policy/gate-inputs.js").GateSource, required: boolean) => {
      try {
        return gate.readGateInputs(source, { ...req, required });
      } catch (err) {
        if (!(err instanceof gate.GateInputError)) throw err;
        if (err.diagnostics.length > 0) await printDiagnostics(ctx, err.diagnostics, new Map(err.texts));
        throw new ExitError(EXIT_BAD_INPUT, err.message);
      }
    };
    // The head's gate inputs: used only with --gate-inputs-from-head or without a base, but always
    // checked, so a change cannot merge a broken policy, baseline or config unnoticed.
    const headInputs = await gateInputs(gate.folderSource(cwd, "the working tree", limits), true);

    // The base: a commit (read through git) or a folder.
    let baseSource: import("../../policy/gate-inputs.js").GateSource | undefined;
    let commit: string | undefined;
    if (opts.base !== undefined) {
      const { resolveCommit, readFileAtRef, GitError } = await import("../../load/read-at-ref.js");
      try {
        commit = resolveCommit(cwd, opts.base);
      } catch (err) {
        if (err instanceof GitError) throw new ExitError(EXIT_BAD_INPUT, err.message);
        throw err;
      }
      const at = commit;
      const max = limits.maxFileBytes ?? 32 * 1024 * 1024;
      baseSource = gate.readerSource(opts.base, (file) => {
        try {
          return readFileAtRef(cwd, at, file, max);
        } catch (err) {
          if (err instanceof GitError) throw new gate.GateInputError(err.message);
          throw new gate.GateInputError(`cannot read ${file} at ${opts.base} through git: ${String((err as Error).message).split("\n")[0]}`);
        }
      });
    } else if (opts.baseDir !== undefined) {
      const dir = ctx.path(opts.baseDir);
      if (!existsSync(dir)) throw new ExitError(EXIT_BAD_INPUT, `--base-dir ${opts.baseDir}: no such folder`);
      baseSource = gate.folderSource(dir, opts.baseDir, limits);
    }
    const baseInputs = baseSource ? await gateInputs(baseSource, false) : undefined;
    const fromHead = !baseInputs || !!opts.gateInputsFromHead;
    const used = fromHead ? headInputs : baseInputs!;
    const gateReport: import("../../policy/gate-inputs.js").GateInputsReport = { from: fromHead ? "head" : "base", changed: baseInputs ? gate.diffGateInputs(baseInputs, headInputs, { ...req, manifestsGiven: !!opts.manifests?.length, k8sLocationGiven: opts.k8sLocation !== undefined }) : [] };
    if (!opts.quiet) {
      const warnings = used.diagnostics.filter((d) => d.severity === "warning");
      if (warnings.length > 0) await printDiagnostics(ctx, warnings);
    }

    // The manifest paths and the Kubernetes location: the command line, else the config the gate uses.
    let paths: string[];
    if (opts.manifests && opts.manifests.length > 0) paths = opts.manifests;
    else if (used.config?.manifests && used.config.manifests.length > 0) paths = used.config.manifests;
    else if (!fromHead && headInputs.config?.manifests?.length)
      throw new ExitError(EXIT_BAD_INPUT, `the base (${used.source}) has no manifests: in ${CONFIG_FILE}, and the gate does not take them from the change\n  hint: pass -m <folder-or-file>, or --gate-inputs-from-head to use the change's config`);
    else paths = manifestPaths(ctx, opts);
    if (!opts.manifests?.length) {
      const { leavesRepository } = await import("../../load/config-paths.js");
      for (const p of paths) {
        const why = leavesRepository(cwd, p);
        if (why) throw new ExitError(EXIT_BAD_INPUT, `${CONFIG_FILE}: manifest path ${JSON.stringify(p)} leaves the repository (${why}); nothing was read`);
      }
    }
    const k8sLocation = opts.k8sLocation ?? used.config?.k8sLocation ?? "";
    const loadOpts = loadOptionsOf(ctx, { ...opts, k8sLocation });
    const policy = used.policy;
    const baseline = used.baseline;

    const { loadEstate } = await import("../../load/load.js");
    const { formatDiagnostics } = await import("../../report/diagnostics-text.js");
    const { styleFor: styleOf } = await import("../../report/terminal.js");
    const { sourceLines } = await import("../load-options.js");
    const parses: import("../../load/load.js").ParseCache = { record: true, files: new Map() };
    const headLoad = loadEstate(paths, { ...loadOpts, parses });
    parses.record = false;

    let base: import("../../model/types.js").Estate | undefined;
    let baseDiagnostics: import("../../diagnostics/diagnostics.js").Diagnostic[] | undefined;
    const baseLabel = opts.base ?? opts.baseDir;
    if (baseSource) {
      let rel: string[];
      try {
        rel = gate.relativeManifestPaths(cwd, paths);
      } catch (err) {
        throw new ExitError(EXIT_BAD_INPUT, (err as Error).message);
      }
      let b: import("../../policy/check-base.js").BaseLoad;
      try {
        b = commit !== undefined ? loadBaseAtCommit(cwd, commit, rel, { ...loadOpts, parses }) : loadBaseFromFolder(ctx.path(opts.baseDir!), cwd, rel, { ...loadOpts, parses });
      } catch (err) {
        const { GitError } = await import("../../load/read-at-ref.js");
        if (err instanceof GitError) throw new ExitError(EXIT_BAD_INPUT, err.message);
        throw new ExitError(EXIT_BAD_INPUT, `cannot read the base ${baseLabel}: ${String((err as Error).message).split("\n")[0]}`);
      }
      if (!b.result.ok) {
        ctx.stderr.write(`faultline: the base (${baseLabel}) does not load; these problems are on the base, not in your change:\n\n`);
        await printDiagnostics(
          ctx,
          b.result.diagnostics.filter((d) => d.severity === "error"),
          b.texts,
        );
        throw new ExitError(EXIT_BAD_INPUT, `the base ${baseLabel} does not load (fix it on the base branch, or compare with --baseline instead)`);
      }
      base = b.result.estate;
      baseDiagnostics = b.result.diagnostics;
      parses.files.clear();
    }
    // Dangling references the change adds are errors here: a dependency the gate cannot see must fail.
    const fresh = new Set(newDanglingReferences(headLoad.diagnostics, baseDiagnostics));
    for (const d of fresh) {
      d.severity = "error";
      d.hint = `${d.hint ? `${d.hint}; ` : ""}new in this change: check does not accept a dependency it cannot see (add the target, or fix the reference)`;
    }
    const shown = opts.quiet ? headLoad.diagnostics.filter((d) => d.severity === "error") : headLoad.diagnostics;
    if (shown.length > 0) ctx.stderr.write(formatDiagnostics(shown.map(cliDiagnostic), styleOf(ctx.stderr, ctx.env), sourceLines(cwd, new Set(headLoad.estate.files))));
    if (!headLoad.ok || fresh.size > 0) throw new ExitError(EXIT_BAD_INPUT);
    let head = headLoad.estate;
    // Observed calls (--observed, or observed: in the config) join the head as in every command.
    const { loadObservedForCli, observedAsOf } = await import("../load-options.js");
    const observed = await loadObservedForCli(ctx, opts, head);
    if (observed) head = (await import("../../observed/resolve.js")).withObserved(head, observed, { as: observedAsOf(ctx, opts) });

    if (base && head.observed) base = await observedOnBase(ctx, opts, base, baseLabel ?? "base");

    const { runCheck } = await import("../../policy/check.js");
    // --write-baseline records every violation of the head, so it examines everything.
    const input: import("../../policy/check.js").CheckInput = { head, policy, failOn: opts.failOn, scope: opts.writeBaseline !== undefined ? "all" : "change" };
    if (base) input.base = base;
    if (baseLabel !== undefined) input.baseLabel = baseLabel;
    if (baseline) input.baseline = baseline;
    const availabilityDefaults = readConfig(ctx)?.availability;
    if (availabilityDefaults) input.availabilityDefaults = availabilityDefaults;
    input.gateInputs = gateReport;
    const result = runCheck(input);

    const { repoRoot, repoPrefix } = await import("../../load/read-at-ref.js");
    const prefix = repoRoot(cwd) !== undefined ? repoPrefix(cwd) : "";
    const { createRequire } = await import("node:module");
    const { version } = createRequire(import.meta.url)("../../../package.json") as { version: string };
    const format = opts.json ? "json" : (opts.format ?? "text");
    const { report } = await import("../../index.js");
    const { styleFor } = await import("../../index.js");
    const style = opts.output ? undefined : styleFor(ctx.stdout, ctx.env);
    const text = await report(result, format, { kind: "check", version, srcRootPrefix: prefix, ...(style ? { style } : {}) });
    // Both files are written in full first and made visible together: on any failure, neither.
    const staged: import("../write-output.js").StagedWrite[] = [];
    try {
      if (opts.writeBaseline !== undefined) {
        const { formatBaseline } = await import("../../policy/baseline.js");
        staged.push(stageWrite(ctx.path(opts.writeBaseline), formatBaseline(result.violations), opts.writeBaseline));
      }
      if (opts.output) staged.push(stageWrite(ctx.path(opts.output), text, opts.output));
    } catch (err) {
      for (const s of staged) s.abort();
      throw err;
    }
    for (const s of staged) s.commit();
    if (opts.writeBaseline !== undefined) ctx.stderr.write(`faultline: wrote ${result.violations.length} violation${result.violations.length === 1 ? "" : "s"} to the baseline ${opts.writeBaseline}\n`);
    if (!opts.output) emit(ctx, text, undefined, format === "github");
    ctx.exitCode = opts.writeBaseline !== undefined || result.passed ? EXIT_OK : EXIT_VIOLATIONS;
  });
  return cmd;
}

/**
 * The base with the observed files as they are on the base (read at the ref, or inside
 * --base-dir; missing there: none), so a change that brings a new observed call is judged
 * against a base that did not show it.
 */
async function observedOnBase(ctx: CliContext, opts: CheckOptions, base: import("../../model/types.js").Estate, label: string): Promise<import("../../model/types.js").Estate> {
  const { observedPaths, observedAsOf } = await import("../load-options.js");
  const { readObservedSources } = await import("../../observed/read-observed.js");
  const { resolveObserved, withObserved } = await import("../../observed/resolve.js");
  const paths = observedPaths(ctx, opts);
  let sources: Array<{ file: string; text: string }> = [];
  if (opts.base !== undefined) {
    const { resolveCommit, readManifestsAtRef } = await import("../../load/read-at-ref.js");
    sources = readManifestsAtRef(ctx.cwd, resolveCommit(ctx.cwd, opts.base), paths);
  } else if (opts.baseDir !== undefined) {
    for (const p of paths) {
      const r = relative(ctx.cwd, ctx.path(p));
      const inBase = resolve(ctx.path(opts.baseDir), r);
      if (r.startsWith("..") || isAbsolute(r) || !existsSync(inBase)) continue;
      sources.push({ file: p, text: readFileSync(inBase, "utf8") });
    }
  }
  const r = readObservedSources(sources);
  if (!r.ok) {
    ctx.stderr.write(`faultline: the observed files of the base (${label}) do not read; these problems are on the base, not in your change:\n\n`);
    await printDiagnostics(ctx, r.diagnostics.filter((d) => d.severity === "error"), new Map(sources.map((s) => [s.file, s.text])));
    throw new ExitError(EXIT_BAD_INPUT, `the observed files of the base ${label} do not read`);
  }
  const names = readConfig(ctx)?.observed?.names ?? new Map<string, string>();
  return withObserved(base, resolveObserved(base, r.data, names), { as: observedAsOf(ctx, opts) });
}
