/** `faultline check`: the CI gate — fails when the change makes the estate riskier than the base. */
import { Command, Option } from "commander";
import { addLoadOptions, loadOptionsOf, observedAsOf, observedPaths, sourceLines, type LoadCliOptions } from "../load-options.js";
import { readConfig } from "../config.js";
import { ExitError, EXIT_BAD_INPUT, EXIT_OK, EXIT_VIOLATIONS } from "../exit.js";
import { emit, stageWrite, type StagedWrite } from "../write-output.js";
import type { CliContext } from "../io.js";
import { cliDiagnostic, inCliWords } from "../flags.js";
import { lib } from "../lib.js";
import { addOutputOptions, formatOf } from "../output-options.js";
import type { CheckNotice } from "../../index.js";

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
  scope?: "change" | "all";
  output?: string;
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
    .addOption(
      new Option("--scope <scope>", "change: examine only the services the change can affect (violations elsewhere are neither new nor listed); all: examine every service and list every known violation (default: change; all for --format sarif and --write-baseline)").choices(["change", "all"]),
    )
    .addHelpText("after", () => rulesHelp);
  addOutputOptions(cmd, ["check"], { defaultFormat: "text" });
  addLoadOptions(cmd);
  cmd.action(async (opts: CheckOptions) => {
    if (opts.base === undefined && opts.baseDir === undefined && opts.baseline === undefined && opts.writeBaseline === undefined)
      throw new ExitError(EXIT_BAD_INPUT, "nothing to compare with: give --base <git-ref> (e.g. origin/main), --base-dir <dir> or --baseline <file>");
    const { checkChange, formatBaseline, report, styleFor } = lib();
    const format = formatOf(opts);
    const config = readConfig(ctx);
    const observedFiles = observedPaths(ctx, opts);
    const outcome = checkChange({
      cwd: ctx.cwd,
      ...(opts.base !== undefined ? { baseRef: opts.base } : {}),
      ...(opts.baseDir !== undefined ? { baseDir: opts.baseDir } : {}),
      ...(opts.manifests?.length ? { manifests: opts.manifests } : {}),
      ...(opts.k8sLocation !== undefined ? { k8sLocation: opts.k8sLocation } : {}),
      load: loadOptionsOf(ctx, { ...opts, k8sLocation: "" }),
      ...(opts.policy !== undefined ? { policyFile: opts.policy } : {}),
      ...(opts.baseline !== undefined ? { baselineFile: opts.baseline } : {}),
      ...(opts.gateInputsFromHead ? { gateInputsFromHead: true } : {}),
      failOn: opts.failOn,
      // --write-baseline records every violation of the head, and SARIF must list every known one
      // (code scanning closes the alerts a run leaves out), so both examine everything.
      scope: opts.writeBaseline !== undefined ? "all" : (opts.scope ?? (format === "sarif" ? "all" : "change")),
      ...(observedFiles.length > 0 ? { observed: { files: observedFiles, as: observedAsOf(ctx, opts), names: config?.observed?.names ?? new Map() } } : {}),
      ...(config?.availability ? { availabilityDefaults: config.availability } : {}),
    });
    for (const n of outcome.notices) printNotice(ctx, n, !!opts.quiet);
    if (!outcome.ok) throw new ExitError(EXIT_BAD_INPUT, inCliWords(outcome.message));
    const result = outcome.result;

    const { createRequire } = await import("node:module");
    const { version } = createRequire(import.meta.url)("../../../package.json") as { version: string };
    const style = opts.output ? undefined : styleFor(ctx.stdout, ctx.env);
    const text = await report(result, format, { kind: "check", version, srcRootPrefix: outcome.repoPrefix, ...(style ? { style } : {}) });
    // Both files are written in full first and made visible together: on any failure, neither.
    const staged: StagedWrite[] = [];
    try {
      if (opts.writeBaseline !== undefined) staged.push(stageWrite(ctx.path(opts.writeBaseline), formatBaseline(result.violations), opts.writeBaseline));
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

/** Prints one notice of the check: its header, then its diagnostics with their source lines (a quiet run keeps only the errors of a quiet notice). */
function printNotice(ctx: CliContext, n: CheckNotice, quiet: boolean): void {
  const items = quiet && n.quiet ? n.diagnostics.filter((d) => d.severity === "error") : n.diagnostics;
  if (n.header !== undefined) ctx.stderr.write(n.header);
  if (items.length === 0) return;
  const { formatDiagnostics, styleFor } = lib();
  const fromDisk = sourceLines(ctx.cwd, n.files ? new Set(n.files) : undefined);
  const texts = n.texts;
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
