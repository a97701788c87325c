/**
 * `faultline check` as one library call: reads the gate's inputs (policy, baseline, config)
 * from the base unless told otherwise, loads the head (the working tree) and the base (a git
 * ref or a folder) with the base reusing the head's parse of every unchanged file, adds the
 * observed calls of each side, and runs the check. Everything the CLI prints comes back as
 * notices, in order, so the command stays a thin layer of flags and output.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostics.js";
import { CONFIG_FILE } from "../load/config.js";
import { leavesRepository } from "../load/config-paths.js";
import { loadEstate, type LoadOptions, type ParseCache } from "../load/load.js";
import { GitError, readFileAtRef, readManifestsAtRef, repoPlace, resolveCommit, type RepoPlace } from "../load/read-at-ref.js";
import type { Estate } from "../model/types.js";
import { unknownMappingTargets } from "../observed/match-names.js";
import { readObservedFiles, readObservedSources } from "../observed/read-observed.js";
import { resolveObserved, withObserved } from "../observed/resolve.js";
import { runCheck, type CheckInput, type CheckResult } from "./check.js";
import { loadBaseAtCommit, loadBaseFromFolder, newDanglingReferences, type BaseLoad } from "./check-base.js";
import { diffGateInputs, folderSource, GateInputError, readerSource, readGateInputs, relativeManifestPaths, type GateInputRequest, type GateInputs, type GateInputsReport, type GateSource } from "./gate-inputs.js";
import type { RuleContext, ViolationSeverity } from "./types.js";

/** What `checkChange` compares, and how. */
export interface CheckChangeOptions {
  /** The working folder: the head is its working tree; relative paths are resolved against it. */
  cwd: string;
  /** A git ref to compare with (read through git; the working tree is not touched). */
  baseRef?: string;
  /** Or a folder holding a checkout of the base (relative to `cwd`, or absolute). */
  baseDir?: string;
  /** Manifest paths given explicitly (else the config's `manifests:` of the side the gate trusts). */
  manifests?: readonly string[];
  /** The Kubernetes location given explicitly (else the config's `k8sLocation:` of that side). */
  k8sLocation?: string;
  /** Load options (limits, strict, excludes, classification, …), `k8sLocation` aside. */
  load?: LoadOptions;
  /** A policy file instead of `faultline.policy.yaml` / the config's `policy:`. */
  policyFile?: string;
  /** A baseline file of accepted violations (read from the base when there is one). */
  baselineFile?: string;
  /** Read the policy, baseline and config from the head: a change can then weaken its own gate. */
  gateInputsFromHead?: boolean;
  failOn?: ViolationSeverity;
  /** `all` examines every subject on both sides (what writing a baseline needs); default `change`. */
  scope?: "change" | "all";
  /** Observed-call files (paths relative to `cwd`), how observed-only calls count, and the names they map. */
  observed?: { files: readonly string[]; as: "hard" | "soft"; names?: ReadonlyMap<string, string> };
  /** Availability defaults (the config's `availability.defaults`). */
  availabilityDefaults?: RuleContext["availabilityDefaults"];
}

/** The header of diagnostics that are the base's: the change did not cause them. */
const onTheBase = (what: string) => `faultline: ${what}; these problems are on the base, not in your change:\n\n`;

/** What is wrong with the options a caller gave (they may come from untyped code), or undefined. */
function badOptions(o: CheckChangeOptions): string | undefined {
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");
  if (o.baseRef !== undefined && o.baseDir !== undefined) return "give options.baseRef or options.baseDir, not both";
  if (o.baseRef === undefined && o.baseDir === undefined && o.baselineFile === undefined && o.scope !== "all")
    return "nothing to compare with: give baseRef (e.g. origin/main), baseDir or baselineFile (or scope: \"all\" to record a baseline)";
  if (o.manifests !== undefined && !strings(o.manifests)) return "manifests must be a list of paths";
  if (o.scope !== undefined && o.scope !== "change" && o.scope !== "all") return `scope must be "change" or "all", not ${JSON.stringify(o.scope)}`;
  if (o.failOn !== undefined && o.failOn !== "error" && o.failOn !== "warning") return `failOn must be "error" or "warning", not ${JSON.stringify(o.failOn)}`;
  return undefined;
}

