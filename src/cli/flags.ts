/**
 * The library names its limits and options by their library names (`limits.maxFileBytes`,
 * `options.maxPathIds`); the CLI shows the flag that sets each. This is the one table.
 */
import type { Diagnostic } from "../index.js";

export const FLAG_OF: ReadonlyMap<string, string> = new Map([
  ["limits.maxFileBytes", "--max-file-size <bytes>"],
  ["limits.maxDepth", "--max-depth <n>"],
  ["limits.maxAliases", "--max-aliases <n>"],
  ["limits.maxNodes", "--max-nodes <n>"],
  ["limits.maxFiles", "--max-files <n>"],
  ["limits.maxDocuments", "--max-documents <n>"],
  ["options.strict", "--strict"],
  ["options.maxPathIds", "--max-path-ids <n>"],
  ["options.maxPathChars", "--max-path-chars <n>"],
  ["options.maxWork", "--max-work <steps>"],
  ["options.maxSize", "--max-size"],
  ["options.budget", "--budget <steps>"],
  ["options.focus", "--focus"],
  ["options.collapse", "--collapse"],
  ["options.maxEdges", "--max-edges <n>"],
  ["options.hosting", "--hosting"],
  ["options.baseRef", "--base <git-ref>"],
  ["options.baseDir", "--base-dir <dir>"],
]);

const NAME = /\b(?:limits|options)\.[A-Za-z]+\b/g;

/** Library text with each library name replaced by its flag. */
export function inCliWords(text: string): string {
  return text.replace(NAME, (name) => FLAG_OF.get(name) ?? name);
}

/** A diagnostic as the CLI shows it: its message and hint in flags. */
export function cliDiagnostic(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { ...d, message: inCliWords(d.message) };
  if (d.hint !== undefined) out.hint = inCliWords(d.hint);
  return out;
}
