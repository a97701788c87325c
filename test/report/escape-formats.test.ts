/**
 * One escaping module per output format (src/report/escape/), all sharing the rule of
 * escape/text.ts: bidirectional controls and invisible characters never reach an output raw,
 * so two different ids never look the same in any format. The reporters of a format use its
 * module: the Open-PSA export cleans labels as the SVG picture does.
 */
import { describe, expect, it } from "vitest";
import { dotString } from "../../src/report/escape/dot.js";
import { mermaidComment, mermaidText } from "../../src/report/escape/mermaid.js";
import { xmlAttr, xmlClean, xmlComment, xmlText } from "../../src/report/escape/xml.js";
import { mdCode, mdEscape } from "../../src/report/escape/markdown.js";
import { INVISIBLE, safeText } from "../../src/report/escape/text.js";
import { renderOpenPsa } from "../../src/report/open-psa.js";
import type { FaultTree } from "../../src/analysis/availability/fault-tree.js";

/** Every character the shared rule covers, one of each range's ends, between letters. */
const INVISIBLES = ["\u00ad", "\u061c", "\u200b", "\u200f", "\u202a", "\u202e", "\u2060", "\u2066", "\u2069", "\u206f", "\ufe0f", "\ufeff", "\ufff8"];
const HOSTILE = `pay${INVISIBLES.join("x")}ments`;
const raw = (s: string) => [...s].filter((ch) => new RegExp(INVISIBLE.source).test(ch));

const FORMATS: Record<string, (s: string) => string> = {
  text: safeText,
  markdown: mdEscape,
  "markdown code": mdCode,
  dot: dotString,
  mermaid: mermaidText,
  "mermaid comment": mermaidComment,
  "xml text": (s) => xmlText(xmlClean(s)),
  "xml attribute": (s) => xmlAttr(xmlClean(s)),
  "xml comment": xmlComment,
};

describe("escaping: one module per format, one rule for invisible characters", () => {
  it.each(Object.keys(FORMATS))("%s: no invisible or bidirectional character is written raw, each is shown as \\uXXXX", (name) => {
    const out = FORMATS[name]!(HOSTILE);
    expect(raw(out)).toEqual([]);
    // Shown, not dropped: a reader can tell the two ids apart (DOT doubles the backslash inside its string, Mermaid writes it as #92;).
    const shown = out.replace(/\\\\/g, "\\").replace(/#92;/g, "\\");
    for (const ch of INVISIBLES) expect(shown).toContain(`\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  });

  it("xml: characters XML 1.0 forbids become U+FFFD, markup is escaped, a comment cannot be closed", () => {
    expect(xmlText(xmlClean("a\u0001b<c>&"))).toBe("a\ufffdb&lt;c&gt;&amp;");
    expect(xmlAttr(xmlClean('"\t\n'))).toBe("&quot;&#x9;&#xA;");
    expect(xmlComment("a--b-->")).not.toContain("--");
  });

  it("open-psa labels an id with control and bidirectional characters as the SVG picture would: the XML stays well-formed", () => {
    // Imported ids (Compose service names) may hold any character; the export keeps them as labels.
    const id = "db\u202egnp.exe\u0007";
    const tree: FaultTree = {
      service: "api",
      top: "down-api",
      neverDown: false,
      gates: [{ name: "down-api", label: "api", kind: "or", inputs: [{ type: "basic-event", name: "fail-db" }] }],
      events: [{ name: "fail-db", label: id, probability: 0.01 }],
    };
    const xml = renderOpenPsa(tree);
    expect(xml).toContain(`<label>${xmlText(xmlClean(id))}</label>`);
    expect(xml).toContain("db\\u202egnp.exe\ufffd");
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e]/);
  });
});
