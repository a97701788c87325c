/** The `availability` result for people: text and Markdown. Reads only the result. */
import type { AvailabilityResult, ServiceAvailability } from "../analysis/availability/availability.js";
import { formatPercent } from "../model/availability-figure.js";
import { mdEscape } from "./check-markdown.js";
import { PLAIN, safeText, table, type Style } from "./terminal.js";

export interface AvailabilityReportOptions {
  /** Contributors shown per service (default 5). */
  top?: number;
}

/** Minutes as a person reads them: `4 min`, `2.6 h`, `1.3 days`. */
export function formatMinutes(m: number): string {
  if (m < 1) return `${(m * 60).toFixed(m * 60 < 10 ? 1 : 0)} s`;
  if (m < 120) return `${m.toFixed(m < 10 ? 1 : 0)} min`;
  const h = m / 60;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} days`;
}

function figure(s: ServiceAvailability): string {
  return s.method === "exact" ? formatPercent(s.availability) : `${formatPercent(s.lower)} to ${formatPercent(s.upper)} (bounds)`;
}

function assumptionLine(s: ServiceAvailability): string {
  const parts = [`${s.assumedPerfect} of ${s.coneSize} node${s.coneSize === 1 ? "" : "s"} it depends on (itself included) have no figure and are taken as never failing`];
  if (s.assumedByDefault > 0) parts.push(`${s.assumedByDefault} take a config default`);
  return parts.join("; ");
}

/** Text: per service the figure, up, downtime, method, assumptions and the top contributors. */
export function formatAvailabilityText(r: AvailabilityResult, style: Style = PLAIN, options: AvailabilityReportOptions = {}): string {
  const top = options.top ?? 5;
  const out: string[] = [];
  for (const s of r.services) {
    if (out.length > 0) out.push("");
    out.push(`${style.bold(safeText(s.id))}  availability ${style.bold(figure(s))}  (fully up ${formatPercent(s.up)})`);
    out.push(`  expected downtime: ${s.method === "bounds" ? "at most " : ""}${formatMinutes(s.downtime.perYear)} a year, ${formatMinutes(s.downtime.per30Days)} per 30 days`);
    if (s.target !== undefined) {
      const ok = s.meetsTarget ? style.green("meets") : style.red("does NOT meet");
      out.push(`  target ${formatPercent(s.target)}: ${ok} it`);
    }
    out.push(`  method: ${s.method === "exact" ? `exact (decision diagram of ${s.bddNodes} nodes)` : `bounds (${s.boundsReason}; cut sets complete up to ${s.cutSetsCompleteUpTo} nodes)`}`);
    out.push(style.dim(`  assumptions: ${assumptionLine(s)}`));
    const shown = s.contributors.slice(0, top);
    if (shown.length === 0) {
      out.push("  no node it depends on has a figure: it never goes down in this model");
      continue;
    }
    out.push(`  top contributors${s.contributorsApproximate ? " (estimated from the cut sets)" : ""}:`);
    const rows = shown.map((k) => [
      safeText(k.id),
      `${formatPercent(k.availability)}${k.source === "default" ? " (default)" : k.source === "assume" ? " (assumed)" : ""}`,
      `${(k.fussellVesely * 100).toFixed(1)}%`,
      k.birnbaum.toPrecision(3),
      formatPercent(k.availabilityIfPerfect),
      formatMinutes(k.downtimeSavedPerYear),
    ]);
    const t = table(["NODE", "ITS FIGURE", "SHARE (FV)", "BIRNBAUM", "IF IT NEVER FAILED", "SAVES / YEAR"], rows);
    out.push(...t.split("\n").map((l) => "    " + l));
    if (s.contributors.length > shown.length) out.push(style.dim(`    … and ${s.contributors.length - shown.length} more (--top or --json for all)`));
  }
  if (r.assumptions.length > 0) {
    out.push("", style.bold("Assumed figures") + " (config defaults and --assume, not written on the nodes):");
    const rows = r.assumptions.map((a) => [safeText(a.id), formatPercent(a.availability), a.source === "assume" ? "--assume" : `default for ${safeText(a.reason ?? "")}`]);
    out.push(...table(["NODE", "FIGURE", "FROM"], rows).split("\n").map((l) => "  " + l));
  }
  return out.join("\n") + "\n";
}

/** Markdown: one table of services, then the top contributors of each. */
export function formatAvailabilityMarkdown(r: AvailabilityResult, options: AvailabilityReportOptions = {}): string {
  const top = options.top ?? 5;
  const out = ["## Availability", "", "| Service | Availability | Fully up | Downtime / year | Method | Target | Taken as never failing |", "|---|---|---|---|---|---|---|"];
  for (const s of r.services) {
    const target = s.target === undefined ? "" : `${formatPercent(s.target)} ${s.meetsTarget ? "✅" : "❌"}`;
    out.push(
      `| ${mdEscape(s.id)} | ${figure(s)} | ${formatPercent(s.up)} | ${formatMinutes(s.downtime.perYear)} | ${s.method} | ${target} | ${s.assumedPerfect} of ${s.coneSize} |`,
    );
  }
  for (const s of r.services) {
    if (s.contributors.length === 0) continue;
    out.push("", `### ${mdEscape(s.id)}: top contributors${s.contributorsApproximate ? " (estimated)" : ""}`, "", "| Node | Its figure | Share (FV) | Birnbaum | If it never failed |", "|---|---|---|---|---|");
    for (const k of s.contributors.slice(0, top)) {
      out.push(`| ${mdEscape(k.id)} | ${formatPercent(k.availability)}${k.source !== "manifest" ? ` (${k.source})` : ""} | ${(k.fussellVesely * 100).toFixed(1)}% | ${k.birnbaum.toPrecision(3)} | ${formatPercent(k.availabilityIfPerfect)} |`);
    }
  }
  if (r.assumptions.length > 0) {
    out.push("", "**Assumed figures:** " + r.assumptions.map((a) => `${mdEscape(a.id)} ${formatPercent(a.availability)} (${a.source === "assume" ? "--assume" : mdEscape(`default for ${a.reason ?? ""}`)})`).join(", "));
  }
  return out.join("\n") + "\n";
}
