import { describe, expect, it } from "vitest";
import { riskGroups } from "../../src/analysis/risk.js";
import { UnknownIdError, UsageError } from "../../src/analysis/errors.js";
import { loadEstate } from "../../src/load/load.js";
import { estateOf, loc, svc } from "../helpers/estate.js";
import { hand } from "./hand-estate.js";

describe("risk: hand-worked estate (see hand-estate.ts)", () => {
  it("lists single points, then pairs, ranked by kind then id", () => {
    // shop's cone: z2/r1/aws (placement), api → h1/dc, db → z1+z2, hsm → h2; tax-a → z1, tax-b → h1.
    // Singles: the 9 single points of failure. Pairs: tax-b with z1 (takes tax-a) or with tax-a,
    // breaking the anyOf. {z1, tax-a} is no cut (tax-b keeps the anyOf up; db keeps z2).
    // Order: roots (aws, dc), then depth 1 (aws/r1, dc/h1, dc/h2), depth 2 (z2), services;
    // pairs: {zone, service} before {service, service}.
    const r = riskGroups(hand(), "shop");
    expect(r).toMatchObject({ schemaVersion: 1, service: "shop", maxSize: 2, complete: true, completeUpTo: 2 });
    expect(r.ranked).toEqual([["aws"], ["dc"], ["aws/r1"], ["dc/h1"], ["dc/h2"], ["aws/r1/z2"], ["api"], ["db"], ["hsm"], ["aws/r1/z1", "tax-b"], ["tax-a", "tax-b"]]);
    // The JSON's `groups` (spec 5.1): the same sets by size, then in order of their ids.
    expect(r.groups).toEqual([["api"], ["aws"], ["aws/r1"], ["aws/r1/z2"], ["db"], ["dc"], ["dc/h1"], ["dc/h2"], ["hsm"], ["aws/r1/z1", "tax-b"], ["tax-a", "tax-b"]]);
    expect(r.coneSize).toBe(12);
    expect(r.nodes.find((n) => n.id === "aws/r1/z1")).toEqual({ id: "aws/r1/z1", kind: "location", hosting: "public-cloud", depth: 2, type: "zone" });
  });

  it("finds the pair of zones under a database that runs in both", () => {
    // api: singles aws, dc, aws/r1, dc/h1, dc/h2, db, hsm; the pair {z1, z2} takes db down. cache is soft: never.
    expect(riskGroups(hand(), "api").ranked).toEqual([["aws"], ["dc"], ["aws/r1"], ["dc/h1"], ["dc/h2"], ["db"], ["hsm"], ["aws/r1/z1", "aws/r1/z2"]]);
    expect(riskGroups(hand(), "api").groups).toEqual([["aws"], ["aws/r1"], ["db"], ["dc"], ["dc/h1"], ["dc/h2"], ["hsm"], ["aws/r1/z1", "aws/r1/z2"]]);
  });

  it("adds nothing at size 3 when every triple contains a smaller group", () => {
    const r = riskGroups(hand(), "shop", { maxSize: 3 });
    expect(r.groups).toEqual(riskGroups(hand(), "shop", { maxSize: 2 }).groups);
    expect(r.complete).toBe(true);
  });

  it("finds a triple behind a 1-of-3 group, and only with --max-size 3", () => {
    // svc needs any of a, b, c; each runs in its own zone: 3 zones, 3 services, mixed triples = 2^3 = 8 groups.
    const e = estateOf(
      loc("p", "public-cloud", "[{name: z1}, {name: z2}, {name: z3}]") +
        svc("a", "{runsOn: [p/z1]}") +
        svc("b", "{runsOn: [p/z2]}") +
        svc("c", "{runsOn: [p/z3]}") +
        svc("s", "{dependsOn: [{anyOf: [a, b, c]}]}"),
    );
    expect(riskGroups(e, "s", { maxSize: 2 }).groups).toEqual([["p"]]);
    const r3 = riskGroups(e, "s", { maxSize: 3 });
    expect(r3.groups).toHaveLength(1 + 8);
    // Ranked: the three zones (locations) first, the three services last.
    expect(r3.ranked[1]).toEqual(["p/z1", "p/z2", "p/z3"]);
    expect(r3.ranked[8]).toEqual(["a", "b", "c"]);
    // In id order: a, b, c first.
    expect(r3.groups[1]).toEqual(["a", "b", "c"]);
    expect(r3.groups[8]).toEqual(["p/z1", "p/z2", "p/z3"]);
  });

  it("finds a triple that needs a cascade: two partial groups completed by one shared member", () => {
    // s needs any of x, y; x needs any of a, m; y needs any of b, m. {a, b, m} is minimal; no pair works.
    const e = estateOf(svc("a") + svc("b") + svc("m") + svc("x", "{dependsOn: [{anyOf: [a, m]}]}") + svc("y", "{dependsOn: [{anyOf: [b, m]}]}") + svc("s", "{dependsOn: [{anyOf: [x, y]}]}"));
    expect(riskGroups(e, "s", { maxSize: 3 }).groups).toEqual([
      ["x", "y"],
      // Same size and kind: by ids.
      ["a", "b", "m"],
      ["a", "m", "y"],
      ["b", "m", "x"],
    ]);
  });

  it("says when the budget cuts the search, and keeps what was complete", () => {
    const r = riskGroups(hand(), "shop", { maxSize: 3, budget: 1 });
    expect(r.complete).toBe(false);
    expect(r.completeUpTo).toBe(0);
  });

  it("rejects a bad size and unknown ids", () => {
    expect(() => riskGroups(hand(), "shop", { maxSize: 0 })).toThrow(UsageError);
    expect(() => riskGroups(hand(), "shop", { maxSize: 9 })).toThrow(UsageError);
    expect(() => riskGroups(hand(), "shpo")).toThrow(UnknownIdError);
  });
});

describe("risk: the fixture estate (fixtures/retail)", () => {
  const { estate } = loadEstate(["fixtures/retail"]);
  it("lists checkout's quorum pairs and the PayFlow regions", () => {
    const r = riskGroups(estate, "checkout");
    expect(r.complete).toBe(true);
    const has = (g: string[]) => r.groups.some((x) => x.join() === g.join());
    expect(has(["meridian/ash/hall-2"])).toBe(true);
    expect(has(["payflow/eu", "payflow/us"])).toBe(true);
    expect(has(["cart-db-1", "cart-db-2"])).toBe(true);
    expect(has(["tax-east", "tax-west"])).toBe(true);
    // Sizes never decrease along the list.
    for (let i = 1; i < r.groups.length; i++) expect(r.groups[i]!.length).toBeGreaterThanOrEqual(r.groups[i - 1]!.length);
  });
});
