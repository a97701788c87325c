/** Rule: a cycle of hard dependencies between services. */
import type { Estate } from "../../model/types.js";
import type { Finding, Rule } from "../types.js";
import { hardEdges, hardGroups, servicesOf } from "./helpers.js";

/** Required dependencies: direct hard ones and members of hard groups that need every member. */
function requiredGraph(e: Estate, inScope?: (id: string) => boolean): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  // Restricted to a scope, the graph keeps every cycle of the scope: the scope holds every
  // node that reaches one of its nodes (src/policy/scope.ts), so a cycle is in it or outside.
  const keep = (id: string) => e.graph.getNodeAttribute(id, "kind") === "service" && (inScope?.(id) ?? true);
  for (const s of servicesOf(e)) {
    if (inScope && !inScope(s.id)) continue;
    const to = new Set<string>();
    for (const d of hardEdges(e, s.id)) if (keep(d.to)) to.add(d.to);
    for (const { group } of hardGroups(e, s.id)) {
      if (group.quorum < group.members.length) continue;
      for (const m of group.members) if (keep(m)) to.add(m);
    }
    adj.set(s.id, [...to].sort());
  }
  return adj;
}

/** Strongly connected components with more than one node (Tarjan, iterative), each sorted. */
export function cyclesOf(adj: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of [...adj.keys()].sort()) {
    if (index.has(root)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const succ = adj.get(top.v) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  }
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** A shortest cycle through `start` inside `members` (breadth-first), as [start, …, start]. */
function cycleThrough(adj: Map<string, string[]>, start: string, members: Set<string>): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const x = queue[q]!;
    for (const y of adj.get(x) ?? []) {
      if (!members.has(y)) continue;
      if (y === start) {
        const path = [start];
        for (let c: string | undefined = x; c !== undefined && c !== start; c = prev.get(c)) path.push(c);
        return [start, ...path.slice(1).reverse(), start];
      }
      if (!prev.has(y)) {
        prev.set(y, x);
        queue.push(y);
      }
    }
  }
  return [start];
}

export const newDependencyCycle: Rule = {
  id: "new-dependency-cycle",
  defaultSeverity: "warning",
  shortDescription: "Services depend hard on each other in a cycle.",
  fullDescription:
    "A cycle of hard dependencies (direct hard entries, or groups that need every member) between services. A cycle never fails by itself, but none of its services can be started or recovered without the others, and a failure of one takes all of them down.",
  help: "Break the cycle: make one of the dependencies soft, or move the shared part into a service both depend on.",
  options: [],
  defaults: new Map(),
  check(ctx) {
    const adj = requiredGraph(ctx.estate, ctx.inScope);
    return cyclesOf(adj).map((comp) => {
      const path = cycleThrough(adj, comp[0]!, new Set(comp));
      return { nodes: comp, message: `hard dependency cycle: ${path.join(" → ")}${comp.length > path.length - 1 ? ` (${comp.length} services in the cycle)` : ""}`, path };
    });
  },
};