/**
 * Diagnostics to show, in order: `texts` holds the sources they quote when these are not on
 * disk (a base read from git); otherwise they quote the files of `files` (all files when absent).
 * `quiet` notices are left out, warnings and all, by a quiet run except for their errors.
 */
export interface CheckNotice {
  /** A line shown before the diagnostics. */
  header?: string;
  diagnostics: Diagnostic[];
  texts?: ReadonlyMap<string, string>;
  files?: readonly string[];
  /** True for notices a quiet run reduces to their errors (load and gate-input warnings). */
  quiet?: boolean;
}

/** The outcome: the result, or why the check could not run (exit 2), with the notices either way. */
export type CheckChangeOutcome =
  | {
      ok: true;
      result: CheckResult;
      notices: CheckNotice[];
      /** Where `cwd` lies inside its git repository (`sub/dir/`; "" at the top or outside git): reports prefix paths with it. */
      repoPrefix: string;
    }
  | { ok: false; message: string; notices: CheckNotice[] };

class Stop extends Error {}

/** Runs `faultline check`: see CheckChangeOptions. Never throws for bad input (it says so in the outcome). */
export function checkChange(options: CheckChangeOptions): CheckChangeOutcome {
  const notices: CheckNotice[] = [];
  const bad = badOptions(options);
  if (bad) return { ok: false, message: bad, notices };
  try {
    // Where the working folder lies in git, asked once: base reads and report paths both need it.
    const place = repoPlace(resolve(options.cwd));
    const result = run(options, notices, place);
    return { ok: true, result, notices, repoPrefix: place?.prefix ?? "" };
  } catch (err) {
    if (err instanceof Stop) return { ok: false, message: err.message, notices };
    if (err instanceof GitError) return { ok: false, message: err.message, notices };
    throw err;
  }
}

