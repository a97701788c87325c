/**
 * Availability from the structure (spec 7): the probability that a service is not `down`
 * when every node fails independently with probability 1 − its availability and states
 * follow spec 3. Exact by a binary decision diagram of the service's "down" function over
 * its dependency cone, variables ordered by the location hierarchy; past the diagram's
 * size limit, sound bounds from the minimal cut sets. See docs/availability.md.
 */
import { compile, REL_GROUP, REL_HARD, REL_PARENT, REL_RUNSON, type CompiledEstate } from "../../engine/compile.js";
import type { Estate, NodeDescriptor } from "../../model/types.js";
import { resolveIds } from "../blast-radius.js";
import { UsageError } from "../errors.js";
import { downCone } from "../../engine/down-state.js";
import { DownComponents } from "../../engine/down-components.js";
import { minimalCuts } from "../risk.js";
import { Bdd, BddLimitExceeded, FALSE } from "./bdd.js";
import { figuresOf, type Assumptions, type AvailabilityDefaults, type Figure, type FigureSource } from "./figures.js";

/** Minutes in a year of 365.25 days and in 30 days. */
export const MINUTES_PER_YEAR = 365.25 * 24 * 60;
export const MINUTES_PER_30_DAYS = 30 * 24 * 60;

/** Default limits of the exact method. */
export const DEFAULT_MAX_BDD_NODES = 2_000_000;
/** Per service: about a second of work on a laptop, past which bounds are quicker than waiting. */
export const DEFAULT_MAX_BDD_STEPS = 1_500_000;

export interface AvailabilityOptions {
  /** `--assume`: availability by id (1 for never-fails), or `id=99.99%` / `id=never-fails` texts; overrides figures and defaults. */
  assume?: Assumptions;
  /** Defaults by location type and service type (assumptions, reported as such). */
  defaults?: AvailabilityDefaults;
  /** Most diagram nodes before the exact method gives way to bounds. */
  maxNodes?: number;
  /** Most diagram steps (apply operations) before the exact method gives way to bounds. */
  maxSteps?: number;
  /** Largest minimal cut set enumerated for the bounds (default 2, at most 5). */
  boundsCutSize?: number;
  /** Work budget of the cut-set search for the bounds (reverse edges scanned). */
  boundsBudget?: number;
}

/** One node's share in a service's unavailability. */
export interface Contributor extends Pick<NodeDescriptor, "id" | "kind"> {
  /** The node's own figure. */
  availability: number;
  source: FigureSource;
  /**
   * Birnbaum importance: P(service down | node failed) − P(service down | node never fails),
   * the availability the service gains per unit of the node's availability.
   */
  birnbaum: number;
  /** Fussell–Vesely importance: the share of the service's unavailability the node takes part in. */
  fussellVesely: number;
  /** The service's availability if this node never failed. */
  availabilityIfPerfect: number;
  /** Expected minutes of the service's downtime per year removed if this node never failed. */
  downtimeSavedPerYear: number;
}

/** Spec 7 per service, with added fields. */
export interface ServiceAvailability {
  id: string;
  /** Probability of not being `down` (with `bounds`: the lower bound). */
  availability: number;
  /** Probability of being fully `up`. */
  up: number;
  method: "exact" | "bounds";
  lower: number;
  upper: number;
  /** Nodes of the dependency cone (the service included) without a figure, taken as never failing. */
  assumedPerfect: number;
  /** Nodes of the dependency cone (the service included) whose figure is a config default. */
  assumedByDefault: number;
  /** Nodes in the dependency cone, the service included. */
  coneSize: number;
  /** Expected minutes `down` (with `bounds`: at most). */
  downtime: { perYear: number; per30Days: number };
  /** The service's availability target, when it has one. */
  target?: number;
  meetsTarget?: boolean;
  /** Diagram nodes of the service's function (exact method). */
  bddNodes?: number;
  /** With bounds: why the exact method stopped, and the cut-set size up to which the bound is complete. */
  boundsReason?: string;
  cutSetsCompleteUpTo?: number;
  /** True when contributors are estimated from the cut sets found (bounds), not exact. */
  contributorsApproximate?: boolean;
  /** Nodes whose failure can make the service down, by Fussell–Vesely importance (then Birnbaum, then id). */
  contributors: Contributor[];
}

/** A figure that is an assumption: a config default or a `--assume`. */
export interface AssumptionEntry {
  id: string;
  availability: number;
  source: "default" | "assume";
  reason?: string;
}

