/**
 * The gate's own inputs — the config (manifest paths, Kubernetes location), the policy and the
 * baseline — and where they are read from. A pull request must not be able to weaken the gate
 * that judges it, so `check --base` reads them from the base (a git ref or a folder) unless the
 * caller asks for the head's explicitly; what the change does to them is listed, and takes
 * effect after merge.
 */
import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { DiagnosticBag, type Diagnostic } from "../diagnostics/diagnostics.js";
import { CONFIG_FILE, parseConfig, type FaultlineConfig } from "../load/config.js";
import { DEFAULT_LIMITS, type LoadLimits } from "../yaml/limits.js";
import { readRegularFile } from "../yaml/read-file.js";
import { decodeText } from "../yaml/read-yaml.js";
import { parseBaseline, type BaselineEntry } from "./baseline.js";
import { defaultPolicy, parsePolicy, POLICY_FILE } from "./policy-file.js";
import type { Policy } from "./types.js";

/** Where gate inputs are read: the working tree (head), a base folder or a base commit. */
export interface GateSource {
  /** How reports name it: `working tree`, `origin/main`, a folder. */
  label: string;
  /** The text of `file` (a path relative to the working folder), or undefined when there is none. Throws GateInputError when it cannot be read. */
  read(file: string): string | undefined;
}

/** A gate input that exists but cannot be read or is not valid (exit 2). */
export class GateInputError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
    readonly texts: ReadonlyMap<string, string> = new Map(),
  ) {
    super(message);
    this.name = "GateInputError";
  }
}

/** Reads a regular file under `dir` (the path given relative to it) within `maxBytes`. */
function readUnder(dir: string, file: string, maxBytes: number, label: string): string | undefined {
  const abs = resolve(dir, file);
  const rel = relative(dir, abs);
  if (rel.startsWith("..") || isAbsolute(rel)) throw new GateInputError(`${file} lies outside ${label}`);
  if (!existsSync(abs)) return undefined;
  const r = readRegularFile(abs, maxBytes);
  if (!r.ok) {
    const why = r.reason === "too-large" ? `${r.size} bytes, over the limit of ${maxBytes} (raise it with --max-file-size)` : r.reason === "not-regular" ? `${r.kind}, not a regular file` : r.code;
    throw new GateInputError(`cannot read ${file} in ${label}: ${why}`);
  }
  const bag = new DiagnosticBag();
  const text = decodeText(r.bytes, file, bag);
  if (text === undefined) throw new GateInputError(`cannot read ${file} in ${label}: not UTF-8 text`, bag.items);
  return text;
}

/** The working tree (or any folder) as a gate source: `file` is resolved against `dir`. */
export function folderSource(dir: string, label: string, limits: Partial<LoadLimits> = {}): GateSource {
  const max = limits.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  return { label, read: (file) => readUnder(dir, file, max, label) };
}

/** A gate source over any reader (a git commit: see `readFileAtRef`). */
export function readerSource(label: string, read: (file: string) => string | undefined): GateSource {
  return { label, read };
}

/** The gate inputs read from one source. */
export interface GateInputs {
  source: string;
  /** The config, or undefined when the source has none. */
  config: FaultlineConfig | undefined;
  /** The effective policy (defaults when the source has none). */
  policy: Policy;
  /** The file the policy came from (`faultline.policy.yaml`, `faultline.config.yaml#policy`), or `defaults`. */
  policySource: string;
  /** The baseline entries when a baseline was named (empty when the source does not have the file). */
  baseline?: BaselineEntry[];
  /** True when a baseline was named and the source has it. */
  baselineFound?: boolean;
  /** Warnings worth printing (a policy with warnings). */
  diagnostics: Diagnostic[];
}

export interface GateInputRequest {
  /** `--policy <file>`. */
  policyFile?: string;
  /** `--baseline <file>`. */
  baselineFile?: string;
  /** True when a missing named file is an error (the head); on the base it means "added by the change". */
  required?: boolean;
  limits?: Partial<LoadLimits>;
}

/**
 * Reads the config, the policy (the named file, else `faultline.policy.yaml`, else `policy:` in
 * the config, else the defaults) and the baseline from `source`. Throws GateInputError for an
 * input that exists but is not valid.
 */
export function readGateInputs(source: GateSource, req: GateInputRequest = {}): GateInputs {
  const limits: LoadLimits = { ...DEFAULT_LIMITS, ...req.limits };
  const diagnostics: Diagnostic[] = [];
  const configText = source.read(CONFIG_FILE);
  let config: FaultlineConfig | undefined;
  if (configText !== undefined) {
    const c = parseConfig(CONFIG_FILE, configText, limits);
    if (!c.ok) throw new GateInputError(`the config ${CONFIG_FILE} in ${source.label} is not valid`, c.diagnostics, new Map([[CONFIG_FILE, configText]]));
    diagnostics.push(...c.diagnostics);
    config = c.config;
  }
  let policy = defaultPolicy();
  const policyFrom = (file: string, text: string, key?: string) => {
    const load = parsePolicy(file, text, key);
    if (!load.ok) throw new GateInputError(`the policy in ${file} (${source.label}) is not valid`, load.diagnostics, new Map([[file, text]]));
    diagnostics.push(...load.diagnostics);
    return load.policy;
  };
  if (req.policyFile !== undefined) {
    const text = source.read(req.policyFile);
    if (text !== undefined) policy = policyFrom(req.policyFile, text);
    else if (req.required) throw new GateInputError(`cannot read the policy file ${req.policyFile}: ENOENT`);
  } else {
    const text = source.read(POLICY_FILE);
    if (text !== undefined) policy = policyFrom(POLICY_FILE, text);
    else if (config?.hasPolicy && configText !== undefined) policy = policyFrom(CONFIG_FILE, configText, "policy");
  }
  const out: GateInputs = { source: source.label, config, policy, policySource: policy.source, diagnostics };
  if (req.baselineFile !== undefined) {
    const text = source.read(req.baselineFile);
    if (text === undefined) {
      if (req.required) throw new GateInputError(`cannot read the baseline ${req.baselineFile}: ENOENT\n  hint: create it with \`faultline check --write-baseline ${req.baselineFile}\``);
      out.baseline = [];
      out.baselineFound = false;
    } else {
      const b = parseBaseline(req.baselineFile, text);
      if (b.diagnostics.length > 0) throw new GateInputError(`the baseline ${req.baselineFile} (${source.label}) is not valid`, b.diagnostics, new Map([[req.baselineFile, text]]));
      out.baseline = b.entries;
      out.baselineFound = true;
    }
  }
  return out;
}

