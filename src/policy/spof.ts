/**
 * Adapter to the single-points-of-failure analysis (spec 5.1): every node other than
 * the service whose failure alone makes it `down`. Kept behind one function so the
 * policy rules do not depend on how the analysis is computed.
 */
import { compile } from "../model/compile.js";
import type { Estate } from "../model/types.js";
import { newDownScratch, propagateDown, undoDown } from "../analysis/propagate.js";

/**
 * Single points of failure of `serviceId`, sorted. Candidates are the nodes the service
 * reaches through its relations (nothing else can take it down); each is failed alone
 * with the down-only engine, whose down set equals that of spec section 3.
 */
export function spofsOf(estate: Estate, serviceId: string): string[] {
  const c = compile(estate);
  const s = c.index.get(serviceId);
  if (s === undefined) return [];
  const inCone = new Uint8Array(c.n);
  const stack = [s];
  inCone[s] = 1;
  while (stack.length > 0) {
    const x = stack.pop()!;
    for (let j = c.fwdStart[x]!, end = c.fwdStart[x + 1]!; j < end; j++) {
      const y = c.fwdNode[j]!;
      if (!inCone[y]) {
        inCone[y] = 1;
        stack.push(y);
      }
    }
  }
  const scratch = newDownScratch(c);
  const out: string[] = [];
  for (let x = 0; x < c.n; x++) {
    if (!inCone[x] || x === s) continue;
    const end = propagateDown(c, scratch, [x], 0);
    if (scratch.down[s]) out.push(c.ids[x]!);
    undoDown(c, scratch, 0, end);
  }
  // Integer ids follow sorted id order.
  return out;
}
