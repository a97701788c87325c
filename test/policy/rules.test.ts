import { describe, expect, it } from "vitest";
import { RULES } from "../../src/policy/registry.js";
import { defaultPolicy } from "../../src/policy/policy-file.js";
import { evaluate, runCheck } from "../../src/policy/check.js";
import { spofsOf } from "../../src/policy/spof.js";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import type { Estate } from "../../src/model/types.js";
import type { Policy } from "../../src/policy/types.js";
import { estateOf, loc, svc } from "../helpers/estate.js";

const LOCS = loc("aws", "public-cloud", "[{name: r1, children: [{name: az1}, {name: az2}]}]") + loc("dc", "in-house", "[{name: a}, {name: b}]") + loc("vendor", "third-party");

function only(rule: string, severity: "error" | "warning" = "error", options: Record<string, unknown> = {}): Policy {
  const p = defaultPolicy();
  for (const [id, s] of p.rules) s.severity = id === rule ? severity : "off";
  const s = p.rules.get(rule)!;
  for (const [k, v] of Object.entries(options)) (s.options as Map<string, unknown>).set(k, v);
  return p;
}

function found(e: Estate, rule: string, options: Record<string, unknown> = {}): string[] {
  return evaluate(e, only(rule, "error", options))
    .filter((x) => !x.finding.implied)
    .map((x) => x.finding.nodes.join(","));
}

/** Reference: a node is a single point of failure when blastRadius of it alone has the service down. */
function naiveSpofs(e: Estate, id: string): string[] {
  return e.graph
    .nodes()
    .filter((x) => x !== id && blastRadius(e, [x]).impacts.some((i) => i.id === id && i.state === "down"))
    .sort();
}

