/**
 * Escaping for Mermaid (`graph --format mermaid`, pasted into Markdown): labels are quoted and
 * hold no character Mermaid or its HTML labels read as syntax; the title comment stays one line
 * that cannot close a Markdown fence. Invisible and bidirectional characters follow the rule of
 * every format (./text.ts): shown as `\uXXXX`.
 */
import { visibleText } from "./text.js";

/**
 * Text for a Mermaid quoted label: every character Mermaid or its HTML labels could read as
 * syntax becomes a Mermaid entity (`#quot;`, `#lt;`, …), line breaks and control characters become spaces.
 */
export function mermaidText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return visibleText(s).replace(/[#"<>&`\\|{}\[\]()]|\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => (ch.length > 1 || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) >= 0x7f ? " " : `#${ch.codePointAt(0)};`));
}

/** A `%%` comment's text: one line, no control character, no backtick (a ``` would close a Markdown fence). */
export function mermaidComment(s: string): string {
  // eslint-disable-next-line no-control-regex
  return visibleText(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029`]/g, " ");
}
