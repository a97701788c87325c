/**
 * Drift: the declared graph against the observed one, per service. Undeclared dependencies
 * (observed, not declared) ranked by the caller's tier and call volume; declared dependencies
 * never observed (only for callers that were observed making calls); unknown and ambiguous names.
 */
import { TIERS, type Tier } from "../model/entities.js";
import type { Estate, Relation, ServiceAttributes } from "../model/types.js";
import type { AmbiguousName, MatchedName, ResolvedObserved, UnknownPeer } from "../observed/resolve.js";

export interface UndeclaredDependency {
  from: string;
  to: string;
  fromTier: Tier;
  toTier: Tier;
  calls: number;
  errors: number;
  sources: string[];
}

export interface UnobservedDependency {
  from: string;
  to: string;
  fromTier: Tier;
  relation: Relation;
  /** Where the dependency is declared. */
  at: string;
}

/** The result of `faultline drift`: the JSON output. */
export interface DriftResult {
  schemaVersion: 1;
  observedFiles: string[];
  summary: {
    /** Observed service → service pairs. */
    observedPairs: number;
    /** Of them, declared in the manifests. */
    declaredAndObserved: number;
    undeclared: number;
    undeclaredCriticalOrHigh: number;
    neverObserved: number;
    unknownPeers: number;
    ambiguous: number;
    /** Services seen making calls, of all services. */
    observedServices: number;
    services: number;
  };
  undeclared: UndeclaredDependency[];
  neverObserved: UnobservedDependency[];
  unknownPeers: UnknownPeer[];
  ambiguous: AmbiguousName[];
  matched: MatchedName[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const rank = (t: Tier) => TIERS.indexOf(t);

/** Compares the declared estate with resolved observed calls. */
export function drift(estate: Estate, observed: ResolvedObserved): DriftResult {
  const g = estate.graph;
  const tierOf = (id: string) => (g.getNodeAttributes(id) as ServiceAttributes).tier;
  const undeclared: UndeclaredDependency[] = observed.pairs
    .filter((p) => p.declared === null)
    .map((p) => ({ from: p.from, to: p.to, fromTier: tierOf(p.from), toTier: tierOf(p.to), calls: p.calls, errors: p.errors, sources: p.sources }))
    .sort((a, b) => rank(a.fromTier) - rank(b.fromTier) || b.calls - a.calls || cmp(a.from, b.from) || cmp(a.to, b.to));
  const seenPairs = new Set(observed.pairs.map((p) => `${p.from}\u0000${p.to}`));
  const neverObserved: UnobservedDependency[] = [];
  for (const from of observed.observedClients) {
    const done = new Set<string>();
    for (const e of g.outEdges(from)) {
      const a = g.getEdgeAttributes(e);
      if (a.observed || (a.relation !== "hard" && a.relation !== "soft" && a.relation !== "group")) continue;
      const to = g.target(e);
      if (g.getNodeAttribute(to, "kind") !== "service" || done.has(to) || seenPairs.has(`${from}\u0000${to}`)) continue;
      done.add(to);
      neverObserved.push({ from, to, fromTier: tierOf(from), relation: a.relation, at: `${a.at.file}:${a.at.line}` });
    }
  }
  neverObserved.sort((a, b) => rank(a.fromTier) - rank(b.fromTier) || cmp(a.from, b.from) || cmp(a.to, b.to));
  let services = 0;
  g.forEachNode((_id, a) => {
    if (a.kind === "service") services++;
  });
  return {
    schemaVersion: 1,
    observedFiles: observed.files,
    summary: {
      observedPairs: observed.pairs.length,
      declaredAndObserved: observed.pairs.length - undeclared.length,
      undeclared: undeclared.length,
      undeclaredCriticalOrHigh: undeclared.filter((u) => rank(u.fromTier) <= 1).length,
      neverObserved: neverObserved.length,
      unknownPeers: observed.unknownPeers.length,
      ambiguous: observed.ambiguous.length,
      observedServices: observed.observedClients.length,
      services,
    },
    undeclared,
    neverObserved,
    unknownPeers: observed.unknownPeers,
    ambiguous: observed.ambiguous,
    matched: observed.matched,
  };
}
