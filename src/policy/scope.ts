/**
 * What a pull request can have changed, so that `check --base` evaluates only that
 * (issue 18): the nodes written differently on base and head (`touched`), and for each rule
 * the subjects whose findings can differ between the two sides. Every other finding is the
 * same on both sides by construction, so it can be neither new nor fixed by the change.
 *
 * A rule's findings about a subject S depend on S and on what S depends on through
 * relations that carry `down` (parent, runsOn, hard, hard groups): its dependency cone
 * (`dependencies` scope: every rule but one). `blast-radius-limit`'s findings about X depend
 * on X and on what depends on X (`dependents` scope), and on the number of services.
 */
import { outEdges } from "../analysis/diff.js";
import { carriesDown } from "../engine/down-state.js";
import { compile, REL_GROUP, REL_SOFT, type CompiledEstate } from "../engine/compile.js";
import { singleFailurePairs } from "../analysis/spof.js";
import type { Estate } from "../model/types.js";

/** How a rule's findings about a subject depend on the graph. */
export type RuleScope = "dependencies" | "dependents";

/** The subjects the change can have affected, per scope, on either side. */
export interface CheckScope {
  /** Nodes present on one side only or written differently (positions aside), sorted. */
  touched: string[];
  /** Subjects that reach a touched node along down-carrying relations (head or base). */
  dependencies: ReadonlySet<string>;
  /** Subjects reached from a touched node along down-carrying relations (head or base). */
  dependents: ReadonlySet<string>;
  /** True when the number of services differs (percent limits then concern every node). */
  servicesChanged: boolean;
  /**
   * The touched nodes (and the baseline's subjects), with every node whose failure alone takes
   * one of them down, on head or base. A single failure of any other node takes no touched
   * node down on either side, so it takes down the same nodes on both (every node it reaches is
   * written the same): a (service, single point) finding whose single point is not here is
   * the same on both sides, neither new nor fixed.
   */
  causes: ReadonlySet<string>;
}

/**
 * Structural equality of attribute values with positions (`at`, at any depth) left out:
 * primitives, arrays, Maps and plain objects. Iterative (an explicit stack), so no depth of
 * nesting grows the call stack.
 */
export function sameData(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  // Two parallel stacks of values still to compare (no pair allocated per value): only objects
  // go on them, unequal primitives end the comparison at once.
  const sa: unknown[] = [x];
  const sb: unknown[] = [y];
  while (sa.length > 0) {
    const a = sa.pop();
    const b = sb.pop();
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) {
        const u = a[i];
        const v = b[i];
        if (u === v) continue;
        if (typeof u !== "object" || typeof v !== "object") return false;
        sa.push(u);
        sb.push(v);
      }
      continue;
    }
    if (a instanceof Map) {
      if (!(b instanceof Map) || a.size !== b.size) return false;
      const ib = b.entries();
      for (const [k, u] of a) {
        const [kb, v] = ib.next().value as [unknown, unknown];
        if (k !== kb) return false;
        if (u === v) continue;
        if (typeof u !== "object" || typeof v !== "object") return false;
        sa.push(u);
        sb.push(v);
      }
      continue;
    }
    if (Array.isArray(b) || b instanceof Map) return false;
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    // Own enumerable keys (what `for … in` with a hasOwnProperty test would give), `at` and undefined values aside.
    const ka = Object.keys(ra);
    let na = 0;
    for (let i = 0; i < ka.length; i++) {
      const k = ka[i]!;
      const u = ra[k];
      if (k === "at" || u === undefined) continue;
      na++;
      const v = rb[k];
      if (u === v) continue;
      if (typeof u !== "object" || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(rb, k)) return false;
      sa.push(u);
      sb.push(v);
    }
    const kb = Object.keys(rb);
    let nb = 0;
    for (let i = 0; i < kb.length; i++) if (kb[i] !== "at" && rb[kb[i]!] !== undefined) nb++;
    if (na !== nb) return false;
  }
  return true;
}

/** True when `id` is written the same on both sides: its attributes and its relations in order, positions aside. */
function sameNode(base: Estate, head: Estate, id: string): boolean {
  if (!sameData(base.graph.getNodeAttributes(id), head.graph.getNodeAttributes(id))) return false;
  const eb = outEdges(base, id);
  const eh = outEdges(head, id);
  if (eb.length !== eh.length) return false;
  for (let i = 0; i < eb.length; i++) if (eb[i]!.to !== eh[i]!.to || !sameData(eb[i]!.attr, eh[i]!.attr)) return false;
  return true;
}