function run(o: CheckChangeOptions, notices: CheckNotice[], place: RepoPlace | undefined): CheckResult {
  const cwd = resolve(o.cwd);
  const load = o.load ?? {};
  const limits = load.limits ?? {};
  const req: GateInputRequest = { ...(o.policyFile !== undefined ? { policyFile: o.policyFile } : {}), ...(o.baselineFile !== undefined ? { baselineFile: o.baselineFile } : {}), limits };
  const gateInputs = (source: GateSource, required: boolean, base?: string): GateInputs => {
    try {
      return readGateInputs(source, { ...req, required });
    } catch (err) {
      if (!(err instanceof GateInputError)) throw err;
      const header = base !== undefined ? onTheBase(`the gate's inputs on the base (${base}) do not read`) : undefined;
      if (err.diagnostics.length > 0) notices.push({ ...(header ? { header } : {}), diagnostics: [...err.diagnostics], texts: new Map(err.texts) });
      throw new Stop(err.message);
    }
  };
  // The head's gate inputs: used only with gateInputsFromHead or without a base, but always
  // checked, so a change cannot merge a broken policy, baseline or config unnoticed.
  const headInputs = gateInputs(folderSource(cwd, "the working tree", limits), true);

  // The base: a commit (read through git) or a folder.
  let baseSource: GateSource | undefined;
  let commit: string | undefined;
  const baseDir = o.baseDir !== undefined ? resolve(cwd, o.baseDir) : undefined;
  if (o.baseRef !== undefined) {
    const at = (commit = resolveCommit(cwd, o.baseRef, place));
    const max = limits.maxFileBytes ?? 32 * 1024 * 1024;
    baseSource = readerSource(o.baseRef, (file) => {
      try {
        return readFileAtRef(cwd, at, file, max, place?.prefix);
      } catch (err) {
        if (err instanceof GitError) throw new GateInputError(err.message);
        throw new GateInputError(`cannot read ${file} at ${o.baseRef} through git: ${String((err as Error).message).split("\n")[0]}`);
      }
    });
  } else if (baseDir !== undefined) {
    if (!existsSync(baseDir)) throw new Stop(`--base-dir ${o.baseDir}: no such folder`);
    baseSource = folderSource(baseDir, o.baseDir!, limits);
  }
  const baseInputs = baseSource ? gateInputs(baseSource, false, o.baseRef ?? o.baseDir) : undefined;
  const fromHead = !baseInputs || !!o.gateInputsFromHead;
  const used = fromHead ? headInputs : baseInputs!;
  const gateReport: GateInputsReport = {
    from: fromHead ? "head" : "base",
    changed: baseInputs ? diffGateInputs(baseInputs, headInputs, { ...req, manifestsGiven: !!o.manifests?.length, k8sLocationGiven: o.k8sLocation !== undefined }) : [],
  };
  const warnings = used.diagnostics.filter((d) => d.severity === "warning");
  if (warnings.length > 0) notices.push({ diagnostics: warnings, quiet: true });

  // The manifest paths and the Kubernetes location: given, else the config the gate uses.
  let paths: string[];
  if (o.manifests && o.manifests.length > 0) paths = [...o.manifests];
  else if (used.config?.manifests && used.config.manifests.length > 0) paths = used.config.manifests;
  else if (!fromHead && headInputs.config?.manifests?.length)
    throw new Stop(`the base (${used.source}) has no manifests: in ${CONFIG_FILE}, and the gate does not take them from the change\n  hint: pass -m <folder-or-file>, or --gate-inputs-from-head to use the change's config`);
  else if (headInputs.config?.manifests?.length) paths = headInputs.config.manifests;
  else throw new Stop(`no manifests given: pass -m <folder-or-file>, or create ${CONFIG_FILE} here with\n  manifests: [path/to/manifests]`);
  if (!o.manifests?.length) {
    for (const p of paths) {
      const why = leavesRepository(cwd, p);
      if (why) throw new Stop(`${CONFIG_FILE}: manifest path ${JSON.stringify(p)} leaves the repository (${why}); nothing was read`);
    }
  }
  const k8sLocation = o.k8sLocation ?? used.config?.k8sLocation ?? "";
  const { k8sLocation: _ignored, ...rest } = load;
  // No coverage summary: the check shows neither side's.
  const loadOpts: LoadOptions = { ...rest, cwd, coverage: false, ...(k8sLocation ? { k8sLocation } : {}) };

  // The head records its parses; the base reuses those of files with the same text.
  const parses: ParseCache = { record: true, files: new Map() };
  const headLoad = loadEstate(paths, { ...loadOpts, parses });
  parses.record = false;

  let base: Estate | undefined;
  let baseDiagnostics: Diagnostic[] | undefined;
  const baseLabel = o.baseRef ?? o.baseDir;
  if (baseSource) {
    let rel: string[];
    try {
      rel = relativeManifestPaths(cwd, paths);
    } catch (err) {
      throw new Stop((err as Error).message);
    }
    let b: BaseLoad;
    try {
      b = commit !== undefined ? loadBaseAtCommit(cwd, commit, rel, { ...loadOpts, parses }, place?.prefix) : loadBaseFromFolder(baseDir!, cwd, rel, { ...loadOpts, parses });
    } catch (err) {
      if (err instanceof GitError) throw err;
      throw new Stop(`cannot read the base ${baseLabel}: ${String((err as Error).message).split("\n")[0]}`);
    }
    parses.files.clear();
    if (!b.result.ok) {
      notices.push({ header: onTheBase(`the base (${baseLabel}) does not load`), diagnostics: b.result.diagnostics.filter((d) => d.severity === "error"), texts: b.texts });
      throw new Stop(`the base ${baseLabel} does not load (fix it on the base branch, or compare with --baseline instead)`);
    }
    base = b.result.estate;
    baseDiagnostics = b.result.diagnostics;
  }
  // Dangling references the change adds are errors here: a dependency the gate cannot see must fail.
  const fresh = new Set(newDanglingReferences(headLoad.diagnostics, baseDiagnostics));
  for (const d of fresh) {
    d.severity = "error";
    d.hint = `${d.hint ? `${d.hint}; ` : ""}new in this change: check does not accept a dependency it cannot see (add the target, or fix the reference)`;
  }
  if (headLoad.diagnostics.length > 0) notices.push({ diagnostics: headLoad.diagnostics, files: headLoad.estate.files, quiet: true });
  if (!headLoad.ok || fresh.size > 0) throw new Stop("");
  let head = headLoad.estate;

  // Observed calls join the head as in every command, and the base as the base shows them.
  const obs = o.observed;
  if (obs && obs.files.length > 0) {
    const r = readObservedFiles(obs.files, { cwd, limits });
    if (r.diagnostics.length > 0) notices.push({ diagnostics: r.diagnostics, quiet: true });
    if (!r.ok) throw new Stop("");
    const names = obs.names ?? new Map<string, string>();
    const bad = unknownMappingTargets(head, names);
    if (bad.length > 0) {
      throw new Stop(`${CONFIG_FILE}: observed.names maps ${bad.map((x) => `${JSON.stringify(x.name)} to ${JSON.stringify(x.id)}`).join(", ")}, which ${bad.length === 1 ? "is" : "are"} no service\n  hint: map each observed name to the id of a service in the manifests`);
    }
    head = withObserved(head, resolveObserved(head, r.data, names), { as: obs.as });
    if (base) base = observedOnBase(o, obs, base, commit, baseDir, baseLabel ?? "base", notices, place?.prefix);
  }

  // Writing a baseline records every violation of the head, so it examines everything.
  const input: CheckInput = { head, policy: used.policy, failOn: o.failOn ?? "error", scope: o.scope ?? "change", gateInputs: gateReport };
  if (base) input.base = base;
  if (baseLabel !== undefined) input.baseLabel = baseLabel;
  if (used.baseline) input.baseline = used.baseline;
  if (o.availabilityDefaults) input.availabilityDefaults = o.availabilityDefaults;
  return runCheck(input);
}

