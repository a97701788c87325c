/** Rule: a critical service gains a single point of failure it did not have on the base. */
import { blastRadius } from "../../analysis/blast-radius.js";
import type { Tier } from "../../model/entities.js";
import type { LocationAttributes } from "../../model/types.js";
import { spofsOf } from "../spof.js";
import type { Finding, Rule } from "../types.js";
import { servicesOf } from "./helpers.js";

export const newSinglePointOfFailure: Rule = {
  id: "new-single-point-of-failure",
  defaultSeverity: "error",
  shortDescription: "A critical service gains a single point of failure.",
  fullDescription:
    "A service of a watched tier (critical by default) now goes down when one node fails alone — a service, a database, a zone, a data center or a provider — and it did not on the base.",
  help:
    "Make the dependency redundant (`anyOf: [a, b]` or `quorum:`), run the service or its dependency in more than one place (`runsOn` with several locations), or make the dependency soft if the service can work without it. A location whose child is also a single point of failure is not listed separately.",
  options: [{ name: "tiers", type: "tiers", description: "tiers whose services are watched (default [critical])" }],
  defaults: new Map<string, unknown>([["tiers", ["critical"]]]),
  check(ctx) {
    const tiers = new Set(ctx.options.get("tiers") as Tier[]);
    const g = ctx.estate.graph;
    const out: Finding[] = [];
    for (const s of servicesOf(ctx.estate)) {
      if (!tiers.has(s.tier)) continue;
      const spofs = spofsOf(ctx.estate, s.id);
      const set = new Set(spofs);
      // A location is implied when one of its children is also a single point of failure.
      const implied = new Set<string>();
      for (const x of spofs) {
        const a = g.getNodeAttributes(x);
        if (a.kind === "location" && (a as LocationAttributes).parent !== undefined && set.has(a.parent!)) implied.add(a.parent!);
      }
      for (const x of spofs) {
        const impact = blastRadius(ctx.estate, [x]).impacts.find((i) => i.id === s.id);
        const kind = g.getNodeAttribute(x, "kind");
        const f: Finding = {
          nodes: [s.id, x],
          message: `${s.tier} service ${s.id} goes down when ${kind} ${x} fails alone: ${x} is a single point of failure`,
          path: impact ? impact.path : [s.id, x],
        };
        if (implied.has(x)) f.implied = true;
        out.push(f);
      }
    }
    return out;
  },
};
