/**
 * A layered layout with nested location boxes, written for speed and predictability (elkjs
 * takes about a minute for 2,000 nodes in nested clusters; this takes well under a second):
 * width-bounded layers on the graph with cycles broken (callers above what they depend on),
 * boxes packed bottom-up from their content with a skyline per row, a few barycenter sweeps
 * pulling every node and box towards its neighbours, box geometry computed from the content.
 */
import type { GraphView, ViewEdge, ViewLocation } from "./view.js";
import { boxHeaderWidth, nodeSize, textWidth } from "./labels.js";

export interface LayoutNode {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  layer: number;
}

export interface LayoutBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  depth: number;
}

/** The junction a group's member edges leave from, below the caller, showing `quorum/size`. */
export interface LayoutPill {
  from: string;
  group: number;
  x: number;
  y: number;
  w: number;
  h: number;
  text: string;
  soft: boolean;
}

/**
 * An edge's curve: a cubic from (sx, sy) through the control points (c1x, c1y) and (c2x, c2y)
 * to (tx, ty). Its SVG path data, arrowhead and label point are made when it is drawn
 * (`edgePath`, `edgeArrow`, `edgeMid`): a picture of 50,000 services has 185,000 edges, and
 * their strings made all at once, kept until drawn, were a good part of the collector's work.
 */
export interface LayoutEdge {
  /** Index into `view.edges`. */
  index: number;
  sx: number;
  sy: number;
  c1x: number;
  c1y: number;
  c2x: number;
  c2y: number;
  tx: number;
  ty: number;
}

/** SVG path data of an edge's curve. */
export function edgePath(e: LayoutEdge): string {
  return `M${num(e.sx)},${num(e.sy)} C${num(e.c1x)},${num(e.c1y)} ${num(e.c2x)},${num(e.c2y)} ${num(e.tx)},${num(e.ty)}`;
}

/** The arrowhead at the callee, as SVG path data (drawn as a shape: markers render unevenly across viewers). */
export function edgeArrow(e: LayoutEdge): string {
  return arrowHead(e.c2x, e.c2y, e.tx, e.ty);
}

/** The midpoint of the curve, for labels. */
export function edgeMid(e: LayoutEdge): { x: number; y: number } {
  return { x: round((e.sx + 3 * e.c1x + 3 * e.c2x + e.tx) / 8), y: round((e.sy + 3 * e.c1y + 3 * e.c2y + e.ty) / 8) };
}

export interface Layout {
  width: number;
  height: number;
  nodes: Map<string, LayoutNode>;
  boxes: Map<string, LayoutBox>;
  edges: LayoutEdge[];
  pills: LayoutPill[];
}

/** Spacing, in pixels. */
export const HEADER_H = 20;
const PAD_X = 12;
const PAD_TOP = 6;
const PAD_BOTTOM = 12;
const GAP_X = 18;
const NODE_GAP = 22;
const GAP_Y = 46;
const PILL_H = 14;
const PILL_GAP = 18;
const MIN_BOX_W = 90;
const SWEEPS = 6;
/**
 * Nodes per layer: this times the square root of the node count (about a 16:10 picture, as
 * boxes add width). Summaries of a collapsed view are few and small, so their layers are wider.
 */
const LAYER_WIDTH_FACTOR = 0.5;
const COLLAPSED_LAYER_WIDTH_FACTOR = 1.5;