/**
 * The base with the observed files as they are on the base (read at the ref, or inside the
 * base folder; missing there: none), so a change that brings a new observed call is judged
 * against a base that did not show it.
 */
function observedOnBase(o: CheckChangeOptions, obs: NonNullable<CheckChangeOptions["observed"]>, base: Estate, commit: string | undefined, baseDir: string | undefined, label: string, notices: CheckNotice[], prefix?: string): Estate {
  let sources: Array<{ file: string; text: string }> = [];
  const cwd = resolve(o.cwd);
  if (commit !== undefined) sources = readManifestsAtRef(cwd, commit, obs.files, undefined, prefix);
  else if (baseDir !== undefined) {
    for (const p of obs.files) {
      const r = relative(cwd, resolve(cwd, p));
      const inBase = resolve(baseDir, r);
      if (r.startsWith("..") || isAbsolute(r) || !existsSync(inBase)) continue;
      sources.push({ file: p, text: readFileSync(inBase, "utf8") });
    }
  }
  const r = readObservedSources(sources);
  if (!r.ok) {
    notices.push({ header: onTheBase(`the observed files of the base (${label}) do not read`), diagnostics: r.diagnostics.filter((d) => d.severity === "error"), texts: new Map(sources.map((s) => [s.file, s.text])) });
    throw new Stop(`the observed files of the base ${label} do not read`);
  }
  return withObserved(base, resolveObserved(base, r.data, obs.names ?? new Map()), { as: obs.as });
}
