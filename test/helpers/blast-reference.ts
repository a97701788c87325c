/**
 * A readable transcription of spec section 3 over the graphology model: sweep every
 * node until nothing changes. Slow (a sweep per round) but obviously right; tests
 * check the fast engine against it on random estates. `prepareReference` is the same sweeps
 * over indexes, for a brute force that fails many sets of one estate.
 */
import type { Estate } from "../../src/model/types.js";

export type State = "up" | "degraded" | "down";
const RANK: Record<State, number> = { up: 0, degraded: 1, down: 2 };
const worst = (a: State, b: State): State => (RANK[a] >= RANK[b] ? a : b);

/** The state of every node when `failed` fails, by naive fixed-point iteration. */
export function referenceStates(estate: Estate, failed: readonly string[]): Map<string, State> {
  const g = estate.graph;
  const state = new Map<string, State>();
  g.forEachNode((id) => state.set(id, "up"));
  for (const f of failed) state.set(f, "down");
  const F = new Set(failed);
  let changed = true;
  while (changed) {
    changed = false;
    g.forEachNode((id, a) => {
      if (F.has(id)) return;
      let s: State = "up";
      if (a.kind === "location") {
        if (a.parent !== undefined && state.get(a.parent) === "down") s = "down";
      } else {
        if (a.placements.length > 0) {
          // Spec 3.2: count the replicas of the placements that are up (each placement counts 1 without `replicas`).
          let upReplicas = 0;
          let anyDown = false;
          a.placements.forEach((p, i) => {
            if (state.get(p) === "down") anyDown = true;
            else upReplicas += a.replicas[i]!;
          });
          if (upReplicas < a.minPlacements) s = worst(s, "down");
          else if (anyDown) s = worst(s, "degraded");
        }
        g.forEachOutEdge(id, (_e, attr, _src, target) => {
          const t = state.get(target)!;
          if (attr.relation === "hard") s = worst(s, t);
          else if (attr.relation === "soft" && t !== "up") s = worst(s, "degraded");
        });
        for (const gr of a.groups) {
          const notDown = gr.members.filter((m) => state.get(m) !== "down").length;
          const anyNotUp = gr.members.some((m) => state.get(m) !== "up");
          let gs: State = notDown < gr.quorum ? "down" : anyNotUp ? "degraded" : "up";
          if (gr.soft && gs === "down") gs = "degraded";
          s = worst(s, gs);
        }
      }
      if (RANK[s] > RANK[state.get(id)!]) {
        state.set(id, s);
        changed = true;
      }
    });
  }
  return state;
}

/**
 * `referenceStates` for many failure sets of one estate (a brute force over all sets): the
 * nodes, in the graph's order, and what each one's state is read from (parent; placements and
 * their replicas; targets of hard and soft edges; groups) are listed once as indexes; each
 * call then runs the same sweeps as `referenceStates` over an array of ranks (0 up, 1
 * degraded, 2 down). test/analysis/blast-reference.test.ts checks the two agree.
 */
export function prepareReference(estate: Estate): (failed: readonly string[]) => Map<string, State> {
  const { ids, index, ranks } = prepareReferenceRanks(estate);
  const NAMES: State[] = ["up", "degraded", "down"];
  return (failed) => {
    const state = ranks(failed.map((f) => index.get(f)!));
    return new Map(ids.map((id, i) => [id, NAMES[state[i]!]!]));
  };
}

/** `prepareReference` by indexes: `ranks(failed)` takes the indexes (in `ids`) of the failed nodes and gives each node's rank (0 up, 1 degraded, 2 down). */
export function prepareReferenceRanks(estate: Estate): { ids: string[]; index: Map<string, number>; ranks: (failed: readonly number[]) => Uint8Array } {
  const g = estate.graph;
  const ids = g.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const at = (id: string): number => index.get(id)!;
  interface RefNode {
    parent: number; // -1: none (locations only)
    service: boolean;
    placements: number[];
    replicas: number[];
    minPlacements: number;
    hard: number[];
    soft: number[];
    groups: Array<{ members: number[]; quorum: number; soft: boolean }>;
  }
  const nodes: RefNode[] = ids.map((id) => {
    const a = g.getNodeAttributes(id);
    const n: RefNode = { parent: -1, service: a.kind === "service", placements: [], replicas: [], minPlacements: 0, hard: [], soft: [], groups: [] };
    if (a.kind === "location") {
      if (a.parent !== undefined) n.parent = at(a.parent);
      return n;
    }
    n.placements = a.placements.map(at);
    n.replicas = a.replicas;
    n.minPlacements = a.minPlacements;
    g.forEachOutEdge(id, (_e, attr, _src, target) => {
      if (attr.relation === "hard") n.hard.push(at(target));
      else if (attr.relation === "soft") n.soft.push(at(target));
    });
    n.groups = a.groups.map((gr) => ({ members: gr.members.map(at), quorum: gr.quorum, soft: gr.soft }));
    return n;
  });
  const ranks = (failed: readonly number[]): Uint8Array => {
    const state = new Uint8Array(ids.length); // every node up
    const F = new Uint8Array(ids.length);
    for (const f of failed) {
      state[f] = 2;
      F[f] = 1;
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (let id = 0; id < nodes.length; id++) {
        if (F[id]) continue;
        const a = nodes[id]!;
        let s = 0;
        if (!a.service) {
          if (a.parent >= 0 && state[a.parent] === 2) s = 2;
        } else {
          if (a.placements.length > 0) {
            // Spec 3.2: count the replicas of the placements that are up (each placement counts 1 without `replicas`).
            let upReplicas = 0;
            let anyDown = false;
            a.placements.forEach((p, i) => {
              if (state[p] === 2) anyDown = true;
              else upReplicas += a.replicas[i]!;
            });
            if (upReplicas < a.minPlacements) s = Math.max(s, 2);
            else if (anyDown) s = Math.max(s, 1);
          }
          for (const t of a.hard) s = Math.max(s, state[t]!);
          for (const t of a.soft) if (state[t] !== 0) s = Math.max(s, 1);
          for (const gr of a.groups) {
            const notDown = gr.members.filter((m) => state[m] !== 2).length;
            const anyNotUp = gr.members.some((m) => state[m] !== 0);
            let gs = notDown < gr.quorum ? 2 : anyNotUp ? 1 : 0;
            if (gr.soft && gs === 2) gs = 1;
            s = Math.max(s, gs);
          }
        }
        if (s > state[id]!) {
          state[id] = s;
          changed = true;
        }
      }
    }
    return state;
  };
  return { ids, index, ranks };
}
