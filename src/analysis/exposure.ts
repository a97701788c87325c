/**
 * Exposure (spec 4 and 5.1): for each service, the root locations (providers, in-house
 * estates, vendors) whose failure alone makes it down, and those that only degrade it,
 * each with the path that crosses the boundary. One three-state propagation per root.
 *
 * The paths are kept compact while the answer is worked out: per root, the tree of the nodes on
 * its paths (a parent index each, shared by every service below), and per service its steps
 * (root, state, where it hangs in that root's tree). `exposure(estate)` turns every service into
 * plain arrays; `exposure(estate, services, { table: true })` keeps the compact form and builds
 * one service's entry at a time, for reporters that write as they go (a 50,000-service estate
 * has about half a million steps, a few MB compact and ~150 MB as arrays).
 */
import { observedStepsOf } from "../observed/resolve.js";
import { compile, DEGRADED, DOWN, type CompiledEstate } from "../engine/compile.js";
import { HOSTINGS, type Hosting, type Tier } from "../model/entities.js";
import type { Estate, ServiceHosting } from "../model/types.js";
import { resolveIds } from "./blast-radius.js";
import { propagate } from "../engine/propagate.js";
import { UsageError } from "./errors.js";

/** How one root location reaches a service. */
export interface ExposureStep {
  root: string;
  rootHosting: Hosting;
  state: "down" | "degraded";
  /** From the service to the root, as in `blast` (the service first). */
  path: string[];
  /** With observed calls: the steps of `path` only observation shows (as in `blast`). */
  observedSteps?: number[];
}

/** One service's exposure: spec 5.1 fields, plus tier and paths. */
export interface ServiceExposure {
  id: string;
  hosting: ServiceHosting;
  tier: Tier;
  /** Hosting classes of its own placements. */
  hostings: Hosting[];
  /** Root locations whose failure alone makes it down, sorted. */
  downWith: string[];
  /** Root locations whose failure alone makes it degraded and not down, sorted. */
  degradedWith: string[];
  /** The same, with paths: downs first, then by root id. */
  exposures: ExposureStep[];
}

/** Services of one hosting that a root of another class reaches. */
export interface Crossing {
  /** The services' own hosting. */
  hosting: ServiceHosting;
  /** The hosting class of the roots that reach them. */
  exposedTo: Hosting;
  /** Services of `hosting` that some root of `exposedTo` takes down. */
  down: number;
  /** Services of `hosting` that roots of `exposedTo` only degrade. */
  degraded: number;
}

/** The options of `exposure`. */
export interface ExposureOptions {
  /** Return an `ExposureTable` (the same answer, each service's entry built when asked) instead of an `ExposureResult`. */
  table?: boolean;
}

export interface ExposureResult {
  schemaVersion: 1;
  summary: {
    services: number;
    /** Services per hosting (all five keys present). */
    hosting: Record<ServiceHosting, number>;
    /** Cross-boundary exposure, for every pair of a service hosting and a different root class with services. */
    crossings: Crossing[];
  };
  /** The root locations considered, sorted by id. */
  roots: Array<{ id: string; hosting: Hosting; type?: string }>;
  /** One entry per service, sorted by id. */
  services: ServiceExposure[];
}

/**
 * The same answer as `ExposureResult`, with the services' entries built on demand: `service(i)`
 * is `services[i]` of the result (a new object each call), `toJSON()` the whole result (so
 * `JSON.stringify` of a table and of the result are the same text).
 */
export interface ExposureTable {
  schemaVersion: 1;
  summary: ExposureResult["summary"];
  roots: ExposureResult["roots"];
  /** The number of services (the length of the result's `services`). */
  serviceCount: number;
  /** The entry of the `i`th service (0 ≤ i < serviceCount), in the result's order. */
  service(i: number): ServiceExposure;
  /** The whole `ExposureResult`. */
  toJSON(): ExposureResult;
}

const SERVICE_HOSTINGS: readonly ServiceHosting[] = ["in-house", "public-cloud", "third-party", "hybrid", "unplaced"];

/** The exposure of every service, or of the services named; `{table: true}` for the compact form. */
export function exposure(estate: Estate, services?: readonly string[], options?: ExposureOptions & { table?: false }): ExposureResult;
export function exposure(estate: Estate, services: readonly string[] | undefined, options: ExposureOptions & { table: true }): ExposureTable;
export function exposure(estate: Estate, services?: readonly string[], options?: ExposureOptions): ExposureResult | ExposureTable;
export function exposure(estate: Estate, services?: readonly string[], options: ExposureOptions = {}): ExposureResult | ExposureTable {
  const t = exposureTable(estate, services);
  return options.table ? t : t.toJSON();
}

