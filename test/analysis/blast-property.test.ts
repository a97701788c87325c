import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { referenceStates } from "../helpers/blast-reference.js";
import type { Estate } from "../../src/model/types.js";
import { randomEstate } from "../helpers/random-estate.js";

const RANK = { up: 0, degraded: 1, down: 2 } as const;

/** A check in a hot loop (expect is slow there): throws with `what` when `ok` is false. */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

function engineStates(estate: Estate, failed: string[]): Map<string, "up" | "degraded" | "down"> {
  const out = new Map<string, "up" | "degraded" | "down">();
  estate.graph.forEachNode((id) => out.set(id, "up"));
  for (const f of failed) out.set(f, "down");
  for (const i of blastRadius(estate, failed).impacts) out.set(i.id, i.state);
  return out;
}

// Random estates from the shared generator (test/helpers/random-estate.ts), with a failure set.
const scenario = randomEstate({ maxLocations: 8, maxServices: 14 }).chain((estate) => {
  const nodes = estate.graph.nodes().sort();
  return fc.record({ estate: fc.constant(estate), failed: fc.subarray(nodes, { minLength: 1, maxLength: Math.min(4, nodes.length) }), more: fc.subarray(nodes, { maxLength: Math.min(3, nodes.length) }) });
});

describe("blast-radius (property)", () => {
  it("equals the readable fixed-point transcription of spec 3", () => {
    fc.assert(
      fc.property(scenario, ({ estate, failed }) => {
        const fast = engineStates(estate, failed);
        const slow = referenceStates(estate, failed);
        expect(Object.fromEntries(fast)).toEqual(Object.fromEntries(slow));
      }),
      { numRuns: 200 },
    );
  });

  it("is monotone: failing more never makes a node better off", () => {
    fc.assert(
      fc.property(scenario, ({ estate, failed, more }) => {
        const a = engineStates(estate, failed);
        const b = engineStates(estate, [...new Set([...failed, ...more])]);
        for (const [id, s] of a) if (!(RANK[b.get(id)!] >= RANK[s])) expect(RANK[b.get(id)!], id).toBeGreaterThanOrEqual(RANK[s]);
      }),
      { numRuns: 150 },
    );
  });

  it("explains every casualty with a chain of real relations that carries the state to a failed id", () => {
    fc.assert(
      fc.property(scenario, ({ estate, failed }) => {
        const g = estate.graph;
        const st = engineStates(estate, failed);
        const F = new Set(failed);
        for (const imp of blastRadius(estate, failed).impacts) {
          const path = JSON.stringify(imp.path);
          check(imp.path[0] === imp.id, `path of ${imp.id} starts elsewhere: ${path}`);
          check(F.has(imp.path[imp.path.length - 1]!), `path of ${imp.id} does not end at a failed id: ${path}`);
          check(!imp.path.slice(0, -1).some((p) => F.has(p)), `path of ${imp.id} passes a failed id before its end: ${path}`);
          for (let k = 0; k + 1 < imp.path.length; k++) {
            const from = imp.path[k]!;
            const to = imp.path[k + 1]!;
            const relations = g.outEdges(from, to).map((e) => g.getEdgeAttributes(e));
            check(relations.length > 0, `no relation ${from} -> ${to} on the path of ${imp.id}: ${path}`);
            const sFrom = st.get(from)!;
            const sTo = st.get(to)!;
            check(sTo !== "up", `${to} is up on the path of ${imp.id}: ${path}`);
            // The step must be one along which sFrom can arrive from sTo.
            const carries = relations.some((a) => {
              switch (a.relation) {
                case "parent":
                case "runsOn":
                  return sTo === "down";
                case "hard":
                  return sFrom === "down" ? sTo === "down" : true;
                case "soft":
                  return sFrom === "degraded";
                case "group":
                  return sFrom === "down" ? sTo === "down" && !a.group!.soft : true;
              }
            });
            check(carries, `${from} -> ${to} cannot carry ${sFrom} from ${sTo} (path of ${imp.id}: ${path})`);
            if (k === 0) check(relations.some((a) => a.relation === imp.relation), `${imp.id}'s relation ${imp.relation} is not one of ${from} -> ${to}`);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
