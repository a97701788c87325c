/**
 * Exposure (spec 4 and 5.1): for each service, the root locations (providers, in-house
 * estates, vendors) whose failure alone makes it down, and those that only degrade it,
 * each with the path that crosses the boundary. One three-state propagation per root.
 */
import { observedStepsOf } from "../observed/resolve.js";
import { compile, DEGRADED, DOWN } from "../engine/compile.js";
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

const SERVICE_HOSTINGS: readonly ServiceHosting[] = ["in-house", "public-cloud", "third-party", "hybrid", "unplaced"];

/** The exposure of every service, or of the services named. */
export function exposure(estate: Estate, services?: readonly string[]): ExposureResult {
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
  const steps = new Map<number, ExposureStep[]>();
  for (const x of chosen) steps.set(x, []);
  for (const r of roots) {
    const p = propagate(c, [r]);
    const rootHosting = (g.getNodeAttributes(c.ids[r]!) as { hosting: Hosting }).hosting;
    for (const x of chosen) {
      const st = p.state[x]!;
      if (st !== DOWN && st !== DEGRADED) continue;
      const path = [c.ids[x]!];
      for (let cur = x; cur !== r && p.cause[cur]! >= 0; ) {
        cur = p.cause[cur]!;
        path.push(c.ids[cur]!);
      }
      const step: ExposureStep = { root: c.ids[r]!, rootHosting, state: st === DOWN ? "down" : "degraded", path };
      const observed = observedStepsOf(estate, path);
      if (observed.length > 0) step.observedSteps = observed;
      steps.get(x)!.push(step);
    }
  }
  const hostingCount = Object.fromEntries(SERVICE_HOSTINGS.map((h) => [h, 0])) as Record<ServiceHosting, number>;
  const crossDown = new Map<string, number>();
  const crossDegraded = new Map<string, number>();
  const out = chosen.map((x): ServiceExposure => {
    const a = g.getNodeAttributes(c.ids[x]!);
    if (a.kind !== "service") throw new Error("unreachable: not a service");
    const list = steps.get(x)!;
    list.sort((u, v) => (u.state === v.state ? (u.root < v.root ? -1 : u.root > v.root ? 1 : 0) : u.state === "down" ? -1 : 1));
    hostingCount[a.hosting]++;
    for (const cls of HOSTINGS) {
      // A root of a class the service itself runs in is not a boundary crossing.
      if (a.hostings.includes(cls)) continue;
      const key = `${a.hosting}\u0000${cls}`;
      if (list.some((s) => s.state === "down" && s.rootHosting === cls)) crossDown.set(key, (crossDown.get(key) ?? 0) + 1);
      else if (list.some((s) => s.rootHosting === cls)) crossDegraded.set(key, (crossDegraded.get(key) ?? 0) + 1);
    }
    return {
      id: a.id,
      hosting: a.hosting,
      tier: a.tier,
      hostings: [...a.hostings],
      downWith: list.filter((s) => s.state === "down").map((s) => s.root),
      degradedWith: list.filter((s) => s.state === "degraded").map((s) => s.root),
      exposures: list,
    };
  });
  const crossings: Crossing[] = [];
  for (const h of SERVICE_HOSTINGS) {
    if (hostingCount[h] === 0) continue;
    for (const cls of HOSTINGS) {
      if (cls === h) continue;
      const key = `${h}\u0000${cls}`;
      crossings.push({ hosting: h, exposedTo: cls, down: crossDown.get(key) ?? 0, degraded: crossDegraded.get(key) ?? 0 });
    }
  }
  return {
    schemaVersion: 1,
    summary: { services: chosen.length, hosting: hostingCount, crossings },
    roots: roots.map((r) => {
      const a = g.getNodeAttributes(c.ids[r]!);
      const root: { id: string; hosting: Hosting; type?: string } = { id: a.id, hosting: a.hosting as Hosting };
      if (a.kind === "location" && a.type !== undefined) root.type = a.type;
      return root;
    }),
    services: out,
  };
}

