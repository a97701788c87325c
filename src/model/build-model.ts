/**
 * Builds the graph from entities: checks the id space, resolves every reference
 * (with a suggestion for unknown ones), derives hosting, and adds typed edges.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics/diagnostics.js";
import { canSuggest, suggest } from "../diagnostics/suggest.js";
import type { DependencyEntry, Entity, Evidence, Hosting, LocationEntity, ServiceEntity } from "./entities.js";
import { createEstateGraph } from "./safe-graph.js";
import type { EdgeAttributes, Estate, GroupInfo, NodeAttributes, NodeKind, ServiceHosting, SetAsideEdge } from "./types.js";

/** Most placements of one service, and most replicas over them (the engines count down replicas in 16-bit counters). */
export const MAX_PLACEMENTS = 65_535;
/** Most members of one group (16-bit counters, with 65,535 kept to mean "never down"). */
export const MAX_GROUP_MEMBERS = 65_534;

/** Options of the model builder. */
export interface BuildOptions {
  /** Keep `possible` dependencies in the graph (default: set aside, listed by `validate`). */
  includePossible?: boolean;
}

/** The evidence an edge carries: the entry's own, or what its form says (`inferred` flag, else declared). Never the value. */
function edgeEvidence(dep: DependencyEntry): Evidence {
  const ev: Evidence = { kind: dep.evidence?.kind ?? (dep.inferred ? "inferred" : "declared") };
  if (dep.evidence?.via !== undefined) ev.via = dep.evidence.via;
  if (dep.evidence?.reason !== undefined && dep.soft) ev.reason = dep.evidence.reason;
  return ev;
}

