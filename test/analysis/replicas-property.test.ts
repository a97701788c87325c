import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareReference } from "../helpers/blast-reference.js";
import { riskGroups } from "../../src/analysis/risk.js";
import { singlePointsOfFailure } from "../../src/analysis/spof.js";
import type { Estate } from "../../src/model/types.js";
import { randomEstate } from "../helpers/random-estate.js";

// Estates where most placements name replicas (1–4) and minPlacements is drawn over the total.
const estates = randomEstate({ maxLocations: 6, maxServices: 8, replicaChance: 0.8 }).filter((e) =>
  e.graph.someNode((_id, a) => a.kind === "service" && a.replicaTotal > a.placements.length),
);

const services = (e: Estate) => e.graph.filterNodes((_id, a) => a.kind === "service").sort();
/** The reference engine's states for each failure set, computed once for every service that asks. */
function downWithOf(e: Estate): (failed: string[], s: string) => boolean {
  const memo = new Map<string, Map<string, string>>();
  const referenceStates = prepareReference(e);
  return (failed, s) => {
    const key = failed.join("\u0000");
    let states = memo.get(key);
    if (!states) memo.set(key, (states = referenceStates(failed)));
    return states.get(s) === "down";
  };
}

describe("spof and risk with replicas (property: brute force over the reference engine)", () => {
  it("spof: exactly the single nodes whose failure takes the service down", () => {
    fc.assert(
      fc.property(estates, (e) => {
        const nodes = e.graph.nodes().sort();
        const downWith = downWithOf(e);
        for (const s of services(e)) {
          expect(singlePointsOfFailure(e, s), s).toEqual(nodes.filter((x) => x !== s && downWith([x], s)));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("risk: exactly the minimal sets of at most 2 nodes", () => {
    fc.assert(
      fc.property(estates, (e) => {
        const nodes = e.graph.nodes().sort();
        const downWith = downWithOf(e);
        for (const s of services(e)) {
          const others = nodes.filter((x) => x !== s);
          const singles = others.filter((x) => downWith([x], s));
          const pairs: string[][] = [];
          for (let i = 0; i < others.length; i++)
            for (let j = i + 1; j < others.length; j++) {
              const [a, b] = [others[i]!, others[j]!];
              if (!singles.includes(a) && !singles.includes(b) && downWith([a, b], s)) pairs.push([a, b]);
            }
          const want = [...singles.map((x) => [x]), ...pairs];
          const canon = (g: string[][]) => g.map((x) => x.join("|")).sort();
          expect(canon(riskGroups(e, s, { maxSize: 2 }).groups), s).toEqual(canon(want));
        }
      }),
      { numRuns: 150 },
    );
  });
});