interface Cluster {
  id: string;
  loc?: ViewLocation;
  parent?: Cluster;
  children: Cluster[];
  own: number[];
  /** Rows of own nodes by layer, in order. */
  rows: Map<number, number[]>;
  /** The own nodes row after row (`rows` flattened), the order placement packs them in. */
  ordered: number[];
  /** The cluster's number in pre-order (its place in `all`). */
  num: number;
  start: number;
  end: number;
  empty: boolean;
  openChain: number;
  closeChain: number;
  x: number;
  w: number;
  ownW: number;
  top: number;
  bottom: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Lays out `view` with its top edge at `top`. Deterministic: the same view gives the same numbers. */
export function layoutView(view: GraphView, top = 0): Layout {
  const N = view.nodes.length;
  const index = new Map<string, number>();
  view.nodes.forEach((n, i) => index.set(n.id, i));
  const size = view.nodes.map((n) => nodeSize(n));

  // Adjacency between nodes (edges to location boxes take no part in layering or ordering).
  const out: number[][] = Array.from({ length: N }, () => []);
  const inn: number[][] = Array.from({ length: N }, () => []);
  for (const e of view.edges) {
    if (e.toKind !== "node") continue;
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    out[a]!.push(b);
    inn[b]!.push(a);
  }
  const factor = view.collapsed ? COLLAPSED_LAYER_WIDTH_FACTOR : LAYER_WIDTH_FACTOR;
  let layer = layersOf(N, out, inn, factor);
  // Dense cyclic graphs (a collapsed big estate: every location depends on every other) have
  // no useful layering, only one long chain; then a grid in id order reads better.
  const perLayer = Math.max(4, Math.round(Math.sqrt(N) * factor));
  if (N > 0 && maxOf(layer) + 1 > Math.max(8, 3 * Math.ceil(N / perLayer))) {
    const none: number[][] = Array.from({ length: N }, () => []);
    layer = layersOf(N, none, none, factor);
  }

  // The cluster tree: the root (outside all boxes), then the locations.
  const mk = (id: string, loc?: ViewLocation): Cluster => {
    const c: Cluster = { id, children: [], own: [], rows: new Map(), ordered: [], num: -1, start: -1, end: -1, empty: true, openChain: 0, closeChain: 0, x: 0, w: 0, ownW: 0, top: 0, bottom: 0 };
    if (loc) c.loc = loc;
    return c;
  };
  const root = mk("");
  const clusters = new Map<string, Cluster>();
  for (const l of view.locations) clusters.set(l.id, mk(l.id, l));
  for (const l of view.locations) {
    const c = clusters.get(l.id)!;
    const p = l.parent !== undefined ? clusters.get(l.parent) : undefined;
    c.parent = p ?? root;
    c.parent.children.push(c);
  }
  const homeCluster: Cluster[] = view.nodes.map((n) => (n.home !== undefined ? clusters.get(n.home) : undefined) ?? root);
  homeCluster.forEach((c, i) => c.own.push(i));
  // Every cluster in pre-order (a parent before its children), by an explicit stack: location
  // nesting thousands deep must not grow the call stack. The passes below that need children
  // first walk this list backwards.
  const all = preOrder(root);
  all.forEach((c, k) => (c.num = k));
  for (const c of all) {
    for (const i of c.own) {
      const L = layer[i]!;
      if (!c.rows.has(L)) c.rows.set(L, []);
      c.rows.get(L)!.push(i);
    }
    for (const row of c.rows.values()) for (const i of row) c.ordered.push(i);
  }

  // Layer ranges of boxes (an empty box sits at the first row of its parent).
  const maxLayer = N === 0 ? 0 : maxOf(layer);
  for (let k = all.length - 1; k >= 0; k--) {
    const c = all[k]!;
    for (const L of c.rows.keys()) {
      c.start = c.start < 0 ? L : Math.min(c.start, L);
      c.end = Math.max(c.end, L);
    }
    for (const ch of c.children)
      if (!ch.empty) {
        c.start = c.start < 0 ? ch.start : Math.min(c.start, ch.start);
        c.end = Math.max(c.end, ch.end);
      }
    c.empty = c.start < 0;
  }
  if (root.empty) root.start = root.end = 0;
  for (const c of all) for (const ch of c.children) if (ch.empty) ch.start = ch.end = c.start;

  // Horizontal: a few sweeps, each placing every node and box near the barycenter of its neighbours.
  const cx = new Float64Array(N);
  let desiredNode: Float64Array | undefined;
  let desiredBox: Float64Array | undefined;
  const tree = clusterTree(all, homeCluster);
  const placement = new Placement(all, size, layer, maxLayer);
  for (let sweep = 0; sweep <= SWEEPS; sweep++) {
    placement.place(cx, desiredNode, desiredBox);
    if (sweep === SWEEPS) break;
    ({ desiredNode, desiredBox } = barycenters(tree, out, inn, cx));
  }

  // Vertical: row tops leaving room for the headers of boxes that open there.
  const opening = new Array<number>(maxLayer + 1).fill(0);
  const closing = new Array<number>(maxLayer + 1).fill(0);
  for (let k = all.length - 1; k >= 1; k--) {
    const c = all[k]!;
    c.openChain = 1 + Math.max(0, maxOf(c.children.filter((ch) => ch.start === c.start).map((ch) => ch.openChain)));
    c.closeChain = 1 + Math.max(0, maxOf(c.children.filter((ch) => ch.end === c.end).map((ch) => ch.closeChain)));
    opening[c.start] = Math.max(opening[c.start]!, c.openChain);
    closing[c.end] = Math.max(closing[c.end]!, c.closeChain);
  }
  const hasPill = new Array<boolean>(maxLayer + 1).fill(false);
  for (const e of view.edges) if (e.relation === "group" && e.group && index.has(e.from)) hasPill[layer[index.get(e.from)!]!] = true;
  const rowH = new Array<number>(maxLayer + 1).fill(0);
  for (let i = 0; i < N; i++) rowH[layer[i]!] = Math.max(rowH[layer[i]!]!, size[i]!.h);
  for (let r = 0; r <= maxLayer; r++) if (rowH[r] === 0) rowH[r] = 40;
  const rowTop: number[] = [];
  let y = top + opening[0]! * (HEADER_H + PAD_TOP);
  for (let r = 0; r <= maxLayer; r++) {
    rowTop[r] = y;
    y += rowH[r]! + GAP_Y + (hasPill[r] ? PILL_GAP : 0) + closing[r]! * PAD_BOTTOM + (r < maxLayer ? opening[r + 1]! * (HEADER_H + PAD_TOP) : 0);
  }
  for (let k = all.length - 1; k >= 1; k--) {
    const c = all[k]!;
    let t = Infinity;
    let b = -Infinity;
    if (c.rows.size > 0) {
      const ls = [...c.rows.keys()];
      t = rowTop[-maxOf(ls.map((x) => -x))]!;
      const last = maxOf(ls);
      b = rowTop[last]! + rowH[last]! + (hasPill[last] ? PILL_GAP : 0);
    }
    for (const ch of c.children) {
      t = Math.min(t, ch.top);
      b = Math.max(b, ch.bottom);
    }
    if (t === Infinity) {
      t = rowTop[c.start]!;
      b = t + 4;
    }
    c.top = t - PAD_TOP - HEADER_H;
    c.bottom = b + PAD_BOTTOM;
  }

  const nodes = new Map<string, LayoutNode>();
  const nodeList: LayoutNode[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const s = size[i]!;
    // x and y are doubles from the first node on (see OutItem in routeEdges).
    const ln: LayoutNode = { id: view.nodes[i]!.id, x: NaN, y: NaN, w: s.w, h: s.h, layer: layer[i]! };
    ln.x = round(cx[i]! - s.w / 2);
    ln.y = round(rowTop[layer[i]!]! + (rowH[layer[i]!]! - s.h) / 2);
    nodeList[i] = ln;
    nodes.set(ln.id, ln);
  }
  const boxes = new Map<string, LayoutBox>();
  for (const c of all) if (c.loc) boxes.set(c.id, { id: c.id, x: round(c.x), y: round(c.top), w: round(c.w), h: round(c.bottom - c.top), depth: c.loc.depth });

  const { edges, pills } = routeEdges(view, index, nodeList, boxes);
  let width = root.w;
  let height = top;
  for (const n of nodes.values()) height = Math.max(height, n.y + n.h + PILL_GAP);
  for (const b of boxes.values()) height = Math.max(height, b.y + b.h);
  for (const p of pills) width = Math.max(width, p.x + p.w);
  // Upward edges bulge to the right of their nodes (the rightmost point of the curve); keep them inside the picture.
  for (const e of edges) width = Math.max(width, Math.max(e.sx, e.tx, 0.75 * Math.max(e.c1x, e.c2x) + 0.25 * Math.max(e.sx, e.tx)) + 4);
  return { width: Math.ceil(width), height: Math.ceil(height), nodes, boxes, edges, pills };
}

/** The cluster tree numbered in pre-order (explicit stack): a subtree is a range of numbers. */
interface ClusterTree {
  clusters: readonly Cluster[];
  parent: Int32Array;
  /** The last number inside each cluster's subtree. */
  last: Int32Array;
  /** The number of each node's home cluster. */
  home: Int32Array;
}

function clusterTree(all: readonly Cluster[], homeCluster: readonly Cluster[]): ClusterTree {
  const parent = Int32Array.from(all, (c) => (c.parent ? c.parent.num : -1));
  const last = new Int32Array(all.length);
  for (let i = 0; i < last.length; i++) last[i] = i;
  for (let i = last.length - 1; i > 0; i--) if (last[i]! > last[parent[i]!]!) last[parent[i]!] = last[i]!;
  return { clusters: all, parent, last, home: Int32Array.from(homeCluster, (c) => c.num) };
}

/**
 * Where every node and box wants to be: a node at the mean x of its neighbours (callees, then
 * callers); a box at the mean x of the neighbours outside it of the nodes inside it. For an
 * edge u–v, the boxes credited are those holding u but not v: from u's home up to (not
 * including) the first box that holds v too. Sums are taken in the same order as ever (the
 * picture must not change by a rounding).
 */
function barycenters(tree: ClusterTree, out: number[][], inn: number[][], cx: Float64Array): { desiredNode: Float64Array; desiredBox: Float64Array } {
  const { clusters, parent, last, home } = tree;
  const N = cx.length;
  const boxS = new Float64Array(clusters.length);
  const boxK = new Int32Array(clusters.length);
  const desiredNode = new Float64Array(N);
  const credit = (u: number, v: number) => {
    const hv = home[v]!;
    const x = cx[v]!;
    for (let c = home[u]!; c >= 0; c = parent[c]!) {
      if (c <= hv && hv <= last[c]!) break;
      if (boxK[c] === 0) boxS[c] = x;
      else boxS[c] = boxS[c]! + x;
      boxK[c]!++;
    }
  };
  for (let u = 0; u < N; u++) {
    const o = out[u]!;
    const n = inn[u]!;
    const k = o.length + n.length;
    let t = 0;
    for (const v of o) t += cx[v]!;
    for (const v of n) t += cx[v]!;
    desiredNode[u] = k ? t / k : cx[u]!;
    for (const v of o) credit(u, v);
    for (const v of n) credit(u, v);
  }
  const desiredBox = new Float64Array(clusters.length);
  for (let i = 0; i < clusters.length; i++) desiredBox[i] = boxK[i]! > 0 ? boxS[i]! / boxK[i]! : clusters[i]!.x + clusters[i]!.w / 2;
  return { desiredNode, desiredBox };
}

/**
 * Layers: callers above what they depend on. Cycles are broken by a depth-first search from the
 * sources (edges back to a node on the search path are left out of layering and drawn upward),
 * then layers are filled by list scheduling (Coffman-Graham style): a node goes below all its
 * callers, at most `width` nodes per layer, the longest chains first. Plain longest-path
 * layering puts most of a real estate in two or three very wide rows; bounding the width keeps
 * the picture near a screen's proportions.
 */
/** The largest number of a non-empty list, by a loop (a spread of 100,000s of arguments overflows the stack). */
function maxOf(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/**
 * Sorts `list` by `cmp`, a strict total order (so any correct sort gives the same order): a
 * short list by insertion, a long one by the built-in sort. Most lists sorted here (a node's
 * ports) have a handful of items, where the built-in sort's set-up costs more than the sorting.
 */
function sortSmall<T>(list: T[] | Int32Array, cmp: (a: T, b: T) => number): void {
  const n = list.length;
  if (n > 16) {
    (list as T[]).sort(cmp);
    return;
  }
  const a = list as T[];
  for (let i = 1; i < n; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && cmp(a[j]!, x) > 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

function layersOf(N: number, out: number[][], inn: number[][], factor: number): number[] {
  const state = new Uint8Array(N); // 0 new, 1 on the path, 2 done
  const dag: number[][] = Array.from({ length: N }, () => []);
  const post: number[] = [];
  // Searches start from the sources (no callers), then from every other node, each in index order.
  const starts = new Int32Array(N);
  let ns = 0;
  for (let v = 0; v < N; v++) if (inn[v]!.length === 0) starts[ns++] = v;
  for (let v = 0; v < N; v++) if (inn[v]!.length !== 0) starts[ns++] = v;
  // The search path: a node and how many of its edges are taken, one level per entry.
  const pathNode = new Int32Array(N);
  const pathNext = new Int32Array(N);
  for (const s of starts) {
    if (state[s] !== 0) continue;
    let depth = 0;
    pathNode[0] = s;
    pathNext[0] = 0;
    state[s] = 1;
    while (depth >= 0) {
      const v = pathNode[depth]!;
      const es = out[v]!;
      if (pathNext[depth]! < es.length) {
        const w = es[pathNext[depth]!++]!;
        if (state[w] === 1) continue; // back edge: part of a cycle, drawn upward
        dag[v]!.push(w);
        if (state[w] === 0) {
          state[w] = 1;
          depth++;
          pathNode[depth] = w;
          pathNext[depth] = 0;
        }
        continue;
      }
      state[v] = 2;
      post.push(v);
      depth--;
    }
  }
  const height = new Int32Array(N);
  const indeg = new Int32Array(N);
  for (const v of post) for (const w of dag[v]!) height[v] = Math.max(height[v]!, height[w]! + 1);
  for (let v = 0; v < N; v++) for (const w of dag[v]!) indeg[w]!++;
  const width = Math.max(4, Math.round(Math.sqrt(N) * factor));
  const layer = new Array<number>(N).fill(0);
  // Each layer takes the `width` ready nodes of longest chain (then smallest index); what they
  // release is ready from the next layer on. A heap: sorting every ready node per layer was
  // quadratic on big estates.
  const ready = new MinHeap((p, q) => height[q]! - height[p]! || p - q);
  for (let v = 0; v < N; v++) if (indeg[v] === 0) ready.push(v);
  const taken: number[] = [];
  let L = 0;
  while (ready.size > 0) {
    taken.length = 0;
    while (taken.length < width && ready.size > 0) taken.push(ready.pop());
    for (const v of taken) layer[v] = L;
    for (const v of taken) for (const w of dag[v]!) if (--indeg[w]! === 0) ready.push(w);
    L++;
  }
  return layer;
}

/** A binary heap of numbers under a total order. */
class MinHeap {
  private readonly a: number[] = [];
  constructor(private readonly less: (p: number, q: number) => number) {}
  get size(): number {
    return this.a.length;
  }
  push(x: number): void {
    const a = this.a;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(a[p]!, x) <= 0) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const x = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.less(a[c + 1]!, a[c]!) < 0) c++;
        if (this.less(x, a[c]!) <= 0) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = x;
    }
    return top;
  }
}

/**
 * Horizontal placement. Bottom-up, each box packs its items (its own nodes and its child boxes)
 * left to right in the order of where they want to be, each at its wanted place or at the first
 * place free in every row it spans (a skyline per row), so boxes on different rows may share a
 * column. Top-down, relative positions become absolute. The items of a box live in typed
 * arrays reused from box to box and sweep to sweep (a sweep of 10,000 services made 10,000
 * objects, closures and maps).
 */
class Placement {
  private readonly relNode: Float64Array;
  private readonly relBox: Float64Array;
  /** The items of the box being packed: a node's number, or -1 - a child box's number. */
  private readonly ref: Int32Array;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly width: Float64Array;
  private readonly want: Float64Array;
  private readonly pos: Float64Array;
  private readonly order: Int32Array;
  /** The skyline: the right end of what is packed in each row, valid where `skyStamp` is the current pack's. */
  private readonly sky: Float64Array;
  private readonly skyStamp: Int32Array;
  private stamp = 0;

