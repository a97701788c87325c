/**
 * A small reduced ordered binary decision diagram (BDD) package for the availability
 * analysis: a unique table (so equal functions are the same node), AND / OR / XOR with a
 * lossy computed cache, and threshold ("at least t of these") gates. Every operation runs on
 * explicit stacks, never recursion, so a long chain of variables cannot overflow the call
 * stack. Node 0 is FALSE, node 1 is TRUE; a variable is identified by its level (its place in
 * the order, 0 first). See docs/availability.md.
 */

export const FALSE = 0;
export const TRUE = 1;

const OP_AND = 0;
const OP_OR = 1;
const OP_XOR = 2;

/** Cache writes logged for `clear()`; more, and it zeroes the whole key array (4 MB). */
const WRITE_LOG = 1 << 14;

/** Thrown when the diagram would grow past its node limit; callers fall back to bounds. */
export class BddLimitExceeded extends Error {
  constructor(readonly limit: number) {
    super(`BDD node limit ${limit} reached`);
  }
}

/** A BDD manager: nodes live in flat arrays and are never freed (a manager is per analysis). */
export class Bdd {
  /** Level of each node's variable (terminals: `levels`, below every variable). */
  level: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  size = 2;
  private uniq: Int32Array;
  private uniqMask: number;
  private cacheA: Int32Array;
  private cacheB: Int32Array;
  private cacheR: Int32Array;
  private readonly cacheMask: number;
  /** The first slots of the cache written since the manager was new or cleared, and how many were written. */
  private readonly writeLog = new Int32Array(WRITE_LOG);
  private written = 0;
  /** Apply steps taken (cache misses), a measure of work. */
  steps = 0;
  /** `steps` past which an operation gives up (callers move it forward per task). */
  stepLimit: number;

  constructor(
    readonly levels: number,
    readonly maxNodes: number = 2_000_000,
    /** Most apply steps before giving up (threshold gates can take many steps for few nodes). */
    readonly maxSteps: number = 50_000_000,
  ) {
    this.stepLimit = maxSteps;
    const cap = 1024;
    this.level = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.hi = new Int32Array(cap);
    this.level[0] = levels;
    this.level[1] = levels;
    this.uniq = new Int32Array(2048).fill(-1);
    this.uniqMask = 2047;
    // The computed cache starts as zeroes, which mean "empty" (a key is stored plus one), so it
    // is never filled to clear it; `clear()` empties it again by the slots written (see there).
    const cacheSize = 1 << 20;
    this.cacheA = new Int32Array(cacheSize);
    this.cacheB = new Int32Array(cacheSize);
    this.cacheR = new Int32Array(cacheSize);
    this.cacheMask = cacheSize - 1;
  }

  /**
   * Back to a new, empty manager (no node but the terminals, no step taken, an empty cache),
   * keeping the memory: a reset after a limit costs what was written since, not new 12 MB
   * arrays. The slots written are logged up to a point; past it the whole key array is zeroed.
   */
  clear(): void {
    this.size = 2;
    this.steps = 0;
    this.stepLimit = this.maxSteps;
    this.uniq = new Int32Array(2048).fill(-1);
    this.uniqMask = 2047;
    if (this.written > WRITE_LOG) this.cacheA.fill(0);
    else for (let i = 0; i < this.written; i++) this.cacheA[this.writeLog[i]!] = 0;
    this.written = 0;
  }

  /** The node of variable `level` with `lo` (variable false) and `hi` (variable true). */
  mk(level: number, lo: number, hi: number): number {
    if (lo === hi) return lo;
    let h = hash3(level, lo, hi) & this.uniqMask;
    const uniq = this.uniq;
    for (;;) {
      const x = uniq[h]!;
      if (x < 0) break;
      if (this.level[x] === level && this.lo[x] === lo && this.hi[x] === hi) return x;
      h = (h + 1) & this.uniqMask;
    }
    if (this.size >= this.maxNodes) throw new BddLimitExceeded(this.maxNodes);
    if (this.size === this.level.length) this.growNodes();
    const id = this.size++;
    this.level[id] = level;
    this.lo[id] = lo;
    this.hi[id] = hi;
    uniq[h] = id;
    if (this.size * 2 > this.uniqMask) this.rehash();
    return id;
  }

  /** The function "variable `level` is true". */
  variable(level: number): number {
    return this.mk(level, FALSE, TRUE);
  }

  and(a: number, b: number): number {
    return this.apply(OP_AND, a, b);
  }

  or(a: number, b: number): number {
    return this.apply(OP_OR, a, b);
  }

  not(a: number): number {
    return this.apply(OP_XOR, a, TRUE);
  }

