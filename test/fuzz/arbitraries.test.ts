/**
 * The shared binary-string arbitrary (test/helpers/arbitraries.ts) draws what fast-check's
 * `unit: "binary"` draws: every code point but the surrogate halves, the edges of each range,
 * NUL and the astral planes, fast-check's injected "dangerous strings", and it shrinks.
 * (Checked once against `fc.string({ unit: "binary" })`: the same 2,000 samples for seed 42;
 * that arbitrary is not built here, as building it costs ~1.5 s.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binaryString, binaryUnit } from "../helpers/arbitraries.js";

describe("binaryString", () => {
  it("takes back every code point but the surrogates (so shrinking and injected strings work)", () => {
    const unit = binaryUnit as unknown as { canShrinkWithoutContext(v: unknown): boolean };
    for (const cp of [0, 0x41, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff]) expect(unit.canShrinkWithoutContext(String.fromCodePoint(cp))).toBe(true);
    for (const bad of ["\ud800", "\udbff", "\udc00", "\udfff", "ab", "", 7]) expect(unit.canShrinkWithoutContext(bad)).toBe(false);
    // Both sides of the surrogate gap are drawn, up to the last code point.
    const cps = fc.sample(binaryUnit, { seed: 5, numRuns: 5000 }).map((s) => s.codePointAt(0)!);
    expect(cps.some((c) => c < 0xd800)).toBe(true);
    expect(cps.some((c) => c >= 0xe000 && c <= 0xffff)).toBe(true);
    expect(cps).toContain(0x10ffff);
  });

  it("draws NUL, astral code points, no lone surrogate, and fast-check's dangerous strings", () => {
    const samples = fc.sample(binaryString({ maxLength: 40 }), { seed: 1, numRuns: 3000 });
    const all = samples.join("");
    expect(all).toMatch(/\u0000/);
    expect(all).toMatch(/[\u{10000}-\u{10ffff}]/u);
    expect(all).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(samples.some((s) => s.includes("__proto__") || s.includes("constructor") || s.includes("toString"))).toBe(true);
    expect(Math.max(...samples.map((s) => [...s].length))).toBeLessThanOrEqual(40);
  });

  it("shrinks a failing string to a minimal one", () => {
    const r = fc.check(fc.property(binaryString({ maxLength: 40 }), (s) => !/[\u{10000}-\u{10ffff}]/u.test(s)), { seed: 3, numRuns: 2000 });
    expect(r.failed).toBe(true);
    expect([...(r.counterexample![0] as string)]).toHaveLength(1);
  });
});
