/**
 * The SVG picture of a view: nested location boxes, services, dependency edges, the failure
 * overlaid, a title and a legend. d3-node, loaded only when a picture is drawn (./svg-root.ts)
 * (it pulls in jsdom; `faultline --help` must not pay for it), makes the document and its
 * root element; the shapes inside are written as they are drawn (`SvgWriter`, below), as the
 * DOM's XMLSerializer would write them, byte for byte (test/scale/svg-golden.test.ts): one
 * jsdom element per shape cost 38 s and 1.8 GB for 10,000 services, a tree of light elements
 * serialised at the end still 600 MB.
 */
import type { GraphView, ViewEdge, ViewLocation, ViewNode, ViewState } from "../picture/view.js";
import { prepareRoot } from "./svg-root.js";
import { TextChunks } from "./chunks.js";
import { xmlAttr as escapeAttr, xmlClean as clean, xmlText as escapeText } from "./escape/xml.js";
import { HOSTING_COLOURS, STATE_COLOURS } from "../picture/palette.js";
import { arrowHead, edgeArrow, edgeMid, edgePath, layoutView, HEADER_H, type Layout, type LayoutEdge, type LayoutNode, type LayoutPill } from "../picture/layered.js";
import { boxHeader, fit, FONT_SIZE, hostingLabel, nodeLines, pictureTitle, SMALL_FONT_SIZE, textWidth, NODE_PAD_X } from "../picture/labels.js";

/** A d3 selection, as far as this renderer uses it (d3-node ships no types). */
interface Sel {
  append(name: string): Sel;
  attr(name: string, value: string | number): Sel;
  text(value: string): Sel;
  node(): unknown;
}

const TIER_STRIPE: Record<string, string> = { critical: "#1b1b1b", high: "#5c5c5c", medium: "#a3a3a3", low: "#d6d6d6" };
const EDGE = "#4d4d4d";
const FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";
const MARGIN = 16;
const TITLE_H = 58;

/**
 * Markup written as the picture is drawn, element by element, as the DOM's XMLSerializer
 * would write the same elements (no tree is kept: a tree of 10,000 services' shapes, then its
 * markup in pieces, was most of the renderer's memory). An element's start tag stays open
 * while attributes are set (setting one again replaces its value in place, as `setAttribute`
 * does); appending to an element writes out and closes every element opened after it. So an
 * attribute can only be set on the element appended last, or on its ancestors before they
 * get a child: the drawing code below keeps to that, and `attr` throws otherwise.
 */
class SvgWriter {
  /** The markup so far, joined every 64 KiB into one flat string: the pieces (and a concatenation's rope) die young. */
  private readonly text = new TextChunks();
  /** Open elements, outermost first; the root (index 0) is written by the caller. */
  readonly open: Shape[] = [];
  write(s: string): void {
    this.text.raw(s);
  }
  /** Closes every element above `depth` (the root's depth is 0). */
  closeTo(depth: number): void {
    const open = this.open;
    while (open.length > depth + 1) open.pop()!.close();
  }
  /** The markup between `head` and `tail`, after closing everything but the root: one flat string (no copy left for the file write to make). */
  finish(head: string, tail: string): string {
    this.closeTo(0);
    return [head, ...this.text.finish(), tail].join("");
  }
}

