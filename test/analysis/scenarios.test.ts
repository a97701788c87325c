import { describe, expect, it } from "vitest";
import { scenarios } from "../../src/analysis/scenarios.js";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { loadEstate } from "../../src/load/load.js";
import { formatScenariosMarkdown, formatScenariosText } from "../../src/report/scenarios.js";
import { hand } from "./hand-estate.js";

describe("scenarios: hand-worked estate (see hand-estate.ts)", () => {
  const r = scenarios(hand());

  it("runs every root, depth-1 and depth-2 location and both hosting classes, ranked by damage", () => {
    // aws, aws/r1: db, cache, tax-a, api, shop down (critical api, shop). dc: hsm, api, tax-b, shop.
    // dc/h1: api, tax-b, shop. dc/h2: hsm, api, shop. z2: shop down; db degraded, and api with it (hard).
    // z1: cache, tax-a down; db (a placement), api (db degraded, cache soft) and shop (anyOf) degraded.
    // vend: pay down, shop degraded.
    expect(r.scenarios.map((s) => [s.name, s.scope, s.servicesDown, s.servicesDegraded, s.criticalDown])).toEqual([
      ["aws", "provider", 5, 0, 2],
      ["aws/r1", "region", 5, 0, 2],
      ["hosting:public-cloud", "all public cloud", 5, 0, 2],
      ["dc", "estate", 4, 0, 2],
      ["hosting:in-house", "all in-house", 4, 0, 2],
      ["dc/h1", "data center", 3, 0, 2],
      ["dc/h2", "data center", 3, 0, 2],
      ["aws/r1/z2", "zone", 1, 2, 1],
      ["aws/r1/z1", "zone", 2, 3, 0],
      ["vend", "vendor", 1, 1, 0],
    ]);
    expect(r.scenarios[0]!.critical).toEqual(["api", "shop"]);
    expect(r.scenarios[0]!.type).toBe(undefined);
    expect(r.scenarios.find((s) => s.name === "aws/r1")!.type).toBe("region");
  });

  it("prints one row per scenario, as text and Markdown", () => {
    const text = formatScenariosText(r);
    expect(text.split("\n").filter((l) => /^\d+ /.test(l))).toHaveLength(10);
    const md = formatScenariosMarkdown(r);
    expect(md).toContain("| 1 | aws | provider | 5 | 0 | 2 | `api`, `shop` |");
  });
});

describe("scenarios: the fixture estate (fixtures/retail)", () => {
  const { estate } = loadEstate(["fixtures/retail"]);
  it("agrees with blast on each scenario", () => {
    for (const s of scenarios(estate).scenarios) {
      const b = blastRadius(estate, s.failed).summary.services;
      expect([s.name, s.servicesDown, s.servicesDegraded, s.criticalDown]).toEqual([s.name, b.down, b.degraded, b.criticalDown]);
    }
  });
  it("puts the whole of AWS first (38 down, 13 critical)", () => {
    expect(scenarios(estate).scenarios[0]).toMatchObject({ name: "aws", servicesDown: 38, criticalDown: 13 });
  });
});
