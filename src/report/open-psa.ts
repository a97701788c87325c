/**
 * A fault tree in the Open-PSA Model Exchange Format (XML), so a fault-tree tool (SCRAM,
 * XFTA, ...) can check faultline's figure: the top event's probability is the service's
 * unavailability. Reads only the FaultTree data.
 */
import type { FaultTree, FtRef } from "../analysis/availability/fault-tree.js";
import { xmlAttr, xmlClean, xmlComment, xmlText } from "./escape/xml.js";

/** An attribute value (names are letters, digits, `_` and `-` already; escaped all the same). */
const attr = (s: string) => xmlAttr(xmlClean(s));
/** A label: the id as written, made safe for XML as in the SVG picture. */
const text = (s: string) => xmlText(xmlClean(s));

/** Shortest decimal that reads back as the same double. */
const num = (p: number) => String(p);

function refXml(r: FtRef): string {
  return `<${r.type} name="${attr(r.name)}"/>`;
}

/** The Open-PSA MEF document of one service's fault tree. */
export function renderOpenPsa(t: FaultTree): string {
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!-- faultline: the fault tree of "${xmlComment(t.service)}" being down (spec 3 and 7); top event ${xmlComment(t.top)}. -->`,
    `<opsa-mef>`,
    `  <define-fault-tree name="${attr(t.top.replace(/^down-/, "ft-"))}">`,
  ];
  for (const g of t.gates) {
    out.push(`    <define-gate name="${attr(g.name)}">`, `      <label>${text(g.label)}</label>`);
    if (g.inputs.length === 0) out.push(`      <constant value="false"/>`);
    else if (g.kind === "pass") out.push(`      ${refXml(g.inputs[0]!)}`);
    else {
      out.push(`      <${g.kind}${g.kind === "atleast" ? ` min="${g.min}"` : ""}>`);
      for (const r of g.inputs) out.push(`        ${refXml(r)}`);
      out.push(`      </${g.kind}>`);
    }
    out.push(`    </define-gate>`);
  }
  out.push(`  </define-fault-tree>`, `  <model-data>`);
  for (const e of t.events) {
    out.push(`    <define-basic-event name="${attr(e.name)}">`, `      <label>${text(e.label)}</label>`, `      <float value="${num(e.probability)}"/>`, `    </define-basic-event>`);
  }
  out.push(`  </model-data>`, `</opsa-mef>`);
  return out.join("\n") + "\n";
}
