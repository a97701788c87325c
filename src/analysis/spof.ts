/**
 * Single points of failure: for every node X, what goes down when X alone fails.
 * All nodes are answered in one walk that shares work between nodes whose down sets
 * nest (see SPOF.md); the answers are exactly those of `blastRadius` run per node.
 */
import { observedStepsOf } from "../observed/resolve.js";
import { compile, TIER_NAMES, type CompiledEstate } from "../engine/compile.js";
import type { Tier } from "../model/entities.js";
import type { Estate, NodeDescriptor } from "../model/types.js";
import { DEFAULT_MAX_PATH_CHARS, resolveIds } from "./blast-radius.js";
import { DownState, downCone, isSingleInput } from "../engine/down-state.js";
import { causeChain } from "./paths.js";
import { propagate } from "../engine/propagate.js";
import { ResultTooLargeError, UsageError } from "./errors.js";

/**
 * Calls `visit` once per strongly connected component of single-input edges (all its
 * members share one down set), with `st` holding exactly that down set. Nodes outside
 * `mask` are ignored; the mask must be closed under dependencies (a cone) or be null.
 *
 * How: a node X whose failure alone takes down a dependent Y through a single-input
 * relation has down(X) = down({X} ∪ down(Y)), so a depth-first walk of a forest in
 * which each node hangs under one such Y only propagates the increment, and undoes it
 * on the way back.
 */
