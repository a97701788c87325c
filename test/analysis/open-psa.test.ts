/**
 * The Open-PSA export: the fault tree's top event has the service's unavailability. Checked
 * by evaluating the exported tree over every failure set (everywhere), and by SCRAM where the
 * `scram` binary is installed (Debian package `scram`; skipped with a message otherwise).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availability } from "../../src/analysis/availability/availability.js";
import { faultTree, type FaultTree } from "../../src/analysis/availability/fault-tree.js";
import { loadEstate } from "../../src/load/load.js";
import { renderOpenPsa } from "../../src/report/open-psa.js";
import { buildRandomEstate, estateRecipe } from "../helpers/random-estate.js";
import { estateOf, svc } from "../helpers/estate.js";

/** P(top) by enumerating every assignment of the tree's basic events (gates in definition order are dependencies first). */
function evaluateTree(t: FaultTree): number {
  const n = t.events.length;
  let total = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let p = 1;
    const value = new Map<string, boolean>();
    t.events.forEach((e, i) => {
      const failed = (mask & (1 << i)) !== 0;
      value.set(`basic-event:${e.name}`, failed);
      p *= failed ? e.probability : 1 - e.probability;
    });
    for (const g of t.gates) {
      const ins = g.inputs.map((r) => {
        const v = value.get(`${r.type}:${r.name}`);
        if (v === undefined) throw new Error(`gate ${g.name} reads ${r.name} before it is defined`);
        return v;
      });
      const count = ins.filter(Boolean).length;
      const v = g.kind === "and" ? count === ins.length && ins.length > 0 : g.kind === "atleast" ? count >= g.min! : count > 0;
      value.set(`gate:${g.name}`, v);
    }
    if (value.get(`gate:${t.top}`)) total += p;
  }
  return total;
}

const FIG = [0.5, 0.9, 0.99, 0.8];
function figures(ids: string[], seed: number, max: number): Map<string, number> {
  const out = new Map<string, number>();
  let x = seed >>> 0 || 1;
  for (const id of [...ids].sort()) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    if (out.size < max && x % 10 < 7) out.set(id, FIG[(x >>> 8) % FIG.length]!);
  }
  return out;
}

describe("faultTree (Open-PSA export)", () => {
  it("the exported tree's top event has the service's unavailability (every failure set, random estates with cycles)", () => {
    fc.assert(
      fc.property(estateRecipe({ maxLocations: 6, maxServices: 8 }), fc.integer(), (recipe, seed) => {
        const estate = buildRandomEstate(recipe);
        const assume = figures(estate.graph.nodes(), seed, 10);
        const result = availability(estate, undefined, { assume });
        for (const s of result.services) {
          const t = faultTree(estate, s.id, { assume });
          expect(Math.abs(evaluateTree(t) - (1 - s.availability))).toBeLessThan(1e-12);
          expect(t.neverDown).toBe(s.availability === 1);
        }
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it("writes valid names, labels with the ids, and atleast gates for quorums", () => {
    const e = estateOf(svc("c1", "{availability: 0.99}") + svc("c2", "{availability: 0.99}") + svc("c3", "{availability: 0.99}") + svc("cart.v2", "{dependsOn: [{quorum: 2, of: [c1, c2, c3]}]}"));
    const xml = renderOpenPsa(faultTree(e, "cart.v2"));
    expect(xml).toContain('<atleast min="2">');
    expect(xml).toContain("<label>cart.v2</label>");
    expect(xml).toContain('<define-gate name="down-cart_v2-group0">');
    expect(xml).toContain('<float value="0.010000000000000009"/>');
    for (const m of xml.matchAll(/name="([^"]*)"/g)) expect(m[1]).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
  });
});

const scram = spawnSync("scram", ["--version"], { encoding: "utf8" });
const hasScram = scram.status === 0;
if (!hasScram) console.warn("open-psa.test.ts: `scram` is not installed (Debian: apt-get install scram); the comparison with SCRAM is skipped");

describe.skipIf(!hasScram)("faultTree against SCRAM", () => {
  const dir = mkdtempSync(join(tmpdir(), "faultline-scram-"));
  /**
   * P(top) by SCRAM for each tree, in one SCRAM run (a run costs a process start): each tree's
   * export, its names prefixed `t<k>_`, becomes one fault tree of a single model.
   */
  const runAll = (trees: FaultTree[]): number[] => {
    const bodies = trees.map((t, k) => {
      const xml = renderOpenPsa(t);
      const body = xml.slice(xml.indexOf("<opsa-mef>") + "<opsa-mef>".length, xml.lastIndexOf("</opsa-mef>"));
      return body.replace(/ name="/g, ` name="t${k}_`);
    });
    const file = join(dir, `model-${trees.length}-${trees[0]!.top}.xml`);
    writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n<opsa-mef>${bodies.join("")}</opsa-mef>\n`);
    const r = spawnSync("scram", ["--probability", "true", file], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const tops = new Map<string, number>();
    for (const m of r.stdout.matchAll(/<sum-of-products name="([^"]*)"[^>]*probability="([^"]+)"/g)) tops.set(m[1]!, Number(m[2]));
    // One top event a tree: each export holds only what its service's gate reads.
    const expected = trees.map((t, k) => `t${k}_${t.top}`);
    for (const name of tops.keys()) expect(expected).toContain(name);
    // SCRAM prints no probability for a top event that cannot happen.
    return expected.map((name) => tops.get(name) ?? 0);
  };

  it("agrees with faultline on every service of the retail fixture (SCRAM prints 6 significant digits)", () => {
    const estate = loadEstate(["fixtures/retail"]).estate;
    const serviceTypes = new Map([["service", 0.9995], ["database", 0.9995], ["cache", 0.999], ["queue", 0.999], ["managed", 0.999], ["external-api", 0.999], ["storage", 0.999], ["load-balancer", 0.9999]]);
    const result = availability(estate, undefined, { defaults: { serviceTypes } });
    const ps = runAll(result.services.map((s) => faultTree(estate, s.id, { defaults: { serviceTypes } })));
    expect(ps.length).toBeGreaterThan(20);
    result.services.forEach((s, k) => {
      const ours = 1 - s.availability;
      expect(Math.abs(ps[k]! - ours), s.id).toBeLessThanOrEqual(1e-5 * ours + 1e-15);
    });
  }, 120_000);

  it("agrees on random estates with cycles and groups", () => {
    const samples = fc.sample(fc.tuple(estateRecipe({ maxLocations: 8, maxServices: 14, groupWeight: 3 }), fc.integer()), { numRuns: 8, seed: 11 });
    const trees: FaultTree[] = [];
    const ours: number[] = [];
    for (const [recipe, seed] of samples) {
      const estate = buildRandomEstate(recipe);
      const assume = figures(estate.graph.nodes(), seed, 30);
      const result = availability(estate, undefined, { assume });
      for (const s of result.services.slice(0, 4)) {
        ours.push(1 - s.availability);
        trees.push(faultTree(estate, s.id, { assume }));
      }
    }
    const ps = runAll(trees);
    ours.forEach((q, k) => expect(Math.abs(ps[k]! - q)).toBeLessThanOrEqual(1e-5 * q + 1e-15));
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
