/**
 * The change between two estates (base and head of a pull request): services and
 * locations added and removed, dependencies added and removed, soft↔hard, redundancy
 * lost or gained, tier changes. Plain data, sorted, so every format shows the same thing.
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";
import type { Tier } from "../model/entities.js";
import type { EdgeAttributes, Estate, GroupInfo, NodeDescriptor, ServiceAttributes } from "../model/types.js";

/** One outgoing relation of a node. */
export interface OutEdge {
  to: string;
  attr: EdgeAttributes;
}

const outIndex = new WeakMap<Estate, Map<string, OutEdge[]>>();

/**
 * The outgoing relations of `id`, in the order written. Built once per estate from the
 * global edge iteration: graphology's per-node iteration keeps neighbours in plain
 * objects and breaks on ids such as `constructor`.
 */
export function outEdges(estate: Estate, id: string): readonly OutEdge[] {
  let index = outIndex.get(estate);
  if (!index) {
    index = new Map();
    const idx = index;
    estate.graph.forEachEdge((_k, attr, source, target) => {
      let list = idx.get(source);
      if (!list) idx.set(source, (list = []));
      list.push({ to: target, attr });
    });
    outIndex.set(estate, index);
  }
  return index.get(id) ?? [];
}

/** A node present on one side only. */
export interface NodeChange extends Pick<NodeDescriptor, "id" | "kind"> {
  at: SourcePos;
}

/** A dependency present on one side only; `relation` says how it is written there. */
export interface DependencyChange {
  from: string;
  to: string;
  relation: "hard" | "soft" | "group";
  /** For `group`: the members of the group the dependency is part of, and its quorum. */
  group?: { members: string[]; quorum: number; soft: boolean };
  at: SourcePos;
}

/** A dependency whose strength flipped (a direct entry, or a whole group). */
export interface StrengthChange {
  from: string;
  /** One id for a direct dependency; the members for a group. */
  to: string[];
  change: "soft-to-hard" | "hard-to-soft";
  at: SourcePos;
}

export type RedundancyKind =
  | "member-removed"
  | "member-added"
  | "quorum-raised"
  | "quorum-lowered"
  | "placement-removed"
  | "placement-added"
  | "min-placements-raised"
  | "min-placements-lowered"
  | "replicas-lowered"
  | "replicas-raised"
  | "group-added"
  | "group-removed";

/** Redundancy of a service lost or gained. */
export interface RedundancyChange {
  service: string;
  change: RedundancyKind;
  effect: "lost" | "gained";
  /** The ids concerned: the member or placement, or the group's members. */
  nodes: string[];
  /** Human-readable: `anyOf [a, b] → anyOf [a]`, `quorum 1 → 2 of 3`. */
  detail: string;
  /** Where it is written on the side that has it (head, or base for removals). */
  at: SourcePos;
}

/** A service whose tier changed. */
export interface TierChange {
  id: string;
  from: Tier;
  to: Tier;
  at: SourcePos;
}

/** The whole change from base to head. */
export interface EstateDiff {
  services: { added: NodeChange[]; removed: NodeChange[] };
  locations: { added: NodeChange[]; removed: NodeChange[] };
  dependencies: { added: DependencyChange[]; removed: DependencyChange[] };
  strength: StrengthChange[];
  redundancy: RedundancyChange[];
  tiers: TierChange[];
  /** Services named by any change above (dependency targets included), sorted. */
  changedServices: string[];
  /** Number of changes listed above. */
  count: number;
}

interface DepView {
  /** Direct entries: target → strongest relation written and the place of its first entry. */
  direct: Map<string, { hard: boolean; soft: boolean; at: SourcePos }>;
  groups: GroupInfo[];
}

function depView(estate: Estate, id: string): DepView {
  const direct = new Map<string, { hard: boolean; soft: boolean; at: SourcePos }>();
  for (const { to, attr } of outEdges(estate, id)) {
    if (attr.relation !== "hard" && attr.relation !== "soft") continue;
    let d = direct.get(to);
    if (!d) direct.set(to, (d = { hard: false, soft: false, at: attr.at }));
    if (attr.relation === "hard") {
      if (!d.hard) d.at = attr.at;
      d.hard = true;
    } else d.soft = true;
  }
  const a = estate.graph.getNodeAttributes(id) as ServiceAttributes;
  return { direct, groups: a.groups };
}

/** Every id a service depends on in any way, with the way it is written (direct wins over group). */
function allTargets(v: DepView): Map<string, DependencyChange["relation"]> {
  const out = new Map<string, DependencyChange["relation"]>();
  for (const [to, d] of v.direct) out.set(to, d.hard ? "hard" : "soft");
  for (const g of v.groups) for (const m of g.members) if (!out.has(m)) out.set(m, "group");
  return out;
}