/** An element being written (see SvgWriter). */
class Shape implements Sel {
  private attrs: Array<[string, string]> | undefined = [];
  private hasKids = false;
  constructor(
    private readonly w: SvgWriter,
    readonly name: string,
    private readonly depth: number,
  ) {}
  /** The root: its start and end tags are the caller's. */
  static root(w: SvgWriter): Shape {
    const s = new Shape(w, "svg", 0);
    s.attrs = undefined;
    s.hasKids = true;
    w.open.push(s);
    return s;
  }
  /** The start tag, written once the element's first child or its end comes. */
  private startTag(): string {
    let tag = `<${this.name}`;
    for (const [n, v] of this.attrs!) tag += ` ${n}="${escapeAttr(v)}"`;
    this.attrs = undefined;
    return tag;
  }
  private openForChild(): void {
    if (this.w.open[this.depth] !== this) throw new Error(`SVG writer: <${this.name}> is already closed`);
    this.w.closeTo(this.depth);
    if (this.attrs) this.w.write(this.startTag() + ">");
    this.hasKids = true;
  }
  append(name: string): Shape {
    this.openForChild();
    const s = new Shape(this.w, name, this.depth + 1);
    this.w.open.push(s);
    return s;
  }
  attr(name: string, value: string | number): Shape {
    if (!this.attrs) throw new Error(`SVG writer: an attribute of <${this.name}> set after its start tag was written`);
    const v = String(value);
    const at = this.attrs.find((a) => a[0] === name);
    if (at) at[1] = v;
    else this.attrs.push([name, v]);
    return this;
  }
  /** Like d3's `text` on an element without children: one text child (none for the empty string). */
  text(value: string): Shape {
    const v = String(value);
    if (this.hasKids) throw new Error(`SVG writer: text of <${this.name}> set after it has children`);
    if (v === "") return this;
    this.openForChild();
    this.w.write(escapeText(v));
    return this;
  }
  /**
   * Writes `markup` (whole elements, already escaped) as the next children of this element:
   * the hot loops (an element per edge and per service) write their shapes as strings, with
   * no Shape and no attribute list each.
   */
  raw(markup: string): void {
    this.openForChild();
    this.w.write(markup);
  }
  node(): unknown {
    return this;
  }
  /** Writes the end of the element (called by the writer). */
  close(): void {
    if (this.attrs) this.w.write(this.startTag() + "/>");
    else this.w.write(`</${this.name}>`);
  }
}

/** Renders the view as an SVG document (a string; same view, same bytes). */
export async function renderSvg(view: GraphView): Promise<string> {
  // d3-node loads (in a worker thread) while the picture is laid out and its shapes written.
  const rootOf = prepareRoot();
  const layout = layoutView(view, MARGIN + TITLE_H);
  const legend = legendItems(view);
  const legendH = 26 + legend.rows * 22;
  const { title, subtitle } = pictureTitle(view);
  const width = Math.ceil(Math.max(layout.width + 2 * MARGIN, textWidth(title, 17, true) + 2 * MARGIN, textWidth(subtitle, 12) + 2 * MARGIN, legend.width + 2 * MARGIN));
  const height = Math.ceil(layout.height + 24 + legendH + MARGIN);

  const writer = new SvgWriter();
  const svg = Shape.root(writer);
  svg.append("title").text(clean(`${title} — ${subtitle}`));
  svg.append("rect").attr("width", width).attr("height", height).attr("fill", "#ffffff");
  svg.append("text").attr("x", MARGIN).attr("y", MARGIN + 18).attr("font-size", 17).attr("font-weight", "bold").attr("fill", "#222").text(clean(title));
  svg.append("text").attr("x", MARGIN).attr("y", MARGIN + 38).attr("font-size", 12).attr("fill", "#555").text(clean(subtitle));

  const content = svg.append("g").attr("transform", `translate(${MARGIN},0)`);
  const boxLayer = content.append("g").attr("class", "locations");
  for (const l of view.locations) drawBox(boxLayer, l, layout, view);
  const edgeLayer = content.append("g").attr("class", "edges");
  const scenario = view.scenario !== undefined;
  for (const le of layout.edges) edgeLayer.raw(edgeMarkup(view.edges[le.index]!, le, scenario));
  const pillLayer = content.append("g").attr("class", "groups");
  for (const p of layout.pills) pillLayer.raw(pillMarkup(p));
  const nodeLayer = content.append("g").attr("class", "nodes");
  for (const n of view.nodes) {
    const ln = layout.nodes.get(n.id);
    if (ln) nodeLayer.raw(nodeMarkup(n, ln, scenario));
  }
  drawLegend(svg.append("g").attr("class", "legend").attr("transform", `translate(${MARGIN},${layout.height + 24})`), legend);

  // The root as the DOM serialises it, without children ("…/>"), then the shapes inside it.
  const open = await rootOf({ width, height, attrs: { viewBox: `0 0 ${width} ${height}`, "font-family": FONT, "font-size": FONT_SIZE } });
  if (!open.endsWith("/>")) throw new Error("d3-node's SVG root is expected to be empty");
  return writer.finish(`<?xml version="1.0" encoding="UTF-8"?>\n${open.slice(0, -2)}>`, "</svg>\n");
}