  /**
   * "At least `t` of the weighted inputs are true": the sum of the weights of the true
   * inputs reaches `t`. A dynamic programme over the inputs, one partial sum (capped at t)
   * per entry; with unit weights and t past half the inputs it is built from the other
   * side ("fewer than n − t + 1 are false"), which keeps it at O(n · min(t, n − t)).
   */
  atLeast(t: number, inputs: readonly number[], weights?: readonly number[]): number {
    if (t <= 0) return TRUE;
    const n = inputs.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += weights ? weights[i]! : 1;
    if (total < t) return FALSE;
    if (!weights && 2 * t > n + 1) {
      // at least t true ⇔ not (at least n − t + 1 false)
      const negated = inputs.map((x) => this.not(x));
      return this.not(this.atLeast(n - t + 1, negated));
    }
    if (t === 1) {
      let r = FALSE;
      for (const x of inputs) r = this.or(r, x);
      return r;
    }
    // f[j]: "the inputs so far weigh at least j" (f[0] is TRUE).
    const f = new Int32Array(t + 1);
    f[0] = TRUE;
    for (let i = 0; i < n; i++) {
      const x = inputs[i]!;
      const w = weights ? weights[i]! : 1;
      for (let j = t; j >= 1; j--) {
        const from = j - w <= 0 ? TRUE : f[j - w]!;
        if (from === FALSE) continue;
        f[j] = this.or(f[j]!, this.and(x, from));
      }
    }
    return f[t]!;
  }

  // Work stacks of `apply`, kept between calls (apply is not re-entrant).
  private sa: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private sb: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private sv: Int32Array<ArrayBuffer> = new Int32Array(1024);

  private apply(op: number, a0: number, b0: number): number {
    const quick = this.terminal(op, a0, b0);
    if (quick >= 0) return quick;
    const first = this.cacheGet(op, a0 < b0 ? a0 : b0, a0 < b0 ? b0 : a0);
    if (first >= 0) return first;
    // Explicit stacks, no recursion: a task is a pair (a, b) to expand, or a build marker
    // (a = −1 − level, b = the slot of the pair in the value stack) that makes the node from
    // the two results above it and caches it under the pair kept there.
    let sa = this.sa;
    let sb = this.sb;
    let sv = this.sv;
    let top = 0;
    let vtop = 0;
    sa[top] = a0;
    sb[top++] = b0;
    const { level, lo, hi } = this;
    while (top > 0) {
      const a = sa[--top]!;
      const b = sb[top]!;
      if (a < 0) {
        const h = sv[--vtop]!;
        const l = sv[--vtop]!;
        // The pair sits below its two results: (x, y) in sv[b], sv[b + 1].
        const x = sv[b]!;
        const y = sv[b + 1]!;
        vtop = b;
        const r = this.mk(-1 - a, l, h);
        this.cachePut(op, x, y, r);
        sv[vtop++] = r;
        continue;
      }
      const t = this.terminal(op, a, b);
      if (t >= 0) {
        sv[vtop++] = t;
        continue;
      }
      // Every operation is commutative: the cache keys on the ordered pair.
      const x = a < b ? a : b;
      const y = a < b ? b : a;
      const cached = this.cacheGet(op, x, y);
      if (cached >= 0) {
        sv[vtop++] = cached;
        continue;
      }
      if (++this.steps > this.stepLimit) throw new BddLimitExceeded(this.maxNodes);
      if (top + 3 >= sa.length) {
        this.sa = sa = growI32(sa);
        this.sb = sb = growI32(sb);
      }
      if (vtop + 4 >= sv.length) this.sv = sv = growI32(sv);
      const la = level[x]!;
      const lb = level[y]!;
      const lv = la < lb ? la : lb;
      const slot = vtop;
      sv[vtop++] = x;
      sv[vtop++] = y;
      sa[top] = -1 - lv;
      sb[top++] = slot;
      sa[top] = la === lv ? hi[x]! : x;
      sb[top++] = lb === lv ? hi[y]! : y;
      sa[top] = la === lv ? lo[x]! : x;
      sb[top++] = lb === lv ? lo[y]! : y;
    }
    return sv[0]!;
  }

  /** The result when it needs no expansion, else −1. */
  private terminal(op: number, a: number, b: number): number {
    if (op === OP_AND) {
      if (a === FALSE || b === FALSE) return FALSE;
      if (a === TRUE) return b;
      if (b === TRUE || a === b) return a;
      return -1;
    }
    if (op === OP_OR) {
      if (a === TRUE || b === TRUE) return TRUE;
      if (a === FALSE) return b;
      if (b === FALSE || a === b) return a;
      return -1;
    }
    if (a === b) return FALSE;
    if (a === FALSE) return b;
    if (b === FALSE) return a;
    if (a <= TRUE && b <= TRUE) return a ^ b;
    return -1;
  }

  private cacheGet(op: number, a: number, b: number): number {
    const h = (hash3(op, a, b) >>> 0) & this.cacheMask;
    return this.cacheA[h] === a * 4 + op + 1 && this.cacheB[h] === b ? this.cacheR[h]! : -1;
  }

