/**
 * The `exposure` result for a person (text), for a pull request or wiki (Markdown) and as JSON.
 * Each takes the plain `ExposureResult` or the compact `ExposureTable` (same output), and with a
 * `…Pieces` form hand the text over in pieces as it is made, one service's entry at a time.
 */
import type { ExposureResult, ExposureTable, ServiceExposure } from "../analysis/exposure.js";
import { capMarkdownLines, mdCode, mdCodeList, mdEscape } from "./escape/markdown.js";
import { PLAIN, safeText, table, type Style } from "./terminal.js";
import { TextChunks } from "./chunks.js";

type Exposure = ExposureResult | ExposureTable;

const isTable = (r: Exposure): r is ExposureTable => typeof (r as Partial<ExposureTable>).service === "function" && !Array.isArray((r as Partial<ExposureResult>).services);
const countOf = (r: Exposure) => (isTable(r) ? r.serviceCount : r.services.length);
/** The services' entries in order, built one at a time from a table. */
function* entries(r: Exposure): Generator<ServiceExposure> {
  if (isTable(r)) for (let i = 0; i < r.serviceCount; i++) yield r.service(i);
  else yield* r.services;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function summaryLines(r: Exposure): string[] {
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
export function formatExposureText(r: Exposure, style: Style = PLAIN): string {
  return [...exposureTextPieces(r, style)].join("");
}

/** `formatExposureText` in pieces of about 64 KiB, made as they are asked for. */
export function* exposureTextPieces(r: Exposure, style: Style = PLAIN): Generator<string> {
  const out = [style.bold("Exposure: what each service relies on, beyond where it runs"), ...summaryLines(r).map((l) => "  " + safeText(l)), ""];
  if (countOf(r) === 0) {
    yield out.join("\n") + "No services.\n";
    return;
  }
  const rows: string[][] = [];
  const critical: boolean[] = [];
  let crossingCount = 0;
  for (const s of entries(r)) {
    rows.push([s.id, s.tier, s.hosting, s.downWith.join(", ") || "—", s.degradedWith.join(", ") || "—"].map(safeText));
    critical.push(s.tier === "critical");
    crossingCount += crossings(s).length;
  }
  out.push(
    table(["SERVICE", "TIER", "HOSTING", "DOWN WITH", "DEGRADED WITH"], rows, [
      (c, i) => (critical[i] ? style.bold(c) : c),
      undefined,
      undefined,
      (c) => (c.trim() === "—" ? style.dim(c) : style.red(c)),
      (c) => (c.trim() === "—" ? style.dim(c) : style.yellow(c)),
    ]),
  );
  rows.length = 0;
  out.push("");
  if (crossingCount === 0) {
    out.push("No service crosses a hosting boundary.");
    yield out.join("\n") + "\n";
    return;
  }
  out.push(style.bold(`Boundary crossings (${crossingCount}):`));
  // One line per crossing, hundreds of thousands on a big estate: written as they come.
  const text = new TextChunks();
  text.line(out.join("\n"));
  out.length = 0;
  for (const s of entries(r)) {
    for (const e of crossings(s)) text.line("  " + (e.state === "down" ? style.red("down     ") : style.yellow("degraded ")) + safeText(crossingText(s, e)));
    yield* text.take();
  }
  yield* text.finish();
}

/** Markdown: the summary, a table of every service, the boundary crossings as a list (cut at GitHub's comment limit). */
export function formatExposureMarkdown(r: Exposure): string {
  const head = ["## Exposure", "", ...summaryLines(r).map((l) => `- ${mdEscape(l)}`), ""];
  head.push("| Service | Tier | Hosting | Down with | Degraded with |", "|---|---|---|---|---|");
  let crossingCount = 0;
  for (const s of entries(r)) crossingCount += crossings(s).length;
  const count = head.length + countOf(r) + (crossingCount > 0 ? 3 + crossingCount : 0);
  // Only the lines shown are made: the report stops at about 64 KiB.
  function* lines(): Generator<string> {
    yield* head;
    for (const s of entries(r)) yield `| ${mdCode(s.id)} | ${mdEscape(s.tier)} | ${mdEscape(s.hosting)} | ${mdCodeList(s.downWith, 20)} | ${mdCodeList(s.degradedWith, 20)} |`;
    if (crossingCount === 0) return;
    yield* ["", "### Boundary crossings", ""];
    for (const s of entries(r)) for (const e of crossings(s)) yield `- **${e.state}**: ${mdEscape(crossingText(s, e))}`;
  }
  return capMarkdownLines(lines(), count);
}

/** JSON (`JSON.stringify(result, null, 2)` and a newline) in pieces of about 64 KiB, one service's entry made at a time. */
export function* exposureJsonPieces(r: Exposure): Generator<string> {
  if (!isTable(r) && !Array.isArray(r.services)) {
    yield JSON.stringify(r, null, 2) + "\n";
    return;
  }
  const fields: Array<[string, unknown]> = isTable(r) ? [["schemaVersion", r.schemaVersion], ["summary", r.summary], ["roots", r.roots], ["services", undefined]] : Object.entries(r);
  const text = new TextChunks();
  let first = true;
  for (const [key, value] of fields) {
    const start = `${first ? "{" : ","}\n  ${JSON.stringify(key)}: `;
    if (key === "services") {
      if (countOf(r) === 0) text.raw(start + "[]");
      else {
        let i = 0;
        for (const s of entries(r)) {
          text.raw(`${i++ === 0 ? start + "[" : ","}\n    ${JSON.stringify(s, null, 2).replace(/\n/g, "\n    ")}`);
          yield* text.take();
        }
        text.raw("\n  ]");
      }
    } else {
      const json = JSON.stringify(value, null, 2);
      if (json === undefined) continue;
      text.raw(start + json.replace(/\n/g, "\n  "));
    }
    first = false;
  }
  text.raw(first ? "{}\n" : "\n}\n");
  yield* text.finish();
}
