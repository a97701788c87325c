/**
 * Down-only propagation (spec 3 with soft edges and degradation left out) restricted to
 * a set of nodes, with undo, and a count of the work done. The single-point-of-failure
 * and risk-group analyses ask thousands of "is it down if these fail?" questions; this
 * lets them ask only inside the dependency cone of the service they care about, and
 * stop at a budget.
 */
import { REL_GROUP, REL_HARD, REL_PARENT, REL_RUNSON, type CompiledEstate } from "./compile.js";

/** True when the relation at reverse-edge `j` makes its dependent down as soon as its dependency is (a single-input gate). */
export function isSingleInput(c: CompiledEstate, j: number): boolean {
  const y = c.revNode[j]!;
  switch (c.revKind[j]) {
    case REL_PARENT:
    case REL_HARD:
      return true;
    case REL_RUNSON:
      return c.replicaTotal[y]! - c.revWeight[j]! < c.minPlace[y]!;
    case REL_GROUP: {
      const g = c.revGroup[j]!;
      return !c.groupSoft[g] && c.groupSize[g]! - 1 < c.groupQuorum[g]!;
    }
    default:
      return false;
  }
}

/** True when the relation of forward-edge `j` can carry `down` (everything but soft edges and soft groups). */
export function carriesDown(c: CompiledEstate, j: number): boolean {
  const k = c.fwdKind[j];
  if (k === REL_GROUP) return !c.groupSoft[c.fwdGroup[j]!];
  return k === REL_PARENT || k === REL_RUNSON || k === REL_HARD;
}

/** The dependency cone of `target`: every node whose failure could make it down (itself included), as a 0/1 mask. */
export function downCone(c: CompiledEstate, target: number): Uint8Array {
  const mask = new Uint8Array(c.n);
  const stack = [target];
  mask[target] = 1;
  while (stack.length > 0) {
    const x = stack.pop()!;
    for (let j = c.fwdStart[x]!, end = c.fwdStart[x + 1]!; j < end; j++) {
      const d = c.fwdNode[j]!;
      if (!mask[d] && carriesDown(c, j)) {
        mask[d] = 1;
        stack.push(d);
      }
    }
  }
  return mask;
}

/**
 * A down set that grows with `add` and shrinks back with `undo`, like a stack. Nodes
 * outside `mask` (when given) are never touched: callers pass a cone closed under
 * dependencies, so states inside it are exact.
 */
export class DownState {
  readonly down: Uint8Array;
  /** Down replicas per service (spec 3.2). */
  readonly downPlaced: Uint16Array;
  readonly gDown: Uint16Array;
  /**
   * Per down node, the node whose failure tipped it (−1 for the nodes passed to `add`): the
   * same `cause` as `propagate` records for the same failures (both expand the down nodes
   * breadth-first in the same order), read with `causePath` (paths.ts). Only meaningful for
   * nodes that are down now.
   */
  readonly cause: Int32Array;
  /** The down nodes, in the order they went down; `queue[0..size)`. */
  readonly queue: Int32Array;
  size = 0;
  /** Reverse edges scanned so far, the unit of the work budgets. */
  work = 0;

  constructor(
    readonly c: CompiledEstate,
    readonly mask: Uint8Array | null = null,
  ) {
    this.down = new Uint8Array(c.n);
    this.downPlaced = new Uint16Array(c.n);
    this.gDown = new Uint16Array(c.groupOwner.length);
    this.queue = new Int32Array(c.n);
    this.cause = new Int32Array(c.n).fill(-1);
  }

  /** Fails `nodes` on top of the current state; returns the size before, to pass to `undo`. */
  add(nodes: ArrayLike<number>): number {
    const { down, downPlaced, gDown, queue, mask, cause } = this;
    const { revStart, revNode, revKind, revGroup, revWeight, placeNeed, groupNeed } = this.c;
    const from = this.size;
    let tail = from;
    for (let i = 0; i < nodes.length; i++) {
      const f = nodes[i]!;
      if (down[f]) continue;
      down[f] = 1;
      cause[f] = -1;
      queue[tail++] = f;
    }
    let head = from;
    let work = 0;
    while (head < tail) {
      const x = queue[head++]!;
      const end = revStart[x + 1]!;
      work += end - revStart[x]!;
      for (let j = revStart[x]!; j < end; j++) {
        const y = revNode[j]!;
        if (mask !== null && !mask[y]) continue;
        let fails = false;
        switch (revKind[j]) {
          case REL_PARENT:
          case REL_HARD:
            fails = true;
            break;
          case REL_RUNSON:
            fails = (downPlaced[y]! += revWeight[j]!) >= placeNeed[y]!;
            break;
          case REL_GROUP: {
            const g = revGroup[j]!;
            fails = ++gDown[g]! >= groupNeed[g]!;
            break;
          }
        }
        if (fails && !down[y]) {
          down[y] = 1;
          cause[y] = x;
          queue[tail++] = y;
        }
      }
    }
    this.work += work;
    this.size = tail;
    return from;
  }

  /** Returns to the state when `size` was `to` (a value `add` returned). */
  undo(to: number): void {
    const { down, downPlaced, gDown, queue, mask } = this;
    const { revStart, revNode, revKind, revGroup, revWeight } = this.c;
    for (let q = to; q < this.size; q++) {
      const x = queue[q]!;
      for (let j = revStart[x]!, end = revStart[x + 1]!; j < end; j++) {
        const y = revNode[j]!;
        if (mask !== null && !mask[y]) continue;
        const k = revKind[j];
        if (k === REL_RUNSON) downPlaced[y]! -= revWeight[j]!;
        else if (k === REL_GROUP) gDown[revGroup[j]!]!--;
      }
      down[x] = 0;
    }
    this.size = to;
  }
}