function drawBox(parent: Sel, l: ViewLocation, layout: Layout, view: GraphView): void {
  const b = layout.boxes.get(l.id);
  if (!b) return;
  const colours = HOSTING_COLOURS[l.hosting]!;
  const g = parent.append("g").attr("data-location", clean(l.id)).attr("data-hosting", l.hosting);
  if (l.state) g.attr("data-state", l.state);
  if (l.failed) g.attr("data-failed", "true");
  if (view.collapsed) g.attr("data-services", l.services).attr("data-down", l.down).attr("data-degraded", l.degraded);
  const info = [`${l.id}`, l.type ? `type: ${l.type}` : "", `hosting: ${hostingLabel(l.hosting)}`, `services drawn inside: ${l.services}`];
  if (l.state) info.push(l.failed ? "state: down (failed in this scenario)" : `state: ${l.state}${l.down || l.degraded ? ` (${l.down} services down, ${l.degraded} degraded inside)` : ""}`);
  g.append("title").text(clean(info.filter((x) => x !== "").join("\n")));
  const down = l.state === "down";
  const rect = g
    .append("rect")
    .attr("x", b.x)
    .attr("y", b.y)
    .attr("width", b.w)
    .attr("height", b.h)
    .attr("rx", 6)
    .attr("fill", down ? "#fdeceb" : b.depth % 2 === 0 ? colours.fill : "#ffffff")
    .attr("stroke", down ? STATE_COLOURS.down.stroke : colours.stroke)
    .attr("stroke-width", l.failed ? 3 : b.depth === 0 ? 1.8 : 1.2);
  if (down && !l.failed) rect.attr("stroke-dasharray", "6 3");
  let header = boxHeader(l);
  if (view.collapsed || l.services === 0) header += l.services === 0 ? " · empty" : "";
  const badge = l.failed ? "FAILED" : down ? "DOWN" : "";
  const badgeW = badge ? textWidth(badge, 10, true) + 10 : 0;
  g.append("text")
    .attr("x", b.x + 8)
    .attr("y", b.y + HEADER_H - 6)
    .attr("font-weight", b.depth === 0 ? "bold" : "normal")
    .attr("font-size", b.depth === 0 ? FONT_SIZE : SMALL_FONT_SIZE + 0.5)
    .attr("fill", down ? STATE_COLOURS.down.text : colours.text)
    .text(clean(fit(header, b.w - 16 - (badgeW ? badgeW + 4 : 0), FONT_SIZE, b.depth === 0)));
  if (badge) {
    g.append("rect").attr("x", b.x + b.w - badgeW - 6).attr("y", b.y + 4).attr("width", badgeW).attr("height", 13).attr("rx", 3).attr("fill", STATE_COLOURS.down.stroke);
    g.append("text").attr("x", b.x + b.w - badgeW / 2 - 6).attr("y", b.y + 14).attr("text-anchor", "middle").attr("font-size", 10).attr("font-weight", "bold").attr("fill", "#ffffff").text(badge);
  }
}

/**
 * Markup of the elements below, written as strings in the order and form XMLSerializer gives
 * (attributes in the order set, values escaped; an element without children closes with "/>").
 * Numbers and the renderer's own constants need no escaping; path data is made of numbers.
 */
const q = escapeAttr;
/** `<name attrs>text</name>`, or `<name attrs/>` for no text (as d3's `text("")` leaves it). */
const textEl = (name: string, attrs: string, text: string) => (text === "" ? `<${name}${attrs}/>` : `<${name}${attrs}>${escapeText(text)}</${name}>`);

