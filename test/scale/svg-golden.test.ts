/**
 * Issue 18: the SVG renderer builds its shapes as strings instead of one jsdom element each,
 * and small estates' pictures stay byte-identical to what the jsdom renderer drew. The golden
 * files were written by the jsdom renderer (commit before the change) with
 * `UPDATE_GOLDEN=1 npx vitest run test/scale/svg-golden.test.ts`; larger pictures are kept as
 * SHA-256 digests. Estates: the picture estate (hostile text, every shape), the retail
 * fixture, and a seeded 300-service estate of bench/generate.mjs.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { buildView, type ViewOptions } from "../../src/picture/view.js";
import { loadEstate, loadSources } from "../../src/load/load.js";
import type { Estate } from "../../src/model/types.js";
import { renderSvg } from "../../src/report/svg.js";
import { pictureEstate } from "../report/picture-estate.js";
// @ts-expect-error the generator is plain JavaScript
import { generateEstate, toSources } from "../../bench/generate.mjs";

const DIR = join(import.meta.dirname, "golden");
const update = process.env.UPDATE_GOLDEN === "1";

/** Loads once per name (the estates are only read). */
const loaded = new Map<string, Estate>();
function once(name: string, load: () => Estate): Estate {
  if (!loaded.has(name)) loaded.set(name, load());
  return loaded.get(name)!;
}

function generated(n: number): Estate {
  return once(`generated-${n}`, () => {
    const r = loadSources(toSources(generateEstate({ services: n })) as Array<{ file: string; text: string }>);
    if (!r.ok) throw new Error("generated estate does not load");
    return r.estate;
  });
}
const retail = () => once("retail", () => loadEstate(["fixtures/retail"]).estate);

const CASES: Array<{ name: string; estate: () => Estate; opts: (e: Estate) => ViewOptions; digest?: boolean }> = [
  { name: "picture", estate: pictureEstate, opts: () => ({}) },
  { name: "picture-scenario", estate: pictureEstate, opts: (e) => ({ blast: blastRadius(e, ["aws/us-east-1/az1"]) }) },
  { name: "picture-collapsed", estate: pictureEstate, opts: (e) => ({ collapse: true, blast: blastRadius(e, ["db-a"]) }) },
  { name: "picture-focus", estate: pictureEstate, opts: () => ({ focus: "api", depth: 1 }) },
  { name: "retail", estate: retail, opts: () => ({}), digest: true },
  { name: "retail-scenario", estate: retail, opts: (e) => ({ blast: blastRadius(e, [e.graph.nodes().sort().find((id) => e.graph.getNodeAttribute(id, "kind") === "location")!]) }), digest: true },
  { name: "generated-300", estate: () => generated(300), opts: () => ({}), digest: true },
  { name: "generated-300-scenario", estate: () => generated(300), opts: (e) => ({ blast: blastRadius(e, ["plat-000"]) }), digest: true },
];

describe("SVG of small estates: byte-identical to the jsdom renderer", { timeout: 120_000 }, () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const e = c.estate();
      const svg = await renderSvg(buildView(e, c.opts(e)));
      const file = join(DIR, `${c.name}.${c.digest ? "sha256" : "svg"}`);
      const got = c.digest ? createHash("sha256").update(svg).digest("hex") + "\n" : svg;
      if (update || !existsSync(file)) {
        if (!update) throw new Error(`no golden file ${file}: write it with UPDATE_GOLDEN=1 from the jsdom renderer`);
        writeFileSync(file, got);
      }
      expect(got).toBe(readFileSync(file, "utf8"));
    });
  }
});
