/**
 * A fault tree in the Open-PSA Model Exchange Format (XML), so a fault-tree tool (SCRAM,
 * XFTA, ...) can check faultline's figure: the top event's probability is the service's
 * unavailability. Reads only the FaultTree data.
 */
import type { FaultTree, FtRef } from "../analysis/availability/fault-tree.js";

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Shortest decimal that reads back as the same double. */
const num = (p: number) => String(p);

function refXml(r: FtRef): string {
  return `<${r.type} name="${xml(r.name)}"/>`;
}

/** The Open-PSA MEF document of one service's fault tree. */
export function renderOpenPsa(t: FaultTree): string {
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!-- faultline: the fault tree of "${xml(t.service).replace(/--/g, "- -")}" being down (spec 3 and 7); top event ${xml(t.top)}. -->`,
    `<opsa-mef>`,
    `  <define-fault-tree name="${xml(t.top.replace(/^down-/, "ft-"))}">`,
  ];
  for (const g of t.gates) {
    out.push(`    <define-gate name="${xml(g.name)}">`, `      <label>${xml(g.label)}</label>`);
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
    out.push(`    <define-basic-event name="${xml(e.name)}">`, `      <label>${xml(e.label)}</label>`, `      <float value="${num(e.probability)}"/>`, `    </define-basic-event>`);
  }
  out.push(`  </model-data>`, `</opsa-mef>`);
  return out.join("\n") + "\n";
}