function exposureTable(estate: Estate, services?: readonly string[]): ExposureTable {
  const c = compile(estate);
  const g = estate.graph;
  let chosen: number[];
  if (services && services.length > 0) {
    chosen = [...new Set(resolveIds(c, services))].sort((a, b) => a - b);
    const notService = chosen.filter((x) => !c.isService[x]);
    if (notService.length > 0) throw new UsageError(`exposure is about services; ${notService.map((x) => JSON.stringify(c.ids[x])).join(", ")} ${notService.length === 1 ? "is a location" : "are locations"}`);
  } else {
    chosen = [];
    for (let x = 0; x < c.n; x++) if (c.isService[x]) chosen.push(x);
  }
  const roots = c.roots;
  const rootHostings = roots.map((r) => (g.getNodeAttributes(c.ids[r]!) as { hosting: Hosting }).hosting);
  const { treeNode, treeParent, stepStart, stepRoot, stepAt, stepDown } = compactSteps(c, chosen);

  const hostingCount = Object.fromEntries(SERVICE_HOSTINGS.map((h) => [h, 0])) as Record<ServiceHosting, number>;
  const crossDown = new Map<string, number>();
  const crossDegraded = new Map<string, number>();
  for (let i = 0; i < chosen.length; i++) {
    const a = g.getNodeAttributes(c.ids[chosen[i]!]!);
    if (a.kind !== "service") throw new Error("unreachable: not a service");
    hostingCount[a.hosting]++;
    for (const cls of HOSTINGS) {
      // A root of a class the service itself runs in is not a boundary crossing.
      if (a.hostings.includes(cls)) continue;
      const key = `${a.hosting}\u0000${cls}`;
      let down = false;
      let any = false;
      for (let q = stepStart[i]!; q < stepStart[i + 1]!; q++) {
        if (rootHostings[stepRoot[q]!] !== cls) continue;
        any = true;
        if (stepDown[q]) down = true;
      }
      if (down) crossDown.set(key, (crossDown.get(key) ?? 0) + 1);
      else if (any) crossDegraded.set(key, (crossDegraded.get(key) ?? 0) + 1);
    }
  }
  const crossings: Crossing[] = [];
  for (const h of SERVICE_HOSTINGS) {
    if (hostingCount[h] === 0) continue;
    for (const cls of HOSTINGS) {
      if (cls === h) continue;
      const key = `${h}\u0000${cls}`;
      crossings.push({ hosting: h, exposedTo: cls, down: crossDown.get(key) ?? 0, degraded: crossDegraded.get(key) ?? 0 });
    }
  }
  const summary = { services: chosen.length, hosting: hostingCount, crossings };
  const rootList = () =>
    roots.map((r) => {
      const a = g.getNodeAttributes(c.ids[r]!);
      const root: { id: string; hosting: Hosting; type?: string } = { id: a.id, hosting: a.hosting as Hosting };
      if (a.kind === "location" && a.type !== undefined) root.type = a.type;
      return root;
    });

  /** The path of step q, from the service to the root. */
  const pathOf = (q: number): string[] => {
    const nodes = treeNode[stepRoot[q]!]!;
    const parent = treeParent[stepRoot[q]!]!;
    let len = 1;
    for (let j = parent[stepAt[q]!]!; j >= 0; j = parent[j]!) len++;
    const path = new Array<string>(len);
    for (let j = stepAt[q]!, at = 0; j >= 0; j = parent[j]!) path[at++] = c.ids[nodes[j]!]!;
    return path;
  };
  const service = (i: number): ServiceExposure => {
    if (!(i >= 0 && i < chosen.length && Number.isInteger(i))) throw new RangeError(`exposure table: no service ${i} (there are ${chosen.length})`);
    const a = g.getNodeAttributes(c.ids[chosen[i]!]!);
    if (a.kind !== "service") throw new Error("unreachable: not a service");
    const list: ExposureStep[] = [];
    const downWith: string[] = [];
    const degradedWith: string[] = [];
    for (let q = stepStart[i]!; q < stepStart[i + 1]!; q++) {
      const root = c.ids[roots[stepRoot[q]!]!]!;
      const path = pathOf(q);
      const step: ExposureStep = { root, rootHosting: rootHostings[stepRoot[q]!]!, state: stepDown[q] ? "down" : "degraded", path };
      const observed = observedStepsOf(estate, path);
      if (observed.length > 0) step.observedSteps = observed;
      list.push(step);
      (stepDown[q] ? downWith : degradedWith).push(root);
    }
    return { id: a.id, hosting: a.hosting, tier: a.tier, hostings: [...a.hostings], downWith, degradedWith, exposures: list };
  };
  const freshSummary = () => ({ services: summary.services, hosting: { ...hostingCount }, crossings: crossings.map((x) => ({ ...x })) });
  return {
    schemaVersion: 1,
    summary,
    roots: rootList(),
    serviceCount: chosen.length,
    service,
    toJSON: () => ({ schemaVersion: 1, summary: freshSummary(), roots: rootList(), services: chosen.map((_, i) => service(i)) }),
  };
}

