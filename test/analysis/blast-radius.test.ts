import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { UnknownIdError } from "../../src/analysis/errors.js";
import { estateOf, loc, svc } from "../helpers/estate.js";

/** id → state of every impact, for compact assertions. */
function states(estate: ReturnType<typeof estateOf>, failed: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of blastRadius(estate, failed).impacts) out[i.id] = i.state;
  return out;
}

const cloud = loc("aws", "public-cloud", "[{name: r1, children: [{name: z1}, {name: z2}, {name: z3}]}]");

describe("blast-radius: locations (spec 3.1)", () => {
  const e = estateOf(cloud + svc("a", "{runsOn: [aws/r1/z1]}"));

  it("takes nested children down with a failed root, never degraded", () => {
    const r = blastRadius(e, ["aws"]);
    expect(states(e, ["aws"])).toEqual({ "aws/r1": "down", "aws/r1/z1": "down", "aws/r1/z2": "down", "aws/r1/z3": "down", a: "down" });
    const z1 = r.impacts.find((i) => i.id === "aws/r1/z1")!;
    expect(z1.relation).toBe("parent");
    expect(z1.path).toEqual(["aws/r1/z1", "aws/r1", "aws"]);
    expect(r.impacts.find((i) => i.id === "a")!.path).toEqual(["a", "aws/r1/z1", "aws/r1", "aws"]);
  });

  it("leaves parents and siblings of a failed child up", () => {
    expect(states(e, ["aws/r1/z2"])).toEqual({});
  });
});

describe("blast-radius: placement (spec 3.2)", () => {
  const e = estateOf(
    cloud +
      svc("one", "{runsOn: [aws/r1/z1]}") +
      svc("two", "{runsOn: [aws/r1/z1, aws/r1/z2]}") +
      svc("two-of-three", "{runsOn: [aws/r1/z1, aws/r1/z2, aws/r1/z3], minPlacements: 2}") +
      svc("all-three", "{runsOn: [aws/r1/z1, aws/r1/z2, aws/r1/z3], minPlacements: 3}") +
      svc("nowhere", "{}"),
  );

  it("is down below minPlacements and degraded when some placement is down", () => {
    expect(states(e, ["aws/r1/z1"])).toEqual({ one: "down", two: "degraded", "two-of-three": "degraded", "all-three": "down" });
    expect(states(e, ["aws/r1/z1", "aws/r1/z2"])).toEqual({ one: "down", two: "down", "two-of-three": "down", "all-three": "down" });
  });

  it("gives an unplaced service no placement effect", () => {
    expect(states(e, ["aws"])).not.toHaveProperty("nowhere");
  });

  it("explains a placement casualty with a runsOn step", () => {
    const i = blastRadius(e, ["aws/r1/z1"]).impacts.find((x) => x.id === "two")!;
    expect(i).toMatchObject({ state: "degraded", relation: "runsOn", path: ["two", "aws/r1/z1"] });
  });
});

describe("blast-radius: dependencies (spec 3.3)", () => {
  const e = estateOf(
    cloud +
      svc("db", "{runsOn: [aws/r1/z1, aws/r1/z2]}") +
      svc("api", "{dependsOn: [db]}") +
      svc("web", "{dependsOn: [api, {ref: recs, soft: true}]}") +
      svc("recs", "{}") +
      svc("soft-on-api", "{dependsOn: [{ref: api, soft: true}]}"),
  );

  it("passes down and degraded along hard edges", () => {
    expect(states(e, ["db"])).toEqual({ api: "down", web: "down", "soft-on-api": "degraded" });
    expect(states(e, ["aws/r1/z1"])).toEqual({ db: "degraded", api: "degraded", web: "degraded", "soft-on-api": "degraded" });
  });

  it("turns down and degraded into degraded along soft edges", () => {
    expect(states(e, ["recs"])).toEqual({ web: "degraded" });
    const w = blastRadius(e, ["recs"]).impacts[0]!;
    expect(w).toMatchObject({ id: "web", relation: "soft", path: ["web", "recs"] });
  });

  it("gives the worst state of any rule", () => {
    expect(states(e, ["recs", "db"])).toMatchObject({ web: "down" });
  });

  it("treats several entries naming the same id by the worst", () => {
    const e2 = estateOf(svc("x") + svc("y", "{dependsOn: [{ref: x, soft: true}, x]}"));
    expect(states(e2, ["x"])).toEqual({ y: "down" });
  });

  it("lets a service depend on a location directly", () => {
    const e2 = estateOf(cloud + svc("y", "{dependsOn: [location:aws/r1]}"));
    expect(states(e2, ["aws"])).toMatchObject({ y: "down" });
  });
});