export function walkSingleFailures(
  c: CompiledEstate,
  mask: Uint8Array | null,
  visit: (members: Int32Array, st: DownState, from: number, parentComp: number, comp: number) => void,
): DownState {
  const n = c.n;
  const { revStart, revNode } = c;
  const inside = (x: number) => mask === null || mask[x] === 1;
  // Single-input successor lists (x → y: y goes down when x does), as CSR.
  const sStart = new Int32Array(n + 1);
  for (let x = 0; x < n; x++) {
    let k = 0;
    if (inside(x)) for (let j = revStart[x]!, end = revStart[x + 1]!; j < end; j++) if (inside(revNode[j]!) && revNode[j] !== x && isSingleInput(c, j)) k++;
    sStart[x + 1] = sStart[x]! + k;
  }
  const sNode = new Int32Array(sStart[n]!);
  for (let x = 0, at = 0; x < n; x++) {
    if (!inside(x)) continue;
    for (let j = revStart[x]!, end = revStart[x + 1]!; j < end; j++) if (inside(revNode[j]!) && revNode[j] !== x && isSingleInput(c, j)) sNode[at++] = revNode[j]!;
  }

  // Tarjan's SCC, iterative; components come out successors first.
  const comp = new Int32Array(n).fill(-1);
  const idx = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const sccStack = new Int32Array(n);
  let sp = 0;
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let counter = 0;
  let comps = 0;
  const compStart: number[] = [0];
  const compNodes = new Int32Array(n);
  let compFill = 0;
  for (let root = 0; root < n; root++) {
    if (!inside(root) || idx[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = sStart[root]!;
    idx[root] = low[root] = counter++;
    sccStack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth]!;
      const e = callEdge[depth]!;
      if (e < sStart[v + 1]!) {
        callEdge[depth] = e + 1;
        const w = sNode[e]!;
        if (idx[w] === -1) {
          idx[w] = low[w] = counter++;
          sccStack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = sStart[w]!;
        } else if (onStack[w] && idx[w]! < low[v]!) low[v] = idx[w]!;
        continue;
      }
      if (low[v] === idx[v]) {
        let w: number;
        do {
          w = sccStack[--sp]!;
          onStack[w] = 0;
          comp[w] = comps;
          compNodes[compFill++] = w;
        } while (w !== v);
        comps++;
        compStart.push(compFill);
      }
      depth--;
      if (depth >= 0) {
        const u = callNode[depth]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
    }
  }

  // Each component hangs under the successor component with the largest down set, so that
  // the increment propagated for it is small. Sizes are estimated (Cohen's min-rank
  // estimator over the single-input DAG: K exponential ranks per node, the minimum over
  // everything reachable), which only steers the speed, never the answer. Successors come out first.
  const K = 8;
  const minRank = new Float64Array(comps * K).fill(Infinity);
  let seed = 0x9e3779b9;
  const rand = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return (seed + 0.5) / 4294967296;
  };
  const est = new Float64Array(comps);
  const parent = new Int32Array(comps).fill(-1);
  for (let k = 0; k < comps; k++) {
    const b = k * K;
    let best = -1;
    for (let q = compStart[k]!; q < compStart[k + 1]!; q++) {
      const x = compNodes[q]!;
      for (let i = 0; i < K; i++) {
        const r = -Math.log(rand());
        if (r < minRank[b + i]!) minRank[b + i] = r;
      }
      for (let s = sStart[x]!; s < sStart[x + 1]!; s++) {
        const d = comp[sNode[s]!]!;
        if (d === k) continue;
        for (let i = 0; i < K; i++) if (minRank[d * K + i]! < minRank[b + i]!) minRank[b + i] = minRank[d * K + i]!;
        if (best === -1 || est[d]! > est[best]! || (est[d] === est[best] && d < best)) best = d;
      }
    }
    let sum = 0;
    for (let i = 0; i < K; i++) sum += minRank[b + i]!;
    est[k] = (K - 1) / sum;
    parent[k] = best;
  }
  const childStart = new Int32Array(comps + 1);
  for (let k = 0; k < comps; k++) if (parent[k]! >= 0) childStart[parent[k]! + 1]!++;
  for (let k = 0; k < comps; k++) childStart[k + 1]! += childStart[k]!;
  const childFill = childStart.slice(0, comps);
  const children = new Int32Array(childStart[comps]!);
  for (let k = 0; k < comps; k++) if (parent[k]! >= 0) children[childFill[parent[k]!]!++] = k;

  const st = new DownState(c, mask);
  const frameComp = new Int32Array(comps);
  const frameFrom = new Int32Array(comps);
  const frameChild = new Int32Array(comps);
  for (let r = 0; r < comps; r++) {
    if (parent[r] !== -1) continue;
    let top = 0;
    frameComp[0] = r;
    frameFrom[0] = enter(r);
    frameChild[0] = childStart[r]!;
    while (top >= 0) {
      const k = frameComp[top]!;
      const ch = frameChild[top]!;
      if (ch < childStart[k + 1]!) {
        frameChild[top] = ch + 1;
        const kid = children[ch]!;
        top++;
        frameComp[top] = kid;
        frameFrom[top] = enter(kid);
        frameChild[top] = childStart[kid]!;
      } else {
        st.undo(frameFrom[top]!);
        top--;
      }
    }
  }
  return st;

  function enter(k: number): number {
    const members = compNodes.subarray(compStart[k]!, compStart[k + 1]!);
    const from = st.add(members);
    visit(members, st, from, parent[k]!, k);
    return from;
  }
}

/** One row of the ranking: a node and the damage of its failure alone. */
export interface SpofRow extends NodeDescriptor {
  /** Services down with it (itself excluded), as `blast <id>` counts them. */
  servicesDown: number;
  /** Of those, how many per tier. */
  byTier: { critical: number; high: number; medium: number; low: number };
  /** Services down at the ranking's tier or above (itself excluded). */
  servicesDownAtTier: number;
  /** Their ids, sorted (only for the first `detail` rows; absent beyond). */
  servicesAtTier?: string[];
}

/** The result of `spof` (all nodes). */
export interface SpofRanking {
  schemaVersion: 1;
  /** The tier that ranks first: services of this tier or above going down. */
  tier: Tier;
  summary: {
    nodes: number;
    services: number;
    /** Nodes whose failure alone takes down at least one other service. */
    singlePoints: number;
    /** Nodes whose failure alone takes down at least one service at the tier or above. */
    singlePointsAtTier: number;
  };
  /** Nodes that take down at least one other service, by damage: at-tier services down, then all services down, then id. */
  nodes: SpofRow[];
}