describe("policy rules", () => {
  it("the registry lists the rules with their default severities", () => {
    expect([...RULES.values()].map((r) => `${r.id}:${r.defaultSeverity}`)).toEqual([
      "new-single-point-of-failure:error",
      "unredundant-boundary-crossing:warning",
      "tier-inversion:warning",
      "new-dependency-cycle:warning",
      "blast-radius-limit:off",
      "unplaced-service:warning",
      "undeclared-observed-dependency:error",
      "availability-target:error",
    ]);
    for (const r of RULES.values()) for (const t of [r.shortDescription, r.fullDescription, r.help]) expect(t.length).toBeGreaterThan(20);
  });

  it("single points of failure agree with blastRadius per node", () => {
    const e = estateOf(
      LOCS +
        svc("web", "{tier: critical, runsOn: [aws/r1/az1, aws/r1/az2], dependsOn: [api, {anyOf: [c1, c2]}, {ref: rec, soft: true}]}") +
        svc("api", "{runsOn: [dc/a], dependsOn: [{quorum: 2, of: [db1, db2, db3]}]}") +
        svc("db1", "{runsOn: [dc/a]}") +
        svc("db2", "{runsOn: [dc/b]}") +
        svc("db3", "{runsOn: [dc/b]}") +
        svc("c1", "{runsOn: [aws/r1/az1]}") +
        svc("c2", "{runsOn: [vendor]}") +
        svc("rec"),
    );
    for (const id of ["web", "api", "db1", "c1"]) expect(spofsOf(e, id)).toEqual(naiveSpofs(e, id));
    // api runs in hall a only; two of its three databases share hall b.
    expect(spofsOf(e, "web")).toEqual(["api", "aws", "aws/r1", "dc", "dc/a", "dc/b"]);
  });

  it("new-single-point-of-failure: one finding per single point of a watched tier, ancestors of a single-point location implied", () => {
    const e = estateOf(LOCS + svc("web", "{tier: critical, runsOn: [aws/r1/az1], dependsOn: [api]}") + svc("api", "{tier: low, runsOn: [aws/r1/az1, aws/r1/az2]}"));
    const all = evaluate(e, only("new-single-point-of-failure"));
    expect(all.map((x) => `${x.finding.nodes[1]}${x.finding.implied ? "(implied)" : ""}`)).toEqual(["api", "aws(implied)", "aws/r1(implied)", "aws/r1/az1"]);
    expect(all.find((x) => x.finding.nodes[1] === "aws/r1/az1")!.finding.path).toEqual(["web", "aws/r1/az1"]);
    expect(found(e, "new-single-point-of-failure", { tiers: ["low"] })).toEqual(["api,aws/r1"]);
  });

  it("unredundant-boundary-crossing: in-house → cloud or vendor and cloud → in-house, not when the own side meets the quorum", () => {
    const e = estateOf(
      LOCS +
        svc("inhouse", "{runsOn: [dc/a], dependsOn: [cloud, saas, other-dc, {anyOf: [cloud, dc-copy]}, {anyOf: [cloud, saas]}, {ref: cloud2, soft: true}]}") +
        svc("cloudy", "{runsOn: [aws/r1/az1], dependsOn: [dc-copy, hybrid]}") +
        svc("cloud", "{runsOn: [aws/r1/az1]}") +
        svc("cloud2", "{runsOn: [aws/r1/az1]}") +
        svc("saas", "{runsOn: [vendor]}") +
        svc("other-dc", "{runsOn: [dc/b]}") +
        svc("dc-copy", "{runsOn: [dc/b]}") +
        svc("hybrid", "{runsOn: [dc/b, aws/r1/az2]}"),
    );
    expect(found(e, "unredundant-boundary-crossing")).toEqual(["cloudy,dc-copy", "inhouse,cloud", "inhouse,saas", "inhouse,cloud,saas"]);
  });

  it("tier-inversion: hard dependencies on lower tiers, minGap", () => {
    const e = estateOf(svc("web", "{tier: critical, dependsOn: [api, db, {ref: low1, soft: true}, {anyOf: [low1, crit]}]}") + svc("api", "{tier: high}") + svc("db", "{tier: low}") + svc("low1", "{tier: low}") + svc("crit", "{tier: critical}"));
    expect(found(e, "tier-inversion")).toEqual(["web,api", "web,db"]);
    expect(found(e, "tier-inversion", { minGap: 3 })).toEqual(["web,db"]);
  });

  it("new-dependency-cycle: cycles of required dependencies, one finding per cycle, with the cycle as path", () => {
    const e = estateOf(
      svc("a", "{dependsOn: [b]}") + svc("b", "{dependsOn: [c]}") + svc("c", "{dependsOn: [a]}") + svc("x", "{dependsOn: [{ref: y, soft: true}]}") + svc("y", "{dependsOn: [x]}") + svc("p", "{dependsOn: [{anyOf: [q, r]}]}") + svc("q", "{dependsOn: [p]}") + svc("r"),
    );
    const f = evaluate(e, only("new-dependency-cycle"));
    expect(f.map((x) => x.finding.nodes.join(","))).toEqual(["a,b,c"]);
    expect(f[0]!.finding.path).toEqual(["a", "b", "c", "a"]);
  });

  it("blast-radius-limit: counts services one node takes down, by number and percent", () => {
    const e = estateOf(LOCS + svc("s1", "{runsOn: [dc/a], dependsOn: [db]}") + svc("s2", "{runsOn: [dc/a], dependsOn: [db]}") + svc("s3", "{runsOn: [dc/b], dependsOn: [db]}") + svc("db", "{runsOn: [dc/b]}"));
    expect(found(e, "blast-radius-limit", { maxServices: 2 })).toEqual(["db", "dc", "dc/b"]);
    expect(found(e, "blast-radius-limit", { maxPercent: 50 })).toEqual(["db", "dc", "dc/b"]);
    // dc/b holds db and s3, so it takes down all four; db alone takes down three.
    expect(found(e, "blast-radius-limit", { maxServices: 3 })).toEqual(["dc", "dc/b"]);
    expect(found(e, "blast-radius-limit")).toEqual([]);
  });

  it("unplaced-service and allow-lists", () => {
    const e = estateOf(LOCS + svc("a", "{runsOn: [dc/a]}") + svc("legacy-1") + svc("legacy-2") + svc("b"));
    expect(found(e, "unplaced-service")).toEqual(["b", "legacy-1", "legacy-2"]);
    const p = only("unplaced-service");
    p.rules.get("unplaced-service")!.allow.push({ from: "legacy-*", at: { file: "p", line: 1, column: 1 } });
    expect(evaluate(e, p).map((x) => x.finding.nodes.join())).toEqual(["b"]);
  });

  it("runCheck: a finding on the base is known, one only on the head is new and located at the changed step", () => {
    const base = estateOf({ "m.yaml": LOCS + svc("web", "{tier: critical, runsOn: [dc/a, dc/b], dependsOn: [api]}") + svc("api", "{runsOn: [dc/a, dc/b]}") + svc("db", "{runsOn: [dc/a, dc/b]}") });
    const head = estateOf({ "m.yaml": LOCS + svc("web", "{tier: critical, runsOn: [dc/a, dc/b], dependsOn: [api]}") + svc("api", "{runsOn: [dc/a, dc/b], dependsOn: [db]}") + svc("db", "{runsOn: [dc/a, dc/b]}") });
    const r = runCheck({ head, base, policy: only("new-single-point-of-failure") });
    expect(r.violations.map((v) => `${v.status}:${v.nodes.join(",")}`)).toEqual(["new:web,db", "known:web,dc", "known:web,api"]);
    const db = r.violations[0]!;
    expect(r.violations[2]!.path).toEqual(["web", "api"]);
    expect(db.path).toEqual(["web", "api", "db"]);
    // The step web → api is unchanged; api → db is the new one, written in api's dependsOn.
    const apiDoc = head.graph.getNodeAttribute("api", "at").line;
    expect(db.location!.line).toBeGreaterThan(apiDoc);
    expect(r.passed).toBe(false);
    expect(r.summary).toMatchObject({ new: { error: 1, warning: 0 }, known: 2, failing: 1 });
    expect(r.blastDiff.map((b) => `${b.id}:${b.newlyDown.join("+")}`)).toEqual(["db:api+web"]);
    // The fingerprint does not depend on lines: shifting the file keeps the same identity.
    const shifted = estateOf({ "m.yaml": "# comment\n\n" + LOCS + svc("web", "{tier: critical, runsOn: [dc/a, dc/b], dependsOn: [api]}") + svc("api", "{runsOn: [dc/a, dc/b], dependsOn: [db]}") + svc("db", "{runsOn: [dc/a, dc/b]}") });
    // (scope "all": a check limited to the change examines nothing when nothing changed.)
    const r2 = runCheck({ head: shifted, base: head, policy: only("new-single-point-of-failure"), scope: "all" });
    expect(r2.violations.every((v) => v.status === "known")).toBe(true);
    expect(r2.violations.find((v) => v.nodes.join() === "web,db")!.fingerprint).toBe(db.fingerprint);
  });

  it("runCheck: a location that was implied on the base is not new when it becomes the deepest single point", () => {
    const base = estateOf(LOCS + svc("web", "{tier: critical, runsOn: [aws/r1/az1]}"));
    const head = estateOf(LOCS + svc("web", "{tier: critical, runsOn: [aws/r1/az1, aws/r1/az2]}"));
    const r = runCheck({ head, base, policy: only("new-single-point-of-failure") });
    expect(r.violations.map((v) => `${v.status}:${v.nodes[1]}`)).toEqual(["known:aws/r1"]);
    expect(r.passed).toBe(true);
  });
});

