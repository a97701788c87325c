/** Small graph readings shared by the rules. */
import type { SourcePos } from "../../diagnostics/diagnostics.js";
import type { Hosting } from "../../model/entities.js";
import type { Estate, GroupInfo, ServiceAttributes, ServiceHosting } from "../../model/types.js";
import type { RuleContext } from "../types.js";
import { outEdges } from "../../analysis/diff.js";

/** A direct hard dependency as written. */
export interface HardEdge {
  to: string;
  at: SourcePos;
}

/** Direct hard dependencies of a service, one per target (the first entry written). */
export function hardEdges(estate: Estate, id: string): HardEdge[] {
  const seen = new Map<string, SourcePos>();
  for (const { to, attr } of outEdges(estate, id)) if (attr.relation === "hard" && !seen.has(to)) seen.set(to, attr.at);
  return [...seen].map(([to, at]) => ({ to, at }));
}

/** Hard groups of a service, with where each member is written. */
export function hardGroups(estate: Estate, id: string): Array<{ group: GroupInfo; memberAt: Map<string, SourcePos> }> {
  const a = estate.graph.getNodeAttributes(id) as ServiceAttributes;
  return a.groups
    .filter((g) => !g.soft)
    .map((group) => {
      const memberAt = new Map<string, SourcePos>();
      for (const { to, attr } of outEdges(estate, id)) if (attr.relation === "group" && attr.group?.index === group.index && !memberAt.has(to)) memberAt.set(to, attr.at);
      return { group, memberAt };
    });
}

const servicesCache = new WeakMap<Estate, ServiceAttributes[]>();

/** Services of the estate, sorted by id (listed once per estate, shared by the rules; do not modify). */
export function servicesOf(estate: Estate): readonly ServiceAttributes[] {
  const cached = servicesCache.get(estate);
  if (cached) return cached;
  const out: ServiceAttributes[] = [];
  estate.graph.forEachNode((_id, a) => a.kind === "service" && out.push(a));
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  servicesCache.set(estate, out);
  return out;
}

/** The services a rule examines: all of them, or those `ctx.inScope` accepts (check --base). */
export function subjectServices(ctx: RuleContext): readonly ServiceAttributes[] {
  const all = servicesOf(ctx.estate);
  const inScope = ctx.inScope;
  return inScope ? all.filter((s) => inScope(s.id)) : all;
}

/** Hosting of any node: a service's class (hybrid, unplaced included) or a location's. */
export function hostingOf(estate: Estate, id: string): ServiceHosting | Hosting {
  return estate.graph.getNodeAttributes(id).hosting;
}
