/**
 * What a picture of the estate shows: the drawable view (nodes, location boxes, edges, states),
 * built from the estate and an optional blast result. Deciding what to draw lives here, apart
 * from layout (src/picture/layered.ts) and from the SVG/DOT/Mermaid reporters, which read only the view.
 */
import type { Hosting, Tier } from "../model/entities.js";
import type { Estate, ServiceAttributes, ServiceHosting } from "../model/types.js";
import { compile } from "../engine/compile.js";
import { resolveIds, type BlastResult } from "../analysis/blast-radius.js";
import { ResultTooLargeError, UsageError } from "../analysis/errors.js";

export type ViewState = "up" | "degraded" | "down";

/** A location, drawn as a box around what runs in it. */
export interface ViewLocation {
  id: string;
  name: string;
  type?: string;
  hosting: Hosting;
  parent?: string;
  /** 0 for a root. */
  depth: number;
  /** With a scenario: `down` or `up` (locations are never degraded). */
  state?: ViewState;
  /** In the failed set of the scenario. */
  failed: boolean;
  /** Services drawn in this box or a box inside it, and how many of them are down / degraded. */
  services: number;
  down: number;
  degraded: number;
}

/** A drawn node: one service, or (with --collapse) the summary of the services homed in one location. */
export interface ViewNode {
  id: string;
  kind: "service" | "summary";
  hosting: ServiceHosting;
  tier?: Tier;
  type?: string;
  owner?: string;
  /** The box the node is drawn in (nearest common location of its placements); undefined: outside all boxes. */
  home?: string;
  placements: string[];
  /** Replicas per placement (parallel to `placements`), when some placement runs more than one. */
  replicas?: number[];
  minPlacements: number;
  state?: ViewState;
  failed: boolean;
  /** With a scenario, for an impacted service: the path to a failed id and the relation of its first step. */
  path?: string[];
  relation?: string;
  /** Summary nodes: services summarised, and how many are down / degraded. */
  count?: { services: number; down: number; degraded: number };
}

/** A dependency edge between drawn things (runsOn and parent are shown by the boxes, not as edges). */
export interface ViewEdge {
  from: string;
  to: string;
  /** `location` when the dependency names a location (drawn to its box). */
  toKind: "node" | "location";
  relation: "hard" | "soft" | "group";
  /** Group edges: the group of the caller and its shape (`quorum`/`size`). */
  group?: { index: number; quorum: number; size: number; soft: boolean };
  notes: string[];
  /** With a scenario: the state this edge carried to its caller (`up` when it carried nothing). */
  state?: ViewState;
  /** Collapsed views: how many service-to-service dependencies this edge stands for. */
  count?: number;
  /** True when only observed calls (`--observed`) show this dependency: no manifest declares it. */
  observed?: boolean;
}

/** The scenario overlaid on a view. */
export interface ViewScenario {
  failed: string[];
  summary: BlastResult["summary"];
}

/** The drawable view: plain data, sorted, the same for the same input. */
export interface GraphView {
  nodes: ViewNode[];
  locations: ViewLocation[];
  edges: ViewEdge[];
  scenario?: ViewScenario;
  focus?: { id: string; depth: number };
  hosting?: string[];
  collapsed: boolean;
  /** Services and locations in the whole estate (the view may show fewer). */
  totals: { services: number; locations: number };
}

/** Options of `buildView`: what to draw. */
export interface ViewOptions {
  /** A blast result to overlay (states must come from `blastRadius`, never recomputed). */
  blast?: BlastResult;
  /** Only nodes within `depth` dependency steps of this id, in both directions. */
  focus?: string;
  depth?: number;
  /** Only services (and locations) of these hosting classes; `hybrid` services match any of theirs. */
  hosting?: readonly string[];
  /** One summary node per location instead of one node per service. */
  collapse?: boolean;
  /**
   * Most edges a picture draws (default `DEFAULT_MAX_PICTURE_EDGES`, 250,000). Layout and SVG
   * work and memory grow with the edges; a dense estate (every service depending on every
   * earlier one) past the limit is refused with a `ResultTooLargeError` naming it.
   */
  maxEdges?: number;
}

