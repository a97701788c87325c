import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { riskGroups } from "../../src/analysis/risk.js";
import { prepareReferenceRanks } from "../helpers/blast-reference.js";
import type { Estate } from "../../src/model/types.js";
import { randomEstate } from "../helpers/random-estate.js";

/**
 * Brute force over the readable transcription of spec 3, for every service at once: every set
 * of at most `max` nodes is failed once, and for each service outside the set that goes down
 * the set is a cut; a cut is kept when no proper subset is one.
 */
function bruteForce(estate: Estate, max: number): Map<string, string[][]> {
  // The readable fixed point of spec 3 (by indexes), independent of the engines risk uses.
  const { ids, ranks } = prepareReferenceRanks(estate);
  const services = ids.flatMap((id, i) => (estate.graph.getNodeAttributes(id).kind === "service" ? [i] : []));
  const cuts = new Map<number, number[][]>(services.map((s) => [s, []]));
  const rec = (start: number, set: number[]) => {
    if (set.length > 0) {
      const states = ranks(set);
      for (const s of services) if (states[s] === 2 && !set.includes(s)) cuts.get(s)!.push([...set]);
    }
    if (set.length === max) return;
    for (let i = start; i < ids.length; i++) rec(i + 1, [...set, i]);
  };
  rec(0, []);
  const out = new Map<string, string[][]>();
  for (const [s, found] of cuts) {
    const minimal = found.filter((cut) => !found.some((o) => o !== cut && o.length < cut.length && o.every((x) => cut.includes(x))));
    out.set(ids[s]!, minimal.map((cut) => cut.map((i) => ids[i]!).sort()).sort((a, b) => a.length - b.length || a.join("\0").localeCompare(b.join("\0"))));
  }
  return out;
}

const canon = (groups: string[][]) => [...groups].map((g) => [...g]).sort((a, b) => a.length - b.length || a.join("\0").localeCompare(b.join("\0")));

describe("risk (property: agrees with brute force over all sets)", () => {
  // One brute force (sets of size ≤ 3) serves the three sizes: the minimal cut sets of size ≤ k
  // are those of size ≤ 3 that have at most k members (minimality is about subsets, never larger).
  for (const shape of [{}, { refWeight: 1, groupWeight: 3 }]) {
    it(`finds exactly the minimal cut sets of size ≤ 1, ≤ 2 and ≤ 3 (${JSON.stringify(shape)})`, () => {
      fc.assert(
        fc.property(randomEstate({ maxLocations: 6, maxServices: 9, ...shape }), (estate) => {
          const brute = bruteForce(estate, 3);
          for (const service of estate.graph.filterNodes((_id, a) => a.kind === "service")) {
            const expected = brute.get(service)!;
            for (const max of [1, 2, 3]) {
              const r = riskGroups(estate, service, { maxSize: max });
              const want = expected.filter((g) => g.length <= max);
              // Compared directly; expect (slow in a loop this hot) only shows a difference.
              if (r.complete !== true || !isDeepStrictEqual(canon(r.groups), want) || r.groups.some((g) => !isDeepStrictEqual(g, [...g].sort()))) {
                expect(r.complete).toBe(true);
                expect(canon(r.groups), `${service} ≤ ${max}`).toEqual(want);
                for (const g of r.groups) expect(g).toEqual([...g].sort());
              }
            }
          }
        }),
        { numRuns: 200 },
      );
    });
  }

  it("reports complete: false when the budget stops the search", () => {
    fc.assert(
      fc.property(randomEstate({ maxLocations: 6, maxServices: 9 }), (estate) => {
        const services = estate.graph.filterNodes((_id, a) => a.kind === "service").sort();
        const full = riskGroups(estate, services[0]!, { maxSize: 3 });
        const cut = riskGroups(estate, services[0]!, { maxSize: 3, budget: Math.floor(full.work / 2) });
        if (full.work > 2) {
          expect(cut.complete).toBe(false);
          expect(cut.completeUpTo).toBeLessThan(3);
          // What was searched to the end is exact.
          expect(canon(cut.groups.filter((g) => g.length <= cut.completeUpTo))).toEqual(canon(full.groups.filter((g) => g.length <= cut.completeUpTo)));
        }
      }),
      { numRuns: 100 },
    );
  });
});