export interface SpofOptions {
  /** Rank first by services of this tier or above (default `critical`). */
  tier?: Tier;
  /** Keep only the first `limit` rows. */
  limit?: number;
  /**
   * List `servicesAtTier` for the first `detail` rows only (default 50). The lists of all
   * rows together can be as large as the sum of all down sets (hundreds of millions of ids
   * on a 100,000-node estate), so they are opt-in beyond the top rows.
   */
  detail?: number;
}

/** How many top rows of `spofRanking` carry their list of services by default. */
export const DEFAULT_SPOF_DETAIL = 50;

/** For every node, the services down when it alone fails, ranked by damage. */
export function spofRanking(estate: Estate, options: SpofOptions = {}): SpofRanking {
  const c = compile(estate);
  const n = c.n;
  const tierName = options.tier ?? "critical";
  const tierCut = TIER_NAMES.indexOf(tierName);
  if (tierCut < 0) throw new UsageError(`unknown tier ${JSON.stringify(tierName)} (expected one of ${TIER_NAMES.join(", ")})`);
  const { isService, tier } = c;
  // Cumulative counts per component (at most n of them): [all services, critical, high, medium, low].
  const compCounts = new Int32Array(n * 5);
  const compOf = new Int32Array(n).fill(-1);
  const compParent = new Int32Array(n).fill(-1);
  // The at-tier services each component's increment added, to rebuild lists by walking up.
  const incStart = new Int32Array(n);
  const incLen = new Int32Array(n);
  let incNodes = new Int32Array(1024);
  let incFill = 0;
  walkSingleFailures(c, null, (members, st, from, parentComp, k) => {
    const base = parentComp * 5;
    let all = 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    if (parentComp >= 0) {
      all = compCounts[base]!;
      t0 = compCounts[base + 1]!;
      t1 = compCounts[base + 2]!;
      t2 = compCounts[base + 3]!;
      t3 = compCounts[base + 4]!;
    }
    incStart[k] = incFill;
    const q0 = st.queue;
    for (let q = from, end = st.size; q < end; q++) {
      const x = q0[q]!;
      if (!isService[x]) continue;
      all++;
      const tx = tier[x]!;
      if (tx === 0) t0++;
      else if (tx === 1) t1++;
      else if (tx === 2) t2++;
      else t3++;
      if (tx <= tierCut) {
        if (incFill === incNodes.length) {
          const bigger = new Int32Array(incNodes.length * 2);
          bigger.set(incNodes);
          incNodes = bigger;
        }
        incNodes[incFill++] = x;
      }
    }
    incLen[k] = incFill - incStart[k]!;
    compParent[k] = parentComp;
    const b = k * 5;
    compCounts[b] = all;
    compCounts[b + 1] = t0;
    compCounts[b + 2] = t1;
    compCounts[b + 3] = t2;
    compCounts[b + 4] = t3;
    for (let i = 0; i < members.length; i++) compOf[members[i]!] = k;
  });

  let services = 0;
  for (let x = 0; x < n; x++) services += isService[x]!;
  const order: number[] = [];
  const atTier = new Int32Array(n);
  const downAll = new Int32Array(n);
  for (let x = 0; x < n; x++) {
    const k = compOf[x]!;
    const self = isService[x]!;
    downAll[x] = compCounts[k * 5]! - self;
    let a = 0;
    for (let i = 0; i <= tierCut; i++) a += compCounts[k * 5 + 1 + i]!;
    if (self && tier[x]! <= tierCut) a--;
    atTier[x] = a;
    if (downAll[x]! > 0) order.push(x);
  }
  let singlePointsAtTier = 0;
  for (const x of order) if (atTier[x]! > 0) singlePointsAtTier++;
  order.sort((a, b) => atTier[b]! - atTier[a]! || downAll[b]! - downAll[a]! || a - b);
  const kept = options.limit !== undefined ? order.slice(0, Math.max(0, options.limit)) : order;
  const detail = options.detail ?? DEFAULT_SPOF_DETAIL;
  const g = estate.graph;
  const rows = kept.map((x, rank): SpofRow => {
    const k = compOf[x]!;
    const a = g.getNodeAttributes(c.ids[x]!);
    const self = isService[x]!;
    const by = (i: number) => compCounts[k * 5 + 1 + i]! - (self && tier[x] === i ? 1 : 0);
    const row: SpofRow = {
      id: c.ids[x]!,
      kind: a.kind,
      hosting: a.hosting,
      servicesDown: downAll[x]!,
      byTier: { critical: by(0), high: by(1), medium: by(2), low: by(3) },
      servicesDownAtTier: atTier[x]!,
    };
    if (a.kind === "service") row.tier = a.tier;
    if (rank < detail) {
      const list: number[] = [];
      for (let p = k; p >= 0; p = compParent[p]!) {
        for (let q = incStart[p]!, end = q + incLen[p]!; q < end; q++) if (incNodes[q] !== x) list.push(incNodes[q]!);
      }
      list.sort((u, v) => u - v);
      row.servicesAtTier = list.map((i) => c.ids[i]!);
    }
    return row;
  });
  return {
    schemaVersion: 1,
    tier: tierName,
    summary: { nodes: n, services, singlePoints: order.length, singlePointsAtTier },
    nodes: rows,
  };
}

