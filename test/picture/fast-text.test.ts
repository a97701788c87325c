/**
 * Issue 18: the text helpers of the SVG picture take shortcuts (a table for ASCII widths,
 * plain text returned at once by xmlClean); on random text with every kind of character that
 * matters, they give exactly what the readable definitions give.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fit, textWidth } from "../../src/picture/labels.js";
import { xmlClean } from "../../src/report/escape/xml.js";
import { visibleText } from "../../src/report/escape/text.js";

/** The width as first written: one regex test per character (code point). */
function readableWidth(text: string, size: number, bold: boolean): number {
  let units = 0;
  for (const ch of text) {
    if (/[il.,:;'|!()[\] ]/.test(ch)) units += 0.34;
    else if (/[mwMW@%]/.test(ch)) units += 0.9;
    else if (/[A-Z0-9]/.test(ch)) units += 0.68;
    else units += 0.6;
  }
  return units * size * (bold ? 1.08 : 1);
}

/** xmlClean without its shortcut. */
function readableClean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return visibleText(s).replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

const PIECES = ["a", "i", "l", ".", "[", "]", " ", "m", "W", "@", "%", "A", "Z", "0", "9", "~", "&", "<", '"', "-", "é", "→", "—", "×", "·", "…", "↓", "\u200b", "\u202e", "\u00ad", "\ufeff", "\ud83d\ude00", "\ud83d", "\ude00", "\t", "\n", "\r", "\u0000", "\u007f", "\u0085", "\ufffe"];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((xs) => xs.join(""));

describe("text shortcuts of the SVG picture", () => {
  it("textWidth and fit equal the regex definition, xmlClean its full replacement", () => {
    fc.assert(
      fc.property(text, fc.constantFrom(9.5, 10.5, 12, 17), fc.boolean(), (s, size, bold) => {
        expect(Object.is(textWidth(s, size, bold), readableWidth(s, size, bold))).toBe(true);
        expect(xmlClean(s)).toBe(readableClean(s));
        const max = readableWidth(s, size, bold) / 2;
        const chars = [...s];
        // fit keeps the longest prefix that fits with its ellipsis (by the readable width).
        const kept = fit(s, max, size, bold);
        if (readableWidth(s, size, bold) <= max) expect(kept).toBe(s);
        else {
          const n = [...kept].length - 1;
          expect(readableWidth(chars.slice(0, n).join("") + "…", size, bold) <= max || n === 0).toBe(true);
          if (n < chars.length) expect(readableWidth(chars.slice(0, n + 1).join("") + "…", size, bold) > max || n + 1 === chars.length).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
