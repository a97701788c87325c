/**
 * fast-check arbitraries shared by the property and fuzz tests.
 *
 * `binaryString` draws exactly what `fc.string({ unit: "binary" })` draws (every code point but
 * the surrogate halves, NUL and the astral planes included; the same values for the same seed,
 * the same "dangerous strings" such as `__proto__` mixed in), without its start-up cost:
 * fast-check's own binary unit builds a reverse map of all 1.1 million code points the first
 * time it is created (~1.5 s per test file). This unit maps an integer to its code point and
 * back by arithmetic, so shrinking and the injected strings still work.
 */
import fc from "fast-check";

/** Code points below the surrogates, then the ones above them (0xE000..0x10FFFF). */
const SURROGATES = 0x800;
const LAST = 0x10ffff - SURROGATES;

/** One code point (not a surrogate half) as a string: fast-check's `binary` unit, by arithmetic. */
export const binaryUnit: fc.Arbitrary<string> = fc.nat({ max: LAST }).map(
  (n) => String.fromCodePoint(n < 0xd800 ? n : n + SURROGATES),
  (s) => {
    if (typeof s !== "string") throw new Error("not a string");
    const c = s.codePointAt(0);
    if (c === undefined || s.length !== (c > 0xffff ? 2 : 1) || (c >= 0xd800 && c <= 0xdfff)) throw new Error("not one code point");
    return c < 0xd800 ? c : c - SURROGATES;
  },
);

/** `fc.string({ ...constraints, unit: "binary" })`, same values, created in microseconds. */
export function binaryString(constraints: fc.StringSharedConstraints = {}): fc.Arbitrary<string> {
  return fc.string({ ...constraints, unit: binaryUnit });
}