/** Every node other than `service` whose failure alone makes it down, sorted (spec 5.1 `spof --for`). */
export function singlePointsOfFailure(estate: Estate, service: string): string[] {
  const c = compile(estate);
  const [s] = resolveIds(c, [service]);
  return spofIndices(c, s!).map((i) => c.ids[i]!);
}

/** The single points of failure of node `s` as integer ids, ascending. */
export function spofIndices(c: CompiledEstate, s: number): number[] {
  const mask = downCone(c, s);
  const out: number[] = [];
  walkSingleFailures(c, mask, (members, st) => {
    if (!st.down[s]) return;
    for (let i = 0; i < members.length; i++) if (members[i] !== s) out.push(members[i]!);
  });
  return out.sort((a, b) => a - b);
}

/** One single point of failure of a service, with the path along which it takes the service down. */
export interface SpofDetail extends NodeDescriptor {
  /** From the service to the failed node, as in `blast`. */
  path: string[];
  /** With observed calls: the steps of `path` only observation shows (as in `blast`). */
  observedSteps?: number[];
}

/** Default work budget of `spofFor` (nodes reached plus path ids, over all single points). */
export const DEFAULT_SPOF_FOR_WORK = 50_000_000;

/** Options of `spofFor`. */
export interface SpofForOptions {
  /** Work budget: nodes reached plus path ids, over all single points (default 50,000,000). */
  maxWork?: number;
  /** Most characters the ids of all paths may hold together (default 100,000,000, as in `blast`). */
  maxPathChars?: number;
}

/** The result of `spof --for <service>`: spec 5.1, plus details for people. */
export interface SpofForResult {
  schemaVersion: 1;
  service: string;
  singlePointsOfFailure: string[];
  details: SpofDetail[];
}

/** The single points of failure of one service (spec 5.1), each with its path. */
export function spofFor(estate: Estate, service: string, options: SpofForOptions = {}): SpofForResult {
  const c = compile(estate);
  const [s] = resolveIds(c, [service]);
  const ids = spofIndices(c, s!);
  const g = estate.graph;
  // One propagation and one path per single point: on a dependency chain thousands of steps
  // long that is quadratic, so the nodes reached and path ids together have a budget.
  const maxWork = options.maxWork ?? DEFAULT_SPOF_FOR_WORK;
  const maxChars = options.maxPathChars ?? DEFAULT_MAX_PATH_CHARS;
  let work = 0;
  let chars = 0;
  const details = ids.map((x): SpofDetail => {
    const p = propagate(c, [x]);
    const chain = causeChain(p.cause, s!, (i) => i === x);
    work += p.reachedCount + chain.length;
    if (work > maxWork) {
      throw new ResultTooLargeError(
        `explaining the ${ids.length} single points of failure of ${c.ids[s!]} takes more than ${maxWork} steps (long dependency chains, or a low limit); raise options.maxWork`,
      );
    }
    for (const i of chain) chars += c.ids[i]!.length;
    if (chars > maxChars) {
      throw new ResultTooLargeError(
        `the paths explaining the ${ids.length} single points of failure of ${c.ids[s!]} hold more than ${maxChars} characters of ids (chains of nested locations or dependencies thousands of steps long); raise options.maxPathChars`,
      );
    }
    const path = chain.map((i) => c.ids[i]!);
    const a = g.getNodeAttributes(c.ids[x]!);
    const d: SpofDetail = { id: c.ids[x]!, kind: a.kind, hosting: a.hosting, path };
    if (a.kind === "service") d.tier = a.tier;
    const observed = observedStepsOf(estate, path);
    if (observed.length > 0) d.observedSteps = observed;
    return d;
  });
  return { schemaVersion: 1, service: c.ids[s!]!, singlePointsOfFailure: ids.map((i) => c.ids[i]!), details };
}

