/**
 * The two transcriptions of spec 3 in test/helpers/blast-reference.ts agree: the indexed one
 * the brute forces use (`prepareReference`) gives every node the state the readable sweep over
 * the graph (`referenceStates`) gives it, for random estates and random failure sets.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareReference, referenceStates } from "../helpers/blast-reference.js";
import { buildRandomEstate, estateRecipe } from "../helpers/random-estate.js";

describe("the reference engine", () => {
  it("prepareReference gives every node the state referenceStates gives it", () => {
    fc.assert(
      fc.property(estateRecipe({ maxLocations: 6, maxServices: 9 }), fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 8 }), (recipe, picks) => {
        const estate = buildRandomEstate(recipe);
        const ids = estate.graph.nodes();
        const prepared = prepareReference(estate);
        for (const pick of picks) {
          const failed = [...new Set(pick.map((i) => ids[i % ids.length]!))];
          expect(prepared(failed)).toEqual(referenceStates(estate, failed));
        }
      }),
      { numRuns: 150 },
    );
  });
});
