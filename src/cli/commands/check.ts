/** `faultline check`: the CI gate — fails when the change makes the estate riskier than the base. */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { Command, Option } from "commander";
import { addLoadOptions, loadForCli, loadOptionsOf, manifestPaths, type LoadCliOptions } from "../load-options.js";
import { CONFIG_FILE, readConfig } from "../config.js";
import { ExitError, EXIT_BAD_INPUT, EXIT_OK, EXIT_VIOLATIONS } from "../exit.js";
import { emit, writeFileAtomic } from "../write-output.js";
import type { Diagnostic } from "../../manifest/diagnostics.js";

interface CheckOptions extends LoadCliOptions {
  base?: string;
  baseDir?: string;
  policy?: string;
  format: "text" | "json" | "markdown" | "sarif" | "github";
  failOn: "error" | "warning";
  baseline?: string;
  writeBaseline?: string;
  output?: string;
}

/** Prints diagnostics with source lines taken from `texts` (file → text) when given. */
async function printDiagnostics(items: readonly Diagnostic[], texts?: Map<string, string>): Promise<void> {
  const { formatDiagnostics } = await import("../../report/diagnostics-text.js");
  const { styleFor } = await import("../../report/terminal.js");
  const { sourceLines } = await import("../load-options.js");
  const fromDisk = sourceLines();
  const split = new Map<string, string[]>();
  const lines = (file: string, line: number) => {
    const t = texts?.get(file);
    if (t === undefined) return fromDisk(file, line);
    let l = split.get(file);
    if (!l) split.set(file, (l = t.split(/\r?\n/)));
    return l[line - 1];
  };
  process.stderr.write(formatDiagnostics(items, styleFor(process.stderr), lines));
}

let rulesHelp = "";

/**
 * Loads the rule registry for `check --help` just before `check` runs, so that start-up
 * (`faultline --help`, every other command) does not load the rules and the analyses they use.
 */
export async function prepareCheck(): Promise<void> {
  const { RULES } = await import("../../policy/registry.js");
  rulesHelp = `\nRules (default severity):\n${[...RULES.values()].map((r) => `  ${r.id.padEnd(31)} ${r.defaultSeverity.padEnd(8)} ${r.shortDescription}`).join("\n")}\n`;
}

