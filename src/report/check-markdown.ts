/**
 * `faultline check --format markdown`: for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
 * All manifest text is escaped: it can never open a table cell, a tag, a link or code.
 */
import type { CheckResult } from "../policy/check.js";
import type { Violation } from "../policy/types.js";
import { changeLines, fromTo, verdict, where } from "./check-common.js";

/** Escapes text for Markdown (tables included): one line, no HTML, no Markdown syntax. */
export function mdEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*_[\]{}()#+!|~]/g, (c) => `\\${c}`)
  );
}

const LIST_LIMIT = 10;

function list(ids: readonly string[]): string {
  if (ids.length === 0) return "—";
  const shown = ids.slice(0, LIST_LIMIT).map(mdEscape).join(", ");
  return ids.length > LIST_LIMIT ? `${shown} and ${ids.length - LIST_LIMIT} more` : shown;
}

/** Pull-request comments hold at most 65,536 characters: long tables are cut with a note. */
const NEW_ROWS = 200;
const KNOWN_ROWS = 50;

function violationTable(all: readonly Violation[], max: number): string[] {
  const vs = all.slice(0, max);
  const rows = ["| Severity | Rule | Where | Message | Path |", "| --- | --- | --- | --- | --- |"];
  for (const v of vs) {
    rows.push(`| ${v.severity} | ${mdEscape(v.rule)} | ${mdEscape(where(v.location))} | ${mdEscape(v.message)} | ${mdEscape(v.path.join(" → "))} |`);
  }
  if (all.length > max) rows.push("", `…and ${all.length - max} more: run with \`--format json\` or \`--format sarif\` for all of them.`);
  return rows;
}

/** Renders the check result as GitHub-flavoured Markdown. */
export function formatCheckMarkdown(r: CheckResult): string {
  const out: string[] = [];
  out.push(`## faultline check: ${r.passed ? "✅ passed" : "❌ failed"}`, "");
  out.push("| | |", "| --- | --- |");
  out.push(`| Base | ${r.base ? `${mdEscape(r.base.label)} — ${r.base.files} files, ${r.base.services} services` : "none (baseline only)"} |`);
  out.push(`| Head | ${r.head.files} files, ${r.head.services} services |`);
  out.push(`| Changes | ${r.summary.changes} |`);
  out.push(`| New errors | ${r.summary.new.error} |`);
  out.push(`| New warnings | ${r.summary.new.warning} |`);
  out.push(`| Known violations | ${r.summary.known} |`);
  if (r.summary.staleBaseline) out.push(`| Stale baseline entries | ${r.summary.staleBaseline} |`);
  out.push(`| Fails on | ${r.failOn === "error" ? "new errors" : "new errors and warnings"} |`);
  out.push(`| Policy | ${mdEscape(r.policy)} |`);
  if (r.change) {
    const lines = changeLines(r.change);
    out.push("", `### Change (${lines.length})`, "");
    if (lines.length === 0) out.push("No change to services, locations or dependencies.");
    const sign = { "+": "➕", "-": "➖", "~": "🔁", "!": "⚠️" } as const;
    for (const l of lines) out.push(`- ${sign[l.sign]} ${mdEscape(l.text)}${l.at ? ` — ${mdEscape(where(l.at))}` : ""}`);
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
    for (const b of r.staleBaseline) out.push(`- ${mdEscape(b.rule)}: ${mdEscape(b.nodes.join(", "))}`);
  }
  if (r.blastDiff.length > 0) {
    out.push("", "### Blast radius of changed services", "", "Services down / degraded when the service fails, base → head.", "");
    out.push("| Service | Down | Degraded | Newly down | No longer down |", "| --- | --- | --- | --- | --- |");
    for (const b of r.blastDiff) out.push(`| ${mdEscape(b.id)} | ${fromTo(b.base?.down, b.head?.down)} | ${fromTo(b.base?.degraded, b.head?.degraded)} | ${list(b.newlyDown)} | ${list(b.noLongerDown)} |`);
  }
  out.push("", `**${mdEscape(verdict(r))}**`);
  return out.join("\n") + "\n";
}
