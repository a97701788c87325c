import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { referenceStates } from "../helpers/blast-reference.js";
import { exposure } from "../../src/analysis/exposure.js";
import { riskGroups } from "../../src/analysis/risk.js";
import { scenarios } from "../../src/analysis/scenarios.js";
import { singlePointsOfFailure, spofRanking } from "../../src/analysis/spof.js";
import { compile } from "../../src/engine/compile.js";
import { buildView } from "../../src/picture/view.js";
import { renderDot } from "../../src/report/dot.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { renderMermaid } from "../../src/report/mermaid.js";
import { renderSvg } from "../../src/report/svg.js";
import { estateOf, loadOf, loc, svc } from "../helpers/estate.js";

const zones = loc("aws", "public-cloud", "[{name: r, type: region, children: [{name: a, type: zone}, {name: b, type: zone}, {name: c, type: zone}]}]") + loc("dc", "in-house");

/** The state of `id` when `failed` fails, from the engine (checked against the reference engine). */
function stateOf(estate: ReturnType<typeof estateOf>, failed: string[], id: string): string {
  const fast = blastRadius(estate, failed).impacts.find((i) => i.id === id)?.state ?? (failed.includes(id) ? "down" : "up");
  expect(referenceStates(estate, failed).get(id)).toBe(fast);
  return fast;
}