export interface AvailabilityResult {
  schemaVersion: 1;
  services: ServiceAvailability[];
  /** Figures that are assumptions, for the nodes in the cones of the services reported, sorted by id. */
  assumptions: AssumptionEntry[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Availability of `services` (default: every service), spec 7. */
export function availability(estate: Estate, services?: readonly string[], options: AvailabilityOptions = {}): AvailabilityResult {
  const c = compile(estate);
  const targets = services && services.length > 0 ? [...new Set(resolveIds(c, services))] : allServices(c);
  for (const t of targets) if (!c.isService[t]) throw new UsageError(`${c.ids[t]} is a location, not a service: availability is reported for services`);
  const figures = figuresOf(c, options.defaults, options.assume);
  const engine = new AvailabilityEngine(c, figures, options);
  const out: ServiceAvailability[] = [];
  const assumptionIds = new Set<number>();
  for (const s of [...targets].sort((a, b) => a - b)) {
    const r = engine.service(s);
    out.push(r.result);
    for (const x of r.cone) if (figures[x] && figures[x]!.source !== "manifest") assumptionIds.add(x);
  }
  const assumptions: AssumptionEntry[] = [...assumptionIds]
    .sort((a, b) => a - b)
    .map((x) => {
      const f = figures[x]!;
      const e: AssumptionEntry = { id: c.ids[x]!, availability: f.availability, source: f.source as "default" | "assume" };
      if (f.reason !== undefined) e.reason = f.reason;
      return e;
    });
  return { schemaVersion: 1, services: out, assumptions };
}

function allServices(c: CompiledEstate): number[] {
  const out: number[] = [];
  for (let x = 0; x < c.n; x++) if (c.isService[x]) out.push(x);
  return out;
}

/**
 * The variable order: locations in a preorder of the hierarchy (a parent before its
 * children, siblings by id), so what many nodes share sits at the top; then services,
 * dependents before their dependencies (a reverse post-order of a depth-first walk over
 * service dependencies, started from services in order of their first placement). On the
 * bench estates this keeps the shared diagram a third smaller than ordering services by
 * placement alone, and far smaller than services first (see docs/availability.md).
 */
export function variableOrder(c: CompiledEstate): Int32Array {
  const g = c.estate.graph;
  const children = new Map<number, number[]>();
  const roots: number[] = [];
  for (let x = 0; x < c.n; x++) {
    if (c.isService[x]) continue;
    const a = g.getNodeAttributes(c.ids[x]!);
    const p = a.kind === "location" ? a.parent : undefined;
    const pi = p === undefined ? undefined : c.index.get(p);
    if (pi === undefined) roots.push(x);
    else {
      let list = children.get(pi);
      if (!list) children.set(pi, (list = []));
      list.push(x);
    }
  }
  const rank = new Int32Array(c.n).fill(-1);
  let next = 0;
  const stack = roots.reverse();
  while (stack.length > 0) {
    const x = stack.pop()!;
    rank[x] = next++;
    const kids = children.get(x);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  const services = allServices(c);
  const key = new Float64Array(c.n).fill(Infinity);
  for (const s of services) {
    for (let j = c.fwdStart[s]!; j < c.fwdStart[s + 1]!; j++) if (c.fwdKind[j] === REL_RUNSON) key[s] = Math.min(key[s]!, rank[c.fwdNode[j]!]!);
  }
  services.sort((a, b) => key[a]! - key[b]! || a - b);
  // Post-order of an iterative depth-first walk over service → service edges.
  const post = new Int32Array(c.n).fill(-1);
  const seen = new Uint8Array(c.n);
  let k = 0;
  for (const s0 of services) {
    if (seen[s0]) continue;
    seen[s0] = 1;
    const st = [s0];
    const cur = [c.fwdStart[s0]!];
    while (st.length > 0) {
      const v = st[st.length - 1]!;
      const j = cur[cur.length - 1]!;
      if (j < c.fwdStart[v + 1]!) {
        cur[cur.length - 1] = j + 1;
        const w = c.fwdNode[j]!;
        if (c.isService[w] && !seen[w]) {
          seen[w] = 1;
          st.push(w);
          cur.push(c.fwdStart[w]!);
        }
      } else {
        st.pop();
        cur.pop();
        post[v] = k++;
      }
    }
  }
  services.sort((a, b) => post[b]! - post[a]!);
  for (const s of services) rank[s] = next++;
  return rank;
}

/** Builds and evaluates the diagrams; one manager is shared by the services until it fills. */
class AvailabilityEngine {
  private readonly order: Int32Array;
  /** Level of each node's variable, −1 when it never fails on its own. */
  private readonly levelOf: Int32Array;
  /** Node of each level. */
  private readonly nodeOfLevel: Int32Array;
  /** Failure probability by level. */
  private readonly q: Float64Array;
  private bdd!: Bdd;
  private fn!: Int32Array;
  private components!: DownComponents;
  private probs: Float64Array | undefined;
  private probsUpTo = 2;
  private readonly maxNodes: number;
  private readonly maxSteps: number;

  constructor(
    private readonly c: CompiledEstate,
    private readonly figures: Array<Figure | undefined>,
    private readonly options: AvailabilityOptions,
  ) {
    this.order = variableOrder(c);
    const byRank: number[] = [];
    for (let x = 0; x < c.n; x++) if (figures[x] && figures[x]!.availability < 1) byRank.push(x);
    byRank.sort((a, b) => this.order[a]! - this.order[b]!);
    this.levelOf = new Int32Array(c.n).fill(-1);
    this.nodeOfLevel = new Int32Array(byRank.length);
    this.q = new Float64Array(byRank.length);
    byRank.forEach((x, lv) => {
      this.levelOf[x] = lv;
      this.nodeOfLevel[lv] = x;
      this.q[lv] = 1 - figures[x]!.availability;
    });
    this.maxNodes = options.maxNodes ?? DEFAULT_MAX_BDD_NODES;
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_BDD_STEPS;
    this.reset();
  }

  private reset(): void {
    const n = this.c.n;
    if (this.bdd) this.bdd.clear();
    else this.bdd = new Bdd(this.q.length, this.maxNodes, this.maxSteps);
    this.fn = new Int32Array(n).fill(-1);
    this.components = new DownComponents(this.c);
    this.probs = undefined;
    this.probsUpTo = 2;
  }

  service(s: number): { result: ServiceAvailability; cone: number[] } {
    const c = this.c;
    const coneMask = downCone(c, s);
    const cone: number[] = [];
    for (let x = 0; x < c.n; x++) if (coneMask[x]) cone.push(x);
    let perfect = 0;
    let byDefault = 0;
    for (const x of cone) {
      const f = this.figures[x];
      if (!f) perfect++;
      else if (f.source === "default") byDefault++;
    }
    const up = this.upProbability(s);
    const attrs = c.estate.graph.getNodeAttributes(c.ids[s]!);
    const target = attrs.kind === "service" ? attrs.availabilityTarget : undefined;
    let root = -1;
    let reason = "";
    const shared = this.bdd.size > 2;
    try {
      this.bdd.stepLimit = this.bdd.steps + this.maxSteps;
      root = this.build(s);
    } catch (err) {
      if (!(err instanceof BddLimitExceeded)) throw err;
      this.reset();
      reason = `the decision diagram passed its limit of ${this.maxNodes} nodes or ${this.maxSteps} steps`;
      // A manager full of other services' diagrams may be what overflowed: retry alone.
      if (shared) {
        try {
          this.bdd.stepLimit = this.maxSteps;
          root = this.build(s);
        } catch (err2) {
          if (!(err2 instanceof BddLimitExceeded)) throw err2;
          this.reset();
        }
      }
    }
    const base = { id: c.ids[s]!, up, assumedPerfect: perfect, assumedByDefault: byDefault, coneSize: cone.length };
    let result: ServiceAvailability;
    if (root >= 0) {
      const p = this.probabilities();
      const pDown = p[root]!;
      const a = 1 - pDown;
      const { importance: birn, nodes: bddNodes } = this.bdd.birnbaum(root, this.q, p);
      const contributors: Contributor[] = [];
      for (let lv = 0; lv < birn.length; lv++) {
        const b = birn[lv]!;
        if (!(b > 0)) continue;
        contributors.push(this.contributor(this.nodeOfLevel[lv]!, b, pDown));
      }
      sortContributors(contributors);
      result = {
        ...base,
        availability: a,
        up: Math.min(up, a),
        method: "exact",
        lower: a,
        upper: a,
        downtime: downtime(pDown),
        bddNodes,
        contributors,
      };
    } else result = { ...base, ...this.bounds(s, reason) };
    if (target !== undefined) {
      result.target = target;
      result.meetsTarget = result.availability >= target;
    }
    // The fields of spec 7 first, in its order; the added ones after.
    const { id, availability: av, up: u, method, lower, upper, assumedPerfect, ...rest } = result;
    return { result: { id, availability: av, up: u, method, lower, upper, assumedPerfect, ...rest }, cone };
  }

  private contributor(x: number, birnbaum: number, pDown: number): Contributor {
    const c = this.c;
    const f = this.figures[x]!;
    const qx = 1 - f.availability;
    const saved = qx * birnbaum;
    return {
      id: c.ids[x]!,
      kind: c.isService[x] ? "service" : "location",
      availability: f.availability,
      source: f.source,
      birnbaum,
      fussellVesely: pDown > 0 ? Math.min(1, saved / pDown) : 0,
      availabilityIfPerfect: 1 - Math.max(0, pDown - saved),
      downtimeSavedPerYear: saved * MINUTES_PER_YEAR,
    };
  }

  private probabilities(): Float64Array {
    this.probs = this.bdd.probabilities(this.q, this.probs, this.probsUpTo);
    this.probsUpTo = this.bdd.size;
    return this.probs;
  }

  /** P(fully up) = P(no node the service reaches by any relation has failed) (spec 3: anything short of that degrades it). */
  private upProbability(s: number): number {
    const c = this.c;
    const seen = new Uint8Array(c.n);
    const stack = [s];
    seen[s] = 1;
    let p = 1;
    while (stack.length > 0) {
      const x = stack.pop()!;
      const f = this.figures[x];
      if (f) p *= f.availability;
      for (let j = c.fwdStart[x]!; j < c.fwdStart[x + 1]!; j++) {
        const d = c.fwdNode[j]!;
        if (!seen[d]) {
          seen[d] = 1;
          stack.push(d);
        }
      }
    }
    return p;
  }

  /** The diagram of "node s is down": components of the relations that carry down, dependencies first, so cycles get their least fixed point. */
  private build(s: number): number {
    const { fn } = this;
    if (fn[s]! >= 0) return fn[s]!;
    this.components.walk(
      s,
      (members) => {
        if (members.length === 1) {
          fn[members[0]!] = this.formula(members[0]!);
          return;
        }
        // A cycle: Kleene iteration from "nothing down" reaches the least fixed point (spec 3).
        for (const m of members) fn[m] = FALSE;
        let changed = true;
        while (changed) {
          changed = false;
          for (const m of members) {
            const f = this.formula(m);
            if (f !== fn[m]) {
              fn[m] = f;
              changed = true;
            }
          }
        }
      },
      (w) => fn[w]! >= 0,
    );
    return fn[s]!;
  }

  /** "x is down" from the functions of what it depends on (spec 3.1–3.3, down only). */
  private formula(x: number): number {
    const { c, bdd, fn } = this;
    let f = this.levelOf[x]! >= 0 ? bdd.variable(this.levelOf[x]!) : FALSE;
    const placements: number[] = [];
    const replicas: number[] = [];
    const groups = new Map<number, number[]>();
    for (let j = c.fwdStart[x]!; j < c.fwdStart[x + 1]!; j++) {
      const k = c.fwdKind[j];
      const d = fn[c.fwdNode[j]!]!;
      if (k === REL_PARENT || k === REL_HARD) f = bdd.or(f, d);
      else if (k === REL_RUNSON) {
        placements.push(d);
        replicas.push(c.fwdWeight[j]!);
      }
      else if (k === REL_GROUP && !c.groupSoft[c.fwdGroup[j]!]) {
        const gi = c.fwdGroup[j]!;
        let list = groups.get(gi);
        if (!list) groups.set(gi, (list = []));
        list.push(d);
      }
    }
    if (placements.length > 0) {
      // Spec 3.2: down when fewer than minPlacements replicas are up, i.e. when the down
      // placements hold at least (total replicas − minPlacements + 1) of them; each placement
      // weighs its replicas (the compiled runsOn edge's weight).
      const weighted = replicas.some((r) => r !== 1);
      const total = c.replicaTotal[x]!;
      f = bdd.or(f, bdd.atLeast(total - c.minPlace[x]! + 1, placements, weighted ? replicas : undefined));
    }
    for (const [gi, members] of [...groups].sort((a, b) => a[0] - b[0])) {
      f = bdd.or(f, bdd.atLeast(c.groupSize[gi]! - c.groupQuorum[gi]! + 1, members));
    }
    return f;
  }

  /**
   * Sound bounds from the minimal cut sets of at most `boundsCutSize` nodes (complete up to
   * m). Single points of failure are factored out exactly (they are independent events, and
   * no other minimal cut contains one); for the rest, every failure set that takes the
   * service down holds a listed cut of size 2..m or at least m + 1 failed nodes.
   */
  private bounds(s: number, reason: string): Omit<ServiceAvailability, "id" | "up" | "assumedPerfect" | "assumedByDefault" | "coneSize"> {
    const c = this.c;
    const maxSize = this.options.boundsCutSize ?? 2;
    const found = minimalCuts(c, s, maxSize, this.options.boundsBudget ?? 2_000_000);
    const m = Math.min(found.completeUpTo, maxSize);
    const qOf = (x: number) => (this.levelOf[x]! >= 0 ? this.q[this.levelOf[x]!]! : 0);
    // P(no single point of failure fails), the service itself included (when m ≥ 1).
    let upSingles = 1 - qOf(s);
    const single = new Set<number>();
    for (const cut of found.cuts) {
      if (cut.length === 1 && m >= 1) {
        single.add(cut[0]!);
        upSingles *= 1 - qOf(cut[0]!);
      }
    }
    const multi = found.cuts.filter((cut) => cut.length > 1 || m < 1);
    const cutP = multi.map((cut) => cut.reduce((p, x) => p * qOf(x), 1));
    let sumSmall = 0;
    multi.forEach((cut, i) => {
      if (cut.length <= m) sumSmall += cutP[i]!;
    });
    const cone = downCone(c, s);
    const qs: number[] = [];
    for (let x = 0; x < c.n; x++) if (cone[x] && x !== s && !single.has(x) && qOf(x) > 0) qs.push(qOf(x));
    const upperRest = Math.min(1, sumSmall + tailAtLeast(qs, m + 1));
    // Lower bound on the rest: the union of the cuts found, by Bonferroni (S1 − S2) or the likeliest cut.
    let lowerRest = cutP.length > 0 ? Math.max(...cutP) : 0;
    if (multi.length <= 400) {
      let s1 = 0;
      let s2 = 0;
      const sets = multi.map((cut) => new Set(cut));
      for (let i = 0; i < multi.length; i++) {
        s1 += cutP[i]!;
        for (let j = i + 1; j < multi.length; j++) {
          let p = cutP[i]!;
          for (const x of multi[j]!) if (!sets[i]!.has(x)) p *= qOf(x);
          s2 += p;
        }
      }
      lowerRest = Math.max(lowerRest, s1 - s2);
    }
    const pLow = 1 - upSingles * (1 - lowerRest);
    const pHigh = 1 - upSingles * (1 - upperRest);
    // Importance estimated from the cuts found: a single point of failure's Birnbaum is the
    // chance that everything else holds; others by the rare-event approximation.
    const approx = new Map<number, number>();
    if (qOf(s) > 0) approx.set(s, (1 - pLow) / (1 - qOf(s)));
    for (const x of single) if (qOf(x) > 0) approx.set(x, (1 - pLow) / (1 - qOf(x)));
    multi.forEach((cut, i) => {
      if (cutP[i]! === 0) return;
      for (const x of cut) approx.set(x, (approx.get(x) ?? 0) + (upSingles * cutP[i]!) / qOf(x));
    });
    const estimate = Math.max(pLow, 1e-300);
    const contributors = [...approx].map(([x, b]) => this.contributor(x, b, estimate));
    sortContributors(contributors);
    return {
      availability: 1 - pHigh,
      method: "bounds",
      lower: 1 - pHigh,
      upper: 1 - pLow,
      downtime: downtime(pHigh),
      boundsReason: reason,
      cutSetsCompleteUpTo: m,
      contributorsApproximate: true,
      contributors,
    };
  }
}

/** Per-placement replica counts of service x, when any placement names `replicas` (spec 3.2); undefined means one each. */

/** P(at least k of independent events with probabilities qs happen), without cancellation. */
export function tailAtLeast(qs: readonly number[], k: number): number {
  if (k <= 0) return 1;
  if (k > qs.length) return 0;
  // dp[j] for j < k: exactly j so far; dp[k]: at least k so far.
  const dp = new Float64Array(k + 1);
  dp[0] = 1;
  for (const q of qs) {
    dp[k] = dp[k]! + dp[k - 1]! * q;
    for (let j = k - 1; j >= 1; j--) dp[j] = dp[j]! * (1 - q) + dp[j - 1]! * q;
    dp[0] = dp[0]! * (1 - q);
  }
  return Math.min(1, dp[k]!);
}

function downtime(pDown: number): { perYear: number; per30Days: number } {
  return { perYear: pDown * MINUTES_PER_YEAR, per30Days: pDown * MINUTES_PER_30_DAYS };
}

function sortContributors(list: Contributor[]): void {
  list.sort((a, b) => b.fussellVesely - a.fussellVesely || b.birnbaum - a.birnbaum || cmp(a.id, b.id));
}
