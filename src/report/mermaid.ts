/** Mermaid flowchart of a view: one `subgraph` per location box, the failure coloured in; pastes into GitHub markdown. */
import { viewTree, type GraphView, type ViewLocation, type ViewNode } from "../picture/view.js";
import { boxHeader, nodeLines, pictureTitle } from "../picture/labels.js";
import { HOSTING_COLOURS, STATE_COLOURS } from "../picture/palette.js";
import { mermaidComment, mermaidText } from "./escape/mermaid.js";

/** Renders the view as a Mermaid flowchart (ids sanitised to N<i> and L<i>; labels quoted and escaped). */
export function renderMermaid(view: GraphView): string {
  const out: string[] = [];
  const { title, subtitle } = pictureTitle(view);
  out.push(`%% ${mermaidComment(title + " — " + subtitle)}`);
  out.push("flowchart TB");
  const scenario = view.scenario !== undefined;
  const nodeId = new Map(view.nodes.map((n, i) => [n.id, `N${i}`]));
  const locId = new Map(view.locations.map((l, i) => [l.id, `L${i}`]));
  const { roots, children, homed } = viewTree(view);
  const node = (n: ViewNode, indent: string) => {
    const l = nodeLines(n);
    const label = [l.title, l.detail, l.extra ?? ""].filter((x) => x !== "").map(mermaidText).join("<br/>");
    out.push(`${indent}${nodeId.get(n.id)}["${label}"]`);
  };
  const cluster = (l: ViewLocation, indent: string) => {
    const label = boxHeader(l) + (l.failed ? " · FAILED" : l.state === "down" ? " · DOWN" : "") + (view.collapsed ? ` · ${l.services} services` : "");
    out.push(`${indent}subgraph ${locId.get(l.id)}["${mermaidText(label)}"]`);
    out.push(`${indent}  direction TB`);
    for (const n of homed.get(l.id) ?? []) node(n, indent + "  ");
    for (const ch of children.get(l.id) ?? []) cluster(ch, indent + "  ");
    out.push(`${indent}end`);
  };
  for (const l of roots) cluster(l, "  ");
  for (const n of homed.get("") ?? []) node(n, "  ");
  const linkStyles: string[] = [];
  view.edges.forEach((e, i) => {
    const soft = e.relation === "soft" || (e.relation === "group" && e.group?.soft === true);
    const arrow = soft || e.observed ? "-.->" : "-->";
    const base = e.group ? `${e.group.quorum}/${e.group.size}` : e.count !== undefined && e.count > 1 ? `×${e.count}` : "";
    const text = e.observed ? (base ? `${base} observed` : "observed") : base;
    const to = e.toKind === "location" ? locId.get(e.to) : nodeId.get(e.to);
    out.push(`  ${nodeId.get(e.from)} ${arrow}${text ? `|"${mermaidText(text)}"|` : ""} ${to}`);
    if (scenario) {
      const st = e.state ?? "up";
      linkStyles.push(`  linkStyle ${i} stroke:${st === "up" ? "#c4c4c4" : STATE_COLOURS[st].stroke}${st === "up" ? "" : ",stroke-width:2px"}`);
    }
  });
  for (const l of view.locations) {
    const c = HOSTING_COLOURS[l.hosting]!;
    const down = l.state === "down";
    out.push(`  style ${locId.get(l.id)} fill:${down ? "#fdeceb" : l.depth % 2 === 0 ? c.fill : "#ffffff"},stroke:${down ? STATE_COLOURS.down.stroke : c.stroke},color:${c.text}${l.failed ? ",stroke-width:3px" : ""}`);
  }
  if (scenario) {
    for (const st of ["down", "degraded", "up"] as const) {
      const c = STATE_COLOURS[st];
      out.push(`  classDef ${st} fill:${c.fill},stroke:${c.stroke},color:${c.text}`);
      const ids = view.nodes.filter((n) => (n.state ?? "up") === st).map((n) => nodeId.get(n.id)!);
      if (ids.length) out.push(`  class ${ids.join(",")} ${st}`);
    }
    out.push("  classDef failed fill:#fbd9d6,stroke:#7f0000,stroke-width:3px,color:#7f1010");
    const failed = view.nodes.filter((n) => n.failed).map((n) => nodeId.get(n.id)!);
    if (failed.length) out.push(`  class ${failed.join(",")} failed`);
    for (const l of linkStyles) out.push(l); // no spread: 100,000s of arguments overflow the stack
  }
  return out.join("\n") + "\n";
}
