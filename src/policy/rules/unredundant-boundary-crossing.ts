/** Rule: a hard dependency without redundancy across the in-house / cloud / vendor boundary. */
import type { Finding, Rule } from "../types.js";
import { hardEdges, hardGroups, hostingOf, subjectServices } from "./helpers.js";

/** True when a dependency from hosting `a` on hosting `b` crosses the boundary the rule watches. */
export function crosses(a: string, b: string): boolean {
  if (a === "in-house") return b === "public-cloud" || b === "third-party";
  if (a === "public-cloud") return b === "in-house";
  return false;
}

export const unredundantBoundaryCrossing: Rule = {
  id: "unredundant-boundary-crossing",
  defaultSeverity: "warning",
  shortDescription: "A hard dependency without redundancy crosses between in-house and cloud or vendor.",
  fullDescription:
    "An in-house service depends hard, without redundancy, on something hosted on public cloud or by a third party, or a cloud service depends hard on something in-house. An outage or a network partition on the other side then takes the service down. Hosting is that of the placements (`runsOn`); hybrid and unplaced services do not count as crossing.",
  help:
    "Make the dependency redundant with a member on the service's own side (`anyOf: [ledger-cloud, ledger-dc]`), make it soft if the service can degrade without it, or allow-list it in the policy with a reason.",
  options: [],
  defaults: new Map(),
  check(ctx) {
    const e = ctx.estate;
    const out: Finding[] = [];
    for (const s of subjectServices(ctx)) {
      if (s.hosting !== "in-house" && s.hosting !== "public-cloud") continue;
      for (const d of hardEdges(e, s.id)) {
        const h = hostingOf(e, d.to);
        if (!crosses(s.hosting, h)) continue;
        out.push({ nodes: [s.id, d.to], message: `${s.hosting} service ${s.id} depends hard on ${h} ${d.to} without redundancy`, path: [s.id, d.to], at: d.at });
      }
      for (const { group, memberAt } of hardGroups(e, s.id)) {
        const crossing = group.members.filter((m) => crosses(s.hosting, hostingOf(e, m)));
        // Redundant when the members on the service's own side can meet the quorum alone.
        if (crossing.length === 0 || group.members.length - crossing.length >= group.quorum) continue;
        const first = crossing[0]!;
        out.push({
          nodes: [s.id, ...[...crossing].sort()],
          message: `${s.hosting} service ${s.id} needs ${group.quorum} of [${group.members.join(", ")}], and the quorum cannot be met without ${crossing.join(", ")} across the boundary`,
          path: [s.id, first],
          at: memberAt.get(first) ?? group.at,
        });
      }
    }
    return out;
  },
};
