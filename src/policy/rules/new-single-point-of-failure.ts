/** Rule: a critical service gains a single point of failure it did not have on the base. */
import { compile, TIER_NAMES } from "../../engine/compile.js";
import { carriesDown, DownState } from "../../engine/down-state.js";
import { ResultTooLargeError } from "../../analysis/errors.js";
import { causePath } from "../../analysis/paths.js";
import { singleFailurePairs } from "../../analysis/spof.js";
import type { Tier } from "../../model/entities.js";
import type { LocationAttributes } from "../../model/types.js";
import type { Finding, Rule } from "../types.js";

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
    const c = compile(ctx.estate);
    const watch = new Uint8Array(c.n);
    for (let i = 0; i < c.n; i++) {
      if (c.isService[i] && tiers.has(TIER_NAMES[c.tier[i]!]!) && (ctx.inScope?.(c.ids[i]!) ?? true)) watch[i] = 1;
    }
    // One violation per (watched service, single point): on dependency chains thousands of
    // steps long that is quadratic, with a path each. The pairs come from one all-node walk,
    // counted before any is listed, so past a limit the rule refuses instead of running out
    // of memory in CI.
    // Limited to some subjects (check --base), the walk covers only their dependency cones.
    let mask: Uint8Array | null = null;
    if (ctx.inScope) {
      mask = new Uint8Array(c.n);
      const stack: number[] = [];
      for (let i = 0; i < c.n; i++) if (watch[i]) (mask[i] = 1), stack.push(i);
      while (stack.length > 0) {
        const x = stack.pop()!;
        for (let j = c.fwdStart[x]!, e = c.fwdStart[x + 1]!; j < e; j++) {
          const y = c.fwdNode[j]!;
          if (!mask[y] && carriesDown(c, j)) (mask[y] = 1), stack.push(y);
        }
      }
    }
    const pairs = singleFailurePairs(c, watch, mask);
    if (pairs.count > MAX_SPOF_PAIRS) {
      throw new ResultTooLargeError(
        `new-single-point-of-failure: the estate has ${pairs.count} (service, single point of failure) pairs for tiers ${[...tiers].join(", ")}, more than ${MAX_SPOF_PAIRS} to report one by one (dependency chains thousands of steps long?); watch fewer tiers, or turn the rule off in the policy`,
      );
    }
    const { s: ps, x: px } = pairs.list();
    const m = ps.length;
    // A location is implied when one of its children is also a single point of failure of the same service.
    const implied = new Uint8Array(m);
    const parentIdx = new Int32Array(c.n).fill(-1);
    const g = ctx.estate.graph;
    for (let i = 0; i < c.n; i++) {
      if (c.isService[i]) continue;
      const parent = (g.getNodeAttributes(c.ids[i]!) as LocationAttributes).parent;
      if (parent !== undefined) parentIdx[i] = c.index.get(parent)!;
    }
    const mark = new Int32Array(c.n).fill(-1); // pair index of (s, x) within the current s block
    for (let a = 0; a < m; ) {
      let b = a;
      while (b < m && ps[b] === ps[a]) b++;
      for (let i = a; i < b; i++) mark[px[i]!] = i;
      for (let i = a; i < b; i++) {
        const p = parentIdx[px[i]!]!;
        if (p >= 0 && mark[p]! >= a) implied[mark[p]!] = 1;
      }
      for (let i = a; i < b; i++) mark[px[i]!] = -1;
      a = b;
    }
    // Limited to causes (check --base), a pair whose single point is not one is left out, after
    // the implied ones are known (they need every pair of the service): no path, no finding.
    const causeInScope = ctx.causeInScope;
    let keep: Uint8Array | null = null;
    if (causeInScope) {
      keep = new Uint8Array(m);
      const ok = new Int8Array(c.n); // 0 not asked yet, 1 in scope, -1 not
      for (let i = 0; i < m; i++) {
        const x = px[i]!;
        if (ok[x] === 0) ok[x] = causeInScope(c.ids[x]!) ? 1 : -1;
        keep[i] = ok[x] === 1 ? 1 : 0;
      }
    }
    // Paths: the path function of `blast` (spec 3.4) on the down set of each single point,
    // built once per single point for all the services it takes down, and only when asked.
    const paths: Array<string[] | undefined> = new Array(m);
    if (ctx.paths !== false) {
      const byX = new Int32Array(c.n + 1);
      for (let i = 0; i < m; i++) if (!implied[i] && (!keep || keep[i])) byX[px[i]! + 1]!++;
      for (let i = 0; i < c.n; i++) byX[i + 1]! += byX[i]!;
      const at = byX.slice(0, c.n);
      const order = new Int32Array(byX[c.n]!);
      for (let i = 0; i < m; i++) if (!implied[i] && (!keep || keep[i])) order[at[px[i]!]!++] = i;
      const state = new DownState(c);
      let pathIds = 0;
      for (let x = 0; x < c.n; x++) {
        if (byX[x] === byX[x + 1]) continue;
        const before = state.add([x]);
        for (let k = byX[x]!; k < byX[x + 1]!; k++) {
          const i = order[k]!;
          const path = causePath(c, state.cause, ps[i]!);
          pathIds += path.length;
          if (pathIds > MAX_SPOF_PATH_IDS) {
            throw new ResultTooLargeError(
              `new-single-point-of-failure: the paths of its violations hold more than ${MAX_SPOF_PATH_IDS} ids (dependency chains hundreds of steps long?); watch fewer tiers, or turn the rule off in the policy`,
            );
          }
          paths[i] = path;
        }
        state.undo(before);
      }
    }
    const out: Finding[] = [];
    for (let i = 0; i < m; i++) {
      if (keep && !keep[i]) continue;
      const sId = c.ids[ps[i]!]!;
      const xId = c.ids[px[i]!]!;
      const kind = c.isService[px[i]!] ? "service" : "location";
      const f: Finding = {
        nodes: [sId, xId],
        message: `${TIER_NAMES[c.tier[ps[i]!]!]} service ${sId} goes down when ${kind} ${xId} fails alone: ${xId} is a single point of failure`,
        path: paths[i] ?? [sId, xId],
      };
      if (implied[i]) f.implied = true;
      out.push(f);
    }
    return out;
  },
};
