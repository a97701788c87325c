/**
 * Escaping for terminal text (and the base of every other format's escaping): characters that
 * act instead of showing — control characters and terminal escape sequences, bidirectional
 * controls, and invisible characters (zero-width spaces and joiners, word joiners, soft hyphens,
 * BOMs) — are shown as visible `\uXXXX`, so two different ids never look the same.
 */

/** Bidirectional controls and invisible characters: shown as `\uXXXX` in every output format. */
// eslint-disable-next-line no-control-regex
export const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]/g;

/** `\uXXXX` for one UTF-16 unit. */
export const uEscape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Shows invisible and bidirectional characters as `\uXXXX` (other text untouched). */
export function visibleText(s: string): string {
  return s.replace(INVISIBLE, uEscape);
}

/** Terminal text: control characters (but tab and line feed), line separators and invisible characters as visible `\uXXXX`. */
export function safeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return visibleText(s).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, uEscape);
}