  private cachePut(op: number, a: number, b: number, r: number): void {
    const h = (hash3(op, a, b) >>> 0) & this.cacheMask;
    if (this.written < WRITE_LOG) this.writeLog[this.written] = h;
    this.written++;
    this.cacheA[h] = a * 4 + op + 1;
    this.cacheB[h] = b;
    this.cacheR[h] = r;
  }

  private growNodes(): void {
    const cap = this.level.length * 2;
    const grow = (arr: Int32Array) => {
      const next = new Int32Array(cap);
      next.set(arr);
      return next;
    };
    this.level = grow(this.level);
    this.lo = grow(this.lo);
    this.hi = grow(this.hi);
  }

  private rehash(): void {
    const size = (this.uniqMask + 1) * 2;
    const uniq = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let x = 2; x < this.size; x++) {
      let h = hash3(this.level[x]!, this.lo[x]!, this.hi[x]!) & mask;
      while (uniq[h]! >= 0) h = (h + 1) & mask;
      uniq[h] = x;
    }
    this.uniq = uniq;
    this.uniqMask = mask;
  }

  /**
   * Probability that each node's function is true, for every node created so far, when
   * variable at level v is true with probability `q[v]`, independently. Children are always
   * created before their parents, so one pass in creation order suffices.
   */
  probabilities(q: Float64Array, into?: Float64Array, from = 2): Float64Array {
    const p = into && into.length >= this.size ? into : growF64(into, this.size);
    p[0] = 0;
    p[1] = 1;
    for (let x = from; x < this.size; x++) {
      const qv = q[this.level[x]!]!;
      p[x] = qv * p[this.hi[x]!]! + (1 - qv) * p[this.lo[x]!]!;
    }
    return p;
  }

  // Scratch of `reachable` and `birnbaum`, reused between calls (sized to the manager).
  private mark = new Int32Array(0);
  private markNo = 0;
  private reachP = new Float64Array(0);

  /** The nodes reachable from `root` (terminals excluded), parents before children. */
  reachable(root: number): Int32Array {
    if (root <= TRUE) return new Int32Array(0);
    if (this.mark.length < this.size) this.mark = new Int32Array(Math.max(this.size, this.mark.length * 2));
    const stamp = ++this.markNo;
    const mark = this.mark;
    let out = new Int32Array(64);
    let n = 0;
    let stack = new Int32Array(64);
    let top = 0;
    stack[top++] = root;
    mark[root] = stamp;
    while (top > 0) {
      const x = stack[--top]!;
      if (n === out.length) out = growI32(out);
      out[n++] = x;
      const l = this.lo[x]!;
      const h = this.hi[x]!;
      if (top + 2 >= stack.length) stack = growI32(stack);
      if (l > TRUE && mark[l] !== stamp) {
        mark[l] = stamp;
        stack[top++] = l;
      }
      if (h > TRUE && mark[h] !== stamp) {
        mark[h] = stamp;
        stack[top++] = h;
      }
    }
    // A parent always has a larger index than its children.
    return out.subarray(0, n).sort().reverse();
  }

  /**
   * Birnbaum importance of every variable for the function `root`: ∂P(root)/∂q[v], the
   * difference between the probability with v true and with v false. In an ordered diagram
   * each path meets a variable at most once, so the derivative is the sum, over nodes of
   * that variable, of the probability of reaching the node times P(hi) − P(lo).
   * Returns it with the number of nodes of the function.
   */
  birnbaum(root: number, q: Float64Array, p: Float64Array): { importance: Float64Array; nodes: number } {
    const out = new Float64Array(this.levels);
    if (root <= TRUE) return { importance: out, nodes: 0 };
    const nodes = this.reachable(root);
    if (this.reachP.length < this.size) this.reachP = new Float64Array(Math.max(this.size, this.reachP.length * 2));
    const reach = this.reachP;
    for (let i = 0; i < nodes.length; i++) reach[nodes[i]!] = 0;
    reach[root] = 1;
    for (let i = 0; i < nodes.length; i++) {
      const x = nodes[i]!;
      const r = reach[x]!;
      const v = this.level[x]!;
      const qv = q[v]!;
      const l = this.lo[x]!;
      const h = this.hi[x]!;
      out[v]! += r * (p[h]! - p[l]!);
      if (l > TRUE) reach[l]! += r * (1 - qv);
      if (h > TRUE) reach[h]! += r * qv;
    }
    return { importance: out, nodes: nodes.length };
  }
}

function growI32(prev: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(prev.length * 2);
  next.set(prev);
  return next;
}

function growF64(prev: Float64Array | undefined, size: number): Float64Array {
  const next = new Float64Array(Math.max(size, (prev?.length ?? 0) * 2, 1024));
  if (prev) next.set(prev);
  return next;
}

function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h & 0x7fffffff;
}
