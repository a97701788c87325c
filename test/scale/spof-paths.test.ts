/**
 * Issue 12 item 7 / issue 18: a `new-single-point-of-failure` violation's path follows the
 * relations along which `down` really arrived (spec 3.4), with the same path function as
 * `blast`, so its annotation lands on the dependency the change added. Before the fix the
 * rule searched its own shortest path through down nodes: it stepped into a placement set
 * that still had a spare, or into an any-of member whose twin was still up.
 */
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { spofFor } from "../../src/analysis/spof.js";
import { evaluate, runCheck } from "../../src/policy/check.js";
import { defaultPolicy } from "../../src/policy/policy-file.js";
import type { Policy } from "../../src/policy/types.js";
import type { Estate } from "../../src/model/types.js";
import { estateOf, loc, svc } from "../helpers/estate.js";

function only(rule: string): Policy {
  const p = defaultPolicy();
  for (const [id, s] of p.rules) s.severity = id === rule ? "error" : "off";
  return p;
}

const blastPath = (e: Estate, s: string, x: string) => blastRadius(e, [x]).impacts.find((i) => i.id === s)!.path;
const rulePath = (e: Estate, s: string, x: string) =>
  evaluate(e, only("new-single-point-of-failure")).find((f) => f.finding.nodes.join() === `${s},${x}`)!.finding.path;

const ZONES = loc("aws", "public-cloud", "[{name: za}, {name: zb}]");

describe("single-point paths follow the relations down arrived by", () => {
  it("not through a placement set that still has a spare: web runs in two zones, its database in one", () => {
    const e = estateOf(ZONES + svc("web", "{tier: critical, runsOn: [aws/za, aws/zb], dependsOn: [db]}") + svc("db", "{runsOn: [aws/za]}"));
    expect(blastPath(e, "web", "aws/za")).toEqual(["web", "db", "aws/za"]);
    expect(rulePath(e, "web", "aws/za")).toEqual(["web", "db", "aws/za"]);
    expect(spofFor(e, "web").details.find((d) => d.id === "aws/za")!.path).toEqual(["web", "db", "aws/za"]);
  });

  it("not into an any-of member whose twin is still up", () => {
    // web: anyOf [a, b] and hard on m; a and m depend on x; b does not. x takes web down through m only.
    const e = estateOf(ZONES + svc("web", "{tier: critical, runsOn: [aws/za, aws/zb], dependsOn: [{anyOf: [a, b]}, m]}") + svc("a", "{dependsOn: [x]}") + svc("b", "{}") + svc("m", "{dependsOn: [x]}") + svc("x", "{}"));
    expect(blastPath(e, "web", "x")).toEqual(["web", "m", "x"]);
    expect(rulePath(e, "web", "x")).toEqual(["web", "m", "x"]);
  });

  it("the annotation lands on the dependency the pull request added, not on the unchanged runsOn line", () => {
    const base = estateOf({ "m.yaml": ZONES + svc("web", "{tier: critical, runsOn: [aws/za, aws/zb]}") + svc("db", "{runsOn: [aws/za]}") });
    const headText = ZONES + "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: web}\nspec:\n  tier: critical\n  runsOn: [aws/za, aws/zb]\n  dependsOn:\n    - db\n---\n" + svc("db", "{runsOn: [aws/za]}");
    const head = estateOf({ "m.yaml": headText });
    const r = runCheck({ head, base, policy: only("new-single-point-of-failure") });
    const v = r.violations.find((x) => x.nodes.join() === "web,aws/za")!;
    expect(v.status).toBe("new");
    expect(v.path).toEqual(["web", "db", "aws/za"]);
    const dbLine = headText.split("\n").indexOf("    - db") + 1;
    expect(v.location!.line).toBe(dbLine);
  });
});