/** (watched node, single point of failure) pairs of the whole estate, from one all-node walk. */
export interface SingleFailurePairs {
  /** How many pairs there are (known before any is listed). */
  count: number;
  /** The pairs, by watched node ascending, then single point ascending: `s[i]` goes down when `x[i]` alone fails. */
  list(): { s: Int32Array; x: Int32Array };
}

/**
 * For every node X and every node S with `watch[S]` (S ≠ X) that is down when X alone
 * fails: the pair (S, X). One walk of `walkSingleFailures` for the whole estate (not one per
 * watched node), recording only the watched nodes each step adds; listing costs the pairs.
 * Equal to `spofIndices` per watched node (test/scale/check-property.test.ts). With `mask`
 * (closed under dependencies, holding every watched node's cone), only the mask is walked.
 */
export function singleFailurePairs(c: CompiledEstate, watch: Uint8Array, mask: Uint8Array | null = null): SingleFailurePairs {
  const n = c.n;
  const compOf = new Int32Array(n).fill(-1);
  const parentOf = new Int32Array(n).fill(-1);
  const cum = new Float64Array(n); // watched nodes down in a component's down set
  const up = new Int32Array(n).fill(-1); // nearest ancestor-or-self with a non-empty increment
  const incStart = new Int32Array(n);
  const incLen = new Int32Array(n);
  let inc = new Int32Array(1024);
  let fill = 0;
  walkSingleFailures(c, mask, (members, st, from, parentComp, k) => {
    incStart[k] = fill;
    const q0 = st.queue;
    for (let q = from, end = st.size; q < end; q++) {
      const y = q0[q]!;
      if (!watch[y]) continue;
      if (fill === inc.length) {
        const bigger = new Int32Array(inc.length * 2);
        bigger.set(inc);
        inc = bigger;
      }
      inc[fill++] = y;
    }
    incLen[k] = fill - incStart[k]!;
    parentOf[k] = parentComp;
    cum[k] = incLen[k]! + (parentComp >= 0 ? cum[parentComp]! : 0);
    up[k] = incLen[k]! > 0 ? k : parentComp >= 0 ? up[parentComp]! : -1;
    for (let i = 0; i < members.length; i++) compOf[members[i]!] = k;
  });
  let count = 0;
  for (let x = 0; x < n; x++) if (compOf[x]! >= 0) count += cum[compOf[x]!]! - (watch[x] ? 1 : 0);
  return {
    count,
    list() {
      // Counting sort by watched node; x ascending within each (x is visited in order).
      const perS = new Int32Array(n + 1);
      const each = (emit: (s: number, x: number) => void) => {
        for (let x = 0; x < n; x++) {
          const k = compOf[x]!;
          if (k < 0) continue;
          for (let p = up[k]!; p >= 0; p = parentOf[p]! >= 0 ? up[parentOf[p]!]! : -1) {
            for (let q = incStart[p]!, end = q + incLen[p]!; q < end; q++) if (inc[q] !== x) emit(inc[q]!, x);
          }
        }
      };
      each((s) => perS[s + 1]!++);
      for (let i = 0; i < n; i++) perS[i + 1]! += perS[i]!;
      const at = perS.slice(0, n);
      const s = new Int32Array(perS[n]!);
      const x = new Int32Array(perS[n]!);
      each((si, xi) => {
        const k = at[si]!++;
        s[k] = si;
        x[k] = xi;
      });
      return { s, x };
    },
  };
}
