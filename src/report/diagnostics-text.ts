/** Diagnostics printed the way compilers print them: `file:line:col: error: message`, then details. */
import type { Diagnostic } from "../diagnostics/diagnostics.js";
import { PLAIN, safeText, type Style } from "./terminal.js";

/** Returns a source line (1-based) of a file, when the caller can provide it. */
export type LineSource = (file: string, line: number) => string | undefined;

export function formatDiagnostic(d: Diagnostic, style: Style = PLAIN, lines?: LineSource): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ""}: ` : "";
  const sev = d.severity === "error" ? style.red(style.bold("error")) : style.yellow(style.bold("warning"));
  const out = [`${style.bold(safeText(where))}${sev}: ${safeText(d.message)} ${style.dim(`[${d.code}]`)}`];
  if (d.file && d.line && lines) {
    const text = lines(d.file, d.line);
    if (text !== undefined && text.length <= 240) {
      const gutter = String(d.line);
      out.push(`  ${style.dim(gutter + " |")} ${safeText(text.replace(/\t/g, " "))}`);
      out.push(`  ${" ".repeat(gutter.length)} ${style.dim("|")} ${" ".repeat(Math.max(0, (d.column ?? 1) - 1))}${style.red("^")}`);
    }
  }
  if (d.expected) out.push(`  expected: ${safeText(d.expected)}`);
  if (d.found) out.push(`  found:    ${safeText(d.found)}`);
  if (d.hint) out.push(`  ${style.cyan("hint")}:     ${safeText(d.hint)}`);
  return out.join("\n");
}

/** All diagnostics, then a count line. */
export function formatDiagnostics(items: readonly Diagnostic[], style: Style = PLAIN, lines?: LineSource): string {
  if (items.length === 0) return "";
  const errors = items.filter((d) => d.severity === "error").length;
  const warnings = items.length - errors;
  const parts = items.map((d) => formatDiagnostic(d, style, lines));
  const count = [errors ? `${errors} error${errors > 1 ? "s" : ""}` : "", warnings ? `${warnings} warning${warnings > 1 ? "s" : ""}` : ""].filter(Boolean).join(", ");
  return parts.join("\n\n") + `\n\n${count}\n`;
}
