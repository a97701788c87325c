/**
 * Issue 18: `check --base` does work in proportion to the change (src/policy/scope.ts), and
 * the single-point rule takes its pairs from one walk and its paths from the path function of
 * `blast`. These properties keep the fast paths equal to the readable ones on random
 * base/head pairs:
 * - each rule's findings equal a per-rule brute force (single points: `blastRadius` of every
 *   node alone, with its path; blast-radius limits: `blastRadius` counts);
 * - the new violations of the check limited to the change equal, field for field, those of
 *   the check that examines everything, and equal brute-force head findings minus base ones;
 * - every violation it lists is listed the same way by the full check.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { evaluate, runCheck } from "../../src/policy/check.js";
import { fingerprintOf } from "../../src/policy/fingerprint.js";
import { defaultPolicy } from "../../src/policy/policy-file.js";
import { RULES } from "../../src/policy/registry.js";
import type { Policy } from "../../src/policy/types.js";
import type { Estate, LocationAttributes, ServiceAttributes } from "../../src/model/types.js";
import { buildRandomEstate, changedEstatePair, estateRecipe } from "../helpers/random-estate.js";

const WATCHED = ["critical", "high"];

function policy(): Policy {
  const p = defaultPolicy();
  for (const s of p.rules.values()) s.severity = "error";
  (p.rules.get("new-single-point-of-failure")!.options as Map<string, unknown>).set("tiers", WATCHED);
  (p.rules.get("blast-radius-limit")!.options as Map<string, unknown>).set("maxServices", 1);
  return p;
}

/** Brute force: (s, x) when `blastRadius([x])` has s down, path from blast, ancestors of a single-point location implied. */
function bruteSpof(e: Estate): Array<{ nodes: string[]; path: string[]; implied: boolean }> {
  const ids = e.graph.nodes().sort();
  const downWith = new Map<string, Map<string, string[]>>(); // x → s → path
  for (const x of ids) {
    const m = new Map<string, string[]>();
    for (const i of blastRadius(e, [x]).impacts) if (i.state === "down") m.set(i.id, i.path);
    downWith.set(x, m);
  }
  const out: Array<{ nodes: string[]; path: string[]; implied: boolean }> = [];
  for (const s of ids) {
    const a = e.graph.getNodeAttributes(s);
    if (a.kind !== "service" || !WATCHED.includes((a as ServiceAttributes).tier)) continue;
    const spofs = ids.filter((x) => x !== s && downWith.get(x)!.has(s));
    const set = new Set(spofs);
    const implied = new Set<string>();
    for (const x of spofs) {
      const p = e.graph.getNodeAttributes(x) as LocationAttributes;
      if (p.kind === "location" && p.parent !== undefined && set.has(p.parent)) implied.add(p.parent);
    }
    for (const x of spofs) out.push({ nodes: [s, x], path: implied.has(x) ? [s, x] : downWith.get(x)!.get(s)!, implied: implied.has(x) });
  }
  return out;
}

/** Brute force: nodes whose failure alone takes down more than one other service. */
function bruteLimit(e: Estate): string[] {
  return e.graph
    .nodes()
    .sort()
    .filter((x) => blastRadius(e, [x]).impacts.filter((i) => i.state === "down" && i.kind === "service").length > 1);
}

/** Brute-force findings of every rule on one estate, as fingerprints. */
function bruteFingerprints(e: Estate): Set<string> {
  const out = new Set<string>();
  for (const f of bruteSpof(e)) out.add(fingerprintOf("new-single-point-of-failure", f.nodes));
  for (const x of bruteLimit(e)) out.add(fingerprintOf("blast-radius-limit", [x]));
  // The other rules read direct relations only; their full evaluation is their readable form.
  const p = policy();
  for (const [id, s] of p.rules) if (id === "new-single-point-of-failure" || id === "blast-radius-limit") s.severity = "off";
  for (const r of evaluate(e, p)) out.add(r.fingerprint);
  return out;
}

const pair = changedEstatePair({ maxServices: 10, maxLocations: 6 });

const view = (v: { fingerprint: string; status: string; path: string[]; location?: unknown; message: string }) => JSON.stringify([v.fingerprint, v.status, v.path, v.location, v.message]);

describe("check's fast paths equal the readable ones (random estates)", () => {
  it("each rule's findings on a whole estate equal the per-rule brute force", () => {
    fc.assert(
      fc.property(estateRecipe({ maxServices: 10, maxLocations: 6 }), (r) => {
        const e = buildRandomEstate(r);
        const got = evaluate(e, policy());
        const spof = got.filter((x) => x.rule === "new-single-point-of-failure").map((x) => ({ nodes: x.finding.nodes, path: x.finding.path, implied: !!x.finding.implied }));
        expect(spof).toEqual(bruteSpof(e));
        expect(got.filter((x) => x.rule === "blast-radius-limit").map((x) => x.finding.nodes[0])).toEqual(bruteLimit(e));
      }),
      { numRuns: 150 },
    );
  });

  it("limited to the change, check finds exactly the new violations of the full check and of the brute force", () => {
    fc.assert(
      fc.property(pair, ({ base: br, head: hr }) => {
        const base = buildRandomEstate(br);
        const head = buildRandomEstate(hr);
        const fast = runCheck({ head, base, policy: policy() });
        const full = runCheck({ head, base, policy: policy(), scope: "all" });
        expect(fast.scope.mode).toBe("change");
        const newOf = (r: typeof fast) => r.violations.filter((v) => v.status === "new").map(view);
        expect(newOf(fast)).toEqual(newOf(full));
        expect(fast.passed).toBe(full.passed);
        // Brute force: head findings whose fingerprint the base does not have (implied ones aside).
        const baseFp = bruteFingerprints(base);
        const headFp = bruteFingerprints(head);
        const implied = new Set(bruteSpof(head).filter((f) => f.implied).map((f) => fingerprintOf("new-single-point-of-failure", f.nodes)));
        const expected = [...headFp].filter((f) => !baseFp.has(f) && !implied.has(f)).sort();
        // (As sets: two rules' entries may share a fingerprint, e.g. a direct edge and a one-member group.)
        expect([...new Set(fast.violations.filter((v) => v.status === "new").map((v) => v.fingerprint))].sort()).toEqual(expected);
        // Whatever the limited check lists, the full one lists the same way.
        const fullViews = new Set(full.violations.map(view));
        for (const v of fast.violations) expect(fullViews.has(view(v))).toBe(true);
        expect(fast.blastDiff).toEqual(full.blastDiff);
        expect(fast.change).toEqual(full.change);
      }),
      { numRuns: 150 },
    );
  });

  it("nothing changed: nothing is examined, and the full check finds nothing new either", () => {
    fc.assert(
      fc.property(estateRecipe({ maxServices: 10, maxLocations: 6 }), (r) => {
        const a = buildRandomEstate(r);
        const b = buildRandomEstate(r);
        const fast = runCheck({ head: a, base: b, policy: policy() });
        expect(fast.scope).toMatchObject({ mode: "change", touched: 0, examined: 0 });
        expect(fast.violations).toEqual([]);
        expect(runCheck({ head: a, base: b, policy: policy(), scope: "all" }).summary.new).toEqual({ error: 0, warning: 0 });
      }),
      { numRuns: 30 },
    );
  });
});

it("the registry's rules all have a scope the check understands", () => {
  for (const r of RULES.values()) expect(["dependencies", "dependents", undefined]).toContain(r.scope);
});
