import { describe, expect, it } from "vitest";
import { diffEstates, relationChanged } from "../../src/analysis/diff.js";
import { estateOf, loc, svc } from "../helpers/estate.js";

const LOCS = loc("aws", "public-cloud", "[{name: az1}, {name: az2}]") + loc("dc", "in-house", "[{name: a}, {name: b}]");

describe("diffEstates", () => {
  it("lists services and locations added and removed, and dependencies added and removed with their place", () => {
    const base = estateOf(LOCS + svc("web", "{dependsOn: [api]}") + svc("api") + svc("old"));
    const head = estateOf({
      "estate.yaml": loc("aws", "public-cloud", "[{name: az1}, {name: az2}, {name: az3}]") + loc("dc", "in-house", "[{name: a}, {name: b}]") + svc("web", "{dependsOn: [api, {ref: cache, soft: true}]}") + svc("api") + svc("cache"),
    });
    const d = diffEstates(base, head);
    expect(d.services.added.map((s) => s.id)).toEqual(["cache"]);
    expect(d.services.removed.map((s) => s.id)).toEqual(["old"]);
    expect(d.locations.added.map((s) => s.id)).toEqual(["aws/az3"]);
    expect(d.locations.removed).toEqual([]);
    expect(d.dependencies.added).toEqual([{ from: "web", to: "cache", relation: "soft", at: expect.objectContaining({ file: "estate.yaml" }) }]);
    expect(d.dependencies.removed).toEqual([]);
    expect(d.changedServices).toEqual(["cache", "old", "web"]);
  });

  it("the place of an added dependency is the reference itself", () => {
    const base = estateOf(svc("web") + svc("api"));
    const head = estateOf(svc("web", "\n  dependsOn:\n    - api\n") + svc("api"));
    const [add] = diffEstates(base, head).dependencies.added;
    expect(add).toMatchObject({ from: "web", to: "api", relation: "hard", at: { file: "estate.yaml", line: 6, column: 7 } });
  });

  it("tells soft→hard and hard→soft, for direct entries and whole groups", () => {
    const base = estateOf(svc("web", "{dependsOn: [{ref: api, soft: true}, db, {anyOf: [c1, c2]}]}") + svc("api") + svc("db") + svc("c1") + svc("c2"));
    const head = estateOf(svc("web", "{dependsOn: [api, {ref: db, soft: true}, {anyOf: [c1, c2], soft: true}]}") + svc("api") + svc("db") + svc("c1") + svc("c2"));
    const d = diffEstates(base, head);
    expect(d.strength.map((s) => `${s.from}>${s.to.join("+")}:${s.change}`)).toEqual(["web>api:soft-to-hard", "web>c1+c2:hard-to-soft", "web>db:hard-to-soft"]);
    expect(d.dependencies.added).toEqual([]);
  });

  it("tells redundancy lost and gained: members, quorum, placements, minPlacements, a hard dependency turned group", () => {
    const base = estateOf(
      LOCS +
        svc("web", "{runsOn: [aws/az1, aws/az2], dependsOn: [{anyOf: [i1, i2, i3]}, {quorum: 2, of: [q1, q2, q3]}, pay]}") +
        ["i1", "i2", "i3", "q1", "q2", "q3", "pay", "pay2"].map((x) => svc(x)).join(""),
    );
    const head = estateOf(
      LOCS +
        svc("web", "{runsOn: [aws/az1], minPlacements: 1, dependsOn: [{anyOf: [i1, i2]}, {quorum: 3, of: [q1, q2, q3]}, {anyOf: [pay, pay2]}]}") +
        ["i1", "i2", "i3", "q1", "q2", "q3", "pay", "pay2"].map((x) => svc(x)).join(""),
    );
    const d = diffEstates(base, head);
    expect(d.redundancy.map((r) => `${r.change}:${r.effect}:${r.nodes.join("+")}`)).toEqual([
      "group-added:gained:pay+pay2",
      "member-removed:lost:i3",
      "placement-removed:lost:aws/az2",
      "quorum-raised:lost:q1+q2+q3",
    ]);
    expect(d.redundancy.find((r) => r.change === "member-removed")!.detail).toBe("anyOf [i1, i2, i3] → anyOf [i1, i2]");
    expect(d.redundancy.find((r) => r.change === "quorum-raised")!.detail).toBe("quorum 2 → 3 of 3");
    // pay was hard and is now in a group: not a removal; pay2 is a new dependency of the group.
    expect(d.dependencies.removed.map((x) => x.to)).toEqual(["i3"]);
    expect(d.dependencies.added.map((x) => `${x.to}:${x.relation}`)).toEqual(["pay2:group"]);
    // The reverse change is the mirror image.
    const back = diffEstates(head, base);
    expect(back.redundancy.map((r) => `${r.change}:${r.effect}`)).toEqual(["group-removed:lost", "member-added:gained", "placement-added:gained", "quorum-lowered:gained"]);
  });

  it("tells tier changes and nothing for identical estates", () => {
    const a = estateOf(svc("web", "{tier: high}"));
    const b = estateOf(svc("web", "{tier: critical}"));
    expect(diffEstates(a, b).tiers).toEqual([{ id: "web", from: "high", to: "critical", at: expect.anything() }]);
    const same = diffEstates(a, estateOf(svc("web", "{tier: high}")));
    expect(same.count).toBe(0);
    expect(same.changedServices).toEqual([]);
  });

  it("works with ids like constructor and valueOf", () => {
    const base = estateOf(svc("constructor") + svc("valueOf"));
    const head = estateOf(svc("constructor", "{dependsOn: [valueOf]}") + svc("valueOf") + svc("toString"));
    const d = diffEstates(base, head);
    expect(d.services.added.map((s) => s.id)).toEqual(["toString"]);
    expect(d.dependencies.added.map((x) => `${x.from}>${x.to}`)).toEqual(["constructor>valueOf"]);
  });

  it("relationChanged sees a new edge and a reshaped group, not an unchanged one", () => {
    const base = estateOf(svc("web", "{dependsOn: [api, {anyOf: [a, b]}]}") + svc("api") + svc("a") + svc("b"));
    const head = estateOf(svc("web", "{dependsOn: [api, {anyOf: [a]}]}") + svc("api") + svc("a") + svc("b"));
    expect(relationChanged(base, head, "web", "api")).toBe(false);
    expect(relationChanged(base, head, "web", "a")).toBe(true);
  });
});

describe("diffEstates with hostile ids", () => {
  it("handles dependencies on ids such as constructor, toString and hasOwnProperty", () => {
    const base = estateOf(svc("a", "{dependsOn: [toString]}") + svc("toString") + svc("constructor"));
    const head = estateOf(svc("a", "{dependsOn: [constructor, {anyOf: [toString, hasOwnProperty]}]}") + svc("toString") + svc("constructor") + svc("hasOwnProperty"));
    const d = diffEstates(base, head);
    expect(d.dependencies.added.map((x) => `${x.to}:${x.relation}`)).toEqual(["constructor:hard", "hasOwnProperty:group"]);
    expect(d.redundancy.map((r) => r.change)).toEqual(["group-added"]);
  });
});
