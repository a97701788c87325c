/**
 * Escaping for GitHub workflow commands (`--format github`): annotation properties and
 * messages as the runner unescapes them, and `::stop-commands::` blocks around every line
 * that is not one of faultline's own commands.
 */
import { createHash } from "node:crypto";
import { neutraliseLine } from "./workflow.js";
import { safeText } from "./text.js";

/** Escapes the message part of a workflow command (the runner turns `%25`, `%0D`, `%0A` back). */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value of a workflow command (also `:` and `,`, which end a property). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One line of untrusted log text: one line, visible characters, no command the runner could read. */
export function logLine(s: string): string {
  return neutraliseLine(safeText(s.replace(/\r\n|[\r\n\u2028\u2029]/g, " ")));
}

/**
 * Wraps lines of untrusted text in `::stop-commands::<token>` … `::<token>::`, so the runner
 * reads none of them as a command. The token is a SHA-256 of the lines themselves: it cannot
 * be predicted by whoever writes them (the text would have to contain its own hash), and the
 * output stays the same for the same input. The lines are neutralised as well.
 */
export function stopCommands(lines: readonly string[]): string[] {
  if (lines.length === 0) return [];
  const safe = lines.map(logLine);
  const token = `faultline-${createHash("sha256").update(safe.join("\n")).digest("hex").slice(0, 32)}`;
  return [`::stop-commands::${token}`, ...safe, `::${token}::`];
}