/**
 * Default of `ViewOptions.maxEdges`: above the 185,000 dependencies of the benchmark's 50,000
 * services; an SVG of 250,000 edges takes about 20 s of CPU and 2 GB (docs/scale.md).
 */
export const DEFAULT_MAX_PICTURE_EDGES = 250_000;

/** The hosting classes `--hosting` accepts. */
export const VIEW_HOSTINGS = ["in-house", "public-cloud", "third-party", "unplaced"] as const;

/** The default `--depth` of `--focus`. */
export const DEFAULT_FOCUS_DEPTH = 2;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const RANK: Record<ViewState, number> = { up: 0, degraded: 1, down: 2 };

/** Builds the drawable view of `estate`. Throws UnknownIdError for an unknown focus id. */
export function buildView(estate: Estate, opts: ViewOptions = {}): GraphView {
  const g = estate.graph;
  // The compiled estate only where an id is resolved (--focus): compiling a big estate to read
  // its sorted ids is most of the work of a picture's view.
  const c = opts.focus !== undefined ? compile(estate) : undefined;
  const ids = c ? c.ids : g.nodes().sort(cmp);
  const blast = opts.blast;
  const failed = new Set(blast?.failed ?? []);
  const impacts = new Map((blast?.impacts ?? []).map((i) => [i.id, i]));
  const stateOf = (id: string): ViewState | undefined => (blast ? (failed.has(id) ? "down" : (impacts.get(id)?.state ?? "up")) : undefined);

  // Locations and services of the estate, sorted by id.
  const allLocs = new Map<string, { id: string; name: string; type?: string; hosting: Hosting; parent?: string }>();
  const services: ServiceAttributes[] = [];
  for (const id of ids) {
    const a = g.getNodeAttributes(id);
    if (a.kind === "location") allLocs.set(id, a);
    else services.push(a);
  }
  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    for (let cur: string | undefined = id; cur !== undefined; cur = allLocs.get(cur)?.parent) out.push(cur);
    return out.reverse();
  };
  // Depth of each location (0 for a root), each measured once: a chain is walked up to the first
  // location of known depth, then filled in on the way back (linear however deep the nesting).
  const depthMemo = new Map<string, number>();
  const depthOf = (id: string): number => {
    const path: string[] = [];
    let cur: string | undefined = id;
    let d = -1;
    while (cur !== undefined) {
      const known = depthMemo.get(cur);
      if (known !== undefined) {
        d = known;
        break;
      }
      path.push(cur);
      cur = allLocs.get(cur)?.parent;
    }
    for (let k = path.length - 1; k >= 0; k--) depthMemo.set(path[k]!, ++d);
    return depthMemo.get(id)!;
  };
  const homeOf = (s: ServiceAttributes): string | undefined => {
    if (s.placements.length === 0) return undefined;
    if (s.placements.length === 1) return s.placements[0]; // its own box: no walk up the nesting
    let common = ancestors(s.placements[0]!);
    for (const p of s.placements.slice(1)) {
      const a = ancestors(p);
      let k = 0;
      while (k < common.length && k < a.length && common[k] === a[k]) k++;
      common = common.slice(0, k);
    }
    return common[common.length - 1];
  };

  // Which services to draw: hosting filter, then focus.
  const hostingFilter = opts.hosting && opts.hosting.length > 0 ? new Set(opts.hosting) : undefined;
  const hostingOk = (s: ServiceAttributes) =>
    !hostingFilter || (s.hostings.length === 0 ? hostingFilter.has("unplaced") : s.hostings.some((h) => hostingFilter.has(h)));
  let kept = services.filter(hostingOk);
  let focusLocation: string | undefined;
  // The focus as an id of the estate (resolved once: the drawing below and view.focus use it).
  const focusId = opts.focus !== undefined ? c!.ids[resolveIds(c!, [opts.focus])[0]!]! : undefined;
  if (focusId !== undefined) {
    const depth = opts.depth ?? DEFAULT_FOCUS_DEPTH;
    const keptIds = new Set(kept.map((s) => s.id));
    const dist = new Map<string, number>();
    let frontier: string[] = [];
    if (allLocs.has(focusId)) {
      // A location is one step from what runs on it (or inside it) and from what depends on it.
      focusLocation = focusId;
      const inside = (l: string) => ancestors(l).includes(focusId);
      for (const s of kept) {
        const near = s.placements.some(inside) || g.outNeighbors(s.id).some((t) => allLocs.has(t) && inside(t));
        if (near && depth >= 1) {
          dist.set(s.id, 1);
          frontier.push(s.id);
        }
      }
    } else if (keptIds.has(focusId)) {
      dist.set(focusId, 0);
      frontier.push(focusId);
    } else {
      throw new UsageError(`options.focus ${focusId} is not drawn: it is left out by options.hosting ${[...hostingFilter!].join(" ")}`);
    }
    // Breadth-first over dependency edges in both directions, among the kept services.
    for (let d = (dist.get(frontier[0] ?? "") ?? 0) + 1; d <= depth && frontier.length > 0; d++) {
      const next: string[] = [];
      for (const id of frontier) {
        const visit = (other: string, rel: string) => {
          if (rel === "runsOn" || rel === "parent" || !keptIds.has(other) || dist.has(other)) return;
          dist.set(other, d);
          next.push(other);
        };
        g.forEachOutEdge(id, (_e, a, _s, t) => visit(t, a.relation));
        g.forEachInEdge(id, (_e, a, s) => visit(s, a.relation));
      }
      frontier = next.sort(cmp);
    }
    kept = kept.filter((s) => dist.has(s.id));
  }
  const keptSet = new Set(kept.map((s) => s.id));

  // Service nodes.
  const serviceNodes: ViewNode[] = kept.map((s) => {
    const n: ViewNode = { id: s.id, kind: "service", hosting: s.hosting, tier: s.tier, placements: [...s.placements], minPlacements: s.minPlacements, failed: failed.has(s.id) };
    if (s.type !== undefined) n.type = s.type;
    if (s.owner !== undefined) n.owner = s.owner;
    if (s.replicaTotal !== s.placements.length) n.replicas = [...s.replicas];
    const home = homeOf(s);
    if (home !== undefined) n.home = home;
    const st = stateOf(s.id);
    if (st !== undefined) n.state = st;
    const imp = impacts.get(s.id);
    if (imp) {
      n.path = [...imp.path];
      n.relation = imp.relation;
    }
    return n;
  });

  // Service edges, merged per (from, to) for single references and per (from, group, to) for
  // groups: per caller, by callee, the entries made so far (a group's index, -1 for a single reference).
  let edges: ViewEdge[] = [];
  const locationTargets = new Set<string>();
  const allKept = kept.length === services.length; // then every service is drawn
  const byTo = new Map<string, Array<{ group: number; e: ViewEdge }>>();
  for (const s of kept) {
    byTo.clear();
    g.forEachOutEdge(s.id, (_e, a, _from, to) => {
      if (a.relation === "runsOn" || a.relation === "parent") return;
      const toLoc = allLocs.has(to);
      if (!toLoc && !allKept && !keptSet.has(to)) return;
      if (toLoc && hostingFilter && !hostingFilter.has(allLocs.get(to)!.hosting)) return;
      if (toLoc) locationTargets.add(to);
      const group = a.relation === "group" ? a.group!.index : -1;
      let made = byTo.get(to);
      let e: ViewEdge | undefined;
      if (made) {
        for (const m of made) if (m.group === group) e = m.e;
      } else byTo.set(to, (made = []));
      if (!e) {
        e = { from: s.id, to, toKind: toLoc ? "location" : "node", relation: a.relation, notes: [] };
        if (a.group) e.group = { ...a.group };
        if (a.observed) e.observed = true;
        made.push({ group, e });
        edges.push(e);
      } else {
        if (a.relation === "hard") e.relation = "hard"; // several entries: the worst wins (spec 2.2)
        if (!a.observed) delete e.observed;
      }
      if (a.note !== undefined && !e.notes.includes(a.note)) e.notes.push(a.note);
    });
  }
  if (blast) {
    // An edge carried a state when its caller got it along this edge (first step of the impact path).
    for (const e of edges) {
      const imp = impacts.get(e.from);
      e.state = imp && imp.path[1] === e.to && (imp.relation === e.relation || (e.relation === "hard" && imp.relation === "soft")) ? imp.state : "up";
    }
  }

  // Locations drawn: all of them, unless the view is narrowed (then the boxes that hold something).
  const narrowed = opts.focus !== undefined;
  const drawnLocs = new Set<string>();
  for (const id of allLocs.keys()) {
    const l = allLocs.get(id)!;
    if (hostingFilter && !hostingFilter.has(l.hosting)) continue;
    if (!narrowed) drawnLocs.add(id);
  }
  // The boxes drawn are closed under "parent of" (a tree shares its root's hosting), so a walk up
  // stops at the first box already drawn: linear in the nesting, not in services × depth.
  const need = (id: string) => {
    for (let cur: string | undefined = id; cur !== undefined && !drawnLocs.has(cur); cur = allLocs.get(cur)?.parent) drawnLocs.add(cur);
  };
  for (const n of serviceNodes) if (n.home !== undefined) need(n.home);
  for (const t of locationTargets) need(t);
  if (focusLocation !== undefined) need(focusLocation);

  // Collapse: one summary node per home, edges aggregated between summaries.
  let nodes = serviceNodes;
  if (opts.collapse) {
    const byHome = new Map<string, ViewNode[]>();
    for (const n of serviceNodes) {
      const k = n.home ?? "";
      if (!byHome.has(k)) byHome.set(k, []);
      byHome.get(k)!.push(n);
    }
    const summaryId = (home: string | undefined) => `summary:${home ?? ""}`;
    nodes = [...byHome.keys()].sort(cmp).map((home) => {
      const members = byHome.get(home)!;
      const count = { services: members.length, down: members.filter((m) => m.state === "down").length, degraded: members.filter((m) => m.state === "degraded").length };
      const hostings = new Set(members.map((m) => m.hosting));
      const n: ViewNode = {
        id: summaryId(home || undefined),
        kind: "summary",
        hosting: hostings.size === 1 ? [...hostings][0]! : "hybrid",
        placements: [],
        minPlacements: 0,
        failed: members.some((m) => m.failed),
        count,
      };
      if (home) n.home = home;
      if (blast) n.state = members.reduce<ViewState>((w, m) => (RANK[m.state!] > RANK[w] ? m.state! : w), "up");
      return n;
    });
    const homeOfNode = new Map(serviceNodes.map((n) => [n.id, n.home]));
    const agg = new Map<string, ViewEdge>();
    for (const e of edges) {
      const from = summaryId(homeOfNode.get(e.from));
      const to = e.toKind === "location" ? e.to : summaryId(homeOfNode.get(e.to));
      if (from === to) continue;
      const key = `${from}\u0000${to}`;
      let a = agg.get(key);
      if (!a) {
        a = { from, to, toKind: e.toKind, relation: e.relation, notes: [], count: 0 };
        if (blast) a.state = "up";
        if (e.observed) a.observed = true;
        agg.set(key, a);
      }
      if (!e.observed) delete a.observed;
      a.count!++;
      // The strongest relation stands for the bundle: hard, then group, then soft.
      const strength = (x: ViewEdge) => (x.relation === "hard" ? 2 : x.relation === "group" && !x.group?.soft ? 1 : 0);
      if (strength(e) > strength(a)) a.relation = e.relation === "group" ? "group" : e.relation;
      if (blast && RANK[e.state!] > RANK[a.state!]) a.state = e.state!;
    }
    edges = [...agg.values()];
  }
  const maxEdges = opts.maxEdges ?? DEFAULT_MAX_PICTURE_EDGES;
  if (edges.length > maxEdges) {
    throw new ResultTooLargeError(
      `the picture would draw ${edges.length} edges, more than the limit of ${maxEdges}; raise options.maxEdges, or draw less with options.collapse, options.focus or options.hosting`,
    );
  }
  edges.sort((x, y) => cmp(x.from, y.from) || cmp(x.to, y.to) || (x.group?.index ?? -1) - (y.group?.index ?? -1));
  nodes.sort((x, y) => cmp(x.id, y.id));

  // Location boxes with their counts (services drawn in the subtree).
  const locations: ViewLocation[] = [];
  // Each service counts in its home box, then each box's counts are added to its parent's,
  // deepest boxes first: linear, where adding each service to every box around it is not.
  const counts = new Map<string, { services: number; down: number; degraded: number }>();
  for (const n of serviceNodes) {
    if (n.home === undefined) continue;
    let k = counts.get(n.home);
    if (!k) counts.set(n.home, (k = { services: 0, down: 0, degraded: 0 }));
    k.services++;
    if (n.state === "down") k.down++;
    if (n.state === "degraded") k.degraded++;
  }
  const byDepth = [...counts.keys()];
  for (let i = 0; i < byDepth.length; i++) {
    for (let cur = allLocs.get(byDepth[i]!)?.parent; cur !== undefined && !counts.has(cur); cur = allLocs.get(cur)?.parent) {
      counts.set(cur, { services: 0, down: 0, degraded: 0 });
      byDepth.push(cur);
    }
  }
  byDepth.sort((a, b) => depthOf(b) - depthOf(a) || cmp(a, b));
  for (const id of byDepth) {
    const parent = allLocs.get(id)?.parent;
    if (parent === undefined) continue;
    const k = counts.get(id)!;
    const pk = counts.get(parent)!;
    pk.services += k.services;
    pk.down += k.down;
    pk.degraded += k.degraded;
  }
  for (const id of [...drawnLocs].sort(cmp)) {
    const l = allLocs.get(id)!;
    const k = counts.get(id) ?? { services: 0, down: 0, degraded: 0 };
    const v: ViewLocation = { id, name: l.name, hosting: l.hosting, depth: depthOf(id), failed: failed.has(id), ...k };
    if (l.type !== undefined) v.type = l.type;
    if (l.parent !== undefined) v.parent = l.parent;
    const st = stateOf(id);
    if (st !== undefined) v.state = st;
    locations.push(v);
  }

  const view: GraphView = { nodes, locations, edges, collapsed: !!opts.collapse, totals: { services: services.length, locations: allLocs.size } };
  if (blast) view.scenario = { failed: [...blast.failed], summary: blast.summary };
  if (focusId !== undefined) view.focus = { id: focusId, depth: opts.depth ?? DEFAULT_FOCUS_DEPTH };
  if (hostingFilter) view.hosting = [...hostingFilter].sort(cmp);
  return view;
}

