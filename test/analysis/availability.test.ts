import { describe, expect, it } from "vitest";
import { availability } from "../../src/analysis/availability/availability.js";
import { estateOf, loadOf, svc } from "../helpers/estate.js";

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12);

/** A provider with one region of two zones, each with an availability. */
function cloud(zoneA = "0.999", zoneB = "0.999", region = "0.9999"): string {
  return `apiVersion: faultline/v1
kind: Location
metadata: {name: aws}
spec:
  hosting: public-cloud
  children:
    - name: r1
      type: region
      availability: ${region}
      children:
        - {name: a, type: zone, availability: ${zoneA}}
        - {name: b, type: zone, availability: ${zoneB}}
---
`;
}

describe("availability: hand-worked examples", () => {
  it("a service in two independent zones: 1 − (1 − zA)(1 − zB), times the region", () => {
    const e = estateOf(cloud() + svc("web", "{runsOn: [aws/r1/a, aws/r1/b], availability: 0.9995}"));
    const [r] = availability(e, ["web"]).services;
    // web up itself (0.9995), region up (0.9999), not both zones down (1 − 0.001²).
    close(r!.availability, 0.9995 * 0.9999 * (1 - 0.001 * 0.001));
    // Fully up needs every zone and the region up.
    close(r!.up, 0.9995 * 0.9999 * 0.999 * 0.999);
    expect(r!.method).toBe("exact");
    expect(r!.lower).toBe(r!.availability);
    expect(r!.upper).toBe(r!.availability);
    // aws (the root) has no figure; everything else does.
    expect(r!.assumedPerfect).toBe(1);
    expect(r!.downtime.perYear).toBeCloseTo((1 - r!.availability) * 365.25 * 24 * 60, 6);
    expect(r!.downtime.per30Days).toBeCloseTo((1 - r!.availability) * 30 * 24 * 60, 6);
  });

  it("three replicas in one zone share the zone's fate: not the independent figure", () => {
    const yaml =
      cloud() +
      svc("api-1", "{runsOn: [aws/r1/a], availability: 0.99}") +
      svc("api-2", "{runsOn: [aws/r1/a], availability: 0.99}") +
      svc("api-3", "{runsOn: [aws/r1/a], availability: 0.99}") +
      svc("front", "{dependsOn: [{anyOf: [api-1, api-2, api-3]}]}");
    const [r] = availability(estateOf(yaml), ["front"]).services;
    const correlated = 0.9999 * 0.999 * (1 - 0.01 ** 3);
    const independent = 1 - (1 - 0.9999 * 0.999 * 0.99) ** 3;
    close(r!.availability, correlated);
    expect(Math.abs(r!.availability - independent)).toBeGreaterThan(1e-4);
    // The zone and the region are the top contributors, not the replicas.
    expect(r!.contributors.slice(0, 2).map((x) => x.id).sort()).toEqual(["aws/r1", "aws/r1/a"]);
  });

  it("an any-of across a cloud and an in-house hall", () => {
    const yaml =
      cloud() +
      `apiVersion: faultline/v1
kind: Location
metadata: {name: acme}
spec: {hosting: in-house, availability: 0.9999, children: [{name: hall-1, type: hall, availability: 0.998}]}
---
` +
      svc("db-cloud", "{runsOn: [aws/r1/a], availability: 0.9995}") +
      svc("db-hall", "{runsOn: [acme/hall-1], availability: 0.999}") +
      svc("orders", "{dependsOn: [{anyOf: [db-cloud, db-hall]}]}");
    const [r] = availability(estateOf(yaml), ["orders"]).services;
    const cloudUp = 0.9999 * 0.999 * 0.9995;
    const hallUp = 0.9999 * 0.998 * 0.999;
    close(r!.availability, 1 - (1 - cloudUp) * (1 - hallUp));
  });

  it("a quorum 2 of 3", () => {
    const yaml =
      svc("c1", "{availability: 0.99}") + svc("c2", "{availability: 0.98}") + svc("c3", "{availability: 0.97}") + svc("cart", "{dependsOn: [{quorum: 2, of: [c1, c2, c3]}]}");
    const [r] = availability(estateOf(yaml), ["cart"]).services;
    const [a, b, c] = [0.99, 0.98, 0.97];
    const atLeastTwo = a * b * c + a * b * (1 - c) + a * (1 - b) * c + (1 - a) * b * c;
    close(r!.availability, atLeastTwo);
    close(r!.up, a * b * c);
    // Birnbaum of c1: P(at least 1 of c2, c3 up) − P(both up).
    const c1 = r!.contributors.find((x) => x.id === "c1")!;
    close(c1.birnbaum, 1 - (1 - b) * (1 - c) - b * c);
  });

  it("a soft dependency changes up, not availability", () => {
    const yaml = svc("recs", "{availability: 0.95}") + svc("shop", "{availability: 0.999, dependsOn: [{ref: recs, soft: true}]}");
    const [r] = availability(estateOf(yaml), ["shop"]).services;
    close(r!.availability, 0.999);
    close(r!.up, 0.999 * 0.95);
    expect(r!.contributors.map((x) => x.id)).toEqual(["shop"]);
  });

  it("minPlacements 2 of 3 zones", () => {
    const yaml =
      `apiVersion: faultline/v1
kind: Location
metadata: {name: gcp}
spec: {hosting: public-cloud, children: [{name: z1, availability: 0.99}, {name: z2, availability: 0.99}, {name: z3, availability: 0.99}]}
---
` + svc("kv", "{runsOn: [gcp/z1, gcp/z2, gcp/z3], minPlacements: 2}");
    const [r] = availability(estateOf(yaml), ["kv"]).services;
    close(r!.availability, 0.99 ** 3 + 3 * 0.99 ** 2 * 0.01);
    expect(r!.assumedPerfect).toBe(2); // gcp and kv
  });

  it("a cycle never fails by itself, and fails with what it needs", () => {
    const yaml = svc("a", "{dependsOn: [b]}") + svc("b", "{dependsOn: [a, c]}") + svc("c", "{availability: 0.9}");
    const r = availability(estateOf(yaml), ["a", "b"]).services;
    close(r[0]!.availability, 0.9);
    close(r[1]!.availability, 0.9);
  });

  it("importance: Fussell–Vesely shares and the availability if a node never fails", () => {
    const e = estateOf(cloud() + svc("web", "{runsOn: [aws/r1/a, aws/r1/b], availability: 0.9995}"));
    const [r] = availability(e, ["web"]).services;
    const region = r!.contributors.find((x) => x.id === "aws/r1")!;
    const pDown = 1 - r!.availability;
    // If the region never failed: web and the zone pair only.
    close(region.availabilityIfPerfect, 0.9995 * (1 - 0.001 ** 2));
    close(region.fussellVesely, (region.availabilityIfPerfect - r!.availability) / pDown);
    // The service itself is the top contributor (0.05% against 0.01% for the region).
    expect(r!.contributors[0]!.id).toBe("web");
  });

  it("--assume changes a figure, never-fails removes a node", () => {
    const e = estateOf(cloud() + svc("web", "{runsOn: [aws/r1/a], availability: 0.9995}"));
    const base = availability(e, ["web"]).services[0]!;
    close(base.availability, 0.9995 * 0.9999 * 0.999);
    const better = availability(e, ["web"], { assume: new Map([["aws/r1/a", 1]]) });
    close(better.services[0]!.availability, 0.9995 * 0.9999);
    expect(better.assumptions).toEqual([{ id: "aws/r1/a", availability: 1, source: "assume" }]);
    expect(() => availability(e, ["web"], { assume: new Map([["aws/r1/c", 1]]) })).toThrow(/unknown id.*aws\/r1\/c/);
  });

  it("config defaults by location type and service type are reported as assumptions", () => {
    const yaml =
      `apiVersion: faultline/v1
kind: Location
metadata: {name: aws}
spec: {hosting: public-cloud, children: [{name: a, type: zone}, {name: b, type: zone, availability: 0.9}]}
---
` + svc("db", "{type: database, runsOn: [aws/a]}");
    const r = availability(estateOf(yaml), ["db"], { defaults: { locationTypes: new Map([["zone", 0.999]]), serviceTypes: new Map([["database", 0.9995]]) } });
    close(r.services[0]!.availability, 0.999 * 0.9995);
    expect(r.services[0]!.assumedByDefault).toBe(2);
    expect(r.assumptions).toEqual([
      { id: "aws/a", availability: 0.999, source: "default", reason: "location type zone" },
      { id: "db", availability: 0.9995, source: "default", reason: "service type database" },
    ]);
  });
});