export function checkCommand(): Command {
  const cmd = new Command("check")
    .summary("CI gate: fail when a change adds risk compared with a base")
    .description(
      "Compare the manifests of the working tree (head) with a base — a git ref (--base origin/main) or a folder (--base-dir) — evaluate the policy, and fail only on violations the change introduces. Exit 0: no new violation at the failing severity; 1: new violations; 2: bad input (head, base, policy, baseline or ref).",
    )
    .option("--base <git-ref>", "read the same manifest paths at this git ref (the working tree is not touched)")
    .option("--base-dir <dir>", "a checkout of the base (e.g. from `git worktree add`); the same manifest paths are read inside it")
    .option("--policy <file>", "policy file (default: faultline.policy.yaml, else policy: in faultline.config.yaml, else the defaults)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "markdown", "sarif", "github"]).default("text"))
    .addOption(new Option("--fail-on <severity>", "severity of new violations that fails the check").choices(["error", "warning"]).default("error"))
    .option("--baseline <file>", "accepted violations recorded with --write-baseline: they count as known")
    .option("--write-baseline <file>", "record the head's violations as the baseline (exit 0)")
    .option("-o, --output <file>", "write the report to a file (atomically) instead of stdout")
    .addHelpText("after", () => rulesHelp);
  addLoadOptions(cmd);
  cmd.action(async (opts: CheckOptions) => {
    if (opts.base !== undefined && opts.baseDir !== undefined) throw new ExitError(EXIT_BAD_INPUT, "give --base <git-ref> or --base-dir <dir>, not both");
    if (opts.base === undefined && opts.baseDir === undefined && opts.baseline === undefined && opts.writeBaseline === undefined)
      throw new ExitError(EXIT_BAD_INPUT, "nothing to compare with: give --base <git-ref> (e.g. origin/main), --base-dir <dir> or --baseline <file>");
    const cwd = process.cwd();
    const policy = await loadPolicyForCli(opts.policy);
    const { parseBaseline } = await import("../../policy/baseline.js");
    let baseline: import("../../policy/baseline.js").BaselineEntry[] | undefined;
    if (opts.baseline !== undefined) {
      let text: string;
      try {
        text = readFileSync(resolve(opts.baseline), "utf8");
      } catch (err) {
        throw new ExitError(EXIT_BAD_INPUT, `cannot read the baseline ${opts.baseline}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n  hint: create it with \`faultline check --write-baseline ${opts.baseline}\``);
      }
      const b = parseBaseline(opts.baseline, text);
      if (b.diagnostics.length > 0) {
        await printDiagnostics(b.diagnostics);
        throw new ExitError(EXIT_BAD_INPUT);
      }
      baseline = b.entries;
    }
    const paths = manifestPaths(opts);
    const head = await loadForCli(opts, paths);

    const { loadSources, loadEstate } = await import("../../manifest/load.js");
    const loadOpts = loadOptionsOf(opts);
    let base: import("../../model/types.js").Estate | undefined;
    let baseLabel: string | undefined;
    if (opts.base !== undefined) {
      const { resolveCommit, readManifestsAtRef, GitError } = await import("../../git/read-at-ref.js");
      let sources: import("../../manifest/load.js").ManifestSource[];
      try {
        const commit = resolveCommit(cwd, opts.base);
        sources = readManifestsAtRef(cwd, commit, paths);
      } catch (err) {
        if (err instanceof GitError) throw new ExitError(EXIT_BAD_INPUT, err.message);
        throw new ExitError(EXIT_BAD_INPUT, `cannot read the base ${opts.base} through git: ${String((err as Error).message).split("\n")[0]}`);
      }
      const r = loadSources(sources, loadOpts);
      if (!r.ok) {
        process.stderr.write(`faultline: the base (${opts.base}) does not load; these problems are on the base, not in your change:\n\n`);
        await printDiagnostics(
          r.diagnostics.filter((d) => d.severity === "error"),
          new Map(sources.map((s) => [s.file, s.text])),
        );
        throw new ExitError(EXIT_BAD_INPUT, `the base ${opts.base} does not load (fix it on the base branch, or compare with --baseline instead)`);
      }
      base = r.estate;
      baseLabel = opts.base;
    } else if (opts.baseDir !== undefined) {
      const dir = resolve(opts.baseDir);
      if (!existsSync(dir)) throw new ExitError(EXIT_BAD_INPUT, `--base-dir ${opts.baseDir}: no such folder`);
      // The manifest paths, relative to the working folder, are looked up inside the base folder.
      const rel = paths.map((p) => {
        const r = relative(process.cwd(), resolve(p));
        if (r.startsWith("..") || isAbsolute(r)) throw new ExitError(EXIT_BAD_INPUT, `--base-dir: manifest path ${p} lies outside the working folder, so it has no place in the base folder`);
        return r === "" ? "." : r;
      });
      // Paths missing on the base contribute nothing (the change may add them).
      const present = rel.filter((p) => existsSync(resolve(dir, p)));
      const r = present.length > 0 ? loadEstate(present, { ...loadOpts, cwd: dir }) : loadSources([], loadOpts);
      if (!r.ok) {
        process.stderr.write(`faultline: the base (${opts.baseDir}) does not load; these problems are on the base, not in your change:\n\n`);
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
          r.diagnostics.filter((d) => d.severity === "error"),
          texts,
        );
        throw new ExitError(EXIT_BAD_INPUT, `the base folder ${opts.baseDir} does not load`);
      }
      base = r.estate;
      baseLabel = opts.baseDir;
    }

    const { runCheck } = await import("../../policy/check.js");
    // --write-baseline records every violation of the head, so it examines everything.
    const input: import("../../policy/check.js").CheckInput = { head, policy, failOn: opts.failOn, scope: opts.writeBaseline !== undefined ? "all" : "change" };
    if (base) input.base = base;
    if (baseLabel !== undefined) input.baseLabel = baseLabel;
    if (baseline) input.baseline = baseline;
    const result = runCheck(input);

    const { repoRoot, repoPrefix } = await import("../../git/read-at-ref.js");
    const prefix = repoRoot(cwd) !== undefined ? repoPrefix(cwd) : "";
    let text: string;
    switch (opts.format) {
      case "json":
        text = (await import("../../report/check-json.js")).formatCheckJson(result);
        break;
      case "markdown":
        text = (await import("../../report/check-markdown.js")).formatCheckMarkdown(result);
        break;
      case "sarif": {
        const { createRequire } = await import("node:module");
        const { version } = createRequire(import.meta.url)("../../../package.json") as { version: string };
        text = (await import("../../report/sarif.js")).formatSarif(result, { version, srcRootPrefix: prefix });
        break;
      }
      case "github":
        text = (await import("../../report/github.js")).formatGithub(result, { srcRootPrefix: prefix });
        break;
      default: {
        const { styleFor } = await import("../../report/terminal.js");
        text = (await import("../../report/check-text.js")).formatCheckText(result, opts.output ? undefined : styleFor(process.stdout));
      }
    }
    if (opts.writeBaseline !== undefined) {
      const { formatBaseline } = await import("../../policy/baseline.js");
      writeFileAtomic(opts.writeBaseline, formatBaseline(result.violations));
      process.stderr.write(`faultline: wrote ${result.violations.length} violation${result.violations.length === 1 ? "" : "s"} to the baseline ${opts.writeBaseline}\n`);
    }
    emit(text, opts.output);
    process.exitCode = opts.writeBaseline !== undefined || result.passed ? EXIT_OK : EXIT_VIOLATIONS;
  });
  return cmd;
}

/** The policy: --policy file, else faultline.policy.yaml, else `policy:` in the config, else defaults. */
async function loadPolicyForCli(file: string | undefined) {
  const { parsePolicy, defaultPolicy, POLICY_FILE } = await import("../../policy/policy-file.js");
  let load: import("../../policy/policy-file.js").PolicyLoad | undefined;
  let text: string | undefined;
  let shown = "";
  const read = (p: string) => {
    try {
      return readFileSync(resolve(p), "utf8");
    } catch (err) {
      throw new ExitError(EXIT_BAD_INPUT, `cannot read the policy file ${p}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  if (file !== undefined) {
    shown = file;
    text = read(file);
    load = parsePolicy(file, text);
  } else if (existsSync(resolve(POLICY_FILE))) {
    shown = POLICY_FILE;
    text = read(POLICY_FILE);
    load = parsePolicy(POLICY_FILE, text);
  } else if (readConfig()?.policy !== undefined) {
    shown = CONFIG_FILE;
    text = read(CONFIG_FILE);
    load = parsePolicy(CONFIG_FILE, text, "policy");
  }
  if (!load) return defaultPolicy();
  if (load.diagnostics.length > 0) await printDiagnostics(load.diagnostics, new Map([[shown, text ?? ""]]));
  if (!load.ok) throw new ExitError(EXIT_BAD_INPUT, `the policy in ${shown} is not valid`);
  return load.policy;
}