  constructor(
    private readonly all: readonly Cluster[],
    private readonly size: ReadonlyArray<{ w: number; h: number }>,
    private readonly layer: readonly number[],
    maxLayer: number,
  ) {
    let most = 0;
    for (const c of all) most = Math.max(most, c.children.length + c.ordered.length);
    this.relNode = new Float64Array(size.length);
    this.relBox = new Float64Array(all.length);
    this.ref = new Int32Array(most);
    this.from = new Int32Array(most);
    this.to = new Int32Array(most);
    this.width = new Float64Array(most);
    this.want = new Float64Array(most);
    this.pos = new Float64Array(most);
    this.order = new Int32Array(most);
    this.sky = new Float64Array(maxLayer + 1);
    this.skyStamp = new Int32Array(maxLayer + 1);
  }

  /** Packs the first n items in `order`, each at its wanted place clamped into [lo, hi] (or as far left as it goes: `clamp` false); returns the extent. */
  private pack(n: number, clamp: boolean, lo: number, hi: number): { lo: number; hi: number } {
    const { ref, from, to, width, want, pos, order, sky, skyStamp } = this;
    const stamp = ++this.stamp;
    let minX = Infinity;
    let maxX = -Infinity;
    for (let k = 0; k < n; k++) {
      const it = order[k]!;
      const w = width[it]!;
      let x = (clamp ? Math.min(Math.max(want[it]!, lo + w / 2), hi - w / 2) : -Infinity) - w / 2;
      const gap = ref[it]! < 0 ? GAP_X : NODE_GAP;
      const a = from[it]!;
      const b = to[it]!;
      for (let r = a; r <= b; r++) if (skyStamp[r] === stamp) x = Math.max(x, sky[r]! + gap);
      if (x === -Infinity) x = 0;
      for (let r = a; r <= b; r++) {
        sky[r] = x + w;
        skyStamp[r] = stamp;
      }
      pos[it] = x;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x + w);
    }
    return { lo: minX, hi: maxX };
  }

