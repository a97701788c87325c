/**
 * The standard scenarios: each root location (provider, in-house estate, vendor), each
 * location one and two levels below a root (region or data center, zone or hall), all
 * in-house down, all public cloud down; run in one go and ranked by damage.
 */
import { compile, DEGRADED, DOWN } from "../engine/compile.js";
import type { Hosting } from "../model/entities.js";
import type { Estate } from "../model/types.js";
import { propagate } from "../engine/propagate.js";

/** What a scenario fails. */
export type ScenarioScope =
  | "provider"
  | "estate"
  | "vendor"
  | "region"
  | "data center"
  | "vendor region"
  | "zone"
  | "hall"
  | "vendor zone"
  | "all in-house"
  | "all public cloud";

export interface ScenarioRow {
  /** A location id, or `hosting:in-house` / `hosting:public-cloud`. */
  name: string;
  scope: ScenarioScope;
  hosting: Hosting;
  /** Location type as written, when the scenario is one location. */
  type?: string;
  /** The failed ids. */
  failed: string[];
  servicesDown: number;
  servicesDegraded: number;
  criticalDown: number;
  /** The critical services down, sorted. */
  critical: string[];
  /** With observed calls: the services down or degraded that the declared graph alone leaves up, sorted. */
  observedOnly?: string[];
}

export interface ScenariosResult {
  schemaVersion: 1;
  summary: { services: number; scenarios: number; observed?: { edges: number; as: "hard" | "soft"; scenariosWithObservedOnly: number } };
  /** By critical services down, then services down, then degraded, then name. */
  scenarios: ScenarioRow[];
}

const SCOPES: Record<Hosting, [ScenarioScope, ScenarioScope, ScenarioScope]> = {
  "public-cloud": ["provider", "region", "zone"],
  "in-house": ["estate", "data center", "hall"],
  "third-party": ["vendor", "vendor region", "vendor zone"],
};

/** Runs the standard library of scenarios on the estate. */
export function scenarios(estate: Estate): ScenariosResult {
  const c = compile(estate);
  const g = estate.graph;
  const defs: Array<{ name: string; scope: ScenarioScope; hosting: Hosting; type?: string; failed: number[] }> = [];
  const byClass = new Map<Hosting, number[]>();
  for (let x = 0; x < c.n; x++) {
    if (c.isService[x]) continue;
    const a = g.getNodeAttributes(c.ids[x]!);
    if (a.kind !== "location") continue;
    const d = c.depth[x]!;
    if (d > 2) continue;
    const def: (typeof defs)[number] = { name: a.id, scope: SCOPES[a.hosting][d]!, hosting: a.hosting, failed: [x] };
    if (a.type !== undefined) def.type = a.type;
    defs.push(def);
    if (d === 0) byClass.set(a.hosting, [...(byClass.get(a.hosting) ?? []), x]);
  }
  const inHouse = byClass.get("in-house");
  if (inHouse) defs.push({ name: "hosting:in-house", scope: "all in-house", hosting: "in-house", failed: inHouse });
  const cloud = byClass.get("public-cloud");
  if (cloud) defs.push({ name: "hosting:public-cloud", scope: "all public cloud", hosting: "public-cloud", failed: cloud });
  const services = c.services;
  // Marks nodes already counted (a node may be reached twice: degraded, then down); cleared after each scenario.
  const mark = new Uint8Array(c.n);
  // With observed calls, the same scenario on the declared graph tells which casualties only
  // observation explains (the node set is the same, so integer ids are too).
  const dc = estate.observed ? compile(estate.observed.declared) : undefined;
  const rows = defs.map((d): ScenarioRow => {
    const p = propagate(c, d.failed);
    const dp = dc ? propagate(dc, d.failed) : undefined;
    const only: number[] = [];
    for (const f of d.failed) mark[f] = 1;
    let down = 0;
    let degraded = 0;
    const critical: number[] = [];
    for (let q = 0; q < p.reachedCount; q++) {
      const x = p.reached[q]!;
      if (mark[x] || !c.isService[x]) continue;
      mark[x] = 1;
      if (dp && (p.state[x] === DOWN || p.state[x] === DEGRADED) && dp.state[x] !== DOWN && dp.state[x] !== DEGRADED) only.push(x);
      if (p.state[x] === DOWN) {
        down++;
        if (c.tier[x] === 0) critical.push(x);
      } else if (p.state[x] === DEGRADED) degraded++;
    }
    for (let q = 0; q < p.reachedCount; q++) mark[p.reached[q]!] = 0;
    critical.sort((a, b) => a - b);
    const row: ScenarioRow = {
      name: d.name,
      scope: d.scope,
      hosting: d.hosting,
      failed: d.failed.map((x) => c.ids[x]!),
      servicesDown: down,
      servicesDegraded: degraded,
      criticalDown: critical.length,
      critical: critical.map((x) => c.ids[x]!),
    };
    if (d.type !== undefined) row.type = d.type;
    if (dp) row.observedOnly = only.sort((a, b) => a - b).map((x) => c.ids[x]!);
    return row;
  });
  rows.sort((a, b) => b.criticalDown - a.criticalDown || b.servicesDown - a.servicesDown || b.servicesDegraded - a.servicesDegraded || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const summary: ScenariosResult["summary"] = { services, scenarios: rows.length };
  if (estate.observed) summary.observed = { edges: estate.observed.edges, as: estate.observed.as, scenariosWithObservedOnly: rows.filter((r) => r.observedOnly!.length > 0).length };
  return { schemaVersion: 1, summary, scenarios: rows };
}
