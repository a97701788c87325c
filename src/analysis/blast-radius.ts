/** Blast radius (spec 3.4): what goes down or degraded when a set of ids fails, and why. */
import { compile, DOWN, RELATION_NAMES, TIER_NAMES, UP, type CompiledEstate } from "../engine/compile.js";
import { isObservedStep } from "../observed/resolve.js";
import type { Hosting } from "../model/entities.js";
import type { Estate, NodeDescriptor, Relation } from "../model/types.js";
import { causePath } from "./paths.js";
import { propagate, type Propagation } from "../engine/propagate.js";
import { ResultTooLargeError, UnknownIdError } from "./errors.js";
import { addPathEvidence, type PathStep } from "./path-evidence.js";

export type ImpactState = "down" | "degraded";

/** One casualty of a scenario. */
export interface Impact extends NodeDescriptor {
  state: ImpactState;
  /** The relation of the first step of `path`. */
  relation: Relation;
  /** From this node to a failed id, along the relations the state arrived by. */
  path: string[];
  /** How each hop of `path` is known (dependency hops; null for placement and parent hops). Left out on very large results. */
  steps?: Array<PathStep | null>;
  /** With observed calls: the steps of `path` (step i goes from path[i] to path[i+1]) that only observation shows. */
  observedSteps?: number[];
  /** With observed calls: true when the declared graph alone does not reach this casualty. */
  observedOnly?: boolean;
}

/** The result of `blast`, exactly the JSON of spec section 5 (plus added fields). */
export interface BlastResult {
  schemaVersion: 1;
  failed: string[];
  summary: {
    /** Nodes in the estate. */
    nodes: number;
    /** Impacted nodes (services and locations) that are down / degraded, failed ids excluded. */
    down: number;
    degraded: number;
    services: { total: number; down: number; degraded: number; criticalDown: number };
    /** With observed calls: observed-only edges in the estate, and casualties reached only through them. */
    observed?: { edges: number; as: "hard" | "soft"; casualtiesOnlyObserved: number };
  };
  impacts: Impact[];
}

/** Resolves ids (with `service:`/`location:` prefixes allowed) to integer ids, or throws UnknownIdError with suggestions. */
export function resolveIds(c: CompiledEstate, ids: readonly string[]): number[] {
  const out: number[] = [];
  const unknown: string[] = [];
  for (const raw of ids) {
    const m = /^(service|location):(.*)$/.exec(raw);
    const id = m ? m[2]! : raw;
    const i = c.index.get(id);
    if (i === undefined || (m && (c.isService[i] === 1) !== (m[1] === "service"))) unknown.push(raw);
    else out.push(i);
  }
  if (unknown.length > 0) throw new UnknownIdError(unknown, c.ids);
  return out;
}

/** Options of `blastRadius`. */
export interface BlastOptions {
  /**
   * Most ids the explanation paths of all impacts may hold together (default 10,000,000).
   * Paths grow with the square of a dependency chain's length; past the limit the result is
   * refused with a `ResultTooLargeError` instead of exhausting memory.
   */
  maxPathIds?: number;
  /**
   * Most characters the ids of those paths may hold together (default 100,000,000). Ids of a
   * location chain grow with its depth, so a few thousand nested locations make paths of a few
   * million ids but billions of characters; past the limit the result is refused with a
   * `ResultTooLargeError` instead of exhausting memory.
   */
  maxPathChars?: number;
}

/** Default of `BlastOptions.maxPathIds`. */
export const DEFAULT_MAX_PATH_IDS = 10_000_000;
/** Default of `BlastOptions.maxPathChars` (and of `spofFor`'s). */
export const DEFAULT_MAX_PATH_CHARS = 100_000_000;

/** Computes the blast radius of the failure of `failed` (ids) in `estate`. */
export function blastRadius(estate: Estate, failed: readonly string[], options: BlastOptions = {}): BlastResult {
  const c = compile(estate);
  const f = resolveIds(c, failed);
  const result = blastResultOf(c, f, propagate(c, f), options);
  addPathEvidence(estate, result);
  if (estate.observed) markObserved(estate, estate.observed.declared, result);
  return result;
}

/**
 * Marks what observation adds to a blast radius: the observed-only steps of each path, and
 * the casualties the declared graph alone does not reach (one more propagation, on it).
 */
export function markObserved(estate: Estate, declared: Estate, result: BlastResult): void {
  const dc = compile(declared);
  const df = resolveIds(dc, result.failed);
  const dp = propagate(dc, df);
  let only = 0;
  for (const imp of result.impacts) {
    const steps: number[] = [];
    for (let i = 0; i + 1 < imp.path.length; i++) if (isObservedStep(estate, imp.path[i]!, imp.path[i + 1]!)) steps.push(i);
    if (steps.length > 0) imp.observedSteps = steps;
    const di = dc.index.get(imp.id);
    imp.observedOnly = di === undefined || dp.state[di] === UP;
    if (imp.observedOnly) only++;
  }
  result.summary.observed = { edges: estate.observed?.edges ?? 0, as: estate.observed?.as ?? "hard", casualtiesOnlyObserved: only };
}

