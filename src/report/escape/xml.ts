/**
 * Escaping for XML documents (the SVG picture, the Open-PSA fault tree): text and attribute
 * values escaped as the DOM's XMLSerializer (w3c-xmlserializer) does, and `xmlClean` first,
 * so the document always parses whatever an imported id holds. Invisible and bidirectional
 * characters follow the rule of every format (./text.ts): shown as `\uXXXX`.
 */
import { visibleText } from "./text.js";

const ATTR_SPECIAL = /[&"<>\t\n\r]/;
const TEXT_SPECIAL = /[&<>]/;
/** Nothing for `xmlClean` to replace: printable ASCII, tab, line feed and the renderers' own → — × · … */
const PLAIN = /^[\t\n\x20-\x7e\u2192\u2014\u00d7\u00b7\u2026]*$/;

/** An attribute value (double-quoted) as XMLSerializer writes it. */
export function xmlAttr(v: string): string {
  if (!ATTR_SPECIAL.test(v)) return v;
  return v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;").replace(/\r/g, "&#xD;");
}

/** Text content as XMLSerializer writes it. */
export function xmlText(v: string): string {
  if (!TEXT_SPECIAL.test(v)) return v;
  return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Characters XML 1.0 forbids even escaped (and lone surrogates) replaced by U+FFFD, invisible
 * and bidirectional characters shown as `\uXXXX`: for text and attributes alike.
 */
export function xmlClean(s: string): string {
  // The common case, tested first: nothing to replace.
  if (PLAIN.test(s)) return s;
  // A carriage return is legal XML but, printed to a terminal, rewrites the line: replaced too.
  // eslint-disable-next-line no-control-regex
  return visibleText(s).replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** Text for an XML comment: cleaned, escaped, and no `--` (which would end it). */
export function xmlComment(s: string): string {
  return xmlText(xmlClean(s)).replace(/--/g, "- -");
}
