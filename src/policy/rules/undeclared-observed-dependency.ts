/** Rule: a critical or high service makes an observed call that no manifest declares. */
import { TIERS, type Tier } from "../../model/entities.js";
import type { ServiceAttributes } from "../../model/types.js";
import type { Finding, Rule } from "../types.js";

export const undeclaredObservedDependency: Rule = {
  id: "undeclared-observed-dependency",
  defaultSeverity: "error",
  usesObserved: true,
  shortDescription: "A critical or high service makes an observed call that no manifest declares.",
  fullDescription:
    "Observed data (traces or mesh metrics given with --observed or observed: in the config) shows a service of a checked tier calling another service, and the manifests declare no dependency between them. Every analysis misses that path until it is written down. Without observed data the rule finds nothing.",
  help: "Declare the dependency (`dependsOn`, soft if the caller survives without it), or map the observed name to the right service (`observedAs`, observed.names). `tiers: [critical]` narrows the rule; add medium or low to widen it.",
  options: [{ name: "tiers", type: "tiers", description: "tiers of callers checked (default [critical, high])" }],
  defaults: new Map<string, unknown>([["tiers", ["critical", "high"]]]),
  check(ctx) {
    const e = ctx.estate;
    if (!e.observed) return [];
    const tiers = new Set((ctx.options.get("tiers") as Tier[] | undefined) ?? ["critical", "high"]);
    const g = e.graph;
    const out: Finding[] = [];
    const seen = new Set<string>();
    g.forEachEdge((_k, a, from, to) => {
      if (!a.observed) return;
      const s = g.getNodeAttributes(from) as ServiceAttributes;
      if (s.kind !== "service" || !tiers.has(s.tier)) return;
      const key = `${from}\u0000${to}`;
      if (seen.has(key)) return;
      seen.add(key);
      const t = g.getNodeAttributes(to) as ServiceAttributes;
      out.push({
        nodes: [from, to],
        message: `${s.tier} service ${from} calls ${t.kind === "service" ? `${t.tier} service ` : ""}${to} (${a.observed.calls} observed calls, ${a.observed.sources.join(", ")}) but declares no dependency on it`,
        path: [from, to],
        at: s.at,
      });
    });
    return out.sort((x, y) => TIERS.indexOf((g.getNodeAttributes(x.nodes[0]!) as ServiceAttributes).tier) - TIERS.indexOf((g.getNodeAttributes(y.nodes[0]!) as ServiceAttributes).tier) || (x.nodes.join("\u0000") < y.nodes.join("\u0000") ? -1 : 1));
  },
};
