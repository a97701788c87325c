import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { riskGroups } from "../../src/analysis/risk.js";
import { referenceStates } from "../helpers/blast-reference.js";
import { compile } from "../../src/engine/compile.js";
import type { Estate } from "../../src/model/types.js";
import { randomEstate } from "../helpers/random-estate.js";

/** Brute force over the readable transcription of spec 3: every set of at most `max` nodes other than `service`, kept when it takes the service down and no proper subset does. */
function bruteForce(estate: Estate, service: string, max: number): string[][] {
  const c = compile(estate);
  const s = c.index.get(service)!;
  const others = [...c.ids.keys()].filter((i) => i !== s);
  // The readable fixed point of spec 3, independent of the engines risk uses.
  const isCut = (set: number[]) => referenceStates(estate, set.map((i) => c.ids[i]!)).get(service) === "down";
  const cuts: number[][] = [];
  const rec = (start: number, set: number[]) => {
    if (set.length > 0 && isCut(set)) {
      // Minimal iff no cut found earlier (all smaller sets come first by size order below) is a subset.
      cuts.push([...set]);
      return;
    }
    if (set.length === max) return;
    for (let i = start; i < others.length; i++) rec(i + 1, [...set, others[i]!]);
  };
  rec(0, []);
  // rec stops at the first cut on each branch, which may not be minimal: filter properly.
  const minimal = cuts.filter((cut) => !cuts.some((o) => o !== cut && o.length < cut.length && o.every((x) => cut.includes(x))));
  return minimal.map((cut) => cut.map((i) => c.ids[i]!).sort()).sort((a, b) => a.length - b.length || a.join("\0").localeCompare(b.join("\0")));
}

const canon = (groups: string[][]) => [...groups].map((g) => [...g]).sort((a, b) => a.length - b.length || a.join("\0").localeCompare(b.join("\0")));

describe("risk (property: agrees with brute force over all sets)", () => {
  for (const max of [1, 2, 3]) {
    for (const shape of [{}, { refWeight: 1, groupWeight: 3 }]) {
      it(`finds exactly the minimal cut sets of size ≤ ${max} (${JSON.stringify(shape)})`, () => {
        fc.assert(
          fc.property(randomEstate({ maxLocations: 6, maxServices: 9, ...shape }), (estate) => {
            for (const service of estate.graph.filterNodes((_id, a) => a.kind === "service")) {
              const r = riskGroups(estate, service, { maxSize: max });
              expect(r.complete).toBe(true);
              expect(canon(r.groups), service).toEqual(bruteForce(estate, service, max));
              for (const g of r.groups) expect(g).toEqual([...g].sort());
            }
          }),
          { numRuns: max === 3 ? 150 : 200 },
        );
      });
    }
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
