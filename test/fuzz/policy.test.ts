/**
 * Fuzz (short run for `npm test`): the policy file and the baseline are read from the
 * repository by default, so a pull request can change them too. Random and mutated policies
 * and baselines never throw, and their diagnostics have a file and a line.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parsePolicy } from "../../src/policy/policy-file.js";
import { parseBaseline, formatBaseline } from "../../src/policy/baseline.js";
import { runCheck } from "../../src/policy/check.js";
import { HOSTILE_STRINGS, checkDiagnostics, mutate, mutationArb, yamlOf } from "./harness.js";
import { estateOf, svc } from "../helpers/estate.js";

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;
const params = { numRuns: runs, ...(seed !== undefined ? { seed } : {}) };

const POLICY = `rules:
  tier-inversion: error
  unplaced-service: off
  new-single-point-of-failure:
    options: {tiers: [critical, high]}
    allow:
      - {from: legacy-*, to: db, reason: "retired in Q3"}
      - batch-*
  blast-radius-limit:
    severity: error
    options: {maxServices: 1, maxPercent: 25}
    allow:
      - {to: aws}
`;const estate = estateOf(svc("db", "{tier: critical}") + svc("api", "{tier: critical, dependsOn: [db]}") + svc("web", "{tier: high, dependsOn: [api]}"));
const BASELINE = formatBaseline(runCheck({ head: estate, policy: parsePolicy("p.yaml", POLICY).policy, baseline: [] }).violations);

describe("fuzz: policy file and baseline", () => {
  it("the seeds are valid (the generators start from something that works)", () => {
    expect(parsePolicy("p.yaml", POLICY).ok).toBe(true);
    expect(parseBaseline("b.json", BASELINE).diagnostics).toEqual([]);
    expect(parseBaseline("b.json", BASELINE).entries.length).toBeGreaterThan(0);
  });

  it("a mutated or random policy: no exception, diagnostics placed, the check runs on what loads", () => {
    fc.assert(
      fc.property(fc.oneof(mutationArb.map((m) => mutate(POLICY, m, ["db", "api", "__proto__", "constructor"]).text), fc.anything({ maxDepth: 4 }).map(yamlOf)), (text) => {
        const t = typeof text === "string" ? text : Buffer.from(text).toString("latin1");
        const p = parsePolicy("p.yaml", t);
        checkDiagnostics(p.diagnostics, new Set(["p.yaml"]));
        if (p.ok) runCheck({ head: estate, policy: p.policy, baseline: [] });
      }),
      params,
    );
  });

  it("a mutated or random baseline: no exception, diagnostics name the file", () => {
    const jsonish = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.record({ schemaVersion: fc.constantFrom(1, 2, "1"), violations: fc.array(fc.record({ rule: fc.constantFrom(...HOSTILE_STRINGS.slice(0, 8)), fingerprint: fc.string(), nodes: fc.array(fc.string()) }, { requiredKeys: [] })) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      mutationArb.map((m) => mutate(BASELINE, m, ["db"]).text).map((t) => (typeof t === "string" ? t : Buffer.from(t).toString("latin1"))),
      fc.constantFrom('{"__proto__": {"polluted": 1}, "schemaVersion": 1, "violations": []}', '{"constructor": {"prototype": {"polluted": 1}}}'),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        const b = parseBaseline("b.json", text);
        for (const d of b.diagnostics) expect(d.file).toBe("b.json");
        if (b.diagnostics.length === 0) runCheck({ head: estate, policy: parsePolicy("p.yaml", POLICY).policy, baseline: b.entries });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      params,
    );
  });
});