  place(cx: Float64Array, desiredNode?: Float64Array, desiredBox?: Float64Array): void {
    const { all, size, layer, relNode, relBox, ref, from, to, width, want, pos, order } = this;
    // Children before parents (pre-order backwards), then parents before children: no recursion.
    for (let k = all.length - 1; k >= 0; k--) {
      const c = all[k]!;
      const origin = c.x + (c.loc ? PAD_X : 0);
      let n = 0;
      for (const ch of c.children) {
        ref[n] = -1 - ch.num;
        from[n] = ch.start;
        to[n] = ch.end;
        width[n] = ch.w;
        want[n] = desiredBox ? desiredBox[ch.num]! - origin : NaN;
        order[n] = n;
        n++;
      }
      for (const i of c.ordered) {
        ref[n] = i;
        from[n] = to[n] = layer[i]!;
        width[n] = size[i]!.w;
        want[n] = desiredNode ? desiredNode[i]! - origin : NaN;
        order[n] = n;
        n++;
      }
      if (desiredNode) sortSmall(order.subarray(0, n), (p: number, q: number) => want[p]! - want[q]! || p - q);
      // Two passes: tight packing in this order measures the width the box needs; then each item
      // goes to its wanted place clamped into a window little wider than that, so boxes never
      // stretch to follow far-away neighbours (which would compound from sweep to sweep).
      let { lo: minX, hi: maxX } = this.pack(n, false, 0, 0);
      if (desiredNode && n > 1) {
        const tight = maxX - minX;
        // The median of the wanted places: the items are in their order already.
        const mid = want[order[n >> 1]!]!;
        ({ lo: minX, hi: maxX } = this.pack(n, true, mid - tight * 0.5, mid + tight * 0.5));
      }
      if (n === 0) minX = maxX = 0;
      for (let it = 0; it < n; it++) {
        const r = ref[it]!;
        if (r < 0) relBox[-1 - r] = pos[it]! - minX;
        else relNode[r] = pos[it]! - minX;
      }
      const contentW = maxX - minX;
      c.ownW = contentW;
      c.w = c.loc ? Math.max(contentW + 2 * PAD_X, boxHeaderWidth(c.loc) + 2 * PAD_X, MIN_BOX_W) : contentW;
    }
    all[0]!.x = 0;
    for (const c of all) {
      const origin = c.x + (c.loc ? PAD_X + Math.max(0, (c.w - 2 * PAD_X - c.ownW) / 2) : 0);
      for (const i of c.ordered) cx[i] = origin + relNode[i]! + size[i]!.w / 2;
      for (const ch of c.children) ch.x = origin + relBox[ch.num]!;
    }
  }
}