function groupText(g: GroupInfo): string {
  const body = `[${g.members.join(", ")}]`;
  const s = g.quorum === 1 ? `anyOf ${body}` : `quorum ${g.quorum} of ${body}`;
  return g.soft ? `${s} (soft)` : s;
}

function memberAt(estate: Estate, from: string, to: string, groupIndex: number): SourcePos | undefined {
  let at: SourcePos | undefined;
  for (const { to: t, attr } of outEdges(estate, from)) {
    if (!at && t === to && attr.relation === "group" && attr.group?.index === groupIndex) at = attr.at;
  }
  return at;
}

/** Pairs groups of the same service across base and head by shared members (most shared first). */
function matchGroups(base: GroupInfo[], head: GroupInfo[]): Array<[GroupInfo | undefined, GroupInfo | undefined]> {
  const pairs: Array<{ b: number; h: number; overlap: number }> = [];
  base.forEach((bg, b) =>
    head.forEach((hg, h) => {
      const hs = new Set(hg.members);
      const overlap = bg.members.filter((m) => hs.has(m)).length;
      if (overlap > 0) pairs.push({ b, h, overlap });
    }),
  );
  pairs.sort((x, y) => y.overlap - x.overlap || x.b - y.b || x.h - y.h);
  const usedB = new Set<number>();
  const usedH = new Set<number>();
  const out: Array<[GroupInfo | undefined, GroupInfo | undefined]> = [];
  for (const p of pairs) {
    if (usedB.has(p.b) || usedH.has(p.h)) continue;
    usedB.add(p.b);
    usedH.add(p.h);
    out.push([base[p.b], head[p.h]]);
  }
  base.forEach((g, i) => usedB.has(i) || out.push([g, undefined]));
  head.forEach((g, i) => usedH.has(i) || out.push([undefined, g]));
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPos = (a: SourcePos, b: SourcePos) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column;

/**
 * Computes the change from `base` to `head`. `only`, when given, holds every service
 * written differently on the two sides (src/policy/scope.ts `touchedNodes`): the others
 * cannot contribute and are skipped, so the work follows the change.
 */
export function diffEstates(base: Estate, head: Estate, only?: ReadonlySet<string>): EstateDiff {
  const diff: EstateDiff = {
    services: { added: [], removed: [] },
    locations: { added: [], removed: [] },
    dependencies: { added: [], removed: [] },
    strength: [],
    redundancy: [],
    tiers: [],
    changedServices: [],
    count: 0,
  };
  const changed = new Set<string>();
  const hg = head.graph;
  const bg = base.graph;
  const kindIn = (e: Estate, id: string) => (e.graph.hasNode(id) ? e.graph.getNodeAttribute(id, "kind") : undefined);

  hg.forEachNode((id, a) => {
    if (kindIn(base, id) === a.kind) return;
    (a.kind === "service" ? diff.services : diff.locations).added.push({ id, kind: a.kind, at: a.at });
    if (a.kind === "service") changed.add(id);
  });
  bg.forEachNode((id, a) => {
    if (kindIn(head, id) === a.kind) return;
    (a.kind === "service" ? diff.services : diff.locations).removed.push({ id, kind: a.kind, at: a.at });
    if (a.kind === "service") changed.add(id);
  });

  const isService = (id: string) => kindIn(head, id) === "service" || kindIn(base, id) === "service";
  const dependencyChange = (e: Estate, from: string, to: string, relation: DependencyChange["relation"], v: DepView): DependencyChange => {
    if (relation !== "group") return { from, to, relation, at: v.direct.get(to)!.at };
    const g = v.groups.find((x) => x.members.includes(to))!;
    return { from, to, relation, group: { members: [...g.members], quorum: g.quorum, soft: g.soft }, at: memberAt(e, from, to, g.index) ?? g.at };
  };

  const services = new Set<string>();
  hg.forEachNode((id, a) => a.kind === "service" && services.add(id));
  bg.forEachNode((id, a) => a.kind === "service" && services.add(id));
  for (const id of [...services].sort(cmp)) {
    if (only && !only.has(id)) continue;
    const inHead = kindIn(head, id) === "service";
    const inBase = kindIn(base, id) === "service";
    const hv: DepView = inHead ? depView(head, id) : { direct: new Map(), groups: [] };
    const bv: DepView = inBase ? depView(base, id) : { direct: new Map(), groups: [] };
    const ht = allTargets(hv);
    const bt = allTargets(bv);
    const note = (...ids: string[]) => {
      changed.add(id);
      for (const x of ids) if (isService(x)) changed.add(x);
    };
    for (const [to, rel] of ht) {
      if (bt.has(to)) continue;
      diff.dependencies.added.push(dependencyChange(head, id, to, rel, hv));
      note(to);
    }
    for (const [to, rel] of bt) {
      if (ht.has(to)) continue;
      diff.dependencies.removed.push(dependencyChange(base, id, to, rel, bv));
      note(to);
    }
    if (!inHead || !inBase) continue;
    const ha = head.graph.getNodeAttributes(id) as ServiceAttributes;
    const ba = base.graph.getNodeAttributes(id) as ServiceAttributes;
    // Direct entries present on both sides whose strength flipped.
    for (const [to, h] of hv.direct) {
      const b = bv.direct.get(to);
      if (!b) continue;
      if (h.hard && !b.hard) {
        diff.strength.push({ from: id, to: [to], change: "soft-to-hard", at: h.at });
        note(to);
      } else if (!h.hard && b.hard) {
        diff.strength.push({ from: id, to: [to], change: "hard-to-soft", at: h.at });
        note(to);
      }
    }
    // Groups, matched by shared members.
    for (const [b, h] of matchGroups(bv.groups, hv.groups)) {
      if (b && h) {
        const hs = new Set(h.members);
        const bs = new Set(b.members);
        const before = groupText(b);
        const after = groupText(h);
        for (const m of b.members) {
          if (hs.has(m)) continue;
          diff.redundancy.push({ service: id, change: "member-removed", effect: "lost", nodes: [m], detail: `${before} → ${after}`, at: h.at });
          note(m);
        }
        for (const m of h.members) {
          if (bs.has(m)) continue;
          diff.redundancy.push({ service: id, change: "member-added", effect: "gained", nodes: [m], detail: `${before} → ${after}`, at: memberAt(head, id, m, h.index) ?? h.at });
          note(m);
        }
        if (h.quorum !== b.quorum) {
          const raised = h.quorum > b.quorum;
          diff.redundancy.push({ service: id, change: raised ? "quorum-raised" : "quorum-lowered", effect: raised ? "lost" : "gained", nodes: [...h.members], detail: `quorum ${b.quorum} → ${h.quorum} of ${h.members.length}`, at: h.at });
          note(...h.members);
        }
        if (h.soft !== b.soft) {
          diff.strength.push({ from: id, to: [...h.members], change: h.soft ? "hard-to-soft" : "soft-to-hard", at: h.at });
          note(...h.members);
        }
      } else if (h) {
        // A new group over ids that were direct hard dependencies: those gained redundancy.
        const was = h.members.filter((m) => bv.direct.get(m)?.hard);
        if (was.length > 0 && !h.soft) {
          diff.redundancy.push({ service: id, change: "group-added", effect: "gained", nodes: [...h.members], detail: `${was.join(", ")} → ${groupText(h)}`, at: h.at });
          note(...h.members);
        }
      } else if (b) {
        const now = b.members.filter((m) => hv.direct.get(m)?.hard);
        if (now.length > 0 && !b.soft) {
          diff.redundancy.push({ service: id, change: "group-removed", effect: "lost", nodes: [...b.members], detail: `${groupText(b)} → ${now.join(", ")}`, at: hv.direct.get(now[0]!)!.at });
          note(...b.members);
        }
      }
    }
    // Placements.
    const hp = new Set(ha.placements);
    const bp = new Set(ba.placements);
    const placeAt = (e: Estate, loc: string): SourcePos => {
      let at: SourcePos | undefined;
      for (const { to: t, attr } of outEdges(e, id)) {
        if (!at && t === loc && attr.relation === "runsOn") at = attr.at;
      }
      return at ?? (e.graph.getNodeAttributes(id) as ServiceAttributes).at;
    };
    for (const p of ba.placements) {
      if (hp.has(p)) continue;
      diff.redundancy.push({ service: id, change: "placement-removed", effect: "lost", nodes: [p], detail: `runsOn [${ba.placements.join(", ")}] → [${ha.placements.join(", ")}]`, at: ha.placements.length > 0 ? placeAt(head, ha.placements[0]!) : ha.at });
      changed.add(id);
    }
    for (const p of ha.placements) {
      if (bp.has(p)) continue;
      diff.redundancy.push({ service: id, change: "placement-added", effect: "gained", nodes: [p], detail: `runsOn [${ba.placements.join(", ")}] → [${ha.placements.join(", ")}]`, at: placeAt(head, p) });
      changed.add(id);
    }
    if (ha.minPlacements !== ba.minPlacements && ha.placements.length > 0 && ba.placements.length > 0) {
      const raised = ha.minPlacements > ba.minPlacements;
      const of = ha.replicaTotal !== ha.placements.length ? `${ha.replicaTotal} replicas` : `${ha.placements.length}`;
      diff.redundancy.push({ service: id, change: raised ? "min-placements-raised" : "min-placements-lowered", effect: raised ? "lost" : "gained", nodes: [...ha.placements], detail: `minPlacements ${ba.minPlacements} → ${ha.minPlacements} of ${of}`, at: ha.at });
      changed.add(id);
    }
    // Replicas of a placement both sides have (spec 2.2): fewer copies there is less redundancy.
    const baseIndex = ha.replicaTotal !== ha.placements.length || ba.replicaTotal !== ba.placements.length ? new Map(ba.placements.map((p, i) => [p, i])) : undefined;
    for (let i = 0; baseIndex && i < ha.placements.length; i++) {
      const p = ha.placements[i]!;
      const bi = baseIndex.get(p);
      if (bi === undefined || ba.replicas[bi] === ha.replicas[i]) continue;
      const lowered = ha.replicas[i]! < ba.replicas[bi]!;
      diff.redundancy.push({ service: id, change: lowered ? "replicas-lowered" : "replicas-raised", effect: lowered ? "lost" : "gained", nodes: [p], detail: `replicas in ${p} ${ba.replicas[bi]} → ${ha.replicas[i]}`, at: placeAt(head, p) });
      changed.add(id);
    }
    if (ha.tier !== ba.tier) {
      diff.tiers.push({ id, from: ba.tier, to: ha.tier, at: ha.at });
      changed.add(id);
    }
  }

  const byId = (a: NodeChange, b: NodeChange) => cmp(a.id, b.id);
  diff.services.added.sort(byId);
  diff.services.removed.sort(byId);
  diff.locations.added.sort(byId);
  diff.locations.removed.sort(byId);
  const byDep = (a: DependencyChange, b: DependencyChange) => cmp(a.from, b.from) || cmp(a.to, b.to);
  diff.dependencies.added.sort(byDep);
  diff.dependencies.removed.sort(byDep);
  diff.strength.sort((a, b) => cmp(a.from, b.from) || cmp(a.to.join("\0"), b.to.join("\0")));
  diff.redundancy.sort((a, b) => cmp(a.service, b.service) || cmp(a.change, b.change) || cmp(a.nodes.join("\0"), b.nodes.join("\0")) || byPos(a.at, b.at));
  diff.tiers.sort((a, b) => cmp(a.id, b.id));
  diff.changedServices = [...changed].filter(isService).sort(cmp);
  diff.count =
    diff.services.added.length +
    diff.services.removed.length +
    diff.locations.added.length +
    diff.locations.removed.length +
    diff.dependencies.added.length +
    diff.dependencies.removed.length +
    diff.strength.length +
    diff.redundancy.length +
    diff.tiers.length;
  return diff;
}

/**
 * How a relation from `from` to `to` is written, as comparable keys: `hard`, `soft`,
 * `parent`, `group:<quorum>/<size>:<soft>`, `runsOn:<min>/<count>`. Used to tell whether
 * a step of a path changed between base and head.
 */
export function relationKeys(estate: Estate, from: string, to: string): Set<string> {
  const out = new Set<string>();
  if (!estate.graph.hasNode(from) || !estate.graph.hasNode(to)) return out;
  for (const { to: t, attr } of outEdges(estate, from)) if (t === to) out.add(edgeKey(estate, from, attr));
  return out;
}

/** The comparable key of one relation written by `from` (see relationKeys). */
export function edgeKey(estate: Estate, from: string, attr: EdgeAttributes): string {
  if (attr.relation === "group") return `group:${attr.group!.quorum}/${attr.group!.size}:${attr.group!.soft}`;
  if (attr.relation === "runsOn") {
    const a = estate.graph.getNodeAttributes(from) as ServiceAttributes;
    return `runsOn:${a.minPlacements}/${a.replicaTotal}/${a.placements.length}:${attr.replicas ?? 1}`;
  }
  return attr.relation;
}

/** True when head writes the relation `from → to` in a way base does not (new, or changed shape). */
export function relationChanged(base: Estate, head: Estate, from: string, to: string): boolean {
  const b = relationKeys(base, from, to);
  for (const k of relationKeys(head, from, to)) if (!b.has(k)) return true;
  return false;
}
