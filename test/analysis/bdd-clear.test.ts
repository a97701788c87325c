/**
 * `Bdd.clear()` (used when an availability analysis resets its manager after a limit) gives a
 * manager that behaves exactly as a new one: the same nodes, the same ids, the same steps (so
 * the same limits are met at the same point), whatever was in its cache before; also when
 * more slots were written than it logs.
 */
import { describe, expect, it } from "vitest";
import { Bdd } from "../../src/analysis/availability/bdd.js";

/** A fixed mix of operations over `n` variables; returns the root, the size and the steps taken. */
function work(b: Bdd, n: number, seed: number): number[] {
  const vars = Array.from({ length: n }, (_, i) => b.variable(i));
  let r = b.atLeast(Math.ceil(n / 3) + (seed % 3), vars);
  for (let i = 0; i + 2 < n; i += 3) r = b.or(b.and(r, vars[(i + seed) % n]!), b.and(vars[i + 1]!, b.not(vars[i + 2]!)));
  return [r, b.size, b.steps];
}

describe("Bdd.clear", () => {
  it("is a new manager: same nodes, ids and steps as a fresh one", () => {
    // 40 variables write more cache slots than clear() logs (it zeroes the whole key array then).
    for (const [n, seed] of [[9, 1], [40, 3]] as const) {
      const used = new Bdd(n);
      work(used, n, seed + 1); // fill its cache with other results
      work(used, n, seed + 2);
      used.clear();
      const fresh = new Bdd(n);
      expect(work(used, n, seed)).toEqual(work(fresh, n, seed));
      // The node tables, compared as bytes (toEqual on 18,000 numbers is slow).
      for (const k of ["level", "lo", "hi"] as const) expect(Buffer.from(used[k].buffer, 0, used.size * 4).equals(Buffer.from(fresh[k].buffer, 0, fresh.size * 4)), k).toBe(true);
    }
  });

  it("meets the step limit at the same point after a clear", () => {
    const used = new Bdd(40, 2_000_000, 500);
    expect(() => work(used, 40, 1)).toThrow(/limit/);
    used.clear();
    const fresh = new Bdd(40, 2_000_000, 500);
    let a = "";
    let b = "";
    try { work(used, 40, 3); } catch (e) { a = `${(e as Error).message} ${used.steps} ${used.size}`; }
    try { work(fresh, 40, 3); } catch (e) { b = `${(e as Error).message} ${fresh.steps} ${fresh.size}`; }
    expect(a).not.toBe("");
    expect(a).toBe(b);
  });
});