function pillMarkup(p: LayoutPill): string {
  let s = `<g data-group="${q(clean(`${p.from}#${p.group}`))}">`;
  s += textEl("title", "", clean(`${p.from}: needs ${p.text.replace("/", " of ")} (${p.soft ? "soft" : "hard"} group)`));
  s += `<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" rx="7" fill="#ffffff" stroke="${EDGE}" stroke-width="1"${p.soft ? ' stroke-dasharray="3 2"' : ""}/>`;
  s += textEl("text", ` x="${p.x + p.w / 2}" y="${p.y + 10.5}" text-anchor="middle" font-size="10" fill="#222"`, p.text);
  return s + "</g>";
}

function edgeMarkup(e: ViewEdge, le: LayoutEdge, scenario: boolean): string {
  const soft = e.relation === "soft" || (e.relation === "group" && e.group?.soft === true);
  const st = scenario ? (e.state ?? "up") : undefined;
  const colour = st === "down" ? STATE_COLOURS.down.stroke : st === "degraded" ? STATE_COLOURS.degraded.stroke : st === "up" ? "#c4c4c4" : EDGE;
  let s = `<g data-from="${q(clean(e.from))}" data-to="${q(clean(e.to))}" data-relation="${e.relation}"`;
  if (st) s += ` data-state="${st}"`;
  if (e.observed) s += ' data-observed="true"';
  const what = e.relation === "group" && e.group ? `group ${e.group.quorum} of ${e.group.size}${soft ? ", soft" : ""}` : e.relation;
  let title = `${e.from} → ${e.to} (${what}${e.observed ? ", observed, not declared" : ""})`;
  if (e.count !== undefined) title += `\n${e.count} dependenc${e.count === 1 ? "y" : "ies"}`;
  for (const n of e.notes) title += `\nnote: ${n}`;
  s += ">" + textEl("title", "", clean(title));
  s += `<path d="${edgePath(le)}" fill="none" stroke="${colour}" stroke-width="${st === "down" ? 2 : st === "degraded" ? 1.8 : 1.3}"`;
  if (e.observed) s += ' stroke-dasharray="1.5 3"';
  else if (soft) s += ' stroke-dasharray="5 4"';
  s += `/><path d="${edgeArrow(le)}" fill="${colour}"/>`;
  if (e.count !== undefined && e.count > 1) {
    const text = `×${e.count}`;
    const w = textWidth(text, 10) + 8;
    const mid = edgeMid(le);
    s += `<rect x="${mid.x - w / 2}" y="${mid.y - 7}" width="${w}" height="14" rx="3" fill="#ffffff" stroke="${colour}" stroke-width="0.8"/>`;
    s += textEl("text", ` x="${mid.x}" y="${mid.y + 3.5}" text-anchor="middle" font-size="10" fill="#222"`, text);
  }
  return s + "</g>";
}

function nodeTitle(n: ViewNode): string {
  if (n.kind === "summary") {
    const k = n.count!;
    const lines = [`${k.services} service${k.services === 1 ? "" : "s"} ${n.home === undefined ? "outside all locations" : `in ${n.home}`}`];
    if (n.state) lines.push(`${k.down} down, ${k.degraded} degraded`);
    return lines.join("\n");
  }
  const lines = [n.id, `tier: ${n.tier}`, `hosting: ${hostingLabel(n.hosting)}`];
  if (n.type) lines.push(`type: ${n.type}`);
  if (n.owner) lines.push(`owner: ${n.owner}`);
  if (n.placements.length > 0) {
    const r = n.replicas;
    const on = r ? n.placements.map((p, i) => `${p} ×${r[i]}`).join(", ") : n.placements.join(", ");
    const total = r ? r.reduce((t, x) => t + x, 0) : n.placements.length;
    lines.push(`runs on: ${on}${r ? ` (needs ${n.minPlacements} of ${total} replicas)` : n.minPlacements > 1 ? ` (needs ${n.minPlacements})` : ""}`);
  }
  if (n.state) {
    if (n.failed) lines.push("state: down (failed in this scenario)");
    else if (n.path) lines.push(`state: ${n.state} via ${n.relation}`, `path: ${n.path.join(" → ")}`);
    else lines.push("state: up");
  }
  return lines.join("\n");
}