/** The clusters under `root` (itself first) in pre-order, children in order, by an explicit stack. */
function preOrder(root: Cluster): Cluster[] {
  const out: Cluster[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const c = stack.pop()!;
    out.push(c);
    for (let k = c.children.length - 1; k >= 0; k--) stack.push(c.children[k]!);
  }
  return out;
}

/** An out-port of a caller: one per plain edge, one per group (its pill). */
interface OutItem {
  /** The edge, for a plain edge; -1 for a group. */
  edge: number;
  /** A group's index among its caller's groups; -1 for a plain edge. */
  group: number;
  /** The first member of a group, and how many members it has so far. */
  first: number;
  members: number;
  /** Where it goes (the mean over a group's members). */
  tx: number;
  x: number;
  y: number;
}

/** The tie-break of out-ports going to the same x: a group sorts as `from`, NUL, `g`, its index; a plain edge as `e<index>`. */
const itemKey = (view: GraphView, it: OutItem) => (it.group >= 0 ? `${view.edges[it.first]!.from}\u0000g${it.group}` : `e${it.edge}`);

/** Where an edge arrives (see `targetPoint` in routeEdges). */
interface Target {
  x: number;
  y: number;
  up: boolean;
}

/**
 * Edge curves: ports spread along the bottom of the caller and the top of the callee. Each
 * edge's ends are looked up once (a picture of 50,000 services has 185,000 edges), and the
 * ports of a node are kept by the node's number, not in maps.
 */
