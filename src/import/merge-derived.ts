/**
 * Folds entities derived from live or deployed state (origin `k8s-snapshot` or `terraform`)
 * into the entities of the same id that manifests define, before the model is built:
 * - a location: the written one is kept (a snapshot and a state both naming
 *   `aws/us-east-1/use1-az1` give one location); two derived ones are the same place;
 * - a service: the written one keeps its dependencies, tier, owner and labels; it takes
 *   the derived placements and `minPlacements` unless it is a native service that writes
 *   `runsOn` itself (what people write on purpose wins over what the cluster shows). A
 *   service only derived stays as it is. Two derived entries for one service (a snapshot
 *   and a tagged resource) are concatenated: both are places where it runs.
 * Entities with no derived twin are untouched, so duplicate ids among written entities are
 * still reported by the model builder. See docs/placement.md.
 */
import type { DiagnosticBag } from "../diagnostics/diagnostics.js";
import type { Entity, LocationEntity, ServiceEntity } from "../model/entities.js";

const isDerived = (e: Entity) => e.origin === "k8s-snapshot" || e.origin === "terraform";

/** Returns the entities with every derived twin folded into its written entity. */
export function mergeDerived(entities: Entity[], bag: DiagnosticBag): Entity[] {
  if (!entities.some(isDerived)) return entities;
  const written = new Map<string, Entity[]>();
  for (const e of entities) {
    if (isDerived(e)) continue;
    const list = written.get(e.id);
    if (list) list.push(e);
    else written.set(e.id, [e]);
  }
  const firstDerived = new Map<string, Entity>();
  const out: Entity[] = [];
  for (const e of entities) {
    if (!isDerived(e)) {
      out.push(e);
      continue;
    }
    const twins = written.get(e.id);
    const twin = twins && twins.length === 1 && twins[0]!.kind === e.kind ? twins[0]! : undefined;
    if (twin) {
      if (twin.kind === "service") placeInto(twin, e as ServiceEntity, bag);
      else mergeLocation(twin, e as LocationEntity, bag);
      continue;
    }
    if (twins) {
      out.push(e); // a different kind (or several written): the model builder reports the clash
      continue;
    }
    const prev = firstDerived.get(e.id);
    if (!prev) {
      firstDerived.set(e.id, e);
      out.push(e);
      continue;
    }
    if (prev.kind !== e.kind) {
      out.push(e);
      continue;
    }
    if (prev.kind === "service") {
      const p = prev as ServiceEntity;
      const s = e as ServiceEntity;
      const have = new Set(p.runsOn.map((r) => r.ref));
      for (const r of s.runsOn) if (!have.has(r.ref)) p.runsOn.push(r);
      if (p.dependsOn.length === 0) p.dependsOn = s.dependsOn;
      for (const [k, v] of s.attributes) if (!p.attributes.has(k)) p.attributes.set(k, v);
    }
  }
  return out;
}

function placeInto(svc: ServiceEntity, derived: ServiceEntity, bag: DiagnosticBag): void {
  if (svc.origin === "native" && svc.runsOn.length > 0) {
    if (derived.runsOn.length > 0) {
      bag.warning("placement-kept", `service ${JSON.stringify(svc.id)} writes runsOn: the ${derived.origin === "terraform" ? "Terraform state" : "cluster snapshot"}'s placements are not used`, svc.at, {
        found: derived.runsOn.map((r) => `${r.ref.replace(/^location:/, "")}${r.replicas !== undefined ? ` ×${r.replicas}` : ""}`).join(", "),
        hint: "remove runsOn from the manifest to take the placements from the live state",
      });
    }
    return;
  }
  if (derived.runsOn.length === 0) return;
  svc.runsOn = derived.runsOn;
  svc.minPlacements = derived.minPlacements;
  delete svc.minPlacementsAt;
  for (const [k, v] of derived.attributes) if (k.startsWith("placement.") || !svc.attributes.has(k)) svc.attributes.set(k, v);
}

function mergeLocation(loc: LocationEntity, derived: LocationEntity, bag: DiagnosticBag): void {
  // Only a root says its hosting; a derived root of another class than the written root is a contradiction worth a word.
  if (loc.parent === undefined && derived.parent === undefined && loc.hosting && derived.hosting && loc.hosting !== derived.hosting) {
    bag.warning("hosting-differs", `location ${JSON.stringify(loc.id)} is ${loc.hosting} here but ${derived.hosting} in the ${derived.origin === "terraform" ? "Terraform state" : "cluster snapshot"}`, loc.at, {
      hint: "the written hosting is used; name the in-house estate differently (placement.estate in faultline.config.yaml)",
    });
  }
}