/** The nodes written differently on base and head, sorted. */
export function touchedNodes(base: Estate, head: Estate): string[] {
  const out: string[] = [];
  head.graph.forEachNode((id) => {
    if (!base.graph.hasNode(id) || !sameNode(base, head, id)) out.push(id);
  });
  base.graph.forEachNode((id) => {
    if (!head.graph.hasNode(id)) out.push(id);
  });
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Marks, in `c`, every node that reaches `from` (reverse: dependents) or is reached from it (dependencies) along down-carrying relations. */
function closure(c: CompiledEstate, from: readonly string[], towards: "dependents" | "dependencies", into: Set<string>): void {
  const seen = new Uint8Array(c.n);
  const stack: number[] = [];
  for (const id of from) {
    const i = c.index.get(id);
    if (i !== undefined && !seen[i]) {
      seen[i] = 1;
      stack.push(i);
    }
  }
  while (stack.length > 0) {
    const x = stack.pop()!;
    into.add(c.ids[x]!);
    if (towards === "dependents") {
      for (let j = c.revStart[x]!, e = c.revStart[x + 1]!; j < e; j++) {
        const k = c.revKind[j]!;
        if (k === REL_SOFT || (k === REL_GROUP && c.groupSoft[c.revGroup[j]!])) continue;
        const y = c.revNode[j]!;
        if (!seen[y]) {
          seen[y] = 1;
          stack.push(y);
        }
      }
    } else {
      for (let j = c.fwdStart[x]!, e = c.fwdStart[x + 1]!; j < e; j++) {
        const y = c.fwdNode[j]!;
        if (!seen[y] && carriesDown(c, j)) {
          seen[y] = 1;
          stack.push(y);
        }
      }
    }
  }
}

/** Adds to `into` every node whose failure alone takes one of `of` down in `c`: one walk over their dependency cones. */
function singleCauses(c: CompiledEstate, of: readonly string[], into: Set<string>): void {
  const watch = new Uint8Array(c.n);
  const mask = new Uint8Array(c.n);
  const stack: number[] = [];
  for (const id of of) {
    const i = c.index.get(id);
    if (i !== undefined && !watch[i]) (watch[i] = 1), (mask[i] = 1), stack.push(i);
  }
  if (stack.length === 0) return;
  while (stack.length > 0) {
    const x = stack.pop()!;
    for (let j = c.fwdStart[x]!, e = c.fwdStart[x + 1]!; j < e; j++) {
      const y = c.fwdNode[j]!;
      if (!mask[y] && carriesDown(c, j)) (mask[y] = 1), stack.push(y);
    }
  }
  const { x } = singleFailurePairs(c, watch, mask).list();
  for (let i = 0; i < x.length; i++) into.add(c.ids[x[i]!]!);
}

function servicesIn(c: CompiledEstate): number {
  let n = 0;
  for (let i = 0; i < c.n; i++) n += c.isService[i]!;
  return n;
}

/**
 * The scope of a check of `head` against `base`. `alsoExamine` (the subjects of a baseline's
 * entries) are examined too, as if touched, so that their status and staleness are exact.
 */
export function checkScope(base: Estate, head: Estate, alsoExamine: readonly string[] = []): CheckScope {
  const touched = touchedNodes(base, head);
  const seeds = alsoExamine.length > 0 ? [...touched, ...alsoExamine] : touched;
  const dependencies = new Set<string>();
  const dependents = new Set<string>();
  const causes = new Set<string>(seeds);
  for (const e of [base, head]) {
    const c = compile(e);
    // Subjects whose cone holds a touched node: the dependents of the touched nodes.
    closure(c, seeds, "dependents", dependencies);
    closure(c, seeds, "dependencies", dependents);
    singleCauses(c, seeds, causes);
  }
  return { touched, dependencies, dependents, servicesChanged: servicesIn(compile(base)) !== servicesIn(compile(head)), causes };
}

/** The subject filter for a rule of `scope`, or undefined when every subject is concerned. */
export function scopeFilter(scope: CheckScope, ruleScope: RuleScope): ((id: string) => boolean) | undefined {
  if (ruleScope === "dependents") {
    if (scope.servicesChanged) return undefined;
    return (id) => scope.dependents.has(id);
  }
  return (id) => scope.dependencies.has(id);
}
