/** Rule: a critical service gains a single point of failure it did not have on the base. */
import { compile, REL_SOFT, type CompiledEstate } from "../../engine/compile.js";
import { DownState } from "../../engine/down-state.js";
import { ResultTooLargeError } from "../../analysis/errors.js";
import { spofRanking } from "../../analysis/spof.js";
import type { Tier } from "../../model/entities.js";
import type { LocationAttributes } from "../../model/types.js";
import { spofsOf } from "../spof.js";
import type { Finding, Rule } from "../types.js";
import { servicesOf } from "./helpers.js";

/**
 * A chain of relations from `s` to `x` along which `x`'s failure alone takes `s` down:
 * the shortest one through nodes that are down when `x` fails (breadth-first over
 * non-soft relations). Reuses `state`, so a path costs what the down set costs.
 */
function downPath(c: CompiledEstate, state: DownState, s: number, x: number): string[] {
  const before = state.add([x]);
  const prev = new Map<number, number>([[s, -1]]);
  const queue = [s];
  let found = s === x;
  for (let q = 0; q < queue.length && !found; q++) {
    const cur = queue[q]!;
    for (let j = c.fwdStart[cur]!, e = c.fwdStart[cur + 1]!; j < e; j++) {
      const y = c.fwdNode[j]!;
      if (c.fwdKind[j] === REL_SOFT || !state.down[y] || prev.has(y)) continue;
      if (c.fwdGroup[j]! >= 0 && c.groupSoft[c.fwdGroup[j]!]) continue;
      prev.set(y, cur);
      if (y === x) {
        found = true;
        break;
      }
      queue.push(y);
    }
  }
  state.undo(before);
  if (!found) return [c.ids[s]!, c.ids[x]!];
  const path: string[] = [];
  for (let cur = x; cur !== -1; cur = prev.get(cur)!) path.push(c.ids[cur]!);
  return path.reverse();
}

/** Most (service, single point) pairs the rule reports one by one. */
export const MAX_SPOF_PAIRS = 200_000;
/** Most ids in the paths of all its violations together. */
export const MAX_SPOF_PATH_IDS = 2_000_000;

export const newSinglePointOfFailure: Rule = {
  id: "new-single-point-of-failure",
  defaultSeverity: "error",
  shortDescription: "A critical service gains a single point of failure.",
  fullDescription:
    "A service of a watched tier (critical by default) now goes down when one node fails alone — a service, a database, a zone, a data center or a provider — and it did not on the base.",
  help:
    "Make the dependency redundant (`anyOf: [a, b]` or `quorum:`), run the service or its dependency in more than one place (`runsOn` with several locations), or make the dependency soft if the service can work without it. A location whose child is also a single point of failure is not listed separately.",
  options: [{ name: "tiers", type: "tiers", description: "tiers whose services are watched (default [critical])" }],
  defaults: new Map<string, unknown>([["tiers", ["critical"]]]),
  check(ctx) {
    const tiers = new Set(ctx.options.get("tiers") as Tier[]);
    // One violation per (watched service, single point): on dependency chains thousands of
    // steps long that is quadratic, with a path each. Count the pairs first (the all-node
    // ranking counts them per tier, cheaply) and refuse past a limit instead of running out
    // of memory in CI.
    let pairs = 0;
    for (const row of spofRanking(ctx.estate, { detail: 0 }).nodes) for (const t of tiers) pairs += row.byTier[t];
    if (pairs > MAX_SPOF_PAIRS) {
      throw new ResultTooLargeError(
        `new-single-point-of-failure: the estate has ${pairs} (service, single point of failure) pairs for tiers ${[...tiers].join(", ")}, more than ${MAX_SPOF_PAIRS} to report one by one (dependency chains thousands of steps long?); watch fewer tiers, or turn the rule off in the policy`,
      );
    }
    const g = ctx.estate.graph;
    const c = compile(ctx.estate);
    const state = ctx.paths === false ? undefined : new DownState(c);
    const out: Finding[] = [];
    let pathIds = 0;
    for (const s of servicesOf(ctx.estate)) {
      if (!tiers.has(s.tier)) continue;
      const spofs = spofsOf(ctx.estate, s.id);
      const set = new Set(spofs);
      // A location is implied when one of its children is also a single point of failure.
      const implied = new Set<string>();
      for (const x of spofs) {
        const a = g.getNodeAttributes(x);
        if (a.kind === "location" && (a as LocationAttributes).parent !== undefined && set.has(a.parent!)) implied.add(a.parent!);
      }
      for (const x of spofs) {
        const kind = g.getNodeAttribute(x, "kind");
        const isImplied = implied.has(x);
        const f: Finding = {
          nodes: [s.id, x],
          message: `${s.tier} service ${s.id} goes down when ${kind} ${x} fails alone: ${x} is a single point of failure`,
          path: state && !isImplied ? downPath(c, state, c.index.get(s.id)!, c.index.get(x)!) : [s.id, x],
        };
        pathIds += f.path.length;
        if (pathIds > MAX_SPOF_PATH_IDS) {
          throw new ResultTooLargeError(
            `new-single-point-of-failure: the paths of its violations hold more than ${MAX_SPOF_PATH_IDS} ids (dependency chains hundreds of steps long?); watch fewer tiers, or turn the rule off in the policy`,
          );
        }
        if (isImplied) f.implied = true;
        out.push(f);
      }
    }
    return out;
  },
};
