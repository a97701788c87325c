/**
 * Strongly connected components of the relations that carry `down` (iterative Tarjan: no
 * recursion, whatever the depth of the estate). Availability and the fault-tree export walk
 * them dependencies first, so that a cycle gets its least fixed point (spec 3).
 */
import type { CompiledEstate } from "./compile.js";
import { carriesDown } from "./down-state.js";

/**
 * Tarjan's state over one compiled estate, kept between walks: a node reached by an earlier
 * walk (or that `done` calls finished) is not visited again.
 */
export class DownComponents {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private counter = 0;

  constructor(private readonly c: CompiledEstate) {
    this.index = new Int32Array(c.n).fill(-1);
    this.low = new Int32Array(c.n);
    this.onStack = new Uint8Array(c.n);
  }

  /**
   * Calls `visit(members)` for each component reachable from `s` along down-carrying forward
   * relations, a component after every component it depends on. Nodes for which `done` is true
   * are neither entered nor reported (their result is known). Members come in Tarjan's pop order.
   */
  walk(s: number, visit: (members: number[]) => void, done: (x: number) => boolean = () => false): void {
    const { c, index, low, onStack } = this;
    if (index[s]! >= 0 || done(s)) return;
    const call: number[] = [s];
    const cursor: number[] = [c.fwdStart[s]!];
    const stack: number[] = [s];
    index[s] = low[s] = this.counter++;
    onStack[s] = 1;
    while (call.length > 0) {
      const top = call.length - 1;
      const v = call[top]!;
      const j = cursor[top]!;
      if (j < c.fwdStart[v + 1]!) {
        cursor[top] = j + 1;
        if (!carriesDown(c, j)) continue;
        const w = c.fwdNode[j]!;
        if (done(w)) continue;
        if (index[w]! < 0) {
          index[w] = low[w] = this.counter++;
          onStack[w] = 1;
          stack.push(w);
          call.push(w);
          cursor.push(c.fwdStart[w]!);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      call.pop();
      cursor.pop();
      if (call.length > 0) {
        const u = call[call.length - 1]!;
        low[u] = Math.min(low[u]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      const members: number[] = [];
      for (;;) {
        const w = stack.pop()!;
        onStack[w] = 0;
        members.push(w);
        if (w === v) break;
      }
      visit(members);
    }
  }
}
