/** The `exposure` result for a person (text) and for a pull request or wiki (Markdown). */
import type { ExposureResult, ServiceExposure } from "../analysis/exposure.js";
import { capMarkdown, mdCode, mdCodeList, mdEscape } from "./escape/markdown.js";
import { PLAIN, safeText, table, type Style } from "./terminal.js";
import { TextChunks } from "./chunks.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function summaryLines(r: ExposureResult): string[] {
  const h = r.summary.hosting;
  const lines = [
    `${plural(r.summary.services, "service")}: ${h["in-house"]} in-house, ${h["public-cloud"]} in public cloud, ${h["third-party"]} at vendors, ${h.hybrid} hybrid, ${h.unplaced} unplaced`,
  ];
  const byHosting = new Map<string, string[]>();
  for (const x of r.summary.crossings) {
    if (x.down === 0 && x.degraded === 0) continue;
    const parts = byHosting.get(x.hosting) ?? [];
    const what = x.exposedTo === "third-party" ? "a vendor" : x.exposedTo === "in-house" ? "an in-house root" : "a public cloud";
    const down = x.down > 0 ? `${x.down} go${x.down === 1 ? "es" : ""} down with ${what}` : "";
    const degraded = x.degraded > 0 ? `${x.degraded}${x.down > 0 ? " more" : ""} ${x.degraded === 1 ? "is" : "are"} degraded by ${what}` : "";
    parts.push([down, degraded].filter((p) => p !== "").join(", "));
    byHosting.set(x.hosting, parts);
  }
  for (const [hosting, parts] of byHosting) lines.push(`${hosting} services (${h[hosting as keyof typeof h]}): ${parts.join("; ")}`);
  if (byHosting.size === 0) lines.push("No service is exposed to a hosting class it does not run in.");
  return lines;
}

/** Crossing steps: roots of a class the service does not run in. */
function crossings(s: ServiceExposure) {
  return s.exposures.filter((e) => !s.hostings.includes(e.rootHosting));
}

/** "goes down with aws (public-cloud) through payments ← payments-db" */
function crossingText(s: ServiceExposure, e: ServiceExposure["exposures"][number]): string {
  const through = e.path.slice(1, -1);
  const observed = e.observedSteps && e.observedSteps.length > 0 ? " (observed: " + e.observedSteps.map((i) => `${e.path[i]} → ${e.path[i + 1]}`).join(", ") + ")" : "";
  const runs = s.hosting === "unplaced" ? "has no placement" : s.hosting === "hybrid" ? `runs ${s.hostings.join(" + ")}` : `runs ${s.hosting}`;
  return `${s.id} ${runs}, but ${e.state === "down" ? "goes down with" : "is degraded by"} ${e.root} (${e.rootHosting})` + (through.length > 0 ? ` through ${through.join(" ← ")}` : "") + observed;
}

/** Text: the summary, a table of every service, then every boundary crossing with its path. */
export function formatExposureText(r: ExposureResult, style: Style = PLAIN): string {
  const out = [style.bold("Exposure: what each service relies on, beyond where it runs"), ...summaryLines(r).map((l) => "  " + safeText(l)), ""];
  if (r.services.length === 0) return out.join("\n") + "No services.\n";
  const rows = r.services.map((s) => [s.id, s.tier, s.hosting, s.downWith.join(", ") || "—", s.degradedWith.join(", ") || "—"].map(safeText));
  out.push(
    table(["SERVICE", "TIER", "HOSTING", "DOWN WITH", "DEGRADED WITH"], rows, [
      (c, i) => (r.services[i]!.tier === "critical" ? style.bold(c) : c),
      undefined,
      undefined,
      (c) => (c.trim() === "—" ? style.dim(c) : style.red(c)),
      (c) => (c.trim() === "—" ? style.dim(c) : style.yellow(c)),
    ]),
  );
  let crossingCount = 0;
  for (const s of r.services) crossingCount += crossings(s).length;
  out.push("");
  if (crossingCount === 0) {
    out.push("No service crosses a hosting boundary.");
    return out.join("\n") + "\n";
  }
  out.push(style.bold(`Boundary crossings (${crossingCount}):`));
  // One line per crossing, hundreds of thousands on a big estate: written as they come.
  const text = new TextChunks();
  text.line(out.join("\n"));
  for (const s of r.services) for (const e of crossings(s)) text.line("  " + (e.state === "down" ? style.red("down     ") : style.yellow("degraded ")) + safeText(crossingText(s, e)));
  return text.text();
}

/** Markdown: the summary, a table of every service, the boundary crossings as a list. */
export function formatExposureMarkdown(r: ExposureResult): string {
  const out = ["## Exposure", "", ...summaryLines(r).map((l) => `- ${mdEscape(l)}`), ""];
  out.push("| Service | Tier | Hosting | Down with | Degraded with |", "|---|---|---|---|---|");
  for (const s of r.services) {
    out.push(`| ${mdCode(s.id)} | ${mdEscape(s.tier)} | ${mdEscape(s.hosting)} | ${mdCodeList(s.downWith, 20)} | ${mdCodeList(s.degradedWith, 20)} |`);
  }
  const cross = r.services.flatMap((s) => crossings(s).map((e) => ({ s, e })));
  if (cross.length > 0) {
    out.push("", "### Boundary crossings", "");
    for (const { s, e } of cross) out.push(`- **${e.state}**: ${mdEscape(crossingText(s, e))}`);
  }
  return capMarkdown(out);
}
