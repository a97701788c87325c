/** Rule: a service depends hard on a service of a lower tier. */
import { TIERS, type Tier } from "../../model/entities.js";
import type { ServiceAttributes } from "../../model/types.js";
import type { Finding, Rule } from "../types.js";
import { hardEdges, hardGroups, subjectServices } from "./helpers.js";

const rank = (t: Tier) => TIERS.indexOf(t);

export const tierInversion: Rule = {
  id: "tier-inversion",
  defaultSeverity: "warning",
  shortDescription: "A service depends hard on a service of a lower tier.",
  fullDescription:
    "A hard dependency (or a hard group whose quorum cannot be met by members of the same tier or higher) points from a service to a service of a lower tier (critical > high > medium > low). The lower tier is run with less care than the service that needs it.",
  help: "Raise the tier of the dependency, make the dependency soft, or add a redundant member of the right tier. `minGap: 2` only reports inversions of two tiers or more.",
  options: [{ name: "minGap", type: "number", description: "smallest tier difference reported (default 1)", min: 1, max: 3 }],
  defaults: new Map<string, unknown>([["minGap", 1]]),
  check(ctx) {
    const e = ctx.estate;
    const gap = ctx.options.get("minGap") as number;
    const out: Finding[] = [];
    const tierOf = (id: string): Tier | undefined => {
      const a = e.graph.getNodeAttributes(id);
      return a.kind === "service" ? (a as ServiceAttributes).tier : undefined;
    };
    for (const s of subjectServices(ctx)) {
      const mine = rank(s.tier);
      const lower = (id: string) => {
        const t = tierOf(id);
        return t !== undefined && rank(t) - mine >= gap;
      };
      for (const d of hardEdges(e, s.id)) {
        if (!lower(d.to)) continue;
        out.push({ nodes: [s.id, d.to], message: `${s.tier} service ${s.id} depends hard on ${tierOf(d.to)} service ${d.to}`, path: [s.id, d.to], at: d.at });
      }
      for (const { group, memberAt } of hardGroups(e, s.id)) {
        const low = group.members.filter(lower);
        if (low.length === 0 || group.members.length - low.length >= group.quorum) continue;
        out.push({
          nodes: [s.id, ...[...low].sort()],
          message: `${s.tier} service ${s.id} needs ${group.quorum} of [${group.members.join(", ")}] and cannot meet it without the lower-tier ${low.join(", ")}`,
          path: [s.id, low[0]!],
          at: memberAt.get(low[0]!) ?? group.at,
        });
      }
    }
    return out;
  },
};