describe("replicas on placements (spec 2.2, 3.2)", () => {
  it("an uneven spread 3/1/1 with minPlacements 3 survives losing b or c but not a", () => {
    const e = estateOf(zones + svc("web", "{runsOn: [{location: aws/r/a, replicas: 3}, {location: aws/r/b}, {location: aws/r/c, replicas: 1}], minPlacements: 3}"));
    expect(stateOf(e, ["aws/r/a"], "web")).toBe("down");
    expect(stateOf(e, ["aws/r/b"], "web")).toBe("degraded");
    expect(stateOf(e, ["aws/r/c"], "web")).toBe("degraded");
    expect(stateOf(e, ["aws/r/b", "aws/r/c"], "web")).toBe("degraded");
    expect(stateOf(e, ["aws/r"], "web")).toBe("down");
    // The heavy zone alone is a single point of failure; a plain k-of-n over zones would say none is.
    expect(singlePointsOfFailure(e, "web")).toEqual(["aws", "aws/r", "aws/r/a"]);
    const r = riskGroups(e, "web", { maxSize: 3 });
    expect(r.groups).toEqual([["aws"], ["aws/r"], ["aws/r/a"]]);
    const row = spofRanking(e, { detail: Infinity }).nodes.find((n) => n.id === "aws/r/a");
    expect(row?.servicesDown).toBe(1);
    expect(spofRanking(e, { detail: Infinity }).nodes.find((n) => n.id === "aws/r/b")).toBeUndefined();
  });

  it("minPlacements equal to the total makes every placement a single point of failure", () => {
    const e = estateOf(zones + svc("db", "{runsOn: [{location: aws/r/a, replicas: 2}, {location: aws/r/b, replicas: 2}], minPlacements: 4}"));
    expect(stateOf(e, ["aws/r/a"], "db")).toBe("down");
    expect(stateOf(e, ["aws/r/b"], "db")).toBe("down");
    expect(stateOf(e, ["aws/r/c"], "db")).toBe("up");
    expect(singlePointsOfFailure(e, "db")).toEqual(["aws", "aws/r", "aws/r/a", "aws/r/b"]);
  });

  it("a zone holding every replica is the one that matters; a placement of the remainder is only degradation", () => {
    // 4 replicas in a, 1 in b, need 2: losing a leaves 1 (down), losing b leaves 4 (degraded).
    const e = estateOf(zones + svc("q", "{runsOn: [{location: aws/r/a, replicas: 4}, aws/r/b], minPlacements: 2}") + svc("api", "{runsOn: [dc], dependsOn: [q]}"));
    expect(stateOf(e, ["aws/r/a"], "q")).toBe("down");
    expect(stateOf(e, ["aws/r/a"], "api")).toBe("down");
    expect(stateOf(e, ["aws/r/b"], "q")).toBe("degraded");
    expect(stateOf(e, ["aws/r/b"], "api")).toBe("degraded");
    expect(riskGroups(e, "api", { maxSize: 2 }).groups).toEqual([["aws"], ["aws/r"], ["aws/r/a"], ["dc"], ["q"]]);
    // With minPlacements 1, only the joint loss of both zones takes it down.
    const e1 = estateOf(zones + svc("q", "{runsOn: [{location: aws/r/a, replicas: 4}, aws/r/b]}"));
    expect(stateOf(e1, ["aws/r/a"], "q")).toBe("degraded");
    expect(riskGroups(e1, "q", { maxSize: 2 }).groups).toEqual([["aws"], ["aws/r"], ["aws/r/a", "aws/r/b"]]);
  });

  it("exposure and scenarios count replicas", () => {
    const e = estateOf(zones + svc("web", "{tier: critical, runsOn: [{location: aws/r/a, replicas: 3}, aws/r/b, {location: dc, replicas: 1}], minPlacements: 3}"));
    const w = exposure(e).services.find((s) => s.id === "web")!;
    // aws holds 4 of 5 replicas: losing it leaves 1 < 3. dc holds 1: losing it leaves 4.
    expect(w.downWith).toEqual(["aws"]);
    expect(w.degradedWith).toEqual(["dc"]);
    const rows = new Map(scenarios(e).scenarios.map((s) => [s.name, s]));
    expect(rows.get("aws/r/a")!.criticalDown).toBe(1);
    expect(rows.get("aws/r/b")!.criticalDown).toBe(0);
    expect(rows.get("aws/r/b")!.servicesDegraded).toBe(1);
  });

  it("keeps the replicas in the model, the compiled form and graph JSON", () => {
    const e = estateOf(zones + svc("web", "{runsOn: [{location: aws/r/a, replicas: 3}, aws/r/b], minPlacements: 2}"));
    const a = e.graph.getNodeAttributes("web");
    expect(a.kind === "service" && [a.placements, a.replicas, a.replicaTotal, a.minPlacements]).toEqual([["aws/r/a", "aws/r/b"], [3, 1], 4, 2]);
    const c = compile(e);
    const s = c.index.get("web")!;
    expect(c.replicaTotal[s]).toBe(4);
    expect(c.placeCount[s]).toBe(2);
    const perPlacement: Record<string, number> = {};
    for (let j = c.fwdStart[s]!; j < c.fwdStart[s + 1]!; j++) perPlacement[c.ids[c.fwdNode[j]!]!] = c.fwdWeight[j]!;
    expect(perPlacement).toEqual({ "aws/r/a": 3, "aws/r/b": 1 });
    const j = graphToJson(e);
    expect(j.nodes.find((n) => n.id === "web")!.replicas).toEqual([3, 1]);
    expect(j.edges.filter((x) => x.from === "web").map((x) => [x.to, x.replicas])).toEqual([
      ["aws/r/a", 3],
      ["aws/r/b", undefined],
    ]);
  });

  it("rejects minPlacements above the total replicas, and bad replica counts, with their place", () => {
    const over = loadOf(zones + svc("web", "{runsOn: [{location: aws/r/a, replicas: 2}, aws/r/b], minPlacements: 4}"));
    expect(over.ok).toBe(false);
    const d = over.diagnostics.find((x) => x.code === "min-placements")!;
    expect(d.message).toBe("minPlacements is 4 but the service has 3 replica(s) in 2 placement(s)");
    expect(d.expected).toBe("at most 3");
    expect(d.line).toBeGreaterThan(1);
    // Exactly the total is fine.
    expect(loadOf(zones + svc("web", "{runsOn: [{location: aws/r/a, replicas: 2}, aws/r/b], minPlacements: 3}")).ok).toBe(true);
    for (const bad of ["0", "-1", "1.5", "two", "[3]", "null"]) {
      const r = loadOf(zones + svc("web", `{runsOn: [{location: aws/r/a, replicas: ${bad}}]}`));
      expect(r.ok, bad).toBe(false);
      expect(r.diagnostics.map((x) => x.code), bad).toContain("bad-field");
    }
    const noLoc = loadOf(zones + svc("web", "{runsOn: [{replicas: 2}]}"));
    expect(noLoc.diagnostics.map((x) => [x.code, x.message])).toContainEqual(["bad-placement", "a placement mapping needs `location`"]);
    const typo = loadOf(zones + svc("web", "{runsOn: [{location: aws/r/a, replica: 2}]}"));
    expect(typo.diagnostics.find((x) => x.code === "unknown-field")?.hint).toBe("did you mean `replicas`?");
    const unknown = loadOf(zones + svc("web", "{runsOn: [{location: aws/r/z, replicas: 2}]}"));
    expect(unknown.diagnostics.find((x) => x.code === "unknown-reference")?.hint).toMatch(/did you mean `aws\/r\/[abc]`/);
    const dup = loadOf(zones + svc("web", "{runsOn: [aws/r/a, {location: aws/r/a, replicas: 2}]}"));
    expect(dup.diagnostics.map((x) => x.code)).toContain("duplicate-placement");
  });

  it("refuses more replicas than the engines count", () => {
    const r = loadOf(zones + svc("web", "{runsOn: [{location: aws/r/a, replicas: 40000}, {location: aws/r/b, replicas: 40000}]}"));
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((x) => x.code)).toContain("too-many-replicas");
  });

  it("shows the replicas of each placement in the pictures", async () => {
    const e = estateOf(zones + svc("web", "{runsOn: [{location: aws/r/a, replicas: 3}, aws/r/b], minPlacements: 3}") + svc("one", "{runsOn: [aws/r/a, aws/r/b]}"));
    const view = buildView(e, { blast: blastRadius(e, ["aws/r/b"]) });
    const dot = renderDot(view);
    expect(dot).toContain("on a ×3, b ×1 (min 3)");
    expect(dot).toContain("on a, b");
    expect(dot).not.toContain("a ×1, b ×1");
    expect(renderMermaid(view)).toContain("on a ×3, b ×1 #40;min 3#41;");
    const svgText = await renderSvg(view);
    expect(svgText).toContain("runs on: aws/r/a ×3, aws/r/b ×1 (needs 3 of 4 replicas)");
  });
});