describe("availability: figures as written", () => {
  it("reads numbers and percentages on services and locations", () => {
    const e = estateOf(cloud("99.9%", "1", "99.99%") + svc("w", "{runsOn: [aws/r1/a], availability: '99.95%', availabilityTarget: 99.8%}"));
    expect(e.graph.getNodeAttribute("aws/r1/a", "availability")).toBeCloseTo(0.999, 12);
    expect(e.graph.getNodeAttribute("aws/r1/b", "availability")).toBe(1);
    expect(e.graph.getNodeAttribute("w", "availability")).toBeCloseTo(0.9995, 12);
    const r = availability(e, ["w"]).services[0]!;
    expect(r.target).toBeCloseTo(0.998, 12);
    expect(r.meetsTarget).toBe(true); // 0.9995 × 0.9999 × 0.999 ≈ 0.99840
  });

  it("rejects figures out of range with file, line, column and a hint", () => {
    const r = loadOf(svc("w", "{availability: 99.95}") + svc("v", "{availability: '120%'}") + svc("u", "{availability: [1]}"));
    expect(r.ok).toBe(false);
    const d = r.diagnostics.filter((x) => x.code === "bad-availability");
    expect(d.map((x) => [x.line, x.hint])).toEqual([
      [4, 'write it as a percentage: "99.95%"'],
      [9, "write a percentage such as 99.95%"],
      [14, "write a probability such as 0.9995 or a percentage such as 99.95%"],
    ]);
    expect(d[0]!.file).toBe("estate.yaml");
    expect(d[0]!.column).toBeGreaterThan(1);
  });
});
