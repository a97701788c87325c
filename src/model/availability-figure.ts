/**
 * Availability figures as written (spec 7): a number in (0, 1] or a percentage string
 * such as "99.95%". Shared by the native reader, the importers' hints and the config.
 */

/** The figure as a probability in (0, 1], or a message saying what is wrong. */
export function parseAvailability(value: unknown): { value: number } | { error: string; hint: string } {
  if (typeof value === "number") {
    if (Number.isFinite(value) && value > 0 && value <= 1) return { value };
    if (Number.isFinite(value) && value > 1 && value <= 100) return { error: `${value} is not a probability`, hint: `write it as a percentage: "${value}%"` };
    return { error: `${value} is not in (0, 1]`, hint: "write a probability such as 0.9995 or a percentage such as 99.95%" };
  }
  if (typeof value === "string") {
    const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(value);
    if (m) {
      const pct = Number(m[1]);
      // `99.99e-2` reads as the double nearest 0.9999 (99.99 / 100 is one ulp off).
      if (pct > 0 && pct <= 100) return { value: Number(`${m[1]}e-2`) };
      return { error: `${value} is not a percentage in (0, 100]`, hint: "write a percentage such as 99.95%" };
    }
    const n = /^\s*[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isNaN(n)) return parseAvailability(n);
    return { error: `${JSON.stringify(value)} is not an availability`, hint: "write a probability such as 0.9995 or a percentage such as 99.95%" };
  }
  return { error: `${value === null ? "an empty value" : typeof value} is not an availability`, hint: "write a probability such as 0.9995 or a percentage such as 99.95%" };
}

/** A probability shown as a percentage with enough digits to tell the nines apart. */
export function formatPercent(p: number): string {
  if (p >= 1) return "100%";
  if (p <= 0) return "0%";
  // Enough decimals to show the first two significant digits of the unavailability.
  const u = 1 - p;
  const digits = Math.min(12, Math.max(2, Math.ceil(-Math.log10(u)) + 1 - 2 + 1));
  let s = (p * 100).toFixed(digits);
  s = s.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return `${s}%`;
}
