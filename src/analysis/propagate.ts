/**
 * The blast-radius engine (spec section 3) over the compiled model: an event-driven
 * worklist that only touches what changes, so a query costs what its answer costs.
 * States only ever rise (up → degraded → down), which makes the result the least
 * fixed point: cycles never fail by themselves. The down-only variant, for analyses that
 * ask many "is it down?" questions, is `DownState` in down-state.ts.
 */
import { DEGRADED, DOWN, REL_GROUP, REL_HARD, REL_PARENT, REL_RUNSON, REL_SOFT, UP, type CompiledEstate } from "../model/compile.js";

/** The raw outcome of a propagation. */
export interface Propagation {
  /** State per node: 0 up, 1 degraded, 2 down. */
  state: Uint8Array;
  /** Per affected node, the neighbour its state arrived from (-1 for failed or unaffected nodes). */
  cause: Int32Array;
  /** Per affected node, the relation code of that step. */
  causeRel: Uint8Array;
  /** The failed nodes, then every node that changed, in the order reached. */
  reached: Int32Array;
  reachedCount: number;
}

/** Propagates the failure of `failed` (integer ids) through the whole model. */
export function propagate(c: CompiledEstate, failed: ArrayLike<number>): Propagation {
  const n = c.n;
  const state = new Uint8Array(n);
  const sent = new Uint8Array(n); // the state already propagated to dependents
  const cause = new Int32Array(n).fill(-1);
  const causeRel = new Uint8Array(n);
  const downPlaced = new Int32Array(n);
  const gDown = new Int32Array(c.groupOwner.length);
  const gNotUp = new Int32Array(c.groupOwner.length);
  const queue = new Int32Array(2 * n + failed.length + 1);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < failed.length; i++) {
    const f = failed[i]!;
    if (state[f] === DOWN) continue;
    state[f] = DOWN;
    queue[tail++] = f;
  }
  const { revStart, revNode, revKind, revGroup, placeCount, minPlace, groupQuorum, groupSize, groupSoft } = c;
  while (head < tail) {
    const x = queue[head++]!;
    const now = state[x]!;
    const before = sent[x]!;
    if (now === before) continue;
    sent[x] = now;
    for (let j = revStart[x]!, end = revStart[x + 1]!; j < end; j++) {
      const y = revNode[j]!;
      const cur = state[y]!;
      // A down node can get no worse, and its counters are never read again.
      if (cur === DOWN) continue;
      let cand = UP;
      switch (revKind[j]) {
        case REL_PARENT:
          cand = now === DOWN ? DOWN : UP;
          break;
        case REL_RUNSON:
          if (now === DOWN && before !== DOWN) {
            const d = ++downPlaced[y]!;
            cand = placeCount[y]! - d < minPlace[y]! ? DOWN : DEGRADED;
          }
          break;
        case REL_HARD:
          cand = now;
          break;
        case REL_SOFT:
          cand = DEGRADED;
          break;
        case REL_GROUP: {
          const g = revGroup[j]!;
          if (before === UP) gNotUp[g]!++;
          if (now === DOWN && before !== DOWN) gDown[g]!++;
          cand = groupSize[g]! - gDown[g]! < groupQuorum[g]! ? DOWN : gNotUp[g]! > 0 ? DEGRADED : UP;
          if (cand === DOWN && groupSoft[g]) cand = DEGRADED;
          break;
        }
      }
      if (cand > cur) {
        state[y] = cand;
        cause[y] = x;
        causeRel[y] = revKind[j]!;
        queue[tail++] = y;
      }
    }
  }
  // Every node enters the queue at most once per state rise (twice at most), plus failed ids.
  const reached = queue.subarray(0, tail);
  return { state, cause, causeRel, reached, reachedCount: tail };
}
