/**
 * The flat form of the model for hot paths: integer ids in sorted id order and
 * CSR adjacency in both directions, built once from the graphology graph.
 * docs/ARCHITECTURE.md describes how the analyses use it.
 */
import { RELATIONS, type Estate, type Relation, type ServiceHosting } from "../model/types.js";
import { TIERS, type Hosting, type Tier } from "../model/entities.js";

export const REL_PARENT = 0;
export const REL_RUNSON = 1;
export const REL_HARD = 2;
export const REL_SOFT = 3;
export const REL_GROUP = 4;
export const RELATION_NAMES: readonly Relation[] = RELATIONS;
export const TIER_NAMES: readonly Tier[] = TIERS;

export const UP = 0;
export const DEGRADED = 1;
export const DOWN = 2;

export interface CompiledEstate {
  readonly estate: Estate;
  /** Number of nodes. */
  readonly n: number;
  /** Node ids, sorted; a node's integer id is its index here. */
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** 1 for services, 0 for locations. */
  readonly isService: Uint8Array;
  /** Number of services. */
  readonly services: number;
  /** A location's parent location (-1 for roots and services). */
  readonly parent: Int32Array;
  /** A location's depth below its root (0 for roots; 0 for services). */
  readonly depth: Int32Array;
  /** Root locations (no parent), ascending. */
  readonly roots: readonly number[];
  /** Tier index (0 critical … 3 low); locations 255. */
  readonly tier: Uint8Array;
  /** Hosting class of each node (services: including `hybrid` and `unplaced`). */
  readonly hosting: ReadonlyArray<ServiceHosting | Hosting>;
  /** Reverse adjacency: for node d, the relations in which others depend on d. */
  readonly revStart: Int32Array;
  readonly revNode: Int32Array;
  readonly revKind: Uint8Array;
  readonly revGroup: Int32Array;
  /** Forward adjacency: for node s, what s depends on. */
  readonly fwdStart: Int32Array;
  readonly fwdNode: Int32Array;
  readonly fwdKind: Uint8Array;
  readonly fwdGroup: Int32Array;
  /**
   * Replicas (spec 2.2/3.2), parallel to the adjacency: for a `runsOn` edge, the replicas of
   * that placement (≥ 1; 1 when none are written); 1 for every other edge. So the replicas
   * of service s in location d are `fwdWeight[j]` for the runsOn edge j from s to d, and
   * `replicaTotal[s]` is their sum over s's placements.
   */
  readonly revWeight: Uint16Array;
  readonly fwdWeight: Uint16Array;
  /** Placements per service (entries of `runsOn`), replicas over them, and the minimum number of replicas that must be up. */
  readonly placeCount: Int32Array;
  readonly replicaTotal: Int32Array;
  readonly minPlace: Int32Array;
  /** Groups: owner service, quorum, member count, soft flag. */
  readonly groupOwner: Int32Array;
  readonly groupQuorum: Int32Array;
  readonly groupSize: Int32Array;
  readonly groupSoft: Uint8Array;
  /**
   * Thresholds for the down-only hot loops: a service goes down once `placeNeed` of its
   * replicas are down (replicaTotal − minPlacements + 1; 0 when unplaced), a hard group once
   * `groupNeed` of its members are (size − quorum + 1; never for a soft group).
   */
  readonly placeNeed: Uint16Array;
  readonly groupNeed: Uint16Array;
}

const RELATION_CODE: Record<Relation, number> = { parent: REL_PARENT, runsOn: REL_RUNSON, hard: REL_HARD, soft: REL_SOFT, group: REL_GROUP };
const TIER_CODE: Record<Tier, number> = { critical: 0, high: 1, medium: 2, low: 3 };

const compiledCache = new WeakMap<Estate, CompiledEstate>();

