/** "Did you mean": the nearest known name to a misspelt one, within a work budget per load. */

/** The closest candidate by edit distance, when close enough to be a likely typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  // Only a candidate within `accept` edits is ever suggested, so no distance needs computing
  // beyond it: most candidates are dismissed by length or after a few rows (thousands of
  // unknown references against tens of thousands of ids took minutes).
  const accept = Math.max(2, Math.floor(word.length / 3));
  let bestD = accept;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), bestD);
    if (d > accept) continue;
    if (d < bestD || best === undefined || (d === bestD && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** Most candidate ids scanned for suggestions in one load (about a second of work). */
export const SUGGESTION_WORK = 2_000_000;
const workLeft = new WeakMap<object, number>();

/**
 * `nearest`, within a budget of ids scanned per load (keyed by the load's diagnostic bag):
 * thousands of unknown references each scanning tens of thousands of ids took minutes.
 * Past the budget there is no suggestion.
 */
/** True while the load's suggestion budget still covers a scan of `size` candidates. */
export function canSuggest(load: object, size: number): boolean {
  return (workLeft.get(load) ?? SUGGESTION_WORK) >= size;
}

export function suggest(load: object, word: string, candidates: Iterable<string>, size: number): string | undefined {
  const left = workLeft.get(load) ?? SUGGESTION_WORK;
  if (left < size) {
    workLeft.set(load, 0);
    return undefined;
  }
  workLeft.set(load, left - size);
  return nearest(word, candidates);
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Levenshtein distance, giving up early once above `limit`. With a limit only the band of
 * cells within `limit` of the diagonal is computed (no path of cost ≤ limit leaves it), in two
 * reused rows: suggestions scan every id for each unknown reference.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  if (m + 2 > rowA.length) {
    rowA = new Int32Array(2 * (m + 2));
    rowB = new Int32Array(2 * (m + 2));
  }
  let prev = rowA;
  let cur = rowB;
  const band = Math.min(Math.max(n, m), Math.max(0, Math.floor(limit)));
  const big = n + m + 1;
  for (let j = 0; j <= m; j++) prev[j] = j <= band ? j : big;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(m, i + band);
    cur[lo - 1] = lo === 1 ? i : big;
    let rowMin = cur[lo - 1]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = big;
    if (rowMin > limit) return limit + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}