describe("replicas in the CI gate (check)", () => {
  it("moving replicas so that one zone holds too many is a new single point of failure", async () => {
    const { runCheck } = await import("../../src/policy/check.js");
    const { defaultPolicy } = await import("../../src/policy/policy-file.js");
    const policy = defaultPolicy();
    for (const [id, s] of policy.rules) s.severity = id === "new-single-point-of-failure" ? "error" : "off";
    const base = estateOf({ "m.yaml": zones + svc("web", "{tier: critical, runsOn: [{location: aws/r/a, replicas: 2}, {location: aws/r/b, replicas: 2}, aws/r/c], minPlacements: 3}") });
    const head = estateOf({ "m.yaml": zones + svc("web", "{tier: critical, runsOn: [{location: aws/r/a, replicas: 3}, aws/r/b, aws/r/c], minPlacements: 3}") });
    const r = runCheck({ head, base, policy });
    expect(r.violations.filter((v) => v.status === "new").map((v) => v.nodes.join(","))).toEqual(["web,aws/r/a"]);
    expect(r.passed).toBe(false);
    // The same spread on both sides: nothing new.
    expect(runCheck({ head, base: head, policy }).passed).toBe(true);
  });
});

describe("replicas in the diff of two estates", () => {
  it("reports replicas moved between placements as lost and gained redundancy", async () => {
    const { diffEstates } = await import("../../src/analysis/diff.js");
    const base = estateOf(zones + svc("web", "{runsOn: [{location: aws/r/a, replicas: 2}, {location: aws/r/b, replicas: 2}, aws/r/c], minPlacements: 3}"));
    const head = estateOf(zones + svc("web", "{runsOn: [{location: aws/r/a, replicas: 3}, aws/r/b, aws/r/c], minPlacements: 3}"));
    const d = diffEstates(base, head);
    expect(d.redundancy.map((r) => [r.change, r.effect, r.detail]).sort((x, y) => (x[2]! < y[2]! ? -1 : 1))).toEqual([
      ["replicas-raised", "gained", "replicas in aws/r/a 2 → 3"],
      ["replicas-lowered", "lost", "replicas in aws/r/b 2 → 1"],
    ]);
    expect(diffEstates(head, head).redundancy).toEqual([]);
  });
});