/** Builds the model; problems go into `bag`. Entities with errors are left out, the rest still builds. */
export function buildModel(entities: readonly Entity[], bag: DiagnosticBag, files: string[] = [], options: BuildOptions = {}): Estate {
  const graph = createEstateGraph();
  const setAside: SetAsideEdge[] = [];
  const byId = new Map<string, Entity>();
  for (const e of entities) {
    const prev = byId.get(e.id);
    if (prev) {
      const same = prev.kind === e.kind;
      bag.error(same ? "duplicate-id" : "id-collision", same ? `${e.kind} ${JSON.stringify(e.id)} is defined twice` : `${e.kind} ${JSON.stringify(e.id)} has the same id as a ${prev.kind}`, e.at, {
        expected: "ids unique across all files (services and locations share one id space)",
        found: `also defined at ${where(prev.at)}`,
        hint: same ? "remove or rename one of them" : "rename the service or the location",
      });
      continue;
    }
    byId.set(e.id, e);
  }
  const locations = [...byId.values()].filter((e): e is LocationEntity => e.kind === "location");
  const services = [...byId.values()].filter((e): e is ServiceEntity => e.kind === "service");

  // Locations: parents must exist; hosting comes from the root.
  const locHosting = new Map<string, Hosting | null>();
  // The root of each location, each found once: a chain is walked up to the first location whose
  // root is known, then filled in on the way back (linear in the chain, however deep).
  const rootMemo = new Map<string, LocationEntity | null>();
  const rootOf = (loc: LocationEntity): LocationEntity | undefined => {
    const path: LocationEntity[] = [];
    const onPath = new Set<LocationEntity>();
    let found: LocationEntity | null = null;
    let cur: LocationEntity = loc;
    for (;;) {
      const known = rootMemo.get(cur.id);
      if (known !== undefined) {
        found = known;
        break;
      }
      if (onPath.has(cur)) break; // a cycle: no root
      path.push(cur);
      onPath.add(cur);
      if (cur.parent === undefined) {
        found = cur;
        break;
      }
      const p = byId.get(cur.parent);
      if (!p || p.kind !== "location") break;
      cur = p;
    }
    for (const l of path) rootMemo.set(l.id, found);
    return found ?? undefined;
  };
  const goodLocations: LocationEntity[] = [];
  let locationIds: string[] | undefined;
  for (const loc of locations) {
    if (loc.parent !== undefined) {
      const p = byId.get(loc.parent);
      if (!p || p.kind !== "location") {
        const near = suggest(bag, loc.parent, (locationIds ??= locations.map((l) => l.id)), locations.length);
        bag.error("unknown-parent", p ? `parent ${JSON.stringify(loc.parent)} is a service, not a location` : `unknown parent location ${JSON.stringify(loc.parent)}`, loc.parentAt ?? loc.at, {
          expected: "the id of a location",
          found: JSON.stringify(loc.parent),
          hint: near ? `did you mean \`${near}\`?` : "define the parent location first",
        });
        locHosting.set(loc.id, null);
        continue;
      }
    }
    const root = rootOf(loc);
    if (!root) {
      locHosting.set(loc.id, null);
      continue;
    }
    if (root === loc) {
      if (!loc.hosting) {
        bag.error("missing-hosting", `root location ${JSON.stringify(loc.id)} has no hosting`, loc.at, {
          expected: "spec.hosting: in-house, public-cloud or third-party",
          found: "no hosting",
          hint: "set `hosting:` on the root location; children inherit it",
        });
        locHosting.set(loc.id, null);
        continue;
      }
      locHosting.set(loc.id, loc.hosting);
    } else {
      const h = root.hosting ?? null;
      if (loc.hosting && h && loc.hosting !== h) {
        bag.error("hosting-mismatch", `location ${JSON.stringify(loc.id)} sets hosting ${loc.hosting} but its root ${JSON.stringify(root.id)} is ${h}`, loc.hostingAt ?? loc.at, {
          expected: `no hosting (inherited: ${h})`,
          found: loc.hosting,
          hint: "set `hosting` on the root only; a child inherits it",
        });
      }
      locHosting.set(loc.id, h);
    }
    goodLocations.push(loc);
  }
  for (const loc of goodLocations) {
    const hosting = locHosting.get(loc.id);
    if (!hosting) continue;
    const attrs: NodeAttributes = { kind: "location", id: loc.id, name: loc.name, hosting, labels: loc.labels, annotations: loc.annotations, origin: loc.origin, at: loc.at };
    if (loc.parent !== undefined) attrs.parent = loc.parent;
    if (loc.type !== undefined) attrs.type = loc.type;
    if (loc.availability !== undefined) attrs.availability = loc.availability;
    graph.addNode(loc.id, attrs);
  }

  // Resolution of references against the id space.
  const kindOf = (id: string): NodeKind | undefined => byId.get(id)?.kind;
  const idsOfKind = new Map<NodeKind | "any", string[]>();
  const candidatesFor = (want: NodeKind | undefined): string[] => {
    const key = want ?? "any";
    let list = idsOfKind.get(key);
    if (!list) idsOfKind.set(key, (list = [...byId.values()].filter((e) => !want || e.kind === want).map((e) => e.id)));
    return list;
  };
  const resolve = (ref: string, at: SourcePos, severity: "error" | "warning", what: string, only?: NodeKind): string | undefined => {
    let id = ref;
    let want = only;
    if (ref.startsWith("service:")) {
      want = "service";
      id = ref.slice(8);
    } else if (ref.startsWith("location:")) {
      want = "location";
      id = ref.slice(9);
    }
    const kind = kindOf(id);
    if (kind && (!want || kind === want) && (!only || kind === only)) return id;
    // A placement must be a location whatever its prefix says (`runsOn: [service:db]`).
    if (only && kind && kind !== only) want = only;
    // A suggestion scans every id; the load's budget (see `suggest`) bounds the total, so a
    // catalog full of dangling references (or a hostile file) stays fast.
    const candidates = candidatesFor(want);
    const searched = canSuggest(bag, candidates.length);
    const near = searched ? suggest(bag, id, candidates, candidates.length) : undefined;
    const what2 = want ?? "service or location";
    const msg = kind ? `${what} ${JSON.stringify(ref)} is a ${kind}, not a ${want}` : `unknown ${what} ${JSON.stringify(ref)}`;
    bag.add({
      severity,
      code: kind ? "wrong-kind" : "unknown-reference",
      message: msg,
      file: at.file,
      line: at.line,
      column: at.column,
      expected: `the id of a ${what2}`,
      found: JSON.stringify(ref),
      hint: near ? `did you mean \`${near}\`?` : searched ? `no ${what2} has a similar id` : "check the id (too many unknown references to suggest the nearest)",
    });
    return undefined;
  };

  // Edges are added straight into the graph (no list of pending edges: at a million edges
  // that list alone was over 100 MB): locations exist by now; services are added in a first
  // pass, their dependencies in a second, once every service exists.
  let edgeKey = 0;
  const addEdge = (from: string, to: string, attrs: EdgeAttributes) => {
    if (graph.hasNode(to)) graph.addDirectedEdgeWithKey(String(edgeKey++), from, to, attrs);
  };
  for (const loc of goodLocations) {
    if (loc.parent !== undefined && graph.hasNode(loc.id)) addEdge(loc.id, loc.parent, { relation: "parent", at: loc.at });
  }
  const serviceGroups = new Map<string, GroupInfo[]>();
  for (const svc of services) {
    const sev = svc.danglingSeverity;
    const placements: string[] = [];
    const placementAt: SourcePos[] = [];
    const replicas: number[] = [];
    const written: boolean[] = [];
    let replicaTotal = 0;
    for (const p of svc.runsOn) {
      const id = resolve(p.ref, p.at, sev, "placement", "location");
      if (id === undefined || !graph.hasNode(id)) continue;
      placements.push(id);
      placementAt.push(p.at);
      replicas.push(p.replicas ?? 1);
      written.push(p.replicas !== undefined);
      replicaTotal += p.replicas ?? 1;
    }
    if (replicaTotal > MAX_PLACEMENTS && placements.length <= MAX_PLACEMENTS) {
      bag.error("too-many-replicas", `service ${JSON.stringify(svc.id)} has ${replicaTotal} replicas`, svc.at, {
        expected: `at most ${MAX_PLACEMENTS} replicas over all its placements`,
        found: `${replicaTotal}`,
        hint: "scale the replica counts down in proportion: only their ratio against minPlacements matters",
      });
      // Keep the model within the counters: each placement then counts one.
      replicas.fill(1);
      written.fill(false);
      replicaTotal = placements.length;
    }
    if (placements.length > MAX_PLACEMENTS) {
      // The engines count down placements in 16-bit counters (smaller arrays, faster queries).
      bag.error("too-many-placements", `service ${JSON.stringify(svc.id)} has ${placements.length} placements`, svc.at, {
        expected: `at most ${MAX_PLACEMENTS} placements`,
        found: `${placements.length}`,
        hint: "place the service in the locations that contain them (a region instead of its zones)",
      });
      placements.length = MAX_PLACEMENTS;
      placementAt.length = MAX_PLACEMENTS;
      replicas.length = MAX_PLACEMENTS;
      replicas.fill(1);
      written.length = MAX_PLACEMENTS;
      written.fill(false);
      replicaTotal = MAX_PLACEMENTS;
    }
    const hostSet = new Set<Hosting>();
    for (const p of placements) hostSet.add((graph.getNodeAttributes(p) as { hosting: Hosting }).hosting);
    const hostings = [...hostSet].sort();
    const hosting: ServiceHosting = hostings.length === 0 ? "unplaced" : hostings.length === 1 ? hostings[0]! : "hybrid";
    let minPlacements = svc.minPlacements;
    if (placements.length > 0 && minPlacements > replicaTotal) minPlacements = replicaTotal;
    const groups: GroupInfo[] = [];
    serviceGroups.set(svc.id, groups);
    const attrs: NodeAttributes = {
      kind: "service",
      id: svc.id,
      name: svc.name,
      tier: svc.tier,
      hosting,
      hostings,
      placements,
      replicas,
      replicaTotal,
      minPlacements,
      groups,
      labels: svc.labels,
      annotations: svc.annotations,
      attributes: svc.attributes,
      origin: svc.origin,
      at: svc.at,
    };
    if (svc.type !== undefined) attrs.type = svc.type;
    if (svc.owner !== undefined) attrs.owner = svc.owner;
    if (svc.observedAs !== undefined) attrs.observedAs = svc.observedAs;
    if (svc.availability !== undefined) attrs.availability = svc.availability;
    if (svc.availabilityTarget !== undefined) attrs.availabilityTarget = svc.availabilityTarget;
    graph.addNode(svc.id, attrs);
    placements.forEach((p, i) => addEdge(svc.id, p, written[i] ? { relation: "runsOn", replicas: replicas[i]!, at: placementAt[i]! } : { relation: "runsOn", at: placementAt[i]! }));
  }
  for (const svc of services) {
    const sev = svc.danglingSeverity;
    const groups = serviceGroups.get(svc.id)!;
    for (const dep of svc.dependsOn) {
      if (dep.kind === "ref") {
        const id = resolve(dep.ref, dep.at, sev, "dependency");
        if (id === undefined) continue;
        if (id === svc.id) continue;
        const evidence = edgeEvidence(dep);
        const why = dep.evidence?.startupOnly ? "startup-order" : evidence.kind === "possible" && !options.includePossible ? "possible" : undefined;
        if (why !== undefined) {
          const a: SetAsideEdge = { from: svc.id, to: id, why, soft: dep.soft, at: dep.at };
          if (evidence.via !== undefined) a.via = evidence.via;
          setAside.push(a);
          continue;
        }
        const attrs: EdgeAttributes = { relation: dep.soft ? "soft" : "hard", at: dep.at, evidence };
        if (dep.note !== undefined) attrs.note = dep.note;
        if (dep.inferred) attrs.inferred = true;
        addEdge(svc.id, id, attrs);
      } else {
        const members: Array<{ id: string; at: SourcePos }> = [];
        const memberIds = new Set<string>();
        for (const m of dep.members) {
          const id = resolve(m.ref, m.at, sev, "group member");
          if (id === undefined || id === svc.id || memberIds.has(id)) continue;
          memberIds.add(id);
          members.push({ id, at: m.at });
        }
        if (members.length === 0) continue;
        const evidence = edgeEvidence(dep);
        if (evidence.kind === "possible" && !options.includePossible) {
          for (const m of members) {
            const a: SetAsideEdge = { from: svc.id, to: m.id, why: "possible", soft: dep.soft, at: m.at };
            if (evidence.via !== undefined) a.via = evidence.via;
            setAside.push(a);
          }
          continue;
        }
        if (members.length > MAX_GROUP_MEMBERS) {
          bag.error("too-many-members", `group of ${JSON.stringify(svc.id)} has ${members.length} members`, dep.at, {
            expected: `at most ${MAX_GROUP_MEMBERS} members`,
            found: `${members.length}`,
            hint: "split the group, or name the locations or services that stand for the members",
          });
          members.length = MAX_GROUP_MEMBERS;
        }
        const quorum = Math.min(dep.quorum, members.length);
        const index = groups.length;
        const g: GroupInfo = { index, quorum, soft: dep.soft, members: members.map((m) => m.id), at: dep.at };
        if (dep.note !== undefined) g.note = dep.note;
        groups.push(g);
        for (const m of members) {
          const attrs: EdgeAttributes = { relation: "group", group: { index, quorum, size: members.length, soft: dep.soft }, at: m.at, evidence };
          if (dep.note !== undefined) attrs.note = dep.note;
          if (dep.inferred) attrs.inferred = true;
          addEdge(svc.id, m.id, attrs);
        }
      }
    }
  }
  const estate: Estate = { graph, files };
  if (setAside.length > 0) estate.setAside = setAside;
  return estate;
}

function where(at: SourcePos): string {
  return `${at.file}:${at.line}:${at.column}`;
}
