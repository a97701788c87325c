/**
 * Markdown that cannot act (issue 12, item 2): text from manifests in check summaries, exposure
 * and scenarios creates no @mention, autolink, raw HTML, image or link, ids are shown as code,
 * and the report stays under 65,536 characters whatever the pull request holds, with a note
 * saying what was left out and where the full report is.
 */
import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import * as lib from "../helpers/internals.js";
import { formatCheckMarkdown } from "../../src/report/check-markdown.js";
import { formatExposureMarkdown } from "../../src/report/exposure.js";
import { formatScenariosMarkdown } from "../../src/report/scenarios.js";
import { capMarkdown, mdCode, mdEscape, MARKDOWN_LIMIT } from "../../src/report/escape/markdown.js";
import type { Estate } from "../../src/model/types.js";

const q = (s: string) => JSON.stringify(s);
const HOSTILE = ["@octocat", "evil@example.com", "https://evil.example/x", "www.evil.example", "![img](https://x/y.png)", "[link](https://x)", "<img src=x onerror=1>", "a|b`c``d", "mailto:x@y.z"];

function load(files: Record<string, string>): Estate {
  const r = loadSources(Object.entries(files).map(([file, text]) => ({ file, text })));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join("\n"));
  return r.estate;
}

const LOC = `apiVersion: faultline/v1\nkind: Location\nmetadata: {name: dc}\nspec: {hosting: in-house}\n`;
const svc = (name: string, deps: string[] = []) => `---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {tier: critical, runsOn: [dc], dependsOn: [${deps.map(q).join(", ")}]}\n`;
const compose = `services:\n${HOSTILE.map((n) => `  ${q(n)}: {image: x}\n`).join("")}`;

/** Parses rendered Markdown coarsely the way GitHub would act on it, outside code spans. */
function actingParts(md: string): string[] {
  const noCode = md.replace(/\\`/g, "").replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, "");
  const found: string[] = [];
  for (const re of [/(^|[^\w&#])@[a-z0-9]/gi, /https?:\/\//gi, /mailto:/gi, /(^|[^\w&])www\./gi, /<(?!\/?details>|\/?summary>)[a-z!/]/gi, /!\[/g, /\]\(/g]) {
    for (const m of noCode.matchAll(re)) found.push(m[0]);
  }
  return found;
}

describe("hardening: Markdown that cannot act", () => {
  const base = load({ "e.yaml": LOC + svc("api") });
  const head = load({ "e.yaml": LOC + svc("api", HOSTILE), "compose.yaml": compose });
  const check = lib.runCheck({ head, base, baseLabel: "@main https://x", policy: lib.defaultPolicy() });

  it("check, exposure and scenarios create no mention, autolink, HTML, image or link", () => {
    const outputs = [formatCheckMarkdown(check), formatExposureMarkdown(lib.exposure(head)), formatScenariosMarkdown(lib.scenarios(head))];
    for (const md of outputs) {
      expect(actingParts(md)).toEqual([]);
    }
    // The hostile ids are present, as code.
    expect(formatCheckMarkdown(check)).toContain(mdCode("@octocat"));
  });

  it("escaping helpers: plain text loses mentions and autolinks; code keeps the text and its cell", () => {
    expect(actingParts(mdEscape("hi @team see https://x.example or www.y.example, mail a@b.c"))).toEqual([]);
    expect(mdCode("a|b")).toBe("`a\\|b`");
    expect(mdCode("x``y")).toBe("```x``y```");
    expect(mdCode("`x")).toBe("`` `x ``");
  });

  it("stays under 65,536 characters with thousands of changes, violations and a long path, and says what was cut", () => {
    const n = 800;
    // 800 critical services on one shared dependency, and a chain of 100 (a long path).
    const big = [LOC, svc("hub"), ...Array.from({ length: n }, (_, i) => svc(`s${i}-${"x".repeat(80)}`, ["hub"])), ...Array.from({ length: 100 }, (_, i) => svc(`c${i}`, i + 1 < 100 ? [`c${i + 1}`] : ["hub"]))].join("");
    const h = load({ "e.yaml": big });
    const r = lib.runCheck({ head: h, base, baseLabel: "main", policy: lib.defaultPolicy() });
    const md = formatCheckMarkdown(r);
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(md).toMatch(/more: run with `--format json`|Run with `--format json` for the full report/);
  });

  it("capMarkdown cuts at a line, notes how much, and closes an open <details>", () => {
    const lines = ["# x", "<details><summary>s</summary>", ...Array.from({ length: 10_000 }, (_, i) => `- line ${i} ${"y".repeat(20)}`), "</details>"];
    const md = capMarkdown(lines);
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(md).toMatch(/\d+ more lines left out\. Run with `--format json` for the full report/);
    expect(md.trimEnd().endsWith("</details>")).toBe(true);
  });
});
