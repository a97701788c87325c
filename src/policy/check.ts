/**
 * The CI gate as a library function: evaluates the policy on head and base, tells new
 * violations from known ones (on the base or in a baseline), and gathers the change
 * and the blast-radius difference of changed services. Returns plain data for reporters.
 */
import { blastRadius } from "../analysis/blast-radius.js";
import { diffEstates, edgeKey, outEdges, relationChanged, relationKeys, type EstateDiff } from "../analysis/diff.js";
import type { SourcePos } from "../diagnostics/diagnostics.js";
import type { Estate } from "../model/types.js";
import type { BaselineEntry } from "./baseline.js";
import { fingerprintOf } from "./fingerprint.js";
import { allowed } from "./policy-file.js";
import { RULES } from "./registry.js";
import type { Finding, Policy, RuleSeverity, Violation, ViolationSeverity } from "./types.js";

export interface CheckInput {
  head: Estate;
  /** The base estate; absent when only a baseline is compared against. */
  base?: Estate;
  /** How the base is named in reports (`origin/main`, a folder). */
  baseLabel?: string;
  policy: Policy;
  baseline?: readonly BaselineEntry[];
  failOn?: ViolationSeverity;
}

/** Services down and degraded when one service fails, on one side. */
export interface BlastSize {
  down: number;
  degraded: number;
}

/** The blast radius of a changed service on base and head. */
export interface BlastDiffEntry {
  id: string;
  base: BlastSize | null;
  head: BlastSize | null;
  /** Services its failure takes down on head and not on base, sorted. */
  newlyDown: string[];
  /** Services its failure took down on base and no longer does, sorted. */
  noLongerDown: string[];
}

/** A rule as reports describe it. */
export interface RuleSummary {
  id: string;
  severity: RuleSeverity;
  shortDescription: string;
  fullDescription: string;
  help: string;
}