function nodeMarkup(n: ViewNode, ln: LayoutNode, scenario: boolean): string {
  let s = `<g data-id="${q(clean(n.id))}" data-kind="${n.kind}" data-hosting="${q(n.hosting)}" transform="translate(${ln.x},${ln.y})"`;
  if (n.tier) s += ` data-tier="${q(n.tier)}"`;
  if (n.state) s += ` data-state="${n.state}"`;
  if (n.failed) s += ' data-failed="true"';
  if (n.count) s += ` data-services="${n.count.services}" data-down="${n.count.down}" data-degraded="${n.count.degraded}"`;
  if (n.home !== undefined) s += ` data-home="${q(clean(n.home))}"`;
  s += ">" + textEl("title", "", clean(nodeTitle(n)));
  const sc = scenario ? STATE_COLOURS[n.state ?? "up"] : undefined;
  const tierW = n.tier === "critical" ? 2.4 : n.tier === "high" ? 1.7 : 1.1;
  s += `<rect width="${ln.w}" height="${ln.h}" rx="${n.kind === "summary" ? 10 : 4}" fill="${sc ? sc.fill : "#ffffff"}" stroke="${n.failed ? "#7f0000" : sc ? sc.stroke : "#5a5a5a"}" stroke-width="${n.failed ? 3.2 : tierW}"`;
  s += n.kind === "summary" ? ' stroke-dasharray="4 2"/>' : "/>";
  if (n.tier) s += `<rect x="0" y="0" width="5" height="${ln.h}" fill="${TIER_STRIPE[n.tier]!}" fill-opacity="${sc && n.state === "up" ? 0.4 : 1}"/>`;
  const lines = nodeLines(n);
  const textColour = sc ? sc.text : "#1e1e1e";
  const maxW = ln.w - 2 * NODE_PAD_X;
  s += textEl("text", ` x="${NODE_PAD_X}" y="16" font-weight="bold" fill="${textColour}"`, clean(fit(lines.title, maxW, FONT_SIZE, true)));
  if (lines.detail) s += textEl("text", ` x="${NODE_PAD_X}" y="31" font-size="${SMALL_FONT_SIZE}" fill="${sc ? textColour : "#555"}"`, clean(fit(lines.detail, maxW, SMALL_FONT_SIZE)));
  if (lines.extra) s += textEl("text", ` x="${NODE_PAD_X}" y="46" font-size="${SMALL_FONT_SIZE}" fill="${sc ? textColour : "#555"}"`, clean(fit(lines.extra, maxW, SMALL_FONT_SIZE)));
  if (n.failed) {
    const w = textWidth("FAILED", 9.5, true) + 8;
    s += `<rect x="${ln.w - w - 3}" y="-7" width="${w}" height="13" rx="3" fill="#c62828"/>`;
    s += `<text x="${ln.w - w / 2 - 3}" y="3" text-anchor="middle" font-size="9.5" font-weight="bold" fill="#ffffff">FAILED</text>`;
  }
  return s + "</g>";
}

interface LegendItem {
  kind: "box" | "edge" | "pill" | "state" | "tier" | "failed";
  key: string;
  label: string;
}