function routeEdges(view: GraphView, index: ReadonlyMap<string, number>, nodeList: readonly LayoutNode[], boxes: Map<string, LayoutBox>): { edges: LayoutEdge[]; pills: LayoutPill[] } {
  const E = view.edges.length;
  const N = nodeList.length;
  const fromI = new Int32Array(E).fill(-1);
  const toI = new Int32Array(E).fill(-1);
  const toBox: Array<LayoutBox | undefined> = new Array(E);
  for (let i = 0; i < E; i++) {
    const e = view.edges[i]!;
    fromI[i] = index.get(e.from) ?? -1;
    if (e.toKind === "location") toBox[i] = boxes.get(e.to);
    else toI[i] = index.get(e.to) ?? -1;
  }
  const tp: Target = { x: 0, y: 0, up: false };
  /** Where edge i arrives when it leaves from (sx, sy), into `tp`; false when its callee is not drawn. */
  const targetPoint = (i: number, sx: number, sy: number): boolean => {
    if (view.edges[i]!.toKind === "location") {
      const b = toBox[i];
      if (!b) return false;
      tp.x = Math.min(Math.max(sx, b.x + 14), b.x + b.w - 14);
      if (b.y > sy) {
        tp.y = b.y;
        tp.up = false;
      } else if (b.y + b.h < sy) {
        tp.y = b.y + b.h;
        tp.up = true;
      } else {
        tp.y = b.y + 3;
        tp.up = true;
      }
      return true;
    }
    const ti = toI[i]!;
    if (ti < 0) return false;
    const t = nodeList[ti]!;
    tp.x = t.x + t.w / 2;
    tp.y = t.y;
    tp.up = false;
    return true;
  };
  // Out-ports, ordered by where they go; callers in the order of their first edge.
  const outItems: Array<OutItem[] | undefined> = new Array(N);
  const callers: number[] = [];
  const groupItems: Array<Map<number, OutItem> | undefined> = new Array(N);
  /** The out-port of each edge (its group's for a group member). */
  const port: Array<OutItem | undefined> = new Array(E);
  for (let i = 0; i < E; i++) {
    const si = fromI[i]!;
    if (si < 0) continue;
    const s = nodeList[si]!;
    if (!targetPoint(i, s.x + s.w / 2, s.y + s.h)) continue;
    const e = view.edges[i]!;
    const gi = e.relation === "group" && e.group ? e.group.index : -1;
    let groups: Map<number, OutItem> | undefined;
    if (gi >= 0) {
      groups = groupItems[si];
      if (!groups) groupItems[si] = groups = new Map();
      const it = groups.get(gi);
      if (it) {
        it.members++;
        it.tx = (it.tx * (it.members - 1) + tp.x) / it.members;
        port[i] = it;
        continue;
      }
    }
    // The coordinates start as NaN so that V8 keeps them as doubles from the first item on: an
    // integer first (0) turned into a fraction later changes every item's layout, one by one.
    const item: OutItem = { edge: gi >= 0 ? -1 : i, group: gi, first: i, members: 1, tx: NaN, x: NaN, y: NaN };
    item.tx = tp.x;
    if (groups) groups.set(gi, item);
    port[i] = item;
    const list = outItems[si];
    if (list) list.push(item);
    else {
      outItems[si] = [item];
      callers.push(si);
    }
  }
  const pills: LayoutPill[] = [];
  const byTarget = (a: OutItem, b: OutItem) => a.tx - b.tx || (itemKey(view, a) < itemKey(view, b) ? -1 : 1);
  for (const si of callers) {
    const s = nodeList[si]!;
    const list = outItems[si]!;
    sortSmall(list, byTarget);
    for (let k = 0; k < list.length; k++) {
      const it = list[k]!;
      const x = s.x + (s.w * (k + 1)) / (list.length + 1);
      if (it.group >= 0) {
        const e = view.edges[it.first]!;
        const text = `${e.group!.quorum}/${e.group!.size}`;
        const w = Math.max(24, textWidth(text, 10) + 10);
        const pill: LayoutPill = { from: e.from, group: e.group!.index, x: NaN, y: NaN, w: NaN, h: PILL_H, text, soft: e.group!.soft };
        pill.x = round(x - w / 2);
        pill.y = round(s.y + s.h + 3);
        pill.w = round(w);
        pills.push(pill);
        it.x = x;
        it.y = s.y + s.h + 3 + PILL_H;
      } else {
        it.x = x;
        it.y = s.y + s.h;
      }
    }
  }
  // In-ports along the top of each callee, ordered by where the callers are.
  const incoming: Array<number[] | undefined> = new Array(N);
  const callerX = new Float64Array(E);
  for (let i = 0; i < E; i++) {
    const si = fromI[i]!;
    const ti = toI[i]!;
    if (si < 0 || ti < 0) continue;
    const s = nodeList[si]!;
    callerX[i] = s.x + s.w / 2;
    const list = incoming[ti];
    if (list) list.push(i);
    else incoming[ti] = [i];
  }
  const inPort = new Float64Array(E);
  const hasInPort = new Uint8Array(E);
  const byCallerX = (a: number, b: number) => callerX[a]! - callerX[b]! || a - b;
  for (let ti = 0; ti < N; ti++) {
    const list = incoming[ti];
    if (!list) continue;
    const t = nodeList[ti]!;
    sortSmall(list, byCallerX);
    const span = Math.min(t.w * 0.7, 14 * list.length);
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      inPort[i] = t.x + t.w / 2 - span / 2 + (list.length === 1 ? span / 2 : (span * k) / (list.length - 1));
      hasInPort[i] = 1;
    }
  }

  const edges: LayoutEdge[] = [];
  for (let i = 0; i < E; i++) {
    const si = fromI[i]!;
    if (si < 0) continue;
    const p = port[i];
    if (!p) continue;
    if (!targetPoint(i, p.x, p.y)) continue;
    const s = nodeList[si]!;
    const t = toI[i]! >= 0 ? nodeList[toI[i]!] : undefined;
    let sx = p.x;
    let sy = p.y;
    let tx = hasInPort[i] ? inPort[i]! : tp.x;
    let ty = tp.y;
    let c1x: number, c1y: number, c2x: number, c2y: number;
    if (!tp.up && ty > sy + 4) {
      const dy = ty - sy;
      c1x = sx;
      c1y = sy + dy * 0.5;
      c2x = tx;
      c2y = ty - dy * 0.5;
    } else if (t && t.layer === s.layer) {
      // Same row (a cycle): dip below both and come up into the callee's bottom.
      ty = t.y + t.h;
      tx = t.x + t.w / 2;
      c1x = sx;
      c1y = Math.max(sy, ty) + 36;
      c2x = tx;
      c2y = Math.max(sy, ty) + 36;
    } else if (t) {
      // Upward (a cycle across rows): leave and enter on the right side, bulging outwards.
      sx = s.x + s.w;
      sy = s.y + s.h / 2;
      tx = t.x + t.w;
      ty = t.y + t.h / 2;
      const bulge = 40 + Math.abs(sy - ty) * 0.15;
      c1x = Math.max(sx, tx) + bulge;
      c1y = sy;
      c2x = Math.max(sx, tx) + bulge;
      c2y = ty;
    } else {
      c1x = sx;
      c1y = sy - 30;
      c2x = tx;
      c2y = ty + 30;
    }
    // Doubles from the first edge on (see OutItem above), then the curve's numbers.
    const le: LayoutEdge = { index: i, sx: NaN, sy: NaN, c1x: NaN, c1y: NaN, c2x: NaN, c2y: NaN, tx: NaN, ty: NaN };
    le.sx = sx;
    le.sy = sy;
    le.c1x = c1x;
    le.c1y = c1y;
    le.c2x = c2x;
    le.c2y = c2y;
    le.tx = tx;
    le.ty = ty;
    edges.push(le);
  }
  return { edges, pills };
}

