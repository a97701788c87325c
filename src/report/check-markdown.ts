/**
 * `faultline check --format markdown`: for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
 * All manifest text is escaped: it can never open a table cell, a tag, a link or code.
 */
import type { CheckResult } from "../policy/check.js";
import type { Violation } from "../policy/types.js";
import { capMarkdown, cut, mdCode, mdCodeList, mdEscape, mdPath } from "./escape/markdown.js";
import { changeLines, fromTo, gateHeadline, gateLines, verdict, where } from "./check-common.js";

export { mdEscape } from "./escape/markdown.js";

const LIST_LIMIT = 10;
const GATE_LINES = 50;

function list(ids: readonly string[]): string {
  return mdCodeList(ids, LIST_LIMIT);
}

/** Pull-request comments hold at most 65,536 characters: long tables are cut with a note. */
const NEW_ROWS = 200;
const KNOWN_ROWS = 50;
const CHANGE_LINES = 100;
const STALE_LINES = 50;
const BLAST_ROWS = 50;

function violationTable(all: readonly Violation[], max: number): string[] {
  const vs = all.slice(0, max);
  const rows = ["| Severity | Rule | Where | Message | Path |", "| --- | --- | --- | --- | --- |"];
  for (const v of vs) {
    rows.push(`| ${v.severity} | ${mdEscape(v.rule)} | ${mdEscape(cut(where(v.location), 200))} | ${mdEscape(cut(v.message, 300))} | ${mdPath(v.path)} |`);
  }
  if (all.length > max) rows.push("", `…and ${all.length - max} more: run with \`--format json\` or \`--format sarif\` for all of them.`);
  return rows;
}

/** Renders the check result as GitHub-flavoured Markdown. */
export function formatCheckMarkdown(r: CheckResult): string {
  const out: string[] = [];
  out.push(`## faultline check: ${r.passed ? "✅ passed" : "❌ failed"}`, "");
  const gate = gateHeadline(r);
  if (gate) {
    out.push(`> [!WARNING]`, `> ${mdEscape(gate)}`, "");
    const lines = gateLines(r);
    for (const l of lines.slice(0, GATE_LINES)) out.push(`- ${mdEscape(l)}`);
    if (lines.length > GATE_LINES) out.push(`- …and ${lines.length - GATE_LINES} more: run with \`--format json\` for all of them.`);
    out.push("");
  }
  out.push("| | |", "| --- | --- |");
  out.push(`| Base | ${r.base ? `${mdEscape(r.base.label)} — ${r.base.files} files, ${r.base.services} services` : "none (baseline only)"} |`);
  out.push(`| Head | ${r.head.files} files, ${r.head.services} services |`);
  out.push(`| Changes | ${r.summary.changes} |`);
  out.push(`| New errors | ${r.summary.new.error} |`);
  out.push(`| New warnings | ${r.summary.new.warning} |`);
  out.push(`| Known violations | ${r.summary.known} |`);
  if (r.scope.mode === "change") out.push(`| Examined | ${r.scope.examined} of ${r.scope.services} services (those the change can affect; \`--scope all\` examines every one) |`);
  if (r.summary.staleBaseline) out.push(`| Stale baseline entries | ${r.summary.staleBaseline} |`);
  out.push(`| Fails on | ${r.failOn === "error" ? "new errors" : "new errors and warnings"} |`);
  out.push(`| Policy | ${mdEscape(r.policy)} |`);
  if (r.change) {
    const lines = changeLines(r.change);
    out.push("", `### Change (${lines.length})`, "");
    if (lines.length === 0) out.push("No change to services, locations or dependencies.");
    const sign = { "+": "➕", "-": "➖", "~": "🔁", "!": "⚠️" } as const;
    for (const l of lines.slice(0, CHANGE_LINES)) out.push(`- ${sign[l.sign]} ${mdEscape(cut(l.text, 300))}${l.at ? ` — ${mdEscape(cut(where(l.at), 200))}` : ""}`);
    if (lines.length > CHANGE_LINES) out.push(`- …and ${lines.length - CHANGE_LINES} more: run with \`--format json\` for all of them.`);
  }
  const fresh = r.violations.filter((v) => v.status === "new");
  const known = r.violations.filter((v) => v.status === "known");
  out.push("", `### New violations (${fresh.length})`, "");
  if (fresh.length === 0) out.push("None.");
  else for (const l of violationTable(fresh, NEW_ROWS)) out.push(l);
  if (known.length > 0) {
    out.push("", `<details><summary>Known violations (${known.length}) — on the base or in the baseline; they do not fail the check</summary>`, "");
    for (const l of violationTable(known, KNOWN_ROWS)) out.push(l);
    out.push("", "</details>");
  }
  if (r.staleBaseline.length > 0) {
    out.push("", `### Stale baseline entries (${r.staleBaseline.length})`, "", "No longer found; remove them from the baseline.", "");
    for (const b of r.staleBaseline.slice(0, STALE_LINES)) out.push(`- ${mdEscape(b.rule)}: ${mdCodeList(b.nodes, LIST_LIMIT)}`);
    if (r.staleBaseline.length > STALE_LINES) out.push(`- …and ${r.staleBaseline.length - STALE_LINES} more: run with \`--format json\` for all of them.`);
  }
  if (r.blastDiff.length > 0) {
    out.push("", "### Blast radius of changed services", "", "Services down / degraded when the service fails, base → head.", "");
    out.push("| Service | Down | Degraded | Newly down | No longer down |", "| --- | --- | --- | --- | --- |");
    for (const b of r.blastDiff.slice(0, BLAST_ROWS)) out.push(`| ${mdCode(b.id)} | ${fromTo(b.base?.down, b.head?.down)} | ${fromTo(b.base?.degraded, b.head?.degraded)} | ${list(b.newlyDown)} | ${list(b.noLongerDown)} |`);
  }
  if (r.blastDiff.length > BLAST_ROWS) out.push("", `…and ${r.blastDiff.length - BLAST_ROWS} more: run with \`--format json\` for all of them.`);
  out.push("", `**${mdEscape(verdict(r))}**`);
  return capMarkdown(out);
}
