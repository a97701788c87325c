/**
 * Huge inputs of shapes the existing limit tests do not cover: mappings with thousands of keys
 * (flow, block, multi-line flow, merged from an anchor), which hit quadratic duplicate-key
 * checks before; duplicate keys are still reported with their line. Each finishes in well under
 * a second; the suite's timeout is the guard (no timing assertions: a quadratic check of 16,000
 * keys is 128 million comparisons). A recursion as deep as a Compose extends chain is caught by
 * a Worker with a small stack instead of a chain of 50,000.
 */
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import { SUGGESTION_WORK } from "../../src/diagnostics/suggest.js";
import { REPO } from "../helpers/cli.js";

const N = 2_000;
const keys = (p: string, n = N) => Array.from({ length: n }, (_, i) => `${p}${i}: ${i}`);
const load = (text: string) => loadSources([{ file: "big.yaml", text }]);

describe("hardening: mappings with thousands of keys", () => {
  const shapes: Array<[string, (n: number) => string]> = [
    ["a one-line flow mapping", (n) => `a: {${keys("k", n).join(", ")}}\n`],
    ["a multi-line flow mapping", (n) => `a: {\n  ${keys("k", n).join(",\n  ")}\n}\n`],
    ["a block mapping", (n) => `a:\n  ${keys("k", n).join("\n  ")}\n`],
    ["an anchor merged into a big mapping", (n) => `a: &a {${keys("k", n).join(", ")}}\nb:\n  <<: *a\n  ${keys("j", n).join("\n  ")}\n`],
  ];
  for (const [what, text] of shapes) {
    // The merge goes through the yaml library (slower per key): a quarter of the keys.
    const n = what.startsWith("an anchor") ? N : 8 * N;
    it(`reads ${what} of ${n} keys without a quadratic key check`, () => {
      // Not a manifest: one warning, and nothing else went wrong.
      expect(load(text(n)).diagnostics.map((d) => d.code)).toEqual(["unrecognised-document"]);
    });
  }

  it("still reports a duplicate key, with its line, in each shape", () => {
    // The key check is one set per mapping whatever its size, and a duplicate sends the file
    // through the yaml library (slow per key): a few hundred keys show the shapes.
    const n = 300;
    const dup = (text: string) => load(text).diagnostics.find((d) => d.severity === "error");
    expect(dup(`a: {${keys("k", n).join(", ")}, k5: x}\n`)).toMatchObject({ code: "yaml-syntax", file: "big.yaml", line: 1 });
    expect(dup(`a: {\n  ${keys("k", n).join(",\n  ")},\n  k7: x\n}\n`)).toMatchObject({ code: "yaml-syntax", line: n + 2 });
    expect(dup(`a:\n  ${keys("k", n).join("\n  ")}\n  k9: x\n`)).toMatchObject({ code: "yaml-syntax", line: n + 2, hint: "remove or rename one of the two keys" });
    // a merged key that the mapping also sets is not a duplicate: the mapping's own value wins
    const r = load(`apiVersion: faultline/v1\nkind: Service\nmetadata:\n  <<: &m {name: a, labels: {team: x}}\n  name: b\nspec: {}\n`);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.estate.graph.hasNode("b")).toBe(true);
    expect(r.estate.graph.hasNode("a")).toBe(false);
  });
});

