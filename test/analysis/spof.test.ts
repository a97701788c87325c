import { describe, expect, it } from "vitest";
import { singlePointsOfFailure, spofFor, spofRanking } from "../../src/analysis/spof.js";
import { UnknownIdError } from "../../src/analysis/errors.js";
import { loadEstate } from "../../src/load/load.js";
import { estateOf, svc, loc } from "../helpers/estate.js";
import { hand } from "./hand-estate.js";

describe("spof: ranking (hand-worked estate, see hand-estate.ts)", () => {
  const r = spofRanking(hand());

  it("ranks by critical services down, then all services down, then id", () => {
    // aws / aws/r1: db (both zones), cache, tax-a, api (hard db), shop (its zone) = 5, critical api + shop.
    // dc: hsm, api, tax-b, shop = 4; dc/h1: api, tax-b, shop; dc/h2: hsm, api, shop; db, hsm: api, shop.
    // api and aws/r1/z2: shop only. aws/r1/z1: cache, tax-a (db, api and shop only degraded). vend: pay.
    // cache, pay, tax-a, tax-b, shop take no other service down (soft edges, the anyOf): not listed.
    // 8 locations + 8 services = 16 nodes; 11 rows, 9 of them with a critical service down.
    expect(r.nodes.map((n) => [n.id, n.servicesDownAtTier, n.servicesDown])).toEqual([
      ["aws", 2, 5],
      ["aws/r1", 2, 5],
      ["dc", 2, 4],
      ["dc/h1", 2, 3],
      ["dc/h2", 2, 3],
      ["db", 2, 2],
      ["hsm", 2, 2],
      ["api", 1, 1],
      ["aws/r1/z2", 1, 1],
      ["aws/r1/z1", 0, 2],
      ["vend", 0, 1],
    ]);
    expect(r.summary).toEqual({ nodes: 16, services: 8, singlePoints: 11, singlePointsAtTier: 9 });
  });

  it("lists the critical services each node takes down, itself excluded", () => {
    expect(r.nodes.find((n) => n.id === "aws")!.servicesAtTier).toEqual(["api", "shop"]);
    expect(r.nodes.find((n) => n.id === "api")!).toMatchObject({ kind: "service", tier: "critical", hosting: "in-house", servicesAtTier: ["shop"], byTier: { critical: 1, high: 0, medium: 0, low: 0 } });
    expect(r.nodes.find((n) => n.id === "aws")!.byTier).toEqual({ critical: 2, high: 1, medium: 2, low: 0 });
  });

  it("ranks by a lower tier with --tier", () => {
    const high = spofRanking(hand(), { tier: "high" });
    // At high or above: aws takes api, shop and db; dc takes hsm, api and shop.
    expect(high.nodes.slice(0, 3).map((n) => [n.id, n.servicesDownAtTier])).toEqual([
      ["aws", 3],
      ["aws/r1", 3],
      ["dc", 3],
    ]);
    expect(high.nodes[0]!.servicesAtTier).toEqual(["api", "db", "shop"]);
  });

  it("honours limit and detail", () => {
    const r2 = spofRanking(hand(), { limit: 3, detail: 1 });
    expect(r2.nodes.map((n) => n.id)).toEqual(["aws", "aws/r1", "dc"]);
    expect(r2.nodes[0]!.servicesAtTier).toBeDefined();
    expect(r2.nodes[1]!.servicesAtTier).toBeUndefined();
    expect(r2.summary.singlePoints).toBe(11);
  });
});

describe("spof: per service (spec 5.1 spof --for)", () => {
  it("lists every node whose failure alone takes the service down", () => {
    // shop: its zone z2 (and r1, aws above it), api and everything api needs hard (db, hsm, h1, h2, dc).
    // Not z1 (db keeps z2; the anyOf keeps tax-b), not tax-a / tax-b alone, not pay / cache (soft).
    expect(singlePointsOfFailure(hand(), "shop")).toEqual(["api", "aws", "aws/r1", "aws/r1/z2", "db", "dc", "dc/h1", "dc/h2", "hsm"]);
    expect(singlePointsOfFailure(hand(), "tax-b")).toEqual(["dc", "dc/h1"]);
    expect(singlePointsOfFailure(hand(), "cache")).toEqual(["aws", "aws/r1", "aws/r1/z1"]);
  });

  it("gives the path along which each one takes the service down", () => {
    const r = spofFor(hand(), "shop");
    expect(r.singlePointsOfFailure).toHaveLength(9);
    expect(r.details.find((d) => d.id === "dc/h2")!.path).toEqual(["shop", "api", "hsm", "dc/h2"]);
    expect(r.details.find((d) => d.id === "aws/r1/z2")).toMatchObject({ kind: "location", hosting: "public-cloud", path: ["shop", "aws/r1/z2"] });
  });

  it("shares one down set inside a cycle of hard dependencies, which never fails by itself", () => {
    const e = estateOf(svc("a", "{dependsOn: [b]}") + svc("b", "{dependsOn: [a]}") + svc("c", "{dependsOn: [a]}") + svc("top", "{tier: critical, dependsOn: [c]}"));
    const r = spofRanking(e);
    // a and b: each takes the other, c and top down (3 services other than itself).
    expect(r.nodes.filter((n) => n.id === "a" || n.id === "b").map((n) => n.servicesDown)).toEqual([3, 3]);
    expect(singlePointsOfFailure(e, "top")).toEqual(["a", "b", "c"]);
  });

  it("needs two failures to break a quorum, so no member is a single point", () => {
    const e = estateOf(loc("p", "public-cloud") + svc("m1", "{runsOn: [p]}") + svc("m2") + svc("m3") + svc("q", "{dependsOn: [{quorum: 2, of: [m1, m2, m3]}]}"));
    expect(singlePointsOfFailure(e, "q")).toEqual([]);
  });

  it("rejects unknown ids with a suggestion", () => {
    expect(() => singlePointsOfFailure(hand(), "shopp")).toThrow(UnknownIdError);
    expect(() => singlePointsOfFailure(hand(), "shopp")).toThrow(/did you mean "shop"/);
  });
});

describe("spof: the fixture estate (fixtures/retail)", () => {
  const { estate } = loadEstate(["fixtures/retail"]);

  it("finds the outage of the story: one in-house hall takes checkout down", () => {
    const spofs = singlePointsOfFailure(estate, "checkout");
    expect(spofs).toContain("meridian/ash/hall-2");
    expect(spofs).toContain("token-vault");
    // Redundant pieces are not single points: a single AWS zone, one tax engine, one cart database.
    expect(spofs).not.toContain("aws/us-east-1/use1-az1");
    expect(spofs).not.toContain("tax-east");
    expect(spofs).not.toContain("cart-db-1");
  });

  it("ranks the whole provider first, as blast aws counts it (38 services down)", () => {
    const r = spofRanking(estate);
    expect(r.nodes[0]).toMatchObject({ id: "aws", servicesDown: 38, servicesDownAtTier: 13 });
    expect(r.nodes.find((n) => n.id === "meridian/ash/hall-2")).toMatchObject({ servicesDown: 4, servicesDownAtTier: 3 });
  });
});
