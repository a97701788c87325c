/**
 * The explorer file (`graph --format html`) without a browser: the estate data rebuilds into a
 * graph with the same answers, the embedded JSON is escaped for its script element, the CSP
 * allows exactly the inlined script and style by hash and nothing remote, the file names no URL,
 * the same input gives the same bytes, and bad input writes nothing.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import * as lib from "../helpers/internals.js";
import { jsonForScript } from "../../src/explorer/html.js";
import { hashOf, readHash } from "../../src/explorer/hash-state.js";
import { randomEstate } from "../helpers/random-estate.js";
import { REPO, runCli } from "../helpers/cli.js";

const retail = await lib.loadEstate([join(REPO, "fixtures/retail")]);
const estate = retail.estate;

/** The embedded data of a page, parsed as the page parses it. */
function pageData(html: string): { mode: string; estate: lib.EstateData; scenarios: unknown[]; positions?: Array<number | null> } {
  const m = /<script type="application\/json" id="faultline-data">([^]*?)<\/script>/.exec(html);
  if (!m) throw new Error("no data element");
  return JSON.parse(m[1]!);
}

describe("estateToData / estateFromData", () => {
  it("rebuild the retail estate with the same blast radius, exposure, spof and scenarios", () => {
    const back = lib.estateFromData(JSON.parse(JSON.stringify(lib.estateToData(estate))));
    for (const ids of [["aws/us-east-1"], ["payflow"], ["meridian/ash/hall-2", "aws/us-east-1/use1-az1"]]) {
      expect(lib.blastRadius(back, ids)).toEqual(lib.blastRadius(estate, ids));
    }
    expect(lib.exposure(back)).toEqual(lib.exposure(estate));
    expect(lib.scenarios(back)).toEqual(lib.scenarios(estate));
    expect(lib.spofFor(back, "checkout")).toEqual(lib.spofFor(estate, "checkout"));
    expect(lib.buildView(back, { focus: "checkout", depth: 1 })).toEqual(lib.buildView(estate, { focus: "checkout", depth: 1 }));
    // The page's data form keeps what the engine and the picture need, not the evidence of each edge.
    const plain = (e: ReturnType<typeof lib.graphToJson>["edges"]) => e.map(({ evidence: _evidence, ...rest }) => rest);
    expect(plain(lib.graphToJson(back).edges)).toEqual(plain(lib.graphToJson(estate).edges));
  });

  it("rebuild random estates with the same blast radius of every single failure", () => {
    fc.assert(
      fc.property(randomEstate({ maxLocations: 6, maxServices: 10 }), (e) => {
        const back = lib.estateFromData(JSON.parse(JSON.stringify(lib.estateToData(e))));
        for (const id of e.graph.nodes()) expect(lib.blastRadius(back, [id])).toEqual(lib.blastRadius(e, [id]));
      }),
      { numRuns: 60 },
    );
  });
});

describe("renderHtml", () => {
  it("escapes <, >, &, U+2028 and U+2029 in the embedded JSON, which still parses to the same value", () => {
    const value = { s: "</script><!-- & \u2028\u2029 >" };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it("is one file with a CSP that allows the inlined script and style by hash and nothing remote, and names no URL", async () => {
    const html = await lib.renderHtml(estate);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    expect(csp).toMatch(/^default-src 'none'; /);
    expect(csp).not.toMatch(/https?:|\*|'unsafe-inline'|'unsafe-eval'/);
    const scripts = [...html.matchAll(/<script>([^]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const sha = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
    expect(csp).toContain(`script-src ${sha(scripts[0]!)}`);
    const style = /<style>([^]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`style-src ${sha(style)}`);
    expect(html).not.toMatch(/https?:\/\/|\bsrc=|<link|@import|url\(/i);
    expect(pageData(html).mode).toBe("svg");
  });

  it("gives the same bytes for the same estate, and for a shuffled copy of it", async () => {
    const a = await lib.renderHtml(estate);
    const shuffled = lib.estateFromData(lib.estateToData(estate));
    expect(await lib.renderHtml(shuffled)).toBe(a);
    expect(await lib.renderHtml(estate, { renderer: "webgl" })).toBe(await lib.renderHtml(estate, { renderer: "webgl" }));
  });

  it("draws large estates on WebGL with a position for every node", async () => {
    const html = await lib.renderHtml(estate, { renderer: "webgl" });
    const d = pageData(html);
    expect(d.mode).toBe("webgl");
    expect(d.positions).toHaveLength(2 * estate.graph.order);
    expect(d.positions!.every((x) => typeof x === "number" && Number.isFinite(x))).toBe(true);
    expect(html).not.toContain("<svg");
  });

  it("refuses unknown ids in its options", async () => {
    await expect(lib.renderHtml(estate, { fail: ["aws/us-east-9"] })).rejects.toThrow(lib.UnknownIdError);
  });
});

describe("hash state", () => {
  it("round-trips ids holding commas, ampersands, equals signs, percent signs and non-ASCII", () => {
    const st = { fail: ["aws/us-east-1", "a,b&c=d%e", "zürich #1"], focus: "x&y", depth: 3, hosting: ["in-house"], select: "s,t", show: "spof" as const };
    const h = hashOf(st);
    expect(h.startsWith("#fail=aws/us-east-1,")).toBe(true);
    expect(readHash(h)).toEqual(st);
    expect(readHash("")).toBeUndefined();
    expect(readHash("#depth=-1&show=evil").depth).toBeUndefined();
  });
});

describe("faultline graph --format html", () => {
  const dir = mkdtempSync(join(tmpdir(), "faultline-html-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the same page as the library, chosen by the .html extension", async () => {
    const out = join(dir, "estate.html");
    const r = await runCli(["graph", "-m", "fixtures/retail", "-o", out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(await lib.renderHtml(estate));
  });

  it("writes nothing on bad input or a bad option, exit 2", async () => {
    const out = join(dir, "bad.html");
    for (const args of [["--fail", "nope"], ["--collapse"], ["--focus", "nope"]]) {
      const r = await runCli(["graph", "-m", "fixtures/retail", "-f", "html", ...args, "-o", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
    expect((await runCli(["graph", "-m", "fixtures/retail", "-f", "svg", "--renderer", "webgl"])).code).toBe(2);
  });
});