/**
 * Every (service, root) step of the chosen services, compact: per root k, the nodes on its paths
 * (treeNode[k]) with each one's parent in that list (treeParent[k], -1 where the path ends); per
 * service i, its steps stepStart[i]..stepStart[i+1] — root, place in the root's tree, down or
 * not — downs first, then by root id (roots are in id order).
 */
function compactSteps(c: CompiledEstate, chosen: readonly number[]) {
  const roots = c.roots;
  // Per root k: the nodes on its paths (treeNode[k]) and each one's parent in that list (-1: the path ends there).
  const treeNode: Int32Array[] = [];
  const treeParent: Int32Array[] = [];
  // The steps in the order found (root by root), then grouped by service below.
  const foundService: number[] = [];
  const foundRoot: number[] = [];
  const foundAt: number[] = [];
  const foundDown: boolean[] = [];
  const slot = new Int32Array(c.n).fill(-1);
  for (let k = 0; k < roots.length; k++) {
    const r = roots[k]!;
    const p = propagate(c, [r]);
    const nodes: number[] = [];
    const visit = (y: number) => {
      slot[y] = nodes.length;
      nodes.push(y);
    };
    for (let i = 0; i < chosen.length; i++) {
      const x = chosen[i]!;
      const st = p.state[x]!;
      if (st !== DOWN && st !== DEGRADED) continue;
      // The path runs from x along the causes until the root or a node without one; a node met
      // before has its whole path in the tree already.
      if (slot[x]! < 0) {
        visit(x);
        for (let cur = x; cur !== r && p.cause[cur]! >= 0; ) {
          cur = p.cause[cur]!;
          if (slot[cur]! >= 0) break;
          visit(cur);
        }
      }
      foundService.push(i);
      foundRoot.push(k);
      foundAt.push(slot[x]!);
      foundDown.push(st === DOWN);
    }
    const parent = new Int32Array(nodes.length);
    for (let j = 0; j < nodes.length; j++) {
      const y = nodes[j]!;
      parent[j] = y !== r && p.cause[y]! >= 0 ? slot[p.cause[y]!]! : -1;
    }
    for (const y of nodes) slot[y] = -1;
    treeNode.push(Int32Array.from(nodes));
    treeParent.push(parent);
  }
  // Steps grouped by service, each service's downs first, then by root id (roots are in id order).
  const m = foundService.length;
  const stepStart = new Int32Array(chosen.length + 1);
  for (let s = 0; s < m; s++) stepStart[foundService[s]! + 1]!++;
  for (let i = 0; i < chosen.length; i++) stepStart[i + 1]! += stepStart[i]!;
  const order = new Int32Array(m);
  const fill = stepStart.slice(0, chosen.length);
  for (let s = 0; s < m; s++) order[fill[foundService[s]!]!++] = s;
  const rank = (s: number) => (foundDown[s] ? 0 : roots.length) + foundRoot[s]!;
  for (let i = 0; i < chosen.length; i++) {
    const from = stepStart[i]!;
    const to = stepStart[i + 1]!;
    if (to - from > 1) order.set(Array.from(order.subarray(from, to)).sort((u, v) => rank(u) - rank(v)), from);
  }
  const stepRoot = new Int32Array(m);
  const stepAt = new Int32Array(m);
  const stepDown = new Uint8Array(m);
  for (let q = 0; q < m; q++) {
    const s = order[q]!;
    stepRoot[q] = foundRoot[s]!;
    stepAt[q] = foundAt[s]!;
    stepDown[q] = foundDown[s] ? 1 : 0;
  }
  return { treeNode, treeParent, stepStart, stepRoot, stepAt, stepDown };
}
