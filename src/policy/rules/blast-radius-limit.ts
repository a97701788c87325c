/** Rule: no single node may take down more than N services or P percent of them. */
import { compile } from "../../model/compile.js";
import { newDownScratch, propagateDown, undoDown } from "../../analysis/propagate.js";
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
  validate(options, severity) {
    if (severity !== "off" && !options.has("maxServices") && !options.has("maxPercent")) return "blast-radius-limit needs options.maxServices or options.maxPercent";
    return undefined;
  },
  check(ctx) {
    const maxN = ctx.options.get("maxServices") as number | undefined;
    const maxP = ctx.options.get("maxPercent") as number | undefined;
    if (maxN === undefined && maxP === undefined) return [];
    const c = compile(ctx.estate);
    let total = 0;
    for (let i = 0; i < c.n; i++) total += c.isService[i]!;
    const scratch = newDownScratch(c);
    const out: Finding[] = [];
    for (let x = 0; x < c.n; x++) {
      const end = propagateDown(c, scratch, [x], 0);
      let down = 0;
      let example = -1;
      for (let q = 1; q < end; q++) {
        const y = scratch.queue[q]!;
        if (c.isService[y]) {
          down++;
          if (example < 0) example = y;
        }
      }
      undoDown(c, scratch, 0, end);
      const pct = total > 0 ? (100 * down) / total : 0;
      const over = (maxN !== undefined && down > maxN) || (maxP !== undefined && pct > maxP);
      if (!over) continue;
      const id = c.ids[x]!;
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
