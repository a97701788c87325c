/**
 * The CI gate as a library function: evaluates the policy on head and base, tells new
 * violations from known ones (on the base or in a baseline), and gathers the change
 * and the blast-radius difference of changed services. Returns plain data for reporters.
 */
import { propagate } from "../engine/propagate.js";
import { compile, DOWN } from "../engine/compile.js";
import { diffEstates, edgeKey, outEdges, relationChanged, relationKeys, type EstateDiff } from "../analysis/diff.js";
import type { SourcePos } from "../diagnostics/diagnostics.js";
import type { Estate } from "../model/types.js";
import type { BaselineEntry } from "./baseline.js";
import type { GateInputsReport } from "./gate-inputs.js";
import { fingerprintOf, identityOf } from "./fingerprint.js";
import { allowed } from "./policy-file.js";
import { RULES } from "./registry.js";
import { checkScope, scopeFilter, type CheckScope } from "./scope.js";
import type { Finding, Policy, RuleContext, RuleSeverity, Violation, ViolationSeverity } from "./types.js";

export interface CheckInput {
  head: Estate;
  /** The base estate; absent when only a baseline is compared against. */
  base?: Estate;
  /** How the base is named in reports (`origin/main`, a folder). */
  baseLabel?: string;
  policy: Policy;
  baseline?: readonly BaselineEntry[];
  failOn?: ViolationSeverity;
  /** Availability defaults by location and service type (the config's `availability.defaults`). */
  availabilityDefaults?: RuleContext["availabilityDefaults"];
  /** Where the policy, baseline and config came from, and what the change edits in them. */
  gateInputs?: GateInputsReport;
  /**
   * With a base: `change` (the default) evaluates only the subjects the change can have
   * affected, so the work follows the size of the change and known violations elsewhere are
   * not listed; `all` evaluates everything on both sides (what `--write-baseline` needs).
   */
  scope?: "change" | "all";
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
  /** Where the gate's inputs came from and what the change edits in them (null when not told). */
  gateInputs: GateInputsReport | null;
  /**
   * What was examined: `change` — only the subjects the change can have affected (`touched`
   * nodes written differently, `examined` services whose dependency cone holds one of them,
   * of `services` on the head); `all` — everything.
   */
  scope: { mode: "change" | "all"; touched: number; examined: number; services: number };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const RULE_ORDER = new Map([...RULES.keys()].map((id, i) => [id, i]));

/** Per rule, which subjects to examine (absent: every subject). */
export type SubjectFilters = ReadonlyMap<string, (id: string) => boolean>;

/**
 * Runs every enabled rule on one estate; allow-listed findings are dropped. With `filters`,
 * a rule that has one looks only at the subjects it accepts (check --base: those the change
 * can have affected, src/policy/scope.ts).
 */
export function evaluate(estate: Estate, policy: Policy, paths = true, filters?: SubjectFilters, extra: Pick<RuleContext, "base" | "availabilityDefaults"> = {}): Array<{ rule: string; severity: ViolationSeverity; finding: Finding; fingerprint: string }> {
  return findingsOf(estate, policy, paths, filters, extra).map((x) => ({ ...x, fingerprint: fingerprintOf(x.rule, x.finding.nodes) }));
}

/** `evaluate` without the fingerprints (the base's findings are compared by identity, not hashed). */
function findingsOf(
  estate: Estate,
  policy: Policy,
  paths: boolean,
  filters: SubjectFilters | undefined,
  extra: Pick<RuleContext, "base" | "availabilityDefaults">,
  causeInScope?: (id: string) => boolean,
): Array<{ rule: string; severity: ViolationSeverity; finding: Finding }> {
  const out: Array<{ rule: string; severity: ViolationSeverity; finding: Finding }> = [];
  for (const [id, rule] of RULES) {
    const s = policy.rules.get(id);
    if (!s || s.severity === "off") continue;
    // Observed-only edges are for the rules that ask for them; the others judge what is declared.
    const seen = rule.usesObserved ? estate : (estate.observed?.declared ?? estate);
    const ctx: RuleContext = { estate: seen, options: s.options, paths, ...extra };
    const filter = filters?.get(id);
    if (filter) ctx.inScope = filter;
    if (filter && causeInScope) ctx.causeInScope = causeInScope;
    for (const f of rule.check(ctx)) {
      if (allowed(s.allow, f.nodes)) continue;
      out.push({ rule: id, severity: s.severity, finding: f });
    }
  }
  return out;
}

/** The subjects each rule examines in a check limited to the change. */
function changeFilters(scope: CheckScope): Map<string, (id: string) => boolean> {
  const out = new Map<string, (id: string) => boolean>();
  for (const [id, rule] of RULES) {
    // Observed calls change without any manifest changing: rules on them examine every subject.
    if (rule.usesObserved) continue;
    const f = scopeFilter(scope, rule.scope ?? "dependencies");
    if (f) out.set(id, f);
  }
  return out;
}

/** Where a path's risk was introduced: the first step written differently on head than on base. */
export function locatePath(head: Estate, base: Estate | undefined, path: readonly string[], changedCache?: Map<string, Map<string, boolean>>): SourcePos | undefined {
  const g = head.graph;
  // Many paths share steps: whether a step changed is asked once per step when a cache is given.
  const changed = (from: string, to: string): boolean => {
    if (!changedCache) return relationChanged(base!, head, from, to);
    let row = changedCache.get(from);
    if (!row) changedCache.set(from, (row = new Map()));
    let v = row.get(to);
    if (v === undefined) row.set(to, (v = relationChanged(base!, head, from, to)));
    return v;
  };
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
    if (!base || changed(from, to)) {
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

function servicesOfSet(e: Estate, ids: ReadonlySet<string>): number {
  let n = 0;
  for (const id of ids) if (e.graph.hasNode(id) && e.graph.getNodeAttribute(id, "kind") === "service") n++;
  return n;
}

function servicesIn(e: Estate): number {
  let n = 0;
  e.graph.forEachNode((_id, a) => a.kind === "service" && n++);
  return n;
}

/** The services down and degraded when service `id` fails: counts and the down set, no paths (linear in the answer). */
function blastOf(e: Estate, id: string): { size: BlastSize; down: Set<string> } | null {
  if (!e.graph.hasNode(id) || e.graph.getNodeAttribute(id, "kind") !== "service") return null;
  const c = compile(e);
  const f = c.index.get(id)!;
  const p = propagate(c, [f]);
  const down = new Set<string>();
  let degraded = 0;
  const seen = new Uint8Array(c.n);
  for (let q = 0; q < p.reachedCount; q++) {
    const x = p.reached[q]!;
    if (x === f || seen[x] || !c.isService[x]) continue;
    seen[x] = 1;
    if (p.state[x] === DOWN) down.add(c.ids[x]!);
    else degraded++;
  }
  return { size: { down: down.size, degraded }, down };
}

/** Runs the check. */
export function runCheck(input: CheckInput): CheckResult {
  const failOn = input.failOn ?? "error";
  const { head, base, policy } = input;
  // Limited to the change, a check also examines the subjects of the baseline's entries, so
  // their status and staleness are exact (the work then follows the change and the baseline).
  const declared = (e: Estate) => e.observed?.declared ?? e;
  // What the change touched is judged on the declared graphs (observed calls are no manifest change).
  const scope = base && input.scope !== "all" ? checkScope(declared(base), declared(head), (input.baseline ?? []).flatMap((b) => b.nodes.slice(0, 1))) : undefined;
  const filters = scope ? changeFilters(scope) : undefined;
  const av = input.availabilityDefaults ? { availabilityDefaults: input.availabilityDefaults } : {};
  // Both sides with the same filters, so a finding is examined on both or on neither.
  const causes = scope ? (id: string) => scope.causes.has(id) : undefined;
  const headFindings = findingsOf(head, policy, true, filters, { ...av, ...(base ? { base } : {}) }, causes);
  const baseSet = new Set(base ? findingsOf(base, policy, false, filters, av, causes).map((x) => identityOf(x.rule, x.finding.nodes)) : []);
  const baselineSet = new Set((input.baseline ?? []).map((b) => b.fingerprint));
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const changedCache = new Map<string, Map<string, boolean>>();
  for (const { rule, severity, finding } of headFindings) {
    const fingerprint = fingerprintOf(rule, finding.nodes);
    seen.add(fingerprint);
    if (finding.implied) continue;
    const v: Violation = { rule, severity, message: finding.message, nodes: finding.nodes, path: finding.path, fingerprint, status: "new" };
    const at = finding.at ?? locatePath(head, base, finding.path, changedCache);
    if (at) v.location = { file: at.file, line: at.line, column: at.column };
    if (baseSet.has(identityOf(rule, finding.nodes))) {
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

  const change = base ? diffEstates(declared(base), declared(head), scope ? new Set(scope.touched) : undefined) : null;
  const blastDiff: BlastDiffEntry[] = [];
  if (base && change) {
    for (const id of change.changedServices) {
      const b = blastOf(declared(base), id);
      const h = blastOf(declared(head), id);
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
    gateInputs: input.gateInputs ?? null,
    scope: {
      mode: scope ? "change" : "all",
      touched: scope ? scope.touched.length : 0,
      examined: scope ? servicesOfSet(head, scope.dependencies) : servicesIn(head),
      services: servicesIn(head),
    },
    rules: [...RULES.values()].map((r) => ({ id: r.id, severity: policy.rules.get(r.id)?.severity ?? r.defaultSeverity, shortDescription: r.shortDescription, fullDescription: r.fullDescription, help: r.help })),
  };
}