/** Turns a raw propagation into the plain result. */
export function blastResultOf(c: CompiledEstate, failed: readonly number[], p: Propagation, options: BlastOptions = {}): BlastResult {
  const isFailed = new Uint8Array(c.n);
  for (const f of failed) isFailed[f] = 1;
  const affected: number[] = [];
  const seen = new Uint8Array(c.n);
  for (let q = 0; q < p.reachedCount; q++) {
    const x = p.reached[q]!;
    if (isFailed[x] || seen[x]) continue;
    seen[x] = 1;
    affected.push(x);
  }
  checkPathBudget(c, isFailed, affected, p, options.maxPathIds ?? DEFAULT_MAX_PATH_IDS, options.maxPathChars ?? DEFAULT_MAX_PATH_CHARS);
  // Node indices follow sorted id order, so sorting indices sorts ids. One numeric key per
  // node (state, then index) sorts natively: a comparator costs ~80 ms on 100,000 impacts.
  const keys = new Float64Array(affected.length);
  for (let k = 0; k < affected.length; k++) keys[k] = (DOWN - p.state[affected[k]!]!) * c.n + affected[k]!;
  keys.sort();
  for (let k = 0; k < keys.length; k++) affected[k] = keys[k]! % c.n;
  let down = 0;
  let degraded = 0;
  let sDown = 0;
  let sDegraded = 0;
  let critDown = 0;
  const services = c.services;
  const impacts: Impact[] = affected.map((x) => {
    const st = p.state[x] === DOWN ? "down" : "degraded";
    if (st === "down") down++;
    else degraded++;
    // Kind, tier and hosting come from the compiled arrays: no graph lookup per impact.
    const isService = c.isService[x] === 1;
    if (isService) {
      if (st === "down") {
        sDown++;
        if (c.tier[x] === 0) critDown++;
      } else sDegraded++;
    }
    const path = causePath(c, p.cause, x, (i) => isFailed[i] === 1);
    const impact: Impact = {
      id: c.ids[x]!,
      kind: isService ? "service" : "location",
      state: st,
      relation: RELATION_NAMES[p.causeRel[x]!]!,
      path,
      hosting: c.hosting[x]!,
    };
    if (isService) impact.tier = TIER_NAMES[c.tier[x]!]!;
    return impact;
  });
  const failedIds = [...new Set(failed)].sort((a, b) => a - b).map((i) => c.ids[i]!);
  return {
    schemaVersion: 1,
    failed: failedIds,
    summary: { nodes: c.n, down, degraded, services: { total: services, down: sDown, degraded: sDegraded, criticalDown: critDown } },
    impacts,
  };
}

/** Refuses a result whose paths would hold more than `max` ids or `maxChars` characters of ids, before building any. */
function checkPathBudget(c: CompiledEstate, isFailed: Uint8Array, affected: readonly number[], p: Propagation, max: number, maxChars: number): void {
  // Path lengths from the cause chains, each node measured once (a chain is walked up to the
  // first node of known length, then filled in on the way back).
  const len = new Int32Array(c.n); // 0: not measured yet; else the number of ids in the path
  const chars = new Float64Array(c.n); // the characters of the ids in the path
  const stack: number[] = [];
  let total = 0;
  let totalChars = 0;
  for (const x of affected) {
    let cur = x;
    while (len[cur] === 0 && !isFailed[cur] && p.cause[cur]! >= 0) {
      stack.push(cur);
      cur = p.cause[cur]!;
    }
    let l = len[cur] || 1;
    let ch = chars[cur] || c.ids[cur]!.length;
    while (stack.length > 0) {
      const y = stack.pop()!;
      len[y] = ++l;
      chars[y] = ch += c.ids[y]!.length;
    }
    total += len[x]!;
    totalChars += chars[x]!;
    if (total > max) {
      throw new ResultTooLargeError(
        `the paths explaining this blast radius hold more than ${max} ids (long dependency chains, or a low limit); raise options.maxPathIds`,
      );
    }
    if (totalChars > maxChars) {
      throw new ResultTooLargeError(
        `the paths explaining this blast radius hold more than ${maxChars} characters of ids (chains of nested locations or dependencies thousands of steps long); raise options.maxPathChars`,
      );
    }
  }
}

/** The root locations of one hosting class: the failure set of `blast --hosting`. */
export function rootsWithHosting(estate: Estate, hosting: Hosting): string[] {
  const out: string[] = [];
  estate.graph.forEachNode((id, a) => {
    if (a.kind === "location" && a.parent === undefined && a.hosting === hosting) out.push(id);
  });
  return out.sort();
}