/** Compiles (once per estate) the flat form of the model. */
export function compile(estate: Estate): CompiledEstate {
  const cached = compiledCache.get(estate);
  if (cached) return cached;
  const g = estate.graph;
  const ids = g.nodes().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = ids.length;
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const isService = new Uint8Array(n);
  const hosting: Array<ServiceHosting | Hosting> = new Array(n);
  const tier = new Uint8Array(n).fill(255);
  const placeCount = new Int32Array(n);
  const replicaTotal = new Int32Array(n);
  const minPlace = new Int32Array(n);
  const groupBase = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const roots: number[] = [];
  let services = 0;
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const a = g.getNodeAttributes(ids[i]!);
    groupBase[i] = groups;
    hosting[i] = a.hosting;
    if (a.kind === "location") {
      if (a.parent === undefined) roots.push(i);
      else parent[i] = index.get(a.parent) ?? -1;
    }
    if (a.kind === "service") {
      isService[i] = 1;
      services++;
      tier[i] = TIER_CODE[a.tier];
      placeCount[i] = a.placements.length;
      replicaTotal[i] = a.replicaTotal;
      minPlace[i] = a.minPlacements;
      groups += a.groups.length;
    }
  }
  const groupOwner = new Int32Array(groups);
  const groupQuorum = new Int32Array(groups);
  const groupSize = new Int32Array(groups);
  const groupSoft = new Uint8Array(groups);
  for (let i = 0; i < n; i++) {
    const a = g.getNodeAttributes(ids[i]!);
    if (a.kind !== "service") continue;
    for (const gr of a.groups) {
      const gi = groupBase[i]! + gr.index;
      groupOwner[gi] = i;
      groupQuorum[gi] = gr.quorum;
      groupSize[gi] = gr.members.length;
      groupSoft[gi] = gr.soft ? 1 : 0;
    }
  }
  const m = g.size;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const kind = new Uint8Array(m);
  const grp = new Int32Array(m).fill(-1);
  const weight = new Uint16Array(m).fill(1);
  let e = 0;
  g.forEachEdge((_key, attr, source, target) => {
    const s = index.get(source)!;
    src[e] = s;
    dst[e] = index.get(target)!;
    kind[e] = RELATION_CODE[attr.relation];
    if (attr.replicas !== undefined) weight[e] = attr.replicas;
    if (attr.group) grp[e] = groupBase[s]! + attr.group.index;
    e++;
  });
  // Edges in a canonical order (source, target, kind, group) so every traversal is deterministic.
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((x, y) => src[x]! - src[y]! || dst[x]! - dst[y]! || kind[x]! - kind[y]! || grp[x]! - grp[y]!);
  // Replicas per service are at most 65,535 (MAX_PLACEMENTS in build-model.ts).
  const placeNeed = new Uint16Array(n);
  for (let i = 0; i < n; i++) placeNeed[i] = placeCount[i]! > 0 ? replicaTotal[i]! - minPlace[i]! + 1 : 0;
  // Members per group are at most 65,534 (MAX_GROUP_MEMBERS), so 65,535 means "never down".
  const groupNeed = new Uint16Array(groups);
  for (let g = 0; g < groups; g++) groupNeed[g] = groupSoft[g] ? 0xffff : groupSize[g]! - groupQuorum[g]! + 1;
  const depth = depthsOf(parent);
  const fwd = buildCsr(n, order, src, dst, kind, grp, weight);
  const rev = buildCsr(n, order, dst, src, kind, grp, weight);
  const compiled: CompiledEstate = {
    estate,
    n,
    ids,
    index,
    isService,
    services,
    parent,
    depth,
    roots,
    tier,
    hosting,
    revStart: rev.start,
    revNode: rev.node,
    revKind: rev.kind,
    revGroup: rev.group,
    fwdStart: fwd.start,
    fwdNode: fwd.node,
    fwdKind: fwd.kind,
    fwdGroup: fwd.group,
    revWeight: rev.weight,
    fwdWeight: fwd.weight,
    placeCount,
    replicaTotal,
    minPlace,
    groupOwner,
    groupQuorum,
    groupSize,
    groupSoft,
    placeNeed,
    groupNeed,
  };
  compiledCache.set(estate, compiled);
  return compiled;
}

/** Each node's number of parent steps to its root, without recursion (location trees can be thousands deep). */
function depthsOf(parent: Int32Array): Int32Array {
  const n = parent.length;
  const depth = new Int32Array(n).fill(-1);
  const chain: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = i;
    while (x >= 0 && depth[x]! < 0 && chain.length <= n) {
      chain.push(x);
      x = parent[x]!;
    }
    let d = x >= 0 ? depth[x]! : -1;
    while (chain.length > 0) depth[chain.pop()!] = ++d;
  }
  return depth;
}

function buildCsr(n: number, order: Int32Array, from: Int32Array, to: Int32Array, kind: Uint8Array, grp: Int32Array, weight: Uint16Array) {
  const m = order.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) start[from[i]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const node = new Int32Array(m);
  const k = new Uint8Array(m);
  const g = new Int32Array(m);
  const w = new Uint16Array(m);
  for (let j = 0; j < m; j++) {
    const i = order[j]!;
    const at = fill[from[i]!]!++;
    node[at] = to[i]!;
    k[at] = kind[i]!;
    g[at] = grp[i]!;
    w[at] = weight[i]!;
  }
  return { start, node, kind: k, group: g, weight: w };
}