/**
 * `String(round(n))` (one decimal), written from integers: converting a fraction to its
 * shortest decimal is the costliest step of a 300,000-edge picture. Math.round(n × 10) / 10 is
 * the double nearest to the one-decimal number q.d, so that number is its shortest form.
 */
function num(n: number): string {
  const t = Math.round(n * 10);
  if (!(Math.abs(t) < 1e15)) return String(t / 10);
  const d = t % 10;
  if (d === 0) return String(t / 10);
  const q = (t - d) / 10;
  return t < 0 ? `-${-q}.${-d}` : `${q}.${d}`;
}

/** A filled arrowhead with its tip at (tx, ty), pointing along (fx, fy) → (tx, ty). */
export function arrowHead(fx: number, fy: number, tx: number, ty: number, len = 8, half = 3.6): string {
  let dx = tx - fx;
  let dy = ty - fy;
  const l = Math.hypot(dx, dy);
  if (l < 1e-6) {
    dx = 0;
    dy = 1;
  } else {
    dx /= l;
    dy /= l;
  }
  const bx = tx - dx * len;
  const by = ty - dy * len;
  return `M${num(tx)},${num(ty)} L${num(bx - dy * half)},${num(by + dx * half)} L${num(bx + dy * half)},${num(by - dx * half)} Z`;
}
