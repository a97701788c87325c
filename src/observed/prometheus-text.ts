/**
 * The Prometheus text exposition format (and OpenMetrics text), read line by line into
 * samples with positions. Only what faultline needs: metric name, labels, value.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics/diagnostics.js";

/** One sample line. */
export interface PromSample {
  name: string;
  labels: Map<string, string>;
  value: number;
  at: SourcePos;
}

/** Most syntax errors reported one by one per file; the rest are counted. */
const MAX_ERRORS = 20;

// Character classes by code, not by regular expression: a file holds millions of characters.
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);
const isLabelStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isLabelChar = (c: number) => isLabelStart(c) || (c >= 48 && c <= 57);

class LineError extends Error {
  constructor(
    readonly column: number,
    message: string,
    readonly expected: string,
  ) {
    super(message);
  }
}

/** Parses `text`; syntax errors go into `bag` with line and column; returns the good samples. */
export function parsePrometheusText(text: string, file: string, bag: DiagnosticBag, keep: (name: string) => boolean = () => true): PromSample[] {
  const out: PromSample[] = [];
  let errors = 0;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) {
      if (end === text.length) break;
      continue;
    }
    try {
      const s = parseLine(line, file, lineNo);
      if (keep(s.name)) out.push(s);
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      errors++;
      if (errors <= MAX_ERRORS) {
        bag.error("observed-syntax", err.message, { file, line: lineNo, column: err.column }, {
          expected: err.expected,
          found: JSON.stringify(line.length > 80 ? line.slice(0, 77) + "..." : line),
          hint: "the file must be Prometheus text exposition: `metric{label=\"value\",...} 12` per line (see docs/drift.md)",
        });
      }
    }
    if (end === text.length) break;
  }
  if (errors > MAX_ERRORS) {
    bag.error("observed-syntax", `${errors - MAX_ERRORS} more malformed lines in this file`, { file, line: 1, column: 1 }, { hint: `only the first ${MAX_ERRORS} are listed one by one` });
  }
  return out;
}

function parseLine(line: string, file: string, lineNo: number): PromSample {
  let i = 0;
  const n = line.length;
  const ws = () => {
    while (i < n && (line[i] === " " || line[i] === "\t")) i++;
  };
  ws();
  const nameStart = i;
  if (i >= n || !isNameStart(line.charCodeAt(i))) throw new LineError(i + 1, "expected a metric name", "a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
  while (i < n && isNameChar(line.charCodeAt(i))) i++;
  const name = line.slice(nameStart, i);
  const labels = new Map<string, string>();
  if (line[i] === "{") {
    i++;
    for (;;) {
      ws();
      if (line[i] === "}") {
        i++;
        break;
      }
      const ls = i;
      if (i >= n || !isLabelStart(line.charCodeAt(i))) throw new LineError(i + 1, "expected a label name or `}`", "a label name ([a-zA-Z_][a-zA-Z0-9_]*) or `}`");
      while (i < n && isLabelChar(line.charCodeAt(i))) i++;
      const label = line.slice(ls, i);
      ws();
      if (line[i] !== "=") throw new LineError(i + 1, `expected \`=\` after label ${label}`, "`=`");
      i++;
      ws();
      if (line[i] !== '"') throw new LineError(i + 1, `expected a quoted value for label ${label}`, 'a value in double quotes, e.g. "checkout"');
      i++;
      let value = "";
      let closed = false;
      let from = i;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c === 92) {
          const e = line[i + 1];
          value += line.slice(from, i);
          if (e === "n") value += "\n";
          else if (e === "\\" || e === '"') value += e;
          else throw new LineError(i + 1, "invalid escape in a label value", "\\\\, \\\" or \\n");
          i += 2;
          from = i;
          continue;
        }
        if (c === 34) {
          value += line.slice(from, i);
          closed = true;
          i++;
          break;
        }
        i++;
      }
      if (!closed) throw new LineError(n + 1, `unterminated value of label ${label}`, 'a closing `"`');
      if (labels.has(label)) throw new LineError(ls + 1, `label ${label} is given twice`, "each label once per sample");
      labels.set(label, value);
      ws();
      if (line[i] === ",") {
        i++;
        continue;
      }
      if (line[i] === "}") {
        i++;
        break;
      }
      throw new LineError(i + 1, "expected `,` or `}` after a label", "`,` or `}`");
    }
  }
  const beforeValue = i;
  ws();
  if (i === beforeValue || i >= n) throw new LineError(i + 1, `expected a value after ${name}`, "a space, then a number such as 12 or 3.5e2");
  const vs = i;
  while (i < n && line[i] !== " " && line[i] !== "\t") i++;
  const raw = line.slice(vs, i);
  const value = parseValue(raw);
  if (value === undefined) throw new LineError(vs + 1, `invalid sample value ${JSON.stringify(raw)}`, "a number such as 12, 3.5e2, NaN or +Inf");
  ws();
  if (i < n) {
    const ts = line.slice(i).trim();
    if (!/^-?\d+(\.\d+)?$/.test(ts.split(/[ \t]+/)[0]!) || ts.split(/[ \t]+/).length > 1) throw new LineError(i + 1, "unexpected text after the value", "at most a timestamp after the value");
  }
  return { name, labels, value, at: { file, line: lineNo, column: nameStart + 1 } };
}

function parseValue(raw: string): number | undefined {
  if (raw === "NaN") return NaN;
  if (raw === "+Inf" || raw === "Inf") return Infinity;
  if (raw === "-Inf") return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return undefined;
  return Number(raw);
}
