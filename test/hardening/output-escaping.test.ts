/**
 * Output safety: manifest text — names where a format allows any (Compose service names,
 * Kubernetes and Backstage names), types, owners, notes, location types — reaches every output
 * format escaped: SVG stays well-formed XML with no script or handler, DOT and Mermaid labels
 * cannot close their quotes, Markdown cannot open a cell, a tag or a link, SARIF and JSON
 * parse and keep the text exactly, GitHub workflow commands cannot be started from a name,
 * and no terminal escape sequence gets through.
 */
import { describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { loadSources } from "../../src/load/load.js";
import * as lib from "../helpers/internals.js";
import { formatExposureMarkdown, formatExposureText } from "../../src/report/exposure.js";
import { formatScenariosMarkdown, formatScenariosText } from "../../src/report/scenarios.js";
import { formatSpofForText, formatSpofText } from "../../src/report/spof.js";
import { formatRiskText } from "../../src/report/risk.js";
import type { Estate } from "../../src/model/types.js";

/** A name that tries every format at once: quotes, brackets, tags, pipes, escapes, line breaks, workflow commands. */
const EVIL = 'x"];evil[label="<script>alert(1)</script>|`c`|\u001b[2J\u001b]8;;https://evil.invalid\u0007%0A::error::pwned\n::warning::injected\n# heading\r\n| a | b |';
const TYPE = "T<img src=x onerror=alert(2)>\u001b[31m]]>";
const OWNER = "O\u009b31m</text><script>alert(3)</script>";
const NOTE = "N\"}</title><foreignObject>\n|note|cell|\u0007";
const LOC_TYPE = "hall<b>\u001b[5m|x|";

/** YAML double-quoted scalar of any string. */
const q = (s: string) => JSON.stringify(s);

const BASE = [
  `apiVersion: faultline/v1\nkind: Location\nmetadata: {name: dc}\nspec: {hosting: in-house, type: ${q(LOC_TYPE)}}\n`,
  `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: api, labels: {__proto__: x}, annotations: {constructor: y}}\nspec:\n  type: ${q(TYPE)}\n  owner: ${q(OWNER)}\n  tier: critical\n  runsOn: [dc]\n  dependsOn: [{ref: db, note: ${q(NOTE)}}]\n`,
  `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: db}\nspec: {tier: critical, runsOn: [dc]}\n`,
].join("---\n");

/** The head adds an imported service with the evil name, that api now depends on, hard. */
const HEAD = BASE.replace("dependsOn: [{ref: db,", `dependsOn: [${q(EVIL)}, {ref: db,`);
const COMPOSE = `services:\n  ${q(EVIL)}:\n    image: evil\n    labels: {__proto__: polluted, constructor: x}\n`;

function load(files: Record<string, string>): Estate {
  const r = loadSources(Object.entries(files).map(([file, text]) => ({ file, text })));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).join("\n"));
  return r.estate;
}