describe("blast-radius: groups (spec 3.3)", () => {
  const members = svc("m1") + svc("m2") + svc("m3");
  const e = estateOf(
    members +
      svc("any", "{dependsOn: [{anyOf: [m1, m2, m3]}]}") +
      svc("q2", "{dependsOn: [{quorum: 2, of: [m1, m2, m3]}]}") +
      svc("q3", "{dependsOn: [{quorum: 3, of: [m1, m2, m3]}]}") +
      svc("q1", "{dependsOn: [{quorum: 1, of: [m1, m2]}]}") +
      svc("soft-any", "{dependsOn: [{anyOf: [m1, m2], soft: true}]}") +
      svc("soft-q2", "{dependsOn: [{quorum: 2, of: [m1, m2, m3], soft: true}]}"),
  );

  it("anyOf survives until every member is down", () => {
    expect(states(e, ["m1"]).any).toBe("degraded");
    expect(states(e, ["m1", "m2"]).any).toBe("degraded");
    expect(states(e, ["m1", "m2", "m3"]).any).toBe("down");
  });

  it("quorum k of n is down when fewer than k members are not down", () => {
    expect(states(e, ["m1"]).q2).toBe("degraded");
    expect(states(e, ["m1", "m3"]).q2).toBe("down");
  });

  it("k = n goes down with any member", () => {
    expect(states(e, ["m2"]).q3).toBe("down");
  });

  it("k = 1 behaves like anyOf", () => {
    expect(states(e, ["m1"]).q1).toBe("degraded");
    expect(states(e, ["m1", "m2"]).q1).toBe("down");
  });

  it("soft groups pass at most degraded", () => {
    expect(states(e, ["m1", "m2"])["soft-any"]).toBe("degraded");
    expect(states(e, ["m1", "m2", "m3"])["soft-q2"]).toBe("degraded");
    expect(states(e, ["m3"])).not.toHaveProperty("soft-any");
  });

  it("a degraded member degrades the group without breaking the quorum", () => {
    const e2 = estateOf(cloud + svc("m1", "{runsOn: [aws/r1/z1, aws/r1/z2]}") + svc("m2") + svc("g", "{dependsOn: [{quorum: 2, of: [m1, m2]}]}"));
    expect(states(e2, ["aws/r1/z1"])).toEqual({ m1: "degraded", g: "degraded" });
  });

  it("explains a group casualty with a step to a member that is not up", () => {
    const r = blastRadius(e, ["m1", "m3"]);
    const q2 = r.impacts.find((i) => i.id === "q2")!;
    expect(q2.relation).toBe("group");
    expect(["m1", "m3"]).toContain(q2.path[1]);
    expect(q2.path).toHaveLength(2);
  });
});

describe("blast-radius: cycles", () => {
  const e = estateOf(svc("a", "{dependsOn: [b]}") + svc("b", "{dependsOn: [a, c]}") + svc("c") + svc("d", "{dependsOn: [a]}"));

  it("never fail by themselves", () => {
    expect(states(e, ["d"])).toEqual({});
  });

  it("fail together when something they need fails", () => {
    const r = blastRadius(e, ["c"]);
    expect(states(e, ["c"])).toEqual({ a: "down", b: "down", d: "down" });
    expect(r.impacts.find((i) => i.id === "a")!.path).toEqual(["a", "b", "c"]);
  });

  it("failing a member of the cycle takes the rest with it", () => {
    expect(states(e, ["a"])).toEqual({ b: "down", d: "down" });
  });
});

describe("blast-radius: result", () => {
  const e = estateOf(cloud + svc("z", "{runsOn: [aws/r1/z1], tier: critical}") + svc("y", "{dependsOn: [{ref: z, soft: true}]}") + svc("x", "{dependsOn: [z]}"));

  it("sorts impacts by state then id, excludes failed ids and counts", () => {
    const r = blastRadius(e, ["aws/r1/z1"]);
    expect(r.impacts.map((i) => `${i.state}:${i.id}`)).toEqual(["down:x", "down:z", "degraded:y"]);
    expect(r.failed).toEqual(["aws/r1/z1"]);
    expect(r.summary).toMatchObject({ nodes: 8, down: 2, degraded: 1, services: { total: 3, down: 2, degraded: 1, criticalDown: 1 } });
  });

  it("accepts several failed ids, deduplicates and sorts them", () => {
    const r = blastRadius(e, ["z", "aws/r1/z1", "z"]);
    expect(r.failed).toEqual(["aws/r1/z1", "z"]);
    expect(r.impacts.map((i) => i.id)).toEqual(["x", "y"]);
  });

  it("carries hosting and tier on impacts", () => {
    const z = blastRadius(e, ["aws"]).impacts.find((i) => i.id === "z")!;
    expect(z).toMatchObject({ kind: "service", hosting: "public-cloud", tier: "critical" });
    const loc1 = blastRadius(e, ["aws"]).impacts.find((i) => i.id === "aws/r1")!;
    expect(loc1).toMatchObject({ kind: "location", hosting: "public-cloud" });
    expect(loc1).not.toHaveProperty("tier");
  });

  it("rejects unknown ids with a suggestion", () => {
    expect(() => blastRadius(e, ["zz", "aws/r1/z9"])).toThrow(UnknownIdError);
    try {
      blastRadius(e, ["aws/r1/z9"]);
    } catch (err) {
      expect((err as UnknownIdError).suggestions.get("aws/r1/z9")).toMatch(/^aws\/r1\/z[1]$/);
    }
  });

  it("honours service: and location: prefixes", () => {
    expect(blastRadius(e, ["service:z"]).failed).toEqual(["z"]);
    expect(() => blastRadius(e, ["location:z"])).toThrow(UnknownIdError);
  });
});
