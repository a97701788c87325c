import { describe, expect, it } from "vitest";
import { allowed, defaultPolicy, globMatch, parsePolicy } from "../../src/policy/policy-file.js";
import { fingerprintOf } from "../../src/policy/fingerprint.js";
import { formatBaseline, parseBaseline } from "../../src/policy/baseline.js";
import type { Violation } from "../../src/policy/types.js";

const diag = (text: string, key?: string) =>
  parsePolicy("p.yaml", text, key).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}${d.hint ? ` | ${d.hint}` : ""}`);

describe("parsePolicy", () => {
  it("applies severities, options and allow-lists over the defaults", () => {
    const r = parsePolicy(
      "p.yaml",
      `rules:
  tier-inversion: error
  unplaced-service: off
  new-single-point-of-failure:
    options: {tiers: [critical, high]}
    allow:
      - {from: legacy-*, to: mainframe, reason: "retired in Q3"}
      - batch-*
  blast-radius-limit: {severity: warning, options: {maxServices: 10, maxPercent: 25}}
`,
    );
    expect(r.ok).toBe(true);
    const rules = r.policy.rules;
    expect(rules.get("tier-inversion")!.severity).toBe("error");
    expect(rules.get("unplaced-service")!.severity).toBe("off");
    expect(rules.get("new-dependency-cycle")!.severity).toBe("warning");
    expect(rules.get("new-single-point-of-failure")!.options.get("tiers")).toEqual(["critical", "high"]);
    expect(rules.get("new-single-point-of-failure")!.allow.map((a) => `${a.from}>${a.to}`)).toEqual(["legacy-*>mainframe", "batch-*>undefined"]);
    expect(rules.get("blast-radius-limit")!.options.get("maxPercent")).toBe(25);
    expect(r.policy.source).toBe("p.yaml");
  });

  it("reports every mistake with its place, what was expected and a hint", () => {
    expect(
      diag(`rules:
  tier-inversoin: error
  unplaced-service: fatal
  tier-inversion: {severity: warning, options: {minGap: 7, maxGap: 1}, alow: []}
  blast-radius-limit: error
  new-single-point-of-failure: {options: {tiers: [urgent]}, allow: [{from: 3}]}
extra: 1
`),
    ).toEqual([
      '2:3 unknown-rule: unknown rule "tier-inversoin" | did you mean `tier-inversion`?',
      "3:21 bad-severity: unknown severity | use `error` to fail the check, `warning` to report, `off` to disable",
      "4:57 bad-option: option minGap of tier-inversion must be a number ≥ 1 and ≤ 3 | smallest tier difference reported (default 1)",
      '4:60 unknown-option: rule tier-inversion has no option "maxGap" | did you mean `minGap`?',
      '4:72 rule-key: unknown key "alow" in rule tier-inversion | did you mean `allow`?',
      "5:3 rule-options: blast-radius-limit needs options.maxServices or options.maxPercent | add `options:` to blast-radius-limit, or set it to off",
      "6:51 bad-option: option tiers of new-single-point-of-failure takes tiers | write `tiers: [critical, high]`",
      "6:69 bad-allow: bad allow entry in new-single-point-of-failure | `*` matches any run of characters: `{from: legacy-*}`",
      '7:1 policy-key: unknown policy key "extra" | the policy has one key, `rules:`',
    ]);
  });

  it("reads `policy:` of the config file, gives defaults without it, and reports YAML errors", () => {
    const r = parsePolicy("faultline.config.yaml", "manifests: [m]\npolicy:\n  rules: {unplaced-service: error}\n", "policy");
    expect(r.policy.rules.get("unplaced-service")!.severity).toBe("error");
    expect(r.policy.source).toBe("faultline.config.yaml#policy");
    expect(parsePolicy("c.yaml", "manifests: [m]\n", "policy").policy.rules.get("unplaced-service")!.severity).toBe("warning");
    const bad = parsePolicy("p.yaml", "rules: [\n");
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]!.file).toBe("p.yaml");
    expect(diag("rules: 3\n")).toEqual(["1:8 policy-rules: `rules` must be a mapping of rule ids | write `rules: {tier-inversion: error}`"]);
  });

  it("rule ids such as __proto__ or constructor are unknown rules, not prototype lookups", () => {
    expect(diag("rules: {constructor: error, __proto__: off}\n").map((d) => d.split(" | ")[0])).toEqual(['1:9 unknown-rule: unknown rule "constructor"', '1:29 unknown-rule: unknown rule "__proto__"']);
    expect(defaultPolicy().rules.has("constructor")).toBe(false);
  });

  it("globs match whole ids; allow entries match the subject and the other nodes", () => {
    expect(globMatch("legacy-*", "legacy-billing")).toBe(true);
    expect(globMatch("legacy-*", "new-legacy-billing")).toBe(false);
    expect(globMatch("a.b", "axb")).toBe(false);
    const at = { file: "p", line: 1, column: 1 };
    expect(allowed([{ from: "web", to: "db*", at }], ["web", "cache", "db-1"])).toBe(true);
    expect(allowed([{ from: "web", to: "db*", at }], ["api", "db-1"])).toBe(false);
    expect(allowed([{ to: "aws", at }], ["checkout", "aws"])).toBe(true);
  });
});

describe("baselines and fingerprints", () => {
  const v = (rule: string, nodes: string[], line: number): Violation => ({ rule, severity: "error", message: `m ${nodes.join()}`, nodes, path: nodes, fingerprint: fingerprintOf(rule, nodes), status: "new", location: { file: "f", line, column: 1 } });

  it("fingerprints depend on rule and nodes only", () => {
    expect(fingerprintOf("r", ["a", "b"])).toBe(fingerprintOf("r", ["a", "b"]));
    expect(fingerprintOf("r", ["a", "b"])).not.toBe(fingerprintOf("r", ["b", "a"]));
    expect(fingerprintOf("r", ["a,b"])).not.toBe(fingerprintOf("r", ["a", "b"]));
    expect(fingerprintOf("r", ["a"])).not.toBe(fingerprintOf("s", ["a"]));
  });

  it("round-trips, sorted, without line numbers, and recomputes fingerprints on read", () => {
    const text = formatBaseline([v("tier-inversion", ["web", "db"], 9), v("new-single-point-of-failure", ["web", "db"], 3)]);
    expect(text).not.toContain('"line"');
    expect(formatBaseline([v("new-single-point-of-failure", ["web", "db"], 30), v("tier-inversion", ["web", "db"], 90)])).toBe(text);
    const back = parseBaseline("b.json", text);
    expect(back.diagnostics).toEqual([]);
    expect(back.entries.map((e) => e.rule)).toEqual(["new-single-point-of-failure", "tier-inversion"]);
    const edited = JSON.parse(text);
    edited.violations[0].fingerprint = "forged";
    expect(parseBaseline("b.json", JSON.stringify(edited)).entries[0]!.fingerprint).toBe(fingerprintOf("new-single-point-of-failure", ["web", "db"]));
  });

  it("rejects files that are not baselines, naming the file", () => {
    for (const bad of ["{", "[]", '{"schemaVersion": 2, "violations": []}', '{"schemaVersion": 1, "violations": [{"rule": 1}]}']) {
      const r = parseBaseline("b.json", bad);
      expect(r.diagnostics.length).toBe(1);
      expect(r.diagnostics[0]!.file).toBe("b.json");
    }
  });
});
