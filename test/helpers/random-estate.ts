/**
 * Random small estates for property tests (fast-check), built straight from entities so
 * that every shape the spec allows shows up: nested locations under roots of every
 * hosting class, services with zero to three placements, some with `replicas` (1–4),
 * and any minPlacements (including "all replicas", which makes every placement a single
 * point of failure, and uneven spreads where only the heavy placement is one), hard
 * and soft dependencies on services or locations, anyOf / quorum groups (hard and soft,
 * including quorum = size), and dependency cycles (targets are drawn from all ids).
 *
 * Usage:
 *   fc.assert(fc.property(randomEstate(), (estate) => ...))
 *   fc.assert(fc.property(randomEstate({ maxServices: 8 }), ...))
 * or draw a recipe with `estateRecipe(...)` and build it with `buildRandomEstate(recipe)`
 * to shrink on the recipe. Ids: locations `l<i>` (children `l<p>/l<i>`), services `s<i>`.
 */
import fc from "fast-check";
import { DiagnosticBag } from "../../src/diagnostics/diagnostics.js";
import { buildModel } from "../../src/model/build-model.js";
import type { DependencyEntry, Entity, Hosting, LocationEntity, ServiceEntity } from "../../src/model/entities.js";
import type { Estate } from "../../src/model/types.js";

const at = { file: "random.yaml", line: 1, column: 1 };
const HOSTS: Hosting[] = ["in-house", "public-cloud", "third-party"];
const TIERS = ["critical", "high", "medium", "low"] as const;

export interface RandomEstateOptions {
  /** Most locations (default 8). */
  maxLocations?: number;
  /** Most services (default 12). */
  maxServices?: number;
  /** Most dependency entries per service (default 4). */
  maxDeps?: number;
  /** Relative weights of single references and groups among dependency entries (default 3 and 2); more groups, more redundancy. */
  refWeight?: number;
  groupWeight?: number;
  /** Chance (0–1) that a placement names `replicas` (1–4); default 0.35. 0 gives estates without replicas. */
  replicaChance?: number;
}

/** The recipe of a random estate: small integers that `buildRandomEstate` turns into entities. */
export function estateRecipe(options: RandomEstateOptions = {}) {
  const maxL = options.maxLocations ?? 8;
  const maxS = options.maxServices ?? 12;
  const pool = maxL + maxS;
  return fc.record({
    // For each location: the index of its parent (a root when -1 or not an earlier index), and a root's hosting.
    locations: fc.array(fc.record({ parent: fc.integer({ min: -1, max: maxL - 1 }), hosting: fc.nat(2) }), { minLength: 1, maxLength: maxL }),
    services: fc.array(
      fc.record({
        tier: fc.nat(3),
        placements: fc.uniqueArray(fc.nat(maxL - 1), { maxLength: 3 }),
        // Per placement: 0 for no `replicas`, else the replica count (spec 2.2).
        replicas: fc.array(fc.oneof({ weight: Math.round(100 * (1 - (options.replicaChance ?? 0.35))), arbitrary: fc.constant(0) }, { weight: Math.round(100 * (options.replicaChance ?? 0.35)), arbitrary: fc.integer({ min: 1, max: 4 }) }), { minLength: 3, maxLength: 3 }),
        // 0 means "all replicas"; otherwise clipped to the number of replicas.
        min: fc.nat(5),
        deps: fc.array(
          fc.oneof(
            { weight: options.refWeight ?? 3, arbitrary: fc.record({ kind: fc.constant("ref" as const), target: fc.nat(pool), soft: fc.boolean() }) },
            {
              weight: options.groupWeight ?? 2,
              arbitrary: fc.record({
                kind: fc.constant("group" as const),
                members: fc.uniqueArray(fc.nat(pool), { minLength: 1, maxLength: 4 }),
                quorum: fc.integer({ min: 1, max: 4 }),
                soft: fc.boolean(),
              }),
            },
          ),
          { maxLength: options.maxDeps ?? 4 },
        ),
      }),
      { minLength: 1, maxLength: maxS },
    ),
  });
}

