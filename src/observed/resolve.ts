/**
 * Observed calls resolved against an estate: pairs of service ids with their counts, and the
 * names that did not line up (ambiguous, unknown). `withObserved` adds the observed-only
 * pairs to a copy of the estate as edges, so every analysis sees them.
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";
import { createEstateGraph } from "../model/safe-graph.js";
import type { EdgeAttributes, Estate, Relation } from "../model/types.js";
import { NameMatcher, unknownMappingTargets, type MatchedBy } from "./match-names.js";
import { endpointLabel, type ObservedData } from "./types.js";

/** One observed caller → callee pair of services, summed over all files. */
export interface ObservedPair {
  from: string;
  to: string;
  calls: number;
  errors: number;
  /** `file:line` of every report of the pair, sorted. */
  sources: string[];
  /** The declared relation between them (`hard`, `soft` or `group`), or null when undeclared. */
  declared: Relation | null;
  at: SourcePos;
}

/** An observed name that is no manifest service, with who it talks to. */
export interface UnknownPeer {
  name: string;
  /** Callers (service ids, or observed names when unmatched too) with their calls, by calls then name. */
  callers: Array<{ name: string; calls: number }>;
  /** What it calls, when it is seen as a client. */
  callees: Array<{ name: string; calls: number }>;
  calls: number;
}

/** An observed name that fits several services. */
export interface AmbiguousName {
  name: string;
  candidates: string[];
  by: MatchedBy;
  calls: number;
}

/** A name that was matched, and how. */
export interface MatchedName {
  name: string;
  id: string;
  by: MatchedBy;
}