const head = load({ "estate.yaml": HEAD, "compose.yaml": COMPOSE });
const base = load({ "estate.yaml": BASE });
const blast = lib.blastRadius(head, [EVIL]);
const view = lib.buildView(head, { blast });
const check = lib.runCheck({ head, base, baseLabel: "main", policy: lib.defaultPolicy() });

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe("hardening: the hostile estate", () => {
  it("loads, with the hostile name as a service that api depends on, and the check sees new violations", () => {
    expect(head.graph.hasNode(EVIL)).toBe(true);
    expect(blast.impacts.map((i) => i.id)).toContain("api");
    expect(check.violations.some((v) => v.status === "new" && v.path.includes(EVIL))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("hardening: SVG", () => {
  it("is well-formed XML, with no script, handler or foreign object, and keeps the text", async () => {
    for (const v of [view, lib.buildView(head), lib.buildView(head, { collapse: true })]) {
      const svg = await lib.renderSvg(v);
      const doc = new JSDOM(svg, { contentType: "image/svg+xml" }).window.document;
      expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
      expect(doc.getElementsByTagName("script")).toHaveLength(0);
      expect(doc.getElementsByTagName("foreignObject")).toHaveLength(0);
      expect(doc.getElementsByTagName("img")).toHaveLength(0);
      for (const el of Array.from(doc.getElementsByTagName("*"))) {
        for (const a of Array.from(el.attributes)) expect(a.name).not.toMatch(/^on|^href$|^xlink:href$/);
      }
      expect(CONTROL.test(svg), JSON.stringify(svg.slice(Math.max(0, svg.search(CONTROL) - 80), svg.search(CONTROL) + 20))).toBe(false);
    }
    const text = new JSDOM(await lib.renderSvg(view), { contentType: "image/svg+xml" }).window.document.documentElement.textContent ?? "";
    expect(text).toContain("<script>alert(1)</script>"); // shown as text, not markup
  });
});

describe("hardening: DOT", () => {
  it("keeps every piece of manifest text inside a quoted string", () => {
    for (const v of [view, lib.buildView(head, { collapse: true })]) {
      const dot = lib.renderDot(v);
      // Outside quoted strings only DOT syntax remains.
      const outside = dot.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      expect(outside).not.toMatch(/evil|script|alert|<|pwned|heading|\u001b/);
      expect(CONTROL.test(dot)).toBe(false);
      // Every statement line is well-formed: no line break smuggled into a string.
      for (const line of dot.split("\n")) expect((line.replace(/\\./g, "").match(/"/g) ?? []).length % 2).toBe(0);
    }
  });
});

describe("hardening: Mermaid", () => {
  it("keeps labels quoted and escaped: no tag, no quote, no line break, no directive", () => {
    const mmd = lib.renderMermaid(view);
    const labels = [...mmd.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    expect(labels.length).toBeGreaterThan(3);
    // `<br/>` is the renderer's own line break; nothing else may look like markup.
    for (const l of labels) expect(l.replace(/<br\/>/g, "")).not.toMatch(/[<>`|{}]|script>/);
    // The first line is a comment naming the scenario: one line, no backtick (it must not close a Markdown fence).
    const [comment, ...rest] = mmd.split("\n");
    expect(comment).toMatch(/^%% [^`]*$/);
    const outside = rest.join("\n").replace(/"[^"]*"/g, '""');
    expect(outside).not.toMatch(/evil|script|alert|pwned|heading|click|%%\{/);
    expect(CONTROL.test(mmd)).toBe(false);
    for (const line of mmd.split("\n").slice(1)) expect(line).toMatch(/^(flowchart|\s+|$)/);
  });
});

describe("hardening: Markdown", () => {
  const tables = (md: string) => {
    // Every table row has exactly as many unescaped pipes as its header.
    let cols = -1;
    for (const line of md.split("\n")) {
      if (!line.startsWith("|")) {
        cols = -1;
        continue;
      }
      const pipes = (line.replace(/\\\\/g, "").match(/(?<!\\)\|/g) ?? []).length;
      if (cols < 0) cols = pipes;
      else expect(pipes, line).toBe(cols);
    }
  };
  it("check, exposure and scenarios reports: no HTML, no extra cells, no heading or link from manifest text", () => {
    const reports = [lib.formatCheckMarkdown(check), formatExposureMarkdown(lib.exposure(head)), formatScenariosMarkdown(lib.scenarios(head))];
    expect(reports[0]).toContain('x"\\];evil\\[label="&lt;script&gt;'); // the evil name is there, escaped
    for (const md of reports) {
      // Outside code spans (ids are shown as code, where nothing is HTML).
      const prose = md.replace(/\\`/g, "").replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, "");
      expect(prose).not.toMatch(/<(script|img|b|foreignObject|title)\b/i);
      expect(md).not.toMatch(/\]\(javascript:/);
      expect(md).not.toMatch(/^# heading/m);
      expect(CONTROL.test(md)).toBe(false);
      tables(md);
    }
  });
});

describe("hardening: JSON and SARIF", () => {
  it("parse, and keep the manifest text exactly", () => {
    const json = JSON.parse(lib.formatCheckJson(check));
    expect(JSON.stringify(json)).toContain(JSON.stringify(EVIL).slice(1, -1));
    const sarif = JSON.parse(lib.formatSarif(check, { version: "0.0.0" })) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    expect(sarif.runs[0]!.results.some((r) => r.message.text.includes(EVIL))).toBe(true);
    const graph = lib.graphToJson(head);
    expect(JSON.parse(JSON.stringify(graph)).nodes.map((n: { id: string }) => n.id)).toContain(EVIL);
    expect(JSON.parse(JSON.stringify(blast)).failed).toEqual([EVIL]);
  });
});

describe("hardening: GitHub workflow commands", () => {
  it("a name cannot start a command or break a line", () => {
    const gh = lib.formatGithub(check);
    const lines = gh.trimEnd().split("\n");
    const newViolations = check.violations.filter((v) => v.status === "new").length;
    expect(newViolations).toBeGreaterThan(0);
    expect(lines.filter((l) => /^::(error|warning|notice)/.test(l))).toHaveLength(newViolations);
    for (const l of lines) expect(l).toMatch(/^(::(error|warning|notice) [^:]*::|::group::faultline: |::endgroup::$|::stop-commands::faultline-[0-9a-f]{32}$|::faultline-[0-9a-f]{32}::$|\s|faultline check )/);
    expect(gh).not.toMatch(/^::(error|warning)::(pwned|injected)/m);
    expect(gh).not.toContain("\r");
    expect(CONTROL.test(gh)).toBe(false);
  });
});

describe("hardening: terminal output", () => {
  it("no escape sequence or control character from manifest text reaches any text report", () => {
    const texts = [
      lib.formatBlastText(blast),
      lib.formatBlastText(lib.blastRadius(head, ["dc"])),
      formatExposureText(lib.exposure(head)),
      formatScenariosText(lib.scenarios(head)),
      formatSpofText(lib.spofRanking(head)),
      formatSpofForText(lib.spofFor(head, "api")),
      formatRiskText(lib.riskGroups(head, "api", { maxSize: 2 })),
      lib.formatCheckText(check),
      lib.formatDiagnostics(loadSources([{ file: "bad\u001b[2J.yaml", text: `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: a}\nspec: {dependsOn: [${q(EVIL)}], type: ${q(TYPE)}}\n` }]).diagnostics),
    ];
    expect(texts.some((t) => t.includes("\\u001b"))).toBe(true); // shown, escaped
    for (const t of texts) expect(CONTROL.test(t), JSON.stringify(t.match(CONTROL))).toBe(false);
  });
});
