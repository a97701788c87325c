/**
 * Ids of imported services. Each importer offers candidate ids from the plainest
 * (`db`) to the most qualified (`shop.db`, `prod.deployment.api`); after all
 * importers ran, `finalizeImportedIds` gives every imported service the plainest
 * candidate that no other, different service shares, and rewrites the references
 * between imported services to the chosen ids. See docs/importers.md.
 */
import type { DependencyEntry, Entity, Origin, RefEntry, ServiceEntity } from "../model/entities.js";
import type { SourcePos } from "../diagnostics/diagnostics.js";

const CANDIDATES = new WeakMap<ServiceEntity, readonly string[]>();
const TARGETS = new WeakMap<object, ServiceEntity>();

/** Records the candidate ids of an imported service (plainest first, last one unique to the object) and sets its id to the first. */
export function setCandidates(svc: ServiceEntity, candidates: readonly string[]): void {
  CANDIDATES.set(svc, candidates);
  svc.id = candidates[0]!;
}

/**
 * A service read from a foreign format: tier medium, no placement, no dependency yet, and
 * references from it that dangle are warnings (foreign catalogs often dangle). With
 * `candidates`, its id is the first of them (`setCandidates`); else `name`.
 */
export function importedService(f: {
  name: string;
  type?: string;
  origin: Origin;
  at: SourcePos;
  attributes: Map<string, string>;
  labels?: Map<string, string>;
  annotations?: Map<string, string>;
  candidates?: readonly string[];
}): ServiceEntity {
  const svc: ServiceEntity = {
    kind: "service",
    id: f.name,
    name: f.name,
    ...(f.type !== undefined ? { type: f.type } : {}),
    tier: "medium",
    runsOn: [],
    minPlacements: 1,
    dependsOn: [],
    labels: f.labels ?? new Map(),
    annotations: f.annotations ?? new Map(),
    attributes: f.attributes,
    origin: f.origin,
    at: f.at,
    danglingSeverity: "warning",
  };
  if (f.candidates) setCandidates(svc, f.candidates);
  return svc;
}

/** A hard or soft dependency entry that points at another imported service (its id is settled later). */
export function depOn(target: ServiceEntity, at: RefEntry["at"], extra: { soft?: boolean; inferred?: boolean; note?: string } = {}): DependencyEntry {
  const dep: DependencyEntry = { kind: "ref", ref: target.id, soft: extra.soft ?? false, at };
  if (extra.inferred) dep.inferred = true;
  if (extra.note !== undefined) dep.note = extra.note;
  TARGETS.set(dep, target);
  return dep;
}

/** A group member that points at another imported service. */
export function memberOf(target: ServiceEntity, at: RefEntry["at"]): RefEntry {
  const m: RefEntry = { ref: target.id, at };
  TARGETS.set(m, target);
  return m;
}

/** The imported service a reference was made for, if any. */
export function targetOf(entry: object): ServiceEntity | undefined {
  return TARGETS.get(entry);
}

/**
 * Settles the ids of imported services across the whole load: a plain candidate is used
 * unless another different service (imported, or any native entity) has the same id, in
 * which case every service sharing it moves to its next candidate. Two services with the
 * same last candidate are the same object defined twice: they are left for the model
 * builder to report as a duplicate.
 */
export function finalizeImportedIds(entities: readonly Entity[]): void {
  const imported: ServiceEntity[] = [];
  const fixed = new Set<string>();
  for (const e of entities) {
    if (e.kind === "service" && CANDIDATES.has(e)) imported.push(e);
    else fixed.add(e.id);
  }
  if (imported.length === 0) return;
  const level = new Map<ServiceEntity, number>();
  for (const s of imported) level.set(s, 0);
  const idOf = (s: ServiceEntity): string => {
    const c = CANDIDATES.get(s)!;
    return c[Math.min(level.get(s)!, c.length - 1)]!;
  };
  const identity = (s: ServiceEntity): string => {
    const c = CANDIDATES.get(s)!;
    return c[c.length - 1]!;
  };
  for (let changed = true; changed; ) {
    changed = false;
    const owners = new Map<string, Set<string>>();
    for (const s of imported) {
      const id = idOf(s);
      let set = owners.get(id);
      if (!set) owners.set(id, (set = new Set()));
      set.add(identity(s));
    }
    for (const s of imported) {
      const id = idOf(s);
      const ambiguous = fixed.has(id) || owners.get(id)!.size > 1;
      if (ambiguous && level.get(s)! < CANDIDATES.get(s)!.length - 1) {
        level.set(s, level.get(s)! + 1);
        changed = true;
      }
    }
  }
  for (const s of imported) s.id = idOf(s);
  for (const s of imported) {
    for (const dep of s.dependsOn) {
      if (dep.kind === "ref") {
        const t = TARGETS.get(dep);
        if (t) dep.ref = t.id;
      } else {
        for (const m of dep.members) {
          const t = TARGETS.get(m);
          if (t) m.ref = t.id;
        }
      }
    }
  }
}