/** The result of `faultline check`: the JSON output. */
export interface CheckResult {
  schemaVersion: 1;
  passed: boolean;
  failOn: ViolationSeverity;
  base: { label: string; files: number; services: number } | null;
  head: { files: number; services: number };
  policy: string;
  summary: { new: { error: number; warning: number }; known: number; failing: number; staleBaseline: number; changes: number };
  change: EstateDiff | null;
  violations: Violation[];
  staleBaseline: BaselineEntry[];
  blastDiff: BlastDiffEntry[];
  rules: RuleSummary[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const RULE_ORDER = new Map([...RULES.keys()].map((id, i) => [id, i]));

/** Runs every enabled rule on one estate; allow-listed findings are dropped. */
export function evaluate(estate: Estate, policy: Policy, paths = true): Array<{ rule: string; severity: ViolationSeverity; finding: Finding; fingerprint: string }> {
  const out: Array<{ rule: string; severity: ViolationSeverity; finding: Finding; fingerprint: string }> = [];
  for (const [id, rule] of RULES) {
    const s = policy.rules.get(id);
    if (!s || s.severity === "off") continue;
    for (const f of rule.check({ estate, options: s.options, paths })) {
      if (allowed(s.allow, f.nodes)) continue;
      out.push({ rule: id, severity: s.severity, finding: f, fingerprint: fingerprintOf(id, f.nodes) });
    }
  }
  return out;
}

/** Where a path's risk was introduced: the first step written differently on head than on base. */
export function locatePath(head: Estate, base: Estate | undefined, path: readonly string[]): SourcePos | undefined {
  const g = head.graph;
  // The place of the step from → to: the entry base does not have, else the first one.
  const stepAt = (from: string, to: string, preferNew: boolean): SourcePos | undefined => {
    const baseKeys = base && preferNew ? relationKeys(base, from, to) : new Set<string>();
    let first: SourcePos | undefined;
    for (const { to: t, attr } of outEdges(head, from)) {
      if (t !== to) continue;
      first ??= attr.at;
      if (preferNew && !baseKeys.has(edgeKey(head, from, attr))) return attr.at;
    }
    return first;
  };
  for (let i = 0; i + 1 < path.length; i++) {
    const [from, to] = [path[i]!, path[i + 1]!];
    if (!g.hasNode(from) || !g.hasNode(to)) continue;
    if (!base || relationChanged(base, head, from, to)) {
      const at = stepAt(from, to, !!base);
      if (at) return at;
    }
  }
  if (path.length >= 2 && g.hasNode(path[0]!) && g.hasNode(path[1]!)) {
    const at = stepAt(path[0]!, path[1]!, false);
    if (at) return at;
  }
  return path.length > 0 && g.hasNode(path[0]!) ? g.getNodeAttribute(path[0]!, "at") : undefined;
}

function servicesIn(e: Estate): number {
  let n = 0;
  e.graph.forEachNode((_id, a) => a.kind === "service" && n++);
  return n;
}

function blastOf(e: Estate, id: string): { size: BlastSize; down: Set<string> } | null {
  if (!e.graph.hasNode(id) || e.graph.getNodeAttribute(id, "kind") !== "service") return null;
  const r = blastRadius(e, [id]);
  const down = new Set<string>();
  let degraded = 0;
  for (const i of r.impacts) {
    if (i.kind !== "service") continue;
    if (i.state === "down") down.add(i.id);
    else degraded++;
  }
  return { size: { down: down.size, degraded }, down };
}

/** Runs the check. */
export function runCheck(input: CheckInput): CheckResult {
  const failOn = input.failOn ?? "error";
  const { head, base, policy } = input;
  const headFindings = evaluate(head, policy);
  const baseSet = new Set(base ? evaluate(base, policy, false).map((x) => x.fingerprint) : []);
  const baselineSet = new Set((input.baseline ?? []).map((b) => b.fingerprint));
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const { rule, severity, finding, fingerprint } of headFindings) {
    seen.add(fingerprint);
    if (finding.implied) continue;
    const v: Violation = { rule, severity, message: finding.message, nodes: finding.nodes, path: finding.path, fingerprint, status: "new" };
    const at = finding.at ?? locatePath(head, base, finding.path);
    if (at) v.location = { file: at.file, line: at.line, column: at.column };
    if (baseSet.has(fingerprint)) {
      v.status = "known";
      v.knownFrom = "base";
    } else if (baselineSet.has(fingerprint)) {
      v.status = "known";
      v.knownFrom = "baseline";
    }
    violations.push(v);
  }
  const sevRank = (s: ViolationSeverity) => (s === "error" ? 0 : 1);
  violations.sort(
    (a, b) =>
      (a.status === "new" ? 0 : 1) - (b.status === "new" ? 0 : 1) ||
      sevRank(a.severity) - sevRank(b.severity) ||
      RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)! ||
      cmp(a.location?.file ?? "", b.location?.file ?? "") ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      cmp(a.fingerprint, b.fingerprint),
  );
  const staleBaseline = (input.baseline ?? []).filter((b) => !seen.has(b.fingerprint));
  const newErr = violations.filter((v) => v.status === "new" && v.severity === "error").length;
  const newWarn = violations.filter((v) => v.status === "new" && v.severity === "warning").length;
  const failing = failOn === "error" ? newErr : newErr + newWarn;

  const change = base ? diffEstates(base, head) : null;
  const blastDiff: BlastDiffEntry[] = [];
  if (base && change) {
    for (const id of change.changedServices) {
      const b = blastOf(base, id);
      const h = blastOf(head, id);
      const newlyDown = h ? [...h.down].filter((x) => !b?.down.has(x)).sort(cmp) : [];
      const noLongerDown = b ? [...b.down].filter((x) => !h?.down.has(x)).sort(cmp) : [];
      if (b && h && b.size.down === h.size.down && b.size.degraded === h.size.degraded && newlyDown.length === 0 && noLongerDown.length === 0) continue;
      blastDiff.push({ id, base: b?.size ?? null, head: h?.size ?? null, newlyDown, noLongerDown });
    }
  }
  return {
    schemaVersion: 1,
    passed: failing === 0,
    failOn,
    base: base ? { label: input.baseLabel ?? "base", files: base.files.length, services: servicesIn(base) } : null,
    head: { files: head.files.length, services: servicesIn(head) },
    policy: policy.source,
    summary: { new: { error: newErr, warning: newWarn }, known: violations.length - newErr - newWarn, failing, staleBaseline: staleBaseline.length, changes: change?.count ?? 0 },
    change,
    violations,
    staleBaseline,
    blastDiff,
    rules: [...RULES.values()].map((r) => ({ id: r.id, severity: policy.rules.get(r.id)?.severity ?? r.defaultSeverity, shortDescription: r.shortDescription, fullDescription: r.fullDescription, help: r.help })),
  };
}
