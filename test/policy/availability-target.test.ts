import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../../src/policy/policy-file.js";
import { runCheck } from "../../src/policy/check.js";
import type { Policy } from "../../src/policy/types.js";
import { estateOf, svc } from "../helpers/estate.js";

const AWS = `apiVersion: faultline/v1
kind: Location
metadata: {name: aws}
spec: {hosting: public-cloud, children: [{name: r1, availability: 0.9999, children: [{name: az1, availability: 0.999}, {name: az2, availability: 0.999}]}]}
---
`;

function policy(options: Record<string, unknown> = {}): Policy {
  const p = defaultPolicy();
  for (const [id, s] of p.rules) s.severity = id === "availability-target" ? "error" : "off";
  for (const [k, v] of Object.entries(options)) (p.rules.get("availability-target")!.options as Map<string, unknown>).set(k, v);
  return p;
}

const twoZones = AWS + svc("db", "{runsOn: [aws/r1/az1, aws/r1/az2], availability: 0.9995}") + svc("api", "{availabilityTarget: 99.9%, dependsOn: [db], availability: 0.9999}");
const oneZone = AWS + svc("db", "{runsOn: [aws/r1/az1], availability: 0.9995}") + svc("api", "{availabilityTarget: 99.9%, dependsOn: [db], availability: 0.9999}");

describe("availability-target rule", () => {
  it("fails the change that makes a target unreachable, with base → head and the top contributor", () => {
    const r = runCheck({ head: estateOf(oneZone), base: estateOf(twoZones), policy: policy() });
    expect(r.passed).toBe(false);
    const v = r.violations.filter((x) => x.rule === "availability-target");
    expect(v).toHaveLength(1);
    expect(v[0]!.status).toBe("new");
    expect(v[0]!.nodes).toEqual(["api"]);
    // head: 0.9999 × 0.9995 × 0.9999 × 0.999 = 99.83%; the zone is what changed.
    expect(v[0]!.message.replace(/ \(\d+\.\d% of the downtime, was \d+\.\d%\)$/, "")).toBe("api cannot meet its availability target 99.9%: the structure allows 99.9299% → 99.83%; top contributor to the change: aws/r1/az1");
    expect(v[0]!.location?.file).toBe("estate.yaml");
  });

  it("passes when the target is met, and a target missed on the base is known, not new", () => {
    expect(runCheck({ head: estateOf(twoZones), base: estateOf(twoZones), policy: policy() }).passed).toBe(true);
    const r = runCheck({ head: estateOf(oneZone), base: estateOf(oneZone), policy: policy() });
    expect(r.passed).toBe(true);
    expect(r.violations.map((v) => v.status)).toEqual(["known"]);
  });

  it("with a margin, a drop larger than it fails and shows the figures base → head", () => {
    const base = AWS + svc("db", "{runsOn: [aws/r1/az1, aws/r1/az2], availability: 0.9995}") + svc("api", "{tier: critical, dependsOn: [db]}");
    const head = AWS + svc("db", "{runsOn: [aws/r1/az1], availability: 0.9995}") + svc("api", "{tier: critical, dependsOn: [db]}");
    // Not watched: no target and no tiers.
    expect(runCheck({ head: estateOf(head), base: estateOf(base), policy: policy({ margin: 0.01 }) }).passed).toBe(true);
    const r = runCheck({ head: estateOf(head), base: estateOf(base), policy: policy({ margin: 0.01, tiers: ["critical"] }) });
    expect(r.passed).toBe(false);
    const msg = r.violations.find((v) => v.nodes.includes("availability-drop") && v.nodes[0] === "api")!.message;
    expect(msg.replace(/ \(\d+\.\d% of the downtime, was \d+\.\d%\)$/, "")).toBe("api loses 0.10 percentage points of availability (99.9399% → 99.84%), more than the margin of 0.01; top contributor to the change: aws/r1/az1");
    // A margin larger than the drop passes.
    expect(runCheck({ head: estateOf(head), base: estateOf(base), policy: policy({ margin: 0.2, tiers: ["critical"] }) }).passed).toBe(true);
  });

  it("uses the config's defaults by type", () => {
    const e = estateOf(svc("db", "{type: database}") + svc("api", "{availabilityTarget: 99.99%, dependsOn: [db]}"));
    expect(runCheck({ head: e, policy: policy() }).passed).toBe(true);
    const r = runCheck({ head: e, policy: policy(), availabilityDefaults: { serviceTypes: new Map([["database", 0.9995]]) } });
    expect(r.passed).toBe(false);
    expect(r.violations[0]!.message).toContain("top contributor: db");
  });
});
