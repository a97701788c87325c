import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { singlePointsOfFailure, spofRanking } from "../../src/analysis/spof.js";
import { randomEstate } from "../helpers/random-estate.js";

const TIERS = ["critical", "high", "medium", "low"] as const;

describe("spof (property: agrees with blast run on each node)", () => {
  it("ranks every node with the services `blast <node>` takes down", () => {
    fc.assert(
      fc.property(randomEstate(), fc.nat(3), (estate, t) => {
        const tier = TIERS[t]!;
        const r = spofRanking(estate, { tier, detail: Infinity });
        const rows = new Map(r.nodes.map((row) => [row.id, row]));
        for (const id of estate.graph.nodes()) {
          const down = blastRadius(estate, [id]).impacts.filter((i) => i.state === "down" && i.kind === "service");
          const row = rows.get(id);
          if (down.length === 0) {
            if (row !== undefined) expect(row, id).toBeUndefined();
            continue;
          }
          // One comparison per node (expect is slow in a loop this hot); the same fields as one by one.
          const atTier = down.filter((i) => TIERS.indexOf(i.tier!) <= t).map((i) => i.id).sort();
          const want = { servicesDown: down.length, servicesAtTier: atTier, servicesDownAtTier: atTier.length, critical: down.filter((i) => i.tier === "critical").length, low: down.filter((i) => i.tier === "low").length };
          const got = row && { servicesDown: row.servicesDown, servicesAtTier: row.servicesAtTier, servicesDownAtTier: row.servicesDownAtTier, critical: row.byTier.critical, low: row.byTier.low };
          if (!isDeepStrictEqual(got, want)) expect(got, id).toEqual(want);
        }
        // Ranked by damage, then id.
        for (let i = 1; i < r.nodes.length; i++) {
          const a = r.nodes[i - 1]!;
          const b = r.nodes[i]!;
          const ok = a.servicesDownAtTier > b.servicesDownAtTier || (a.servicesDownAtTier === b.servicesDownAtTier && (a.servicesDown > b.servicesDown || (a.servicesDown === b.servicesDown && a.id < b.id)));
          if (!ok) throw new Error(`not ranked by damage, then id: ${JSON.stringify(a)} before ${JSON.stringify(b)}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("lists, per service, exactly the nodes whose blast takes it down", () => {
    fc.assert(
      fc.property(randomEstate(), (estate) => {
        const nodes = estate.graph.nodes().sort();
        const downBy = new Map<string, string[]>();
        for (const id of nodes) {
          for (const i of blastRadius(estate, [id]).impacts) {
            if (i.state !== "down") continue;
            if (!downBy.has(i.id)) downBy.set(i.id, []);
            downBy.get(i.id)!.push(id);
          }
        }
        for (const id of nodes) {
          if (estate.graph.getNodeAttribute(id, "kind") !== "service") continue;
          const got = singlePointsOfFailure(estate, id);
          if (!isDeepStrictEqual(got, downBy.get(id) ?? [])) expect(got, id).toEqual(downBy.get(id) ?? []);
        }
      }),
      { numRuns: 150 },
    );
  });
});
