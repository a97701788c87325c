/** Rule: no single node may take down more than N services or P percent of them. */
import { spofRanking } from "../../analysis/spof.js";
import type { Finding, Rule } from "../types.js";

export const blastRadiusLimit: Rule = {
  id: "blast-radius-limit",
  defaultSeverity: "off",
  shortDescription: "A single node takes down too many services.",
  fullDescription:
    "The failure of one node (a service or a location) alone takes down more services than the limit: `maxServices` (a count) and/or `maxPercent` (of all services). Off unless configured.",
  help: "Split the shared dependency, add redundancy to the services that depend on it, or allow-list nodes whose size is accepted (a whole provider, say).",
  options: [
    { name: "maxServices", type: "number", description: "most services one node may take down", min: 0 },
    { name: "maxPercent", type: "number", description: "most services one node may take down, in percent of all services", min: 0, max: 100 },
  ],
  defaults: new Map(),
  scope: "dependents",
  validate(options, severity) {
    if (severity !== "off" && !options.has("maxServices") && !options.has("maxPercent")) return "blast-radius-limit needs options.maxServices or options.maxPercent";
    return undefined;
  },
  check(ctx) {
    const maxN = ctx.options.get("maxServices") as number | undefined;
    const maxP = ctx.options.get("maxPercent") as number | undefined;
    if (maxN === undefined && maxP === undefined) return [];
    // The all-node ranking counts, for every node, the services down when it alone fails.
    const ranking = spofRanking(ctx.estate, { detail: 0 });
    const total = ranking.summary.services;
    const out: Finding[] = [];
    for (const row of [...ranking.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (ctx.inScope && !ctx.inScope(row.id)) continue;
      const down = row.servicesDown;
      const pct = total > 0 ? (100 * down) / total : 0;
      const over = (maxN !== undefined && down > maxN) || (maxP !== undefined && pct > maxP);
      if (!over) continue;
      const id = row.id;
      const limit = [maxN !== undefined ? `${maxN} services` : "", maxP !== undefined ? `${maxP}%` : ""].filter(Boolean).join(" / ");
      out.push({
        nodes: [id],
        message: `the failure of ${id} alone takes down ${down} of ${total} services (${Math.round(pct)}%), over the limit of ${limit}`,
        path: [id],
        at: ctx.estate.graph.getNodeAttribute(id, "at"),
      });
    }
    return out;
  },
};
