/**
 * A readable transcription of spec section 3 over the graphology model: sweep every
 * node until nothing changes. Slow (a sweep per round) but obviously right; tests
 * check the fast engine against it on random estates.
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
