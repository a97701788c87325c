/**
 * The blast-radius engine (spec section 3) over the compiled model: an event-driven
 * worklist that only touches what changes, so a query costs what its answer costs.
 * States only ever rise (up → degraded → down), which makes the result the least
 * fixed point: cycles never fail by themselves. The down-only variant, for analyses that
 * ask many "is it down?" questions, is `DownState` in down-state.ts.
 */
import { DEGRADED, DOWN, REL_GROUP, REL_HARD, REL_PARENT, REL_RUNSON, UP, type CompiledEstate } from "./compile.js";

/** The raw outcome of a propagation. */
export interface Propagation {
  /** State per node: 0 up, 1 degraded, 2 down. */
  state: Uint8Array;
  /** Per affected node, the neighbour its state arrived from (-1 for failed or unaffected nodes). */
  cause: Int32Array;
  /** Per affected node, the relation code of that step. */
  causeRel: Uint8Array;
  /** The failed nodes, then every node that changed (a node may appear twice: degraded, then down). */
  reached: Int32Array;
  reachedCount: number;
}

/**
 * Propagates the failure of `failed` (integer ids) through the whole model, in two phases:
 * first every `down` (down only ever comes from down), then every `degraded` (degraded only
 * ever yields degraded). So each node is expanded at most once, with its final state, and
 * the second phase is a plain breadth-first search.
 */
export function propagate(c: CompiledEstate, failed: ArrayLike<number>): Propagation {
  const n = c.n;
  const state = new Uint8Array(n);
  const cause = new Int32Array(n).fill(-1);
  const causeRel = new Uint8Array(n);
  const downPlaced = new Uint16Array(n); // down replicas; replicas per service ≤ 65,535 (build-model.ts)
  const gDown = new Uint16Array(c.groupOwner.length); // members per group ≤ 65,534 (build-model.ts)
  // One buffer for both worklists: nodes that went down (the failed ones first) from 0, nodes
  // that went degraded from n + 1 (each list holds every node at most once).
  const queue = new Int32Array(2 * n + 1);
  const dq = n + 1;
  let downTail = 0;
  let degradedTail = 0;
  for (let i = 0; i < failed.length; i++) {
    const f = failed[i]!;
    if (state[f] === DOWN) continue;
    state[f] = DOWN;
    queue[downTail++] = f;
  }
  const { revStart, revNode, revKind, revGroup, revWeight, placeNeed, groupNeed } = c;
  // Phase 1: down. Every node expanded here was up before, so counters count it once.
  // The tests are ordered by how common each relation is (hard, group, placement, soft).
  for (let head = 0; head < downTail; head++) {
    const x = queue[head]!;
    for (let j = revStart[x]!, end = revStart[x + 1]!; j < end; j++) {
      const y = revNode[j]!;
      const cur = state[y]!;
      // A down node can get no worse, and its counters are never read again.
      if (cur === DOWN) continue;
      const k = revKind[j]!;
      let down: boolean;
      if (k === REL_HARD || k === REL_PARENT) down = true;
      else if (k === REL_GROUP) down = ++gDown[revGroup[j]!]! >= groupNeed[revGroup[j]!]!;
      else if (k === REL_RUNSON) down = (downPlaced[y]! += revWeight[j]!) >= placeNeed[y]!;
      else down = false; // soft
      if (down) {
        state[y] = DOWN;
        cause[y] = x;
        causeRel[y] = k;
        queue[downTail++] = y;
      } else if (cur === UP) {
        state[y] = DEGRADED;
        cause[y] = x;
        causeRel[y] = k;
        queue[dq + degradedTail++] = y;
      }
    }
  }
  // Phase 2: degraded. Nothing can go down any more; a degraded node degrades every
  // dependent but its child locations and placements (locations are never degraded).
  for (let head = 0; head < degradedTail; head++) {
    const x = queue[dq + head]!;
    if (state[x] !== DEGRADED) continue; // went down later in phase 1, already expanded
    for (let j = revStart[x]!, end = revStart[x + 1]!; j < end; j++) {
      const y = revNode[j]!;
      if (state[y] !== UP) continue;
      const k = revKind[j]!;
      if (k === REL_PARENT || k === REL_RUNSON) continue;
      state[y] = DEGRADED;
      cause[y] = x;
      causeRel[y] = k;
      queue[dq + degradedTail++] = y;
    }
  }
  queue.copyWithin(downTail, dq, dq + degradedTail);
  const reachedCount = downTail + degradedTail;
  return { state, cause, causeRel, reached: queue.subarray(0, reachedCount), reachedCount };
}
