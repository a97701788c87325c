/** `faultline check` for a terminal: the change, new violations, known ones, blast-radius difference. */
import type { CheckResult } from "../policy/check.js";
import type { Violation } from "../policy/types.js";
import { changeLines, fromTo, gateHeadline, gateLines, scopeLine, verdict, where } from "./check-common.js";
import { PLAIN, safeText, table, type Style } from "./terminal.js";

const one = (s: string) => safeText(s.replace(/\r?\n|\r/g, " "));

/** Renders the check result as terminal text. */
export function formatCheckText(r: CheckResult, style: Style = PLAIN): string {
  const out: string[] = [];
  const base = r.base ? `${one(r.base.label)} (${r.base.files} files, ${r.base.services} services)` : "none (baseline only)";
  out.push(`${style.bold("faultline check")}: base ${base} → head (${r.head.files} files, ${r.head.services} services); policy: ${one(r.policy)}`);
  const gate = gateHeadline(r);
  if (gate) {
    out.push(style.yellow(style.bold(`! ${one(gate)}`)));
    for (const l of gateLines(r)) out.push(`  ${one(l)}`);
  }
  if (r.change) {
    const lines = changeLines(r.change);
    out.push("", style.bold(`Change (${lines.length})`));
    if (lines.length === 0) out.push("  no change to services, locations or dependencies");
    for (const l of lines) {
      const sign = l.sign === "+" ? style.green("+") : l.sign === "-" ? style.red("-") : l.sign === "!" ? style.yellow("!") : style.cyan("~");
      out.push(`  ${sign} ${one(l.text)}${l.at ? style.dim(`  ${one(where(l.at))}`) : ""}`);
    }
  }
  const fresh = r.violations.filter((v) => v.status === "new");
  const known = r.violations.filter((v) => v.status === "known");
  const block = (v: Violation) => {
    const sev = v.severity === "error" ? style.red(style.bold("error")) : style.yellow(style.bold("warning"));
    const lines = [`  ${v.location ? style.bold(one(where(v.location))) + ": " : ""}${sev} ${one(v.message)} ${style.dim(`[${v.rule}]`)}`];
    if (v.path.length > 1) lines.push(`    path: ${one(v.path.join(" → "))}`);
    return lines.join("\n");
  };
  out.push("", style.bold(`New violations (${fresh.length})`));
  if (fresh.length === 0) out.push("  none");
  for (const v of fresh) out.push(block(v));
  if (known.length > 0) {
    out.push("", style.bold(`Known violations (${known.length})`) + style.dim(" — on the base or in the baseline; they do not fail the check"));
    // One line each: they are context here, not the news.
    for (const v of known) out.push(`  ${style.dim(`${v.severity} ${one(v.message)} [${v.rule}]${v.knownFrom === "baseline" ? " (baseline)" : ""}`)}`);
  }
  if (r.staleBaseline.length > 0) {
    out.push("", style.bold(`Stale baseline entries (${r.staleBaseline.length})`) + style.dim(" — no longer found; remove them from the baseline"));
    for (const b of r.staleBaseline) out.push(`  ${one(b.rule)}: ${one(b.nodes.join(", "))}`);
  }
  if (r.blastDiff.length > 0) {
    out.push("", style.bold("Blast radius of changed services") + style.dim(" (services down / degraded when it fails, base → head)"));
    const rows = r.blastDiff.map((b) => [one(b.id), fromTo(b.base?.down, b.head?.down), fromTo(b.base?.degraded, b.head?.degraded), one(b.newlyDown.join(", ") || "—")]);
    out.push(
      table(["service", "down", "degraded", "newly down"], rows)
        .split("\n")
        .map((l) => "  " + l)
        .join("\n"),
    );
  }
  const scope = scopeLine(r);
  if (scope) out.push("", style.dim(scope));
  out.push("", (r.passed ? style.green : style.red)(style.bold(verdict(r))));
  return out.join("\n") + "\n";
}