/** The view's locations as a tree (roots and children, in view order) and its services by home box ("" for none). */
export interface ViewTree {
  roots: ViewLocation[];
  children: Map<string, ViewLocation[]>;
  homed: Map<string, ViewNode[]>;
}

/**
 * Visits the location tree depth-first for renderers that nest clusters: `open` before a box's
 * children, `close` after them, each with the indentation of its depth (two spaces a level,
 * from `indent`). An explicit stack: nesting thousands deep never grows the call stack.
 */
export function nested(
  roots: readonly ViewLocation[],
  children: ReadonlyMap<string, readonly ViewLocation[]>,
  open: (l: ViewLocation, indent: string) => void,
  close: (l: ViewLocation, indent: string) => void,
  indent = "  ",
): void {
  const stack: Array<{ l: ViewLocation; indent: string; opened: boolean }> = [];
  for (let k = roots.length - 1; k >= 0; k--) stack.push({ l: roots[k]!, indent, opened: false });
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.opened) {
      stack.pop();
      close(top.l, top.indent);
      continue;
    }
    top.opened = true;
    open(top.l, top.indent);
    const ch = children.get(top.l.id) ?? [];
    for (let k = ch.length - 1; k >= 0; k--) stack.push({ l: ch[k]!, indent: top.indent + "  ", opened: false });
  }
}

/** Groups a view's locations and services for renderers that nest clusters (DOT, Mermaid). */
export function viewTree(view: GraphView): ViewTree {
  const present = new Set(view.locations.map((l) => l.id));
  const children = new Map<string, ViewLocation[]>();
  const roots: ViewLocation[] = [];
  for (const l of view.locations) {
    if (l.parent !== undefined && present.has(l.parent)) {
      let list = children.get(l.parent);
      if (!list) children.set(l.parent, (list = []));
      list.push(l);
    } else roots.push(l);
  }
  const homed = new Map<string, ViewNode[]>();
  for (const n of view.nodes) {
    const k = n.home ?? "";
    let list = homed.get(k);
    if (!list) homed.set(k, (list = []));
    list.push(n);
  }
  return { roots, children, homed };
}
