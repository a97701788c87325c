/** Diagnostics: errors as values with a place, collected before failing. */

export type Severity = "error" | "warning";

/** A position in a manifest file (1-based line and column). */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** One problem found in the input, with where, what was expected, what was found and a hint. */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `unknown-reference`, `yaml-syntax`. */
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  expected?: string;
  found?: string;
  hint?: string;
}

/** Collects diagnostics in the order they are found. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  error(code: string, message: string, at: SourcePos | undefined, extra: Partial<Diagnostic> = {}): void {
    this.items.push({ severity: "error", code, message, ...posOf(at), ...extra });
  }

  warning(code: string, message: string, at: SourcePos | undefined, extra: Partial<Diagnostic> = {}): void {
    this.items.push({ severity: "warning", code, message, ...posOf(at), ...extra });
  }

  get errorCount(): number {
    return this.items.filter((d) => d.severity === "error").length;
  }

  get warningCount(): number {
    return this.items.filter((d) => d.severity === "warning").length;
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

function posOf(at: SourcePos | undefined): Partial<Diagnostic> {
  return at ? { file: at.file, line: at.line, column: at.column } : {};
}

/** Sorts diagnostics by file, line, column so output never depends on discovery order. */
export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return [...items].sort(
    (a, b) =>
      cmp(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
