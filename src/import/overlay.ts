/**
 * Overlays: additions to imported services from files the team owns (docs/importers.md,
 * "Overlays"). An overlay names an imported service by id (or by its plain name when that is
 * unique) and adds dependencies, placements, a tier or an owner. App configs read by
 * src/import/app-config.ts (Spring routes, files in a Compose service's build context) are
 * quiet overlays: a target not in the load is dropped without a warning.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics/diagnostics.js";
import { nearest } from "../diagnostics/suggest.js";
import type { DependencyEntry, Entity, RefEntry, ServiceEntity, Tier } from "../model/entities.js";

/** One overlay: what to add to the service `target`. */
export interface Overlay {
  target: string;
  at: SourcePos;
  dependsOn: DependencyEntry[];
  runsOn?: RefEntry[];
  tier?: Tier;
  owner?: string;
  /** From an app config: unknown targets and dependencies are dropped quietly, existing dependencies kept. */
  quiet: boolean;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Resolves ids and plain names to services: the id first, else the one service with that name. */
export function serviceResolver(entities: readonly Entity[]): { resolve: (ref: string) => ServiceEntity | undefined; suggestions: (ref: string) => string[] } {
  const byId = new Map<string, ServiceEntity>();
  const byName = new Map<string, ServiceEntity[]>();
  for (const e of entities) {
    if (e.kind !== "service") continue;
    byId.set(e.id, e);
    const n = e.name.toLowerCase();
    let list = byName.get(n);
    if (!list) byName.set(n, (list = []));
    list.push(e);
  }
  const resolve = (ref: string) => {
    const id = ref.replace(/^service:/, "");
    const hit = byId.get(id);
    if (hit) return hit;
    const list = byName.get(id.toLowerCase());
    return list && list.length === 1 ? list[0] : undefined;
  };
  // Qualified forms of the same name (`db` → `voting-app.db`), then the nearest spelling.
  const suggestions = (ref: string) => {
    const q = (byName.get(ref.toLowerCase()) ?? []).map((s) => s.id).sort(cmp);
    if (q.length > 0) return q;
    const near = nearest(ref, byId.keys());
    return near ? [near] : [];
  };
  return { resolve, suggestions };
}

/** Applies overlays to the entities in place; returns the entities (overlays are not entities). */
export function applyOverlays(entities: Entity[], bag: DiagnosticBag, overlays: readonly Overlay[] = []): Entity[] {
  if (overlays.length === 0) return entities;
  const { resolve, suggestions } = serviceResolver(entities);
  for (const o of overlays) {
    const svc = resolve(o.target);
    if (!svc) {
      if (!o.quiet) {
        const s = suggestions(o.target);
        bag.warning("unknown-overlay-target", `overlay for unknown service ${JSON.stringify(o.target)}: ignored`, o.at, {
          expected: "the id of a service in the load",
          found: JSON.stringify(o.target),
          hint: s.length > 0 ? `did you mean ${s.map((x) => `\`${x}\``).join(" or ")}?` : "check the id with `faultline graph --format json`",
        });
      }
      continue;
    }
    const has = new Set(svc.dependsOn.flatMap((d) => (d.kind === "ref" ? [resolve(d.ref)?.id ?? d.ref] : [])));
    for (const dep of o.dependsOn) {
      if (dep.kind === "ref") {
        const t = resolve(dep.ref);
        if (!t) {
          if (!o.quiet) svc.dependsOn.push(dep);
          continue;
        }
        if (t === svc) continue;
        if (has.has(t.id)) {
          if (o.quiet) continue;
          // An overlay restates an imported dependency: its hard/soft wins.
          for (const d of svc.dependsOn) {
            if (d.kind === "ref" && (resolve(d.ref)?.id ?? d.ref) === t.id) {
              d.soft = dep.soft;
              d.evidence = { ...(d.evidence ?? { kind: "declared" }), fixed: true };
              delete d.evidence.reason;
              if (dep.soft) d.evidence.reason = "overlay";
            }
          }
          continue;
        }
        has.add(t.id);
        svc.dependsOn.push({ ...dep, ref: t.id, evidence: dep.evidence ?? { kind: "declared", via: "overlay", fixed: true, ...(dep.soft ? { reason: "overlay" } : {}) } });
      } else {
        const members = dep.members.map((m) => ({ ...m, ref: resolve(m.ref)?.id ?? m.ref })).filter((m) => !o.quiet || resolve(m.ref));
        if (members.length > 0) svc.dependsOn.push({ ...dep, members, evidence: dep.evidence ?? { kind: "declared", via: "overlay", fixed: true } });
      }
    }
    if (o.runsOn && o.runsOn.length > 0) svc.runsOn = o.runsOn;
    if (o.tier) svc.tier = o.tier;
    if (o.owner !== undefined) svc.owner = o.owner;
  }
  return entities;
}