export type EstateRecipe = ReturnType<typeof estateRecipe> extends fc.Arbitrary<infer T> ? T : never;

/** Builds the estate of a recipe (throws if the model rejects it, which would be a bug in the recipe). */
export function buildRandomEstate(r: EstateRecipe): Estate {
  const entities: Entity[] = [];
  const locIds: string[] = [];
  r.locations.forEach((l, i) => {
    const p = l.parent >= 0 && l.parent < i ? locIds[l.parent] : undefined;
    const name = `l${i}`;
    const e: LocationEntity = { kind: "location", id: p ? `${p}/${name}` : name, name, labels: new Map(), annotations: new Map(), origin: "native", at };
    if (p) e.parent = p;
    else e.hosting = HOSTS[l.hosting % 3]!;
    locIds.push(e.id);
    entities.push(e);
  });
  const ids = [...locIds, ...r.services.map((_, i) => `s${i}`)];
  r.services.forEach((s, i) => {
    const self = `s${i}`;
    const placements = [...new Set(s.placements.map((p) => locIds[p % locIds.length]!))];
    const deps: DependencyEntry[] = [];
    for (const d of s.deps) {
      if (d.kind === "ref") {
        const t = ids[d.target % ids.length]!;
        if (t !== self) deps.push({ kind: "ref", ref: t, soft: d.soft, at });
      } else {
        const members = [...new Set(d.members.map((m) => ids[m % ids.length]!))].filter((m) => m !== self);
        if (members.length === 0) continue;
        deps.push({ kind: "group", members: members.map((ref) => ({ ref, at })), quorum: Math.min(d.quorum, members.length), soft: d.soft, at });
      }
    }
    const replicas = placements.map((_, k) => s.replicas[k] ?? 0);
    const total = replicas.reduce((t, r) => t + (r === 0 ? 1 : r), 0);
    const min = s.min === 0 ? total : Math.min(s.min, total);
    const svc: ServiceEntity = {
      kind: "service",
      id: self,
      name: self,
      tier: TIERS[s.tier % 4]!,
      runsOn: placements.map((ref, k) => (replicas[k]! > 0 ? { ref, at, replicas: replicas[k]! } : { ref, at })),
      minPlacements: Math.max(1, min),
      dependsOn: deps,
      labels: new Map(),
      annotations: new Map(),
      attributes: new Map(),
      origin: "native",
      at,
      danglingSeverity: "error",
    };
    entities.push(svc);
  });
  const bag = new DiagnosticBag();
  const estate = buildModel(entities, bag);
  if (bag.hasErrors()) throw new Error(bag.items.map((d) => d.message).join("; "));
  return estate;
}

/** An arbitrary random estate (see the module comment for what it covers). */
export function randomEstate(options: RandomEstateOptions = {}): fc.Arbitrary<Estate> {
  return estateRecipe(options).map(buildRandomEstate);
}

/**
 * A base and a head recipe: the head is the base with up to three services replaced by those of
 * another recipe, and maybe one service more or one fewer (a pull request's change).
 */
export function changedEstatePair(options: { maxServices: number; maxLocations: number }) {
  return fc
    .tuple(estateRecipe(options), estateRecipe(options), fc.uniqueArray(fc.nat(options.maxServices - 1), { maxLength: 3 }), fc.integer({ min: -1, max: 1 }))
    .map(([base, other, replace, grow]) => {
      const services = base.services.map((s, i) => (replace.includes(i) ? other.services[i % other.services.length]! : s));
      if (grow > 0) services.push(other.services[0]!);
      if (grow < 0 && services.length > 1) services.pop();
      const head: EstateRecipe = { locations: base.locations, services };
      return { base, head };
    });
}