export interface ResolvedObserved {
  pairs: ObservedPair[];
  matched: MatchedName[];
  ambiguous: AmbiguousName[];
  unknownPeers: UnknownPeer[];
  /** Services seen making calls (their silence about a declared dependency means something). */
  observedClients: string[];
  files: string[];
  /** Entries of the name mapping that point at no service of the estate (a config mistake), sorted by name. */
  unknownTargets: Array<{ name: string; id: string }>;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The declared dependency relation from → to, if any (`hard` wins over `group`, over `soft`). */
export function declaredRelation(estate: Estate, from: string, to: string): Relation | null {
  const g = estate.graph;
  if (!g.hasNode(from) || !g.hasNode(to)) return null;
  let best: Relation | null = null;
  for (const e of g.outEdges(from, to)) {
    const a = g.getEdgeAttributes(e);
    if (a.observed) continue;
    if (a.relation === "hard") return "hard";
    if (a.relation === "group") best = "group";
    else if (a.relation === "soft" && best === null) best = "soft";
  }
  return best;
}

/** Resolves observed calls against the estate's services. */
export function resolveObserved(estate: Estate, data: ObservedData, mapping: ReadonlyMap<string, string> = new Map()): ResolvedObserved {
  const matcher = new NameMatcher(estate, mapping);
  const pairs = new Map<string, ObservedPair>();
  const matched = new Map<string, MatchedName>();
  const ambiguous = new Map<string, AmbiguousName>();
  const unknown = new Map<string, { callers: Map<string, number>; callees: Map<string, number>; calls: number }>();
  const clients = new Set<string>();
  const peer = (name: string) => {
    let p = unknown.get(name);
    if (!p) unknown.set(name, (p = { callers: new Map(), callees: new Map(), calls: 0 }));
    return p;
  };
  for (const c of data.calls) {
    const cm = matcher.match(c.client);
    const sm = matcher.match(c.server);
    const cl = endpointLabel(c.client);
    const sl = endpointLabel(c.server);
    for (const [m, label] of [[cm, cl], [sm, sl]] as const) {
      if (m.status === "matched") matched.set(label, { name: label, id: m.id, by: m.by });
      else if (m.status === "ambiguous") {
        const a = ambiguous.get(label) ?? { name: label, candidates: m.candidates, by: m.by, calls: 0 };
        a.calls += c.calls;
        ambiguous.set(label, a);
      }
    }
    if (cm.status === "matched") clients.add(cm.id);
    const cName = cm.status === "matched" ? cm.id : cl;
    const sName = sm.status === "matched" ? sm.id : sl;
    if (sm.status === "unknown") {
      const p = peer(sl);
      p.callers.set(cName, (p.callers.get(cName) ?? 0) + c.calls);
      p.calls += c.calls;
    }
    if (cm.status === "unknown") {
      const p = peer(cl);
      p.callees.set(sName, (p.callees.get(sName) ?? 0) + c.calls);
      p.calls += c.calls;
    }
    if (cm.status !== "matched" || sm.status !== "matched" || cm.id === sm.id) continue;
    const key = JSON.stringify([cm.id, sm.id]);
    const where = `${c.at.file}:${c.at.line}`;
    const p = pairs.get(key);
    if (!p) pairs.set(key, { from: cm.id, to: sm.id, calls: c.calls, errors: c.errors, sources: [where], declared: declaredRelation(estate, cm.id, sm.id), at: c.at });
    else {
      p.calls += c.calls;
      p.errors += c.errors;
      if (!p.sources.includes(where)) p.sources.push(where);
    }
  }
  const byCallsThenName = (a: { name: string; calls: number }, b: { name: string; calls: number }) => b.calls - a.calls || cmp(a.name, b.name);
  const list = (m: Map<string, number>) => [...m].map(([name, calls]) => ({ name, calls })).sort(byCallsThenName);
  const pairList = [...pairs.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  for (const p of pairList) p.sources.sort(cmp);
  return {
    pairs: pairList,
    matched: [...matched.values()].sort((a, b) => cmp(a.name, b.name)),
    ambiguous: [...ambiguous.values()].sort((a, b) => cmp(a.name, b.name)),
    unknownPeers: [...unknown].map(([name, p]) => ({ name, callers: list(p.callers), callees: list(p.callees), calls: p.calls })).sort(byCallsThenName),
    observedClients: [...clients].sort(cmp),
    files: [...data.files],
    unknownTargets: unknownMappingTargets(estate, mapping),
  };
}

/** Options of `withObserved`. */
export interface WithObservedOptions {
  /** How observed-only calls count: `hard` (the conservative reading, default) or `soft`. */
  as?: "hard" | "soft";
}

/**
 * A copy of `estate` with an edge for every observed pair that no manifest declares, marked
 * `observed`. Declared relations always win: a pair declared soft stays soft.
 */
export function withObserved(estate: Estate, resolved: ResolvedObserved, options: WithObservedOptions = {}): Estate {
  const as = options.as ?? "hard";
  const src = estate.graph;
  const graph = createEstateGraph();
  src.forEachNode((id, a) => {
    graph.addNode(id, a);
  });
  src.forEachEdge((key, a, s, t) => {
    graph.addDirectedEdgeWithKey(key, s, t, a);
  });
  let edges = 0;
  for (const p of resolved.pairs) {
    if (p.declared !== null) continue;
    const attrs: EdgeAttributes = { relation: as, observed: { calls: p.calls, errors: p.errors, sources: [...p.sources] }, at: p.at };
    graph.addDirectedEdgeWithKey(`observed:${edges++}`, p.from, p.to, attrs);
  }
  const out: Estate = { graph, files: estate.files, observed: { declared: estate, files: resolved.files, edges, as } };
  // What the manifests set aside and could not see stays true with observed calls added.
  if (estate.setAside) out.setAside = estate.setAside;
  if (estate.coverage) out.coverage = estate.coverage;
  return out;
}

/** The steps of a path (step i: path[i] → path[i+1]) that only observed edges make; empty without observed data. */
export function observedStepsOf(estate: Estate, path: readonly string[]): number[] {
  const out: number[] = [];
  if (!estate.observed) return out;
  for (let i = 0; i + 1 < path.length; i++) if (isObservedStep(estate, path[i]!, path[i + 1]!)) out.push(i);
  return out;
}

const observedPairsCache = new WeakMap<Estate, Set<string>>();

/** The from → to pairs that only observed edges join, once per estate. */
function observedOnlyPairs(estate: Estate): Set<string> {
  let set = observedPairsCache.get(estate);
  if (set) return set;
  set = new Set<string>();
  const declared = new Set<string>();
  estate.graph.forEachEdge((_k, a, s, t) => (a.observed ? set! : declared).add(`${s}\u0000${t}`));
  for (const k of declared) set.delete(k);
  observedPairsCache.set(estate, set);
  return set;
}

/** True when the step from → to of a path exists only as an observed edge. */
export function isObservedStep(estate: Estate, from: string, to: string): boolean {
  if (!estate.observed) return false;
  return observedOnlyPairs(estate).has(`${from}\u0000${to}`);
}
