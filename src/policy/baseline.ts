/**
 * Baselines: a recorded list of accepted violations (`check --write-baseline file`),
 * read back with `--baseline file`, like dependency-cruiser's known violations.
 */
import { DiagnosticBag, type Diagnostic } from "../diagnostics/diagnostics.js";
import { fingerprintOf } from "./fingerprint.js";
import type { Violation } from "./types.js";

/** One recorded violation. */
export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  nodes: string[];
  message: string;
}

/** The baseline file's content. */
export interface BaselineFile {
  schemaVersion: 1;
  violations: BaselineEntry[];
}

/** The baseline text for `violations` (sorted, no timestamps, so it diffs cleanly). */
export function formatBaseline(violations: readonly Violation[]): string {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const v of violations) {
    if (seen.has(v.fingerprint)) continue;
    seen.add(v.fingerprint);
    entries.push({ fingerprint: v.fingerprint, rule: v.rule, nodes: [...v.nodes], message: v.message });
  }
  entries.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const file: BaselineFile = { schemaVersion: 1, violations: entries };
  return JSON.stringify(file, null, 2) + "\n";
}

/** Parses a baseline file; problems are diagnostics naming the file. */
export function parseBaseline(file: string, text: string): { entries: BaselineEntry[]; diagnostics: Diagnostic[] } {
  const bag = new DiagnosticBag();
  const at = { file, line: 1, column: 1 };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    bag.error("baseline-json", `the baseline is not valid JSON: ${(err as Error).message}`, at, { hint: "write it with `faultline check --write-baseline <file>`" });
    return { entries: [], diagnostics: bag.items };
  }
  const d = data as Partial<BaselineFile> | null;
  if (!d || typeof d !== "object" || d.schemaVersion !== 1 || !Array.isArray(d.violations)) {
    bag.error("baseline-shape", "the baseline is not a faultline baseline", at, { expected: '{"schemaVersion": 1, "violations": [...]}', found: Array.isArray(d) ? "a list" : typeof d, hint: "write it with `faultline check --write-baseline <file>`" });
    return { entries: [], diagnostics: bag.items };
  }
  const entries: BaselineEntry[] = [];
  d.violations.forEach((v: unknown, i: number) => {
    const e = v as Partial<BaselineEntry> | null;
    if (!e || typeof e.rule !== "string" || !Array.isArray(e.nodes) || !e.nodes.every((n) => typeof n === "string")) {
      bag.error("baseline-entry", `baseline entry ${i + 1} needs a rule and a list of nodes`, at, { found: JSON.stringify(v)?.slice(0, 80), hint: "regenerate it with `faultline check --write-baseline <file>`" });
      return;
    }
    // The fingerprint is recomputed so a hand-edited entry cannot disagree with its nodes.
    entries.push({ fingerprint: fingerprintOf(e.rule, e.nodes), rule: e.rule, nodes: [...e.nodes], message: typeof e.message === "string" ? e.message : "" });
  });
  return { entries, diagnostics: bag.items };
}