describe("policy rules on the retail fixture", () => {
  it("every violation's path is a chain of relations of the graph, from its subject", async () => {
    const { loadEstate } = await import("../../src/load/load.js");
    const r = loadEstate(["fixtures/retail"]);
    expect(r.ok).toBe(true);
    const e = r.estate;
    const results = evaluate(e, defaultPolicy());
    expect(results.length).toBeGreaterThan(50);
    const edges = new Set<string>();
    e.graph.forEachEdge((_k, _a, s, t) => edges.add(`${s}>${t}`));
    for (const { finding } of results) {
      if (finding.implied) continue; // never shown, so no path is computed
      expect(finding.path[0]).toBe(finding.nodes[0]);
      for (let i = 0; i + 1 < finding.path.length; i++) expect(edges.has(`${finding.path[i]}>${finding.path[i + 1]}`)).toBe(true);
    }
    // Single-point paths end at the single point.
    for (const { rule, finding } of results) if (rule === "new-single-point-of-failure" && !finding.implied) expect(finding.path.at(-1)).toBe(finding.nodes[1]);
  });
});

describe("runCheck locations", () => {
  it("a new cycle is located at the dependency that closed it", () => {
    const base = estateOf({ "m.yaml": svc("a", "{dependsOn: [b]}") + svc("b") });
    const head = estateOf({ "m.yaml": svc("a", "{dependsOn: [b]}") + svc("b", "\n  dependsOn:\n    - a\n") });
    const p = defaultPolicy();
    for (const [id, s] of p.rules) s.severity = id === "new-dependency-cycle" ? "warning" : "off";
    const r = runCheck({ head, base, policy: p, failOn: "warning" });
    expect(r.violations).toEqual([
      expect.objectContaining({ rule: "new-dependency-cycle", status: "new", nodes: ["a", "b"], path: ["a", "b", "a"], location: { file: "m.yaml", line: 11, column: 7 } }),
    ]);
    expect(r.passed).toBe(false);
    expect(runCheck({ head, base, policy: p }).passed).toBe(true); // a warning fails only with failOn warning
  });
});