/** One gate input the change edits, and how. */
export interface GateInputChange {
  input: "config" | "policy" | "baseline";
  /** The file (`faultline.config.yaml`, the policy file, the baseline). */
  file: string;
  /** One line per difference, base → head. */
  differences: string[];
}

const show = (v: unknown) => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

function optionText(o: ReadonlyMap<string, unknown>): Map<string, string> {
  return new Map([...o].map(([k, v]) => [k, JSON.stringify(v)]));
}

/** Differences of two policies, rule by rule (severity, options, allow-list). */
export function policyDifferences(base: Policy, head: Policy): string[] {
  const out: string[] = [];
  if (base.source !== head.source) out.push(`policy source: ${base.source} → ${head.source}`);
  const ids = [...new Set([...base.rules.keys(), ...head.rules.keys()])].sort();
  for (const id of ids) {
    const b = base.rules.get(id);
    const h = head.rules.get(id);
    if (b?.severity !== h?.severity) out.push(`rule ${id}: ${show(b?.severity)} → ${show(h?.severity)}`);
    const bo = optionText(b?.options ?? new Map());
    const ho = optionText(h?.options ?? new Map());
    for (const k of [...new Set([...bo.keys(), ...ho.keys()])].sort()) {
      if (bo.get(k) !== ho.get(k)) out.push(`rule ${id} option ${k}: ${bo.get(k) ?? "—"} → ${ho.get(k) ?? "—"}`);
    }
    const allow = (s: typeof b) => new Set((s?.allow ?? []).map((a) => `${a.from ?? "*"} → ${a.to ?? "*"}`));
    const ba = allow(b);
    const ha = allow(h);
    for (const a of [...ha].filter((x) => !ba.has(x)).sort()) out.push(`rule ${id} allows ${a} (new)`);
    for (const a of [...ba].filter((x) => !ha.has(x)).sort()) out.push(`rule ${id} no longer allows ${a}`);
  }
  return out;
}

/** What the head's gate inputs change relative to the base's: empty when nothing. */
export function diffGateInputs(base: GateInputs, head: GateInputs, req: GateInputRequest & { manifestsGiven?: boolean; k8sLocationGiven?: boolean } = {}): GateInputChange[] {
  const out: GateInputChange[] = [];
  // Only the settings the gate takes from the config count (not those the command line gives).
  const cfg: string[] = [];
  const bm = base.config?.manifests;
  const hm = head.config?.manifests;
  if (!req.manifestsGiven && JSON.stringify(bm) !== JSON.stringify(hm)) cfg.push(`manifests: ${show(bm)} → ${show(hm)}`);
  if (!req.k8sLocationGiven && base.config?.k8sLocation !== head.config?.k8sLocation) cfg.push(`k8sLocation: ${show(base.config?.k8sLocation)} → ${show(head.config?.k8sLocation)}`);
  if (cfg.length > 0) out.push({ input: "config", file: CONFIG_FILE, differences: cfg });
  const pol = policyDifferences(base.policy, head.policy);
  if (pol.length > 0) out.push({ input: "policy", file: head.policySource === "defaults" ? base.policySource : head.policySource, differences: pol });
  if (req.baselineFile !== undefined) {
    const bs = new Map((base.baseline ?? []).map((e) => [e.fingerprint, e]));
    const hs = new Map((head.baseline ?? []).map((e) => [e.fingerprint, e]));
    const diff: string[] = [];
    if (base.baselineFound === false && head.baselineFound) diff.push(`${req.baselineFile} added`);
    const entry = (e: BaselineEntry) => `${e.rule} ${e.nodes.join(", ")}`;
    for (const [f, e] of [...hs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (!bs.has(f)) diff.push(`+ ${entry(e)}`);
    for (const [f, e] of [...bs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (!hs.has(f)) diff.push(`- ${entry(e)}`);
    if (diff.length > 0) out.push({ input: "baseline", file: req.baselineFile, differences: diff });
  }
  return out;
}

/** What the check report says about its inputs. */
export interface GateInputsReport {
  /** Where the policy, baseline and config were read: `base`, or `head` when asked for explicitly. */
  from: "base" | "head";
  /** The gate inputs the change edits (taking effect after merge when `from` is `base`). */
  changed: GateInputChange[];
}

/** Manifest paths relative to the working folder, for reading them inside a base folder or commit. */
export function relativeManifestPaths(cwd: string, paths: readonly string[]): string[] {
  return paths.map((p) => {
    const r = relative(cwd, resolve(cwd, p));
    if (r.startsWith("..") || isAbsolute(r)) throw new GateInputError(`manifest path ${p} lies outside the working folder, so it has no place in the base`);
    return r === "" ? "." : r.split(sep).join("/");
  });
}
