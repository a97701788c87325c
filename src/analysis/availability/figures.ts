/**
 * Where each node's availability figure comes from (spec 7): `--assume` first, then the
 * figure written on the node (manifest or an importer's hint), then a default by location
 * type or service type from the config (an assumption, and reported as one). A node with
 * none never fails on its own.
 */
import type { CompiledEstate } from "../../engine/compile.js";
import { UnknownIdError, UsageError } from "../errors.js";
import { parseAvailability } from "../../model/availability-figure.js";

/** Defaults by location type and by service type (`availability.defaults` in the config). */
export interface AvailabilityDefaults {
  locationTypes?: ReadonlyMap<string, number>;
  serviceTypes?: ReadonlyMap<string, number>;
}

/** Where a figure comes from. */
export type FigureSource = "manifest" | "default" | "assume";

/** One node's figure. */
export interface Figure {
  availability: number;
  source: FigureSource;
  /** For defaults: which default, e.g. `location type zone`. */
  reason?: string;
}

/**
 * What-if figures: availability by id, or the command line's `id=99.99%`, `id=0.9999`,
 * `id=never-fails` values (parsed by parseAssumptions).
 */
export type Assumptions = ReadonlyMap<string, number> | readonly string[];

/** The figures of every node that has one, by integer id. */
export function figuresOf(c: CompiledEstate, defaults: AvailabilityDefaults = {}, assumptions: Assumptions = new Map()): Array<Figure | undefined> {
  const assume = Array.isArray(assumptions) ? parseAssumptions(assumptions, parseAvailability) : (assumptions as ReadonlyMap<string, number>);
  const g = c.estate.graph;
  const out: Array<Figure | undefined> = new Array(c.n);
  for (let x = 0; x < c.n; x++) {
    const a = g.getNodeAttributes(c.ids[x]!);
    if (a.availability !== undefined) out[x] = { availability: a.availability, source: "manifest" };
    else if (a.type !== undefined) {
      const d = a.kind === "location" ? defaults.locationTypes?.get(a.type) : defaults.serviceTypes?.get(a.type);
      if (d !== undefined) out[x] = { availability: d, source: "default", reason: `${a.kind} type ${a.type}` };
    }
  }
  const unknown: string[] = [];
  for (const [id, v] of assume) {
    const x = c.index.get(id.replace(/^(service|location):/, ""));
    if (x === undefined) {
      unknown.push(id);
      continue;
    }
    if (!(v > 0 && v <= 1)) throw new UsageError(`--assume ${id}: availability must be in (0, 1], not ${v}`);
    out[x] = { availability: v, source: "assume" };
  }
  if (unknown.length > 0) throw new UnknownIdError(unknown, c.ids);
  return out;
}

/**
 * Parses `--assume` values: `id=99.99%`, `id=0.9999` or `id=never-fails`. Returns the map,
 * or throws a UsageError naming the bad value.
 */
export function parseAssumptions(values: readonly string[], parse: (v: string) => { value: number } | { error: string; hint: string }): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of values) {
    const eq = raw.lastIndexOf("=");
    if (eq <= 0) throw new UsageError(`--assume takes <id>=<availability> or <id>=never-fails, not ${JSON.stringify(raw)}`);
    const id = raw.slice(0, eq);
    const v = raw.slice(eq + 1);
    if (v === "never-fails") {
      out.set(id, 1);
      continue;
    }
    const r = parse(v);
    if (!("value" in r)) throw new UsageError(`--assume ${id}: ${r.error} (${r.hint})`);
    out.set(id, r.value);
  }
  return out;
}

