/** The `risk` result for a person: the minimal risk groups, largest threats first. */
import type { RiskResult } from "../analysis/risk.js";
import { PLAIN, safeText, table, type Style } from "./terminal.js";

const SIZE_WORDS = ["", "single points", "pairs", "triples"];

/** Text: a headline with counts per size, a warning when the search was cut short, then one row per group. */
export function formatRiskText(r: RiskResult, style: Style = PLAIN, options: { limit?: number } = {}): string {
  const bySize = new Map<number, number>();
  for (const g of r.groups) bySize.set(g.length, (bySize.get(g.length) ?? 0) + 1);
  const counts = [...bySize].sort((a, b) => a[0] - b[0]).map(([size, k]) => `${k} ${SIZE_WORDS[size] ?? `groups of ${size}`}`);
  const out = [
    style.bold(`Risk groups of ${safeText(r.service)}`) + ` (minimal sets of up to ${r.maxSize} node${r.maxSize === 1 ? "" : "s"} whose joint failure takes it down)`,
    `  ${r.groups.length === 0 ? style.green("none found") : counts.join(", ")}; searched ${r.coneSize} nodes it depends on`,
  ];
  if (r.observedOnly) out.push(`  ${r.observedOnly.length === 0 ? "none" : style.yellow(String(r.observedOnly.length))} of them only through observed calls`);
  if (!r.complete) {
    out.push(
      style.yellow(style.bold(`  INCOMPLETE: the work budget (${r.budget} steps) stopped the search. Groups of up to ${r.completeUpTo} nodes are all listed; larger ones may be missing.`)),
      style.yellow(`  Lower --max-size, or raise --budget.`),
    );
  }
  if (r.groups.length === 0) return out.join("\n") + "\n";
  const info = new Map(r.nodes.map((n) => [n.id, n]));
  const describe = (id: string) => {
    const n = info.get(id);
    if (!n) return "";
    if (n.kind === "service") return `service/${n.tier}`;
    return `${n.type ?? (n.depth === 0 ? "root" : "location")}/${n.hosting}`;
  };
  const limit = options.limit ?? Infinity;
  const shown = r.ranked.slice(0, limit);
  const onlyObserved = new Set((r.observedOnly ?? []).map((g) => [...g].sort().join("\u0000")));
  const rows = shown.map((g) => [String(g.length), g.join(" + ") + (onlyObserved.has([...g].sort().join("\u0000")) ? "  (observed)" : ""), g.map(describe).join(" + ")].map(safeText));
  out.push("", table(["SIZE", "GROUP", "KINDS"], rows, [undefined, (c, i) => (shown[i]!.length === 1 ? style.red(c) : c), (c) => style.dim(c)]));
  if (r.groups.length > shown.length) out.push(`… and ${r.groups.length - shown.length} more (use --limit or --json for all)`);
  return out.join("\n") + "\n";
}