describe("hardening: very long free text through every report", () => {
  it("a 20 KB note, type and owner are kept in JSON and fitted or kept in pictures and tables", async () => {
    const lib = await import("../helpers/internals.js");
    const long = (c: string) => c.repeat(20_000);
    const r = loadSources([
      {
        file: "long.yaml",
        text: `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: db}\nspec: {tier: critical}\n---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: api}\nspec:\n  type: ${long("t")}\n  owner: ${long("o")}\n  tier: critical\n  dependsOn: [{ref: db, note: ${long("n")}}]\n`,
      },
    ]);
    expect(r.ok).toBe(true);
    const e = r.estate;
    const graph = lib.graphToJson(e);
    expect(graph.edges[0]!.note).toHaveLength(20_000);
    const view = lib.buildView(e, { blast: lib.blastRadius(e, ["db"]) });
    const svg = await lib.renderSvg(view);
    expect(svg).toContain("<svg");
    expect(lib.renderDot(view)).toContain("digraph");
    expect(lib.renderMermaid(view)).toContain("flowchart");
    expect(lib.formatBlastText(lib.blastRadius(e, ["db"]))).toContain("api");
    const check = lib.runCheck({ head: e, policy: lib.defaultPolicy(), baseline: [] });
    expect(() => JSON.parse(lib.formatSarif(check, { version: "0" }))).not.toThrow();
    expect(lib.formatCheckMarkdown(check)).toContain("faultline check");
  });
});

describe("hardening: thousands of unknown references among thousands of ids", () => {
  it("are all reported, with suggestions within a work budget (no quadratic scan)", () => {
    const n = 2_000;
    let native = "";
    for (let i = 0; i < n; i++) native += `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: service-number-${i}}\nspec: {dependsOn: [service-numbr-${i}]}\n---\n`;
    let parents = "";
    for (let i = 0; i < n / 100; i++) parents += `apiVersion: faultline/v1\nkind: Location\nmetadata: {name: location-number-${i}}\nspec: {parent: location-numbr-${i}}\n---\n`;
    let catalog = "";
    for (let i = 0; i < n; i++) catalog += `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: component-number-${i}}\nspec: {type: service, owner: x, lifecycle: production, dependsOn: ["component:component-numbr-${i}"]}\n---\n`;
    const r = loadSources([
      { file: "native.yaml", text: native },
      { file: "parents.yaml", text: parents },
      { file: "catalog.yaml", text: catalog },
    ]);
    const count = (code: string, file: string) => r.diagnostics.filter((d) => d.code === code && d.file === file).length;
    expect(count("unknown-reference", "native.yaml")).toBe(n);
    expect(count("unknown-parent", "parents.yaml")).toBe(n / 100);
    expect(count("unknown-reference", "catalog.yaml")).toBe(n);
    // the first ones still get a suggestion, and no more than the budget pays for: each scans
    // thousands of ids, so the suggestions stop long before n (a scan per reference is quadratic)
    const suggested = r.diagnostics.filter((d) => /did you mean/.test(d.hint ?? "")).length;
    expect(suggested).toBeGreaterThan(10);
    expect(suggested).toBeLessThanOrEqual(Math.ceil(SUGGESTION_WORK / n) + n / 100 + 1);
  });
});

describe("hardening: long chains", () => {
  it("a Compose extends chain of 5,000 services loads in half of Node's stack (no recursion as deep as the chain)", async () => {
    const r = await new Promise((done, fail) => {
      const w = new Worker(resolve(REPO, "test/hardening/compose-worker.mjs"), { workerData: { dist: resolve(REPO, "dist"), n: 5_000 }, resourceLimits: { stackSizeMb: 0.5 } });
      w.once("message", (m) => {
        void w.terminate();
        done(m);
      });
      w.once("error", fail);
    });
    // the tier of the end of the chain reaches its start
    expect(r).toEqual({ errors: 0, order: 5_000, tier: "critical" });
  }, 20_000);

  it("an extends cycle is reported once and ignored", () => {
    const r = loadSources([{ file: "shop/compose.yaml", text: "services:\n  a: {image: x, extends: b}\n  b: {image: y, extends: c}\n  c: {image: z, extends: a}\n  d: {image: w, extends: d}\n" }]);
    const bad = r.diagnostics.filter((d) => d.code === "bad-extends");
    expect(bad.map((d) => d.line).sort()).toEqual([4, 5]);
    expect(r.estate.graph.order).toBe(4);
  });
});
