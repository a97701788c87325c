/** The text drawn in nodes and box headers, and its estimated width (layout and SVG share it). */
import type { GraphView, ViewLocation, ViewNode } from "./view.js";

export const FONT_SIZE = 12;
export const SMALL_FONT_SIZE = 10.5;
export const LINE_HEIGHT = 14;

/**
 * Width units of each ASCII character (see `textWidth`): narrow punctuation and i/l, wide
 * m/w/@/%, capitals and digits, then everything else.
 */
const ASCII_UNITS = (() => {
  const t = new Float64Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    t[c] = /[il.,:;'|!()\[\] ]/.test(ch) ? 0.34 : /[mwMW@%]/.test(ch) ? 0.9 : /[A-Z0-9]/.test(ch) ? 0.68 : 0.6;
  }
  return t;
})();

/**
 * Estimated width of text in DejaVu Sans / Helvetica-like fonts. Deliberately generous: the
 * layout never measures real glyphs (no canvas, no fonts at run time), so it over-estimates
 * rather than let a label spill out of its box. Every character outside ASCII counts as 0.6
 * (a surrogate pair as one character), added up in text order.
 */
export function textWidth(text: string, size: number = FONT_SIZE, bold = false): number {
  let units = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) units += ASCII_UNITS[c]!;
    else {
      units += 0.6;
      // A surrogate pair is one character.
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
  }
  return units * size * (bold ? 1.08 : 1);
}

/** Cuts `text` with an ellipsis so it fits `max` pixels. */
export function fit(text: string, max: number, size: number = FONT_SIZE, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(chars.slice(0, mid).join("") + "…", size, bold) <= max) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join("") + "…";
}

export const NODE_MIN_W = 116;
export const NODE_MAX_W = 250;
export const NODE_PAD_X = 10;

/** A location's name relative to the box a node is drawn in. */
export function relativeTo(home: string | undefined, id: string): string {
  return home !== undefined && id.startsWith(home + "/") ? id.slice(home.length + 1) : id;
}

/** The lines of a node: [title (bold), detail, placements?]. */
export function nodeLines(n: ViewNode): { title: string; detail: string; extra?: string } {
  if (n.kind === "summary") {
    const k = n.count!;
    const title = `${k.services} service${k.services === 1 ? "" : "s"}`;
    const parts: string[] = [];
    if (k.down > 0) parts.push(`${k.down} down`);
    if (k.degraded > 0) parts.push(`${k.degraded} degraded`);
    return { title, detail: parts.length > 0 ? parts.join(" · ") : n.home === undefined ? "outside locations" : "" };
  }
  const detail = [n.tier ?? "", n.type ?? ""].filter((x) => x !== "").join(" · ");
  const out: { title: string; detail: string; extra?: string } = { title: n.id, detail };
  const shown = n.placements.filter((p) => p !== n.home);
  if (n.placements.length > 1 || shown.length > 0 || n.replicas) {
    const r = n.replicas;
    out.extra = "on " + n.placements.map((p, i) => relativeTo(n.home, p) + (r ? ` ×${r[i]}` : "")).join(", ") + (n.minPlacements > 1 ? ` (min ${n.minPlacements})` : "");
  }
  return out;
}

/** Width and height of a node box. */
export function nodeSize(n: ViewNode): { w: number; h: number } {
  const l = nodeLines(n);
  const want = Math.max(textWidth(l.title, FONT_SIZE, true), textWidth(l.detail, SMALL_FONT_SIZE), l.extra ? textWidth(l.extra, SMALL_FONT_SIZE) : 0);
  const w = Math.min(NODE_MAX_W, Math.max(NODE_MIN_W, Math.ceil(want + 2 * NODE_PAD_X + 6)));
  return { w, h: l.extra ? 54 : 40 };
}

/** Human name of a hosting class, as shown in headers and the legend. */
export function hostingLabel(h: string): string {
  return h === "public-cloud" ? "public cloud" : h === "third-party" ? "third party" : h;
}

/** The header text of a location box. */
export function boxHeader(l: ViewLocation): string {
  const parts = [l.name];
  if (l.type) parts.push(l.type);
  if (l.depth === 0) parts.push(hostingLabel(l.hosting));
  return parts.join(" · ");
}

/** The title of a picture, and its second line. */
export function pictureTitle(v: GraphView): { title: string; subtitle: string } {
  const drawn = v.nodes.reduce((sum, n) => sum + (n.kind === "summary" ? n.count!.services : 1), 0);
  const scope: string[] = [];
  if (v.focus) scope.push(`around ${v.focus.id} (depth ${v.focus.depth})`);
  if (v.hosting) scope.push(`hosting ${v.hosting.join(", ")}`);
  if (v.collapsed) scope.push("collapsed by location");
  const counts = `${drawn} of ${v.totals.services} services, ${v.locations.length} of ${v.totals.locations} locations shown${scope.length ? " · " + scope.join(" · ") : ""}`;
  if (!v.scenario) return { title: "faultline · dependency map", subtitle: counts };
  const s = v.scenario.summary.services;
  const locDown = v.scenario.summary.down - s.down;
  const title = `Scenario: ${v.scenario.failed.join(", ")} fail${v.scenario.failed.length === 1 ? "s" : ""} — ${s.down} service${s.down === 1 ? "" : "s"} down, ${s.degraded} degraded`;
  const extra = [`${s.criticalDown} critical down`];
  if (locDown > 0) extra.push(`${locDown} location${locDown === 1 ? "" : "s"} down with ${v.scenario.failed.length === 1 ? "it" : "them"}`);
  extra.push(`of ${s.total} services`);
  return { title, subtitle: `${extra.join(" · ")} · ${counts}` };
}

/** The width a box needs for its header: the text, and the FAILED / DOWN badge under a scenario. */
export function boxHeaderWidth(l: ViewLocation): number {
  return textWidth(boxHeader(l), l.depth === 0 ? FONT_SIZE : SMALL_FONT_SIZE + 0.5, l.depth === 0) + 12 + (l.state === "down" ? textWidth("FAILED", 10, true) + 18 : 0);
}
