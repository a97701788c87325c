/**
 * Escaping for Graphviz DOT (`graph --format dot`): every string is one double-quoted DOT
 * string, so no id, label or escape sequence of the user's is read as DOT syntax. Invisible and
 * bidirectional characters follow the rule of every format (./text.ts): shown as `\uXXXX`.
 */
import { visibleText } from "./text.js";

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`, so no escape sequence of the user's is interpreted. */
export function dotString(s: string): string {
  // Control characters (terminal escape sequences among them) are shown as visible \uXXXX text.
  const visible = visibleText(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, "\\n");
  // eslint-disable-next-line no-control-regex
  return `"${visible.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}
