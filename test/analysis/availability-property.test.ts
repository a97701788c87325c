/**
 * The availability analysis against two independent computations: brute-force enumeration
 * of every failure set over the readable transcription of spec 3 (exact to 1e-12), and a
 * seeded Monte Carlo over the fast engine on larger estates (within its confidence
 * interval). Also: bounds always contain the exact figure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availability } from "../../src/analysis/availability/availability.js";
import { prepareReferenceRanks } from "../helpers/blast-reference.js";
import { propagate } from "../../src/engine/propagate.js";
import { compile, DOWN, UP } from "../../src/engine/compile.js";
import type { Estate } from "../../src/model/types.js";
import { buildRandomEstate, estateRecipe, type EstateRecipe } from "../helpers/random-estate.js";
// The benchmark's seeded generator (mulberry32), so figures and samples are reproducible.
// @ts-expect-error the generator is plain JavaScript
import { rng as seeded } from "../../bench/generate.mjs";
const rng = seeded as (seed: number) => () => number;


const FIGURES = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.6];

/** Figures for at most `max` random nodes of the estate (the others never fail). */
function randomFigures(estate: Estate, seed: number, max: number, figures = FIGURES): Map<string, number> {
  const r = rng(seed);
  const ids = estate.graph.nodes().sort();
  const out = new Map<string, number>();
  for (const id of ids) if (out.size < max && r() < 0.7) out.set(id, figures[Math.floor(r() * figures.length)]!);
  return out;
}

/** Exact P(not down) and P(up) of every service by enumerating every failure set of the nodes with figures. */
function bruteForce(estate: Estate, figures: Map<string, number>): Map<string, { notDown: number; up: number }> {
  // The readable fixed point of spec 3 (by indexes), independent of the engines availability uses.
  const { ids, index, ranks } = prepareReferenceRanks(estate);
  const events = [...figures].map(([id, a]) => [index.get(id)!, a] as const);
  const services = ids.flatMap((id, i) => (estate.graph.getNodeAttributes(id).kind === "service" ? [i] : []));
  const notDown = new Float64Array(ids.length);
  const up = new Float64Array(ids.length);
  for (let mask = 0; mask < 1 << events.length; mask++) {
    let p = 1;
    const failed: number[] = [];
    events.forEach(([id, a], i) => {
      if (mask & (1 << i)) {
        p *= 1 - a;
        failed.push(id);
      } else p *= a;
    });
    const states = ranks(failed);
    for (const s of services) {
      if (states[s] !== 2) notDown[s]! += p;
      if (states[s] === 0) up[s]! += p;
    }
  }
  return new Map(services.map((s) => [ids[s]!, { notDown: notDown[s]!, up: up[s]! }]));
}

describe("availability: brute force over every failure set", () => {
  it("equals the exact method to 1e-12 on random estates", () => {
    fc.assert(
      fc.property(estateRecipe({ maxLocations: 6, maxServices: 8 }), fc.integer(), (recipe, seed) => {
        const estate = buildRandomEstate(recipe);
        const figures = randomFigures(estate, seed, 10);
        const expected = bruteForce(estate, figures);
        const result = availability(estate, undefined, { assume: figures });
        for (const s of result.services) {
          expect(s.method).toBe("exact");
          expect(Math.abs(s.availability - expected.get(s.id)!.notDown)).toBeLessThan(1e-12);
          expect(Math.abs(s.up - expected.get(s.id)!.up)).toBeLessThan(1e-12);
          // Birnbaum of each contributor, by brute force: conditioning on the node failed / never failing.
          for (const k of s.contributors.slice(0, 1)) {
            const failed = bruteForce(estate, new Map([...figures].map(([id, a]) => [id, id === k.id ? 1e-300 : a])));
            const perfect = bruteForce(estate, new Map([...figures].map(([id, a]) => [id, id === k.id ? 1 : a])));
            const b = perfect.get(s.id)!.notDown - failed.get(s.id)!.notDown;
            expect(Math.abs(k.birnbaum - b)).toBeLessThan(1e-9);
            expect(Math.abs(k.availabilityIfPerfect - perfect.get(s.id)!.notDown)).toBeLessThan(1e-12);
          }
        }
      }),
      { numRuns: 25, seed: 17 },
    );
  });

  it("bounds always contain the exact figure", () => {
    fc.assert(
      fc.property(estateRecipe({ maxLocations: 8, maxServices: 12 }), fc.integer(), fc.integer({ min: 1, max: 3 }), (recipe, seed, cutSize) => {
        const estate = buildRandomEstate(recipe);
        const figures = randomFigures(estate, seed, 20, [0.9, 0.99, 0.999, 0.9999]);
        const exact = availability(estate, undefined, { assume: figures });
        const bounded = availability(estate, undefined, { assume: figures, maxNodes: 3, boundsCutSize: cutSize });
        exact.services.forEach((e, i) => {
          const b = bounded.services[i]!;
          expect(b.id).toBe(e.id);
          if (b.method === "exact") {
            expect(b.availability).toBe(e.availability);
            return;
          }
          expect(b.availability).toBe(b.lower);
          expect(b.lower).toBeLessThanOrEqual(e.availability + 1e-12);
          expect(b.upper).toBeGreaterThanOrEqual(e.availability - 1e-12);
          expect(b.lower).toBeLessThanOrEqual(b.upper);
        });
      }),
      { numRuns: 20, seed: 7 },
    );
  });
});

