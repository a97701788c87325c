/**
 * Issue 18: no recursion, and no argument spread, whose depth grows with the input. Measured
 * before: `blast` on 150,000 services exited 3 ("Maximum call stack size exceeded", the text
 * table's Math.max over every row). Here: 200,000 generated services through the model,
 * blast with its text table, single points, scenarios and exposure; and a 200,000-step
 * dependency chain through the engine and the paths (refused by the path budget, not a crash).
 */
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { ResultTooLargeError } from "../../src/analysis/errors.js";
import { scenarios } from "../../src/analysis/scenarios.js";
import { spofRanking } from "../../src/analysis/spof.js";
import { DiagnosticBag } from "../../src/diagnostics/diagnostics.js";
import { buildModel } from "../../src/model/build-model.js";
import type { Entity } from "../../src/model/entities.js";
import { formatBlastText } from "../../src/report/blast-text.js";
import { table } from "../../src/report/terminal.js";
// @ts-expect-error the generator is plain JavaScript
import { generateEstate, toEntities } from "../../bench/generate.mjs";

const at = { file: "chain.yaml", line: 1, column: 1 };

describe("200,000 services, no stack overflow", { timeout: 600_000 }, () => {
  it("a text table of 300,000 rows", () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [`s${i}`, "x"]);
    expect(table(["ID", "X"], rows).split("\n")).toHaveLength(300_001);
  });

  it("a generated estate: blast (with its table), spof ranking, scenarios", () => {
    const bag = new DiagnosticBag();
    const estate = buildModel(toEntities(generateEstate({ services: 200_000 })) as Entity[], bag);
    expect(bag.hasErrors()).toBe(false);
    const plat = estate.graph.nodes().filter((id) => id.startsWith("plat-")).sort()[0]!;
    const r = blastRadius(estate, [plat]);
    expect(r.summary.services.down).toBeGreaterThan(100_000);
    expect(formatBlastText(r).split("\n").length).toBeGreaterThan(100_000);
    expect(spofRanking(estate, { detail: 0 }).summary.services).toBe(200_000);
    expect(scenarios(estate).scenarios.length).toBeGreaterThan(0);
  });

  it("a 200,000-step dependency chain: the engine answers, the paths are refused by their budget", () => {
    const n = 200_000;
    const entities: Entity[] = [];
    for (let i = 0; i < n; i++) {
      entities.push({
        kind: "service",
        id: `c${i}`,
        name: `c${i}`,
        tier: "medium",
        runsOn: [],
        minPlacements: 1,
        dependsOn: i + 1 < n ? [{ kind: "ref", ref: `c${i + 1}`, soft: false, at }] : [],
        labels: new Map(),
        annotations: new Map(),
        attributes: new Map(),
        origin: "native",
        at,
        danglingSeverity: "error",
      } as Entity);
    }
    const bag = new DiagnosticBag();
    const estate = buildModel(entities, bag);
    expect(bag.hasErrors()).toBe(false);
    expect(() => blastRadius(estate, [`c${n - 1}`])).toThrow(ResultTooLargeError);
    // Counts need no paths: the all-node walk goes down the whole chain with its own stack.
    const ranking = spofRanking(estate, { detail: 1, limit: 1 });
    expect(ranking.nodes[0]).toMatchObject({ id: `c${n - 1}`, servicesDown: n - 1 });
  }, 600_000);
});