function legendItems(view: GraphView): { groups: Array<{ title: string; items: LegendItem[] }>; rows: number; width: number } {
  const hostings = new Set(view.locations.map((l) => l.hosting));
  const groups: Array<{ title: string; items: LegendItem[] }> = [];
  groups.push({
    title: "Where it runs",
    items: (["in-house", "public-cloud", "third-party"] as const).filter((h) => hostings.has(h) || hostings.size === 0).map((h) => ({ kind: "box" as const, key: h, label: hostingLabel(h) })),
  });
  const rels = new Set(view.edges.map((e) => (e.relation === "group" ? "group" : e.relation)));
  groups.push({
    title: "Depends on",
    items: [
      { kind: "edge", key: "hard", label: "hard" },
      { kind: "edge", key: "soft", label: "soft (degrades only)" },
      ...(rels.has("group") || view.edges.length === 0 ? [{ kind: "pill" as const, key: "2/3", label: "group: needs 2 of 3" }] : []),
    ],
  });
  if (!view.collapsed) groups.push({ title: "Tier (left stripe)", items: ["critical", "high", "medium", "low"].map((t) => ({ kind: "tier" as const, key: t, label: t })) });
  if (view.scenario)
    groups.push({
      title: "Scenario",
      items: [
        { kind: "failed", key: "failed", label: "failed" },
        { kind: "state", key: "down", label: "down" },
        { kind: "state", key: "degraded", label: "degraded" },
        { kind: "state", key: "up", label: "unaffected" },
      ],
    });
  let width = 0;
  for (const g of groups) width = Math.max(width, 130 + g.items.reduce((s, it) => s + itemWidth(it), 0));
  return { groups, rows: groups.length, width };
}

const itemWidth = (it: LegendItem) => 40 + textWidth(it.label, 11) + 18;

function drawLegend(g: Sel, legend: ReturnType<typeof legendItems>): void {
  g.append("text").attr("x", 0).attr("y", 12).attr("font-weight", "bold").attr("fill", "#333").text("Legend");
  legend.groups.forEach((grp, row) => {
    const y = 26 + row * 22;
    g.append("text").attr("x", 0).attr("y", y + 12).attr("font-size", 11).attr("fill", "#555").text(grp.title);
    let x = 130;
    for (const it of grp.items) {
      const s = g.append("g").attr("data-legend", it.key);
      if (it.kind === "box") {
        const c = HOSTING_COLOURS[it.key]!;
        s.append("rect").attr("x", x).attr("y", y + 1).attr("width", 32).attr("height", 14).attr("rx", 3).attr("fill", c.fill).attr("stroke", c.stroke).attr("stroke-width", 1.8);
      } else if (it.kind === "edge") {
        const p = s.append("path").attr("d", `M${x},${y + 8} L${x + 30},${y + 8}`).attr("stroke", EDGE).attr("stroke-width", 1.3);
        if (it.key === "soft") p.attr("stroke-dasharray", "5 4");
        s.append("path").attr("d", arrowHead(x, y + 8, x + 32, y + 8)).attr("fill", EDGE);
      } else if (it.kind === "pill") {
        s.append("rect").attr("x", x + 2).attr("y", y + 1).attr("width", 28).attr("height", 14).attr("rx", 7).attr("fill", "#ffffff").attr("stroke", EDGE);
        s.append("text").attr("x", x + 16).attr("y", y + 11.5).attr("text-anchor", "middle").attr("font-size", 10).text(it.key);
      } else if (it.kind === "tier") {
        s.append("rect").attr("x", x).attr("y", y + 1).attr("width", 30).attr("height", 14).attr("rx", 2).attr("fill", "#ffffff").attr("stroke", "#5a5a5a");
        s.append("rect").attr("x", x).attr("y", y + 1).attr("width", 5).attr("height", 14).attr("fill", TIER_STRIPE[it.key]!);
      } else if (it.kind === "state") {
        const c = STATE_COLOURS[it.key as ViewState];
        s.append("rect").attr("x", x).attr("y", y + 1).attr("width", 30).attr("height", 14).attr("rx", 2).attr("fill", c.fill).attr("stroke", c.stroke).attr("stroke-width", 1.4);
      } else {
        s.append("rect").attr("x", x).attr("y", y + 1).attr("width", 30).attr("height", 14).attr("rx", 2).attr("fill", STATE_COLOURS.down.fill).attr("stroke", "#7f0000").attr("stroke-width", 3);
      }
      s.append("text").attr("x", x + 38).attr("y", y + 12).attr("font-size", 11).attr("fill", "#333").text(it.label);
      x += itemWidth(it);
    }
  });
}