/** A random recipe of the shared generator's shape, with exactly `locations` and `services` entries. */
function largeRecipe(r: () => number, locations: number, services: number): EstateRecipe {
  const int = (n: number) => Math.floor(r() * n);
  const pool = locations + services;
  return {
    locations: Array.from({ length: locations }, (_, i) => ({ parent: i < 3 ? -1 : int(i), hosting: int(3) })),
    services: Array.from({ length: services }, () => ({
      tier: int(4),
      placements: [...new Set(Array.from({ length: int(4) }, () => int(locations)))],
      // Some placements name replicas (spec 3.2), so the cross-checks cover replica weights.
      replicas: Array.from({ length: 3 }, () => (r() < 0.3 ? 1 + int(3) : 0)),
      min: int(4),
      deps: Array.from({ length: int(4) }, () =>
        r() < 0.5
          ? { kind: "ref" as const, target: int(pool), soft: r() < 0.3 }
          : { kind: "group" as const, members: [...new Set(Array.from({ length: 1 + int(4) }, () => int(pool)))], quorum: 1 + int(3), soft: r() < 0.2 },
      ),
    })),
  };
}

describe("availability: seeded Monte Carlo on larger estates", () => {
  it("lies within the sample's confidence interval", () => {
    const random = rng(2026);
    for (let round = 0; round < 3; round++) {
      const estate = buildRandomEstate(largeRecipe(rng(100 + round), 20, 60));
      const figures = randomFigures(estate, 500 + round, 1000, [0.8, 0.9, 0.95, 0.97, 0.99]);
      const result = availability(estate, undefined, { assume: figures });
      const c = compile(estate);
      const events = [...figures].map(([id, a]) => [c.index.get(id)!, a] as const);
      const samples = 4_000;
      const notDown = new Float64Array(c.n);
      const up = new Float64Array(c.n);
      for (let i = 0; i < samples; i++) {
        const failed: number[] = [];
        for (const [x, a] of events) if (random() >= a) failed.push(x);
        const st = propagate(c, failed).state;
        for (let x = 0; x < c.n; x++) {
          if (st[x] !== DOWN) notDown[x]!++;
          if (st[x] === UP) up[x]!++;
        }
      }
      let checked = 0;
      for (const s of result.services) {
        expect(s.method).toBe("exact");
        const x = c.index.get(s.id)!;
        for (const [exact, count] of [
          [s.availability, notDown[x]!],
          [s.up, up[x]!],
        ] as const) {
          const est = count / samples;
          // 5 standard errors (of the exact p), plus one sample's worth for p near 0 or 1.
          const se = Math.sqrt((exact * (1 - exact)) / samples);
          expect(Math.abs(est - exact)).toBeLessThanOrEqual(5 * se + 1 / samples);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(20);
    }
  });
});
