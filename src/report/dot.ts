/** Graphviz DOT of a view: one `subgraph cluster_…` per location box, the failure coloured in. */
import { viewTree, type GraphView, type ViewLocation, type ViewNode } from "../picture/view.js";
import { boxHeader, nodeLines, pictureTitle } from "../picture/labels.js";
import { HOSTING_COLOURS, STATE_COLOURS } from "../picture/palette.js";
import { dotString } from "./escape/dot.js";

/** The DOT id of a location used as a dependency target (a folder node inside its cluster). */
const locationNodeId = (id: string) => `location:${id}`;

/** Renders the view as a Graphviz DOT digraph. */
export function renderDot(view: GraphView): string {
  const out: string[] = [];
  const { title, subtitle } = pictureTitle(view);
  out.push("digraph faultline {");
  out.push(`  graph [rankdir=TB, compound=true, newrank=true, fontname="Helvetica", fontsize=12, labelloc=t, labeljust=l, label=${dotString(`${title}\n${subtitle}`)}];`);
  out.push(`  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#5a5a5a", fontname="Helvetica", fontsize=11];`);
  out.push(`  edge [color="#4d4d4d", arrowsize=0.7];`);
  const scenario = view.scenario !== undefined;
  const targets = new Set(view.edges.filter((e) => e.toKind === "location").map((e) => e.to));
  const { roots, children, homed } = viewTree(view);
  const node = (n: ViewNode, indent: string) => {
    const l = nodeLines(n);
    const label = [l.title, l.detail, l.extra].filter((x) => x !== undefined && x !== "").join("\n");
    const attrs = [`label=${dotString(label)}`];
    if (scenario) {
      const c = STATE_COLOURS[n.state ?? "up"];
      attrs.push(`fillcolor="${c.fill}"`, `color="${n.failed ? "#7f0000" : c.stroke}"`, `fontcolor="${c.text}"`);
    }
    if (n.failed) attrs.push("penwidth=3", `xlabel="FAILED"`);
    else if (n.tier === "critical") attrs.push("penwidth=2");
    if (n.kind === "summary") attrs.push(`style="rounded,filled,dashed"`);
    const tip = [n.id, n.tier ? `tier: ${n.tier}` : "", `hosting: ${n.hosting}`, n.path ? `path: ${n.path.join(" -> ")}` : ""].filter((x) => x !== "").join("\n");
    attrs.push(`tooltip=${dotString(tip)}`);
    out.push(`${indent}${dotString(n.id)} [${attrs.join(", ")}];`);
  };
  const cluster = (l: ViewLocation, indent: string) => {
    const c = HOSTING_COLOURS[l.hosting]!;
    const down = l.state === "down";
    out.push(`${indent}subgraph ${dotString(`cluster_${l.id}`)} {`);
    const label = boxHeader(l) + (l.failed ? " · FAILED" : down ? " · DOWN" : "") + (view.collapsed ? ` · ${l.services} services` : "");
    out.push(`${indent}  label=${dotString(label)}; style="rounded,filled${down ? ",dashed" : ""}"; fillcolor="${down ? "#fdeceb" : l.depth % 2 === 0 ? c.fill : "#ffffff"}"; color="${down ? STATE_COLOURS.down.stroke : c.stroke}"; fontcolor="${c.text}"; penwidth=${l.failed ? 3 : 1.5};`);
    if (targets.has(l.id)) out.push(`${indent}  ${dotString(locationNodeId(l.id))} [label=${dotString(l.name)}, shape=folder, style=filled, fillcolor="${c.fill}", color="${c.stroke}"];`);
    for (const n of homed.get(l.id) ?? []) node(n, indent + "  ");
    for (const ch of children.get(l.id) ?? []) cluster(ch, indent + "  ");
    // Graphviz drops empty clusters; an invisible point keeps the box of an empty location.
    if (l.services === 0 && !targets.has(l.id) && !(children.get(l.id)?.length)) out.push(`${indent}  ${dotString(`empty:${l.id}`)} [shape=point, style=invis, label=""];`);
    out.push(`${indent}}`);
  };
  for (const l of roots) cluster(l, "  ");
  for (const n of homed.get("") ?? []) node(n, "  ");
  for (const e of view.edges) {
    const soft = e.relation === "soft" || (e.relation === "group" && e.group?.soft === true);
    const attrs: string[] = [];
    if (e.observed) attrs.push("style=dotted");
    else if (soft) attrs.push("style=dashed");
    if (e.group) attrs.push(`label=${dotString(`${e.group.quorum}/${e.group.size}`)}`, "fontsize=9");
    else if (e.count !== undefined && e.count > 1) attrs.push(`label=${dotString(`×${e.count}${e.observed ? " observed" : ""}`)}`, "fontsize=9");
    else if (e.observed) attrs.push(`label="observed"`, "fontsize=9");
    if (scenario) {
      const st = e.state ?? "up";
      attrs.push(`color="${st === "up" ? "#c4c4c4" : STATE_COLOURS[st].stroke}"`);
      if (st !== "up") attrs.push("penwidth=2");
    }
    if (e.notes.length > 0) attrs.push(`tooltip=${dotString(e.notes.join("\n"))}`);
    const to = e.toKind === "location" ? locationNodeId(e.to) : e.to;
    out.push(`  ${dotString(e.from)} -> ${dotString(to)}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}
