/**
 * Rule: the structure can no longer meet a service's availability target, or the change
 * lowers a service's availability by more than a margin (spec 7). Figures as in
 * `faultline availability`; the message shows base → head and the top contributor to the change.
 */
import { availability, type ServiceAvailability } from "../../analysis/availability/availability.js";
import { formatPercent } from "../../model/availability-figure.js";
import type { Tier } from "../../model/entities.js";
import type { Estate } from "../../model/types.js";
import type { Finding, Rule } from "../types.js";
import { servicesOf } from "./helpers.js";

/** The node whose share of the service's downtime grew most from base to head. */
export function topContributorToChange(base: ServiceAvailability | undefined, head: ServiceAvailability): { id: string; base: number; head: number } | undefined {
  // A node's share in absolute terms: the unavailability removed if it never failed.
  const share = (s: ServiceAvailability | undefined) => new Map((s?.contributors ?? []).map((k) => [k.id, k.availabilityIfPerfect - s!.availability]));
  const b = share(base);
  const h = share(head);
  let best: { id: string; base: number; head: number } | undefined;
  for (const [id, hv] of h) {
    const bv = b.get(id) ?? 0;
    if (hv - bv > 0 && (!best || hv - bv > best.head - best.base || (hv - bv === best.head - best.base && id < best.id))) best = { id, base: bv, head: hv };
  }
  return best;
}

function byId(estate: Estate, ids: string[], ctxDefaults: Parameters<typeof availability>[2]): Map<string, ServiceAvailability> {
  if (ids.length === 0) return new Map();
  return new Map(availability(estate, ids, ctxDefaults).services.map((s) => [s.id, s]));
}

export const availabilityTarget: Rule = {
  id: "availability-target",
  defaultSeverity: "error",
  shortDescription: "A service's structure cannot meet its availability target, or the change lowers its availability by more than the margin.",
  fullDescription:
    "From the figures of spec 7 (availability on nodes, hints, config defaults), the probability that the service is not down is below its `availabilityTarget`; or, with `margin` set (percentage points), the change lowers the availability of a service with a target (or of a tier listed in `tiers`) by more than the margin. The message shows base → head and the node whose share of the downtime grew most.",
  help: "Add redundancy where the top contributor is (a second zone, a second vendor), improve that node's figure, or revisit the target. Try it with `faultline availability <service> --assume <id>=<figure>`.",
  options: [
    { name: "margin", type: "number", description: "most a service's availability may drop in one change, in percentage points (e.g. 0.01)", min: 0, max: 100 },
    { name: "tiers", type: "tiers", description: "tiers whose services are held to `margin` even without a target (default: none)" },
  ],
  defaults: new Map(),
  check(ctx) {
    const head = ctx.estate;
    const opts = ctx.availabilityDefaults ? { defaults: ctx.availabilityDefaults } : {};
    const margin = ctx.options.get("margin") as number | undefined;
    const tiers = new Set((ctx.options.get("tiers") as Tier[] | undefined) ?? []);
    const watched = servicesOf(head).filter((s) => s.availabilityTarget !== undefined || (margin !== undefined && tiers.has(s.tier)));
    const ids = watched.map((s) => s.id);
    const now = byId(head, ids, opts);
    const base = ctx.base;
    const before = base ? byId(base, ids.filter((id) => base.graph.hasNode(id) && base.graph.getNodeAttribute(id, "kind") === "service"), opts) : new Map<string, ServiceAvailability>();
    const out: Finding[] = [];
    for (const s of watched) {
      const h = now.get(s.id)!;
      const b = before.get(s.id);
      const fromTo = b ? `${formatPercent(b.availability)} → ${formatPercent(h.availability)}` : formatPercent(h.availability);
      const top = topContributorToChange(b, h);
      const because = top ? `; top contributor${b ? " to the change" : ""}: ${top.id} (${(h.availability < 1 ? (100 * top.head) / (1 - h.availability) : 0).toFixed(1)}% of the downtime${b ? `, was ${b.availability < 1 ? ((100 * top.base) / (1 - b.availability)).toFixed(1) : "0.0"}%` : ""})` : "";
      const bounds = h.method === "bounds" ? " (a lower bound)" : "";
      if (s.availabilityTarget !== undefined && h.availability < s.availabilityTarget) {
        out.push({
          nodes: [s.id],
          message: `${s.id} cannot meet its availability target ${formatPercent(s.availabilityTarget)}: the structure allows ${fromTo}${bounds}${because}`,
          path: top ? [s.id, top.id] : [s.id],
          at: s.at,
        });
      }
      if (margin !== undefined && b && (b.availability - h.availability) * 100 > margin + 1e-12) {
        out.push({
          nodes: [s.id, "availability-drop"],
          message: `${s.id} loses ${((b.availability - h.availability) * 100).toPrecision(2)} percentage points of availability (${fromTo}${bounds}), more than the margin of ${margin}${because}`,
          path: top ? [s.id, top.id] : [s.id],
          at: s.at,
        });
      }
    }
    return out;
  },
};


