/**
 * The explorer's drawing for large estates: sigma.js on WebGL, on positions faultline computed
 * beforehand (src/layout/grid.ts), never a force layout in the browser. States are held in
 * typed arrays and read by sigma's reducers, so a recompute repaints without touching the graph.
 */
import graphology from "graphology";
import type { AbstractGraph } from "graphology-types";
import Sigma from "sigma";
import type { CompiledEstate } from "../engine/compile.js";
import { REL_GROUP, REL_HARD, REL_SOFT } from "../engine/compile.js";

export interface GlView {
  paint(state: Uint8Array, failed: Uint8Array, visible: Uint8Array | null, selected: number | undefined, pathIdx: number[], marked: Set<number>): void;
}

const HOSTING: Record<string, string> = {
  "in-house": "#2f6fb0",
  "public-cloud": "#8a5cc2",
  "third-party": "#2c8a6e",
  hybrid: "#6d6d6d",
  unplaced: "#9a9a9a",
};
const STATE = ["", "#e09a00", "#c62828"];
/** Most nodes for which every dependency edge is drawn. */
export const EDGE_LIMIT = 20_000;

export function createGlView(container: HTMLElement, c: CompiledEstate, positions: number[], onClick: (i: number) => void): GlView {
  const Graph = graphology as unknown as new (opts: object) => AbstractGraph;
  const graph = new Graph({ type: "directed", multi: false, allowSelfLoops: false });
  const keys: string[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const x = positions[2 * i]!;
    const y = positions[2 * i + 1]!;
    if (x === null || y === null || Number.isNaN(x)) continue;
    // Keys are integer strings: ids are shown only as labels (canvas text, never markup).
    keys[i] = String(i);
    const svc = c.isService[i] === 1;
    graph.addNode(keys[i], { x, y: -y, size: svc ? (c.tier[i] === 0 ? 4 : 3) : 6, label: c.ids[i], color: HOSTING[c.hosting[i] as string] ?? "#888" });
  }
  // Past EDGE_LIMIT nodes the dependency edges are not drawn (hundreds of thousands of them
  // are a grey fog that costs seconds per frame on a software GL); the explanation path of
  // the selected casualty is drawn instead.
  const drawEdges = c.n <= EDGE_LIMIT;
  const seen = new Set<number>();
  for (let s = 0; s < c.n && drawEdges; s++) {
    if (keys[s] === undefined) continue;
    seen.clear();
    for (let j = c.fwdStart[s]!; j < c.fwdStart[s + 1]!; j++) {
      const k = c.fwdKind[j]!;
      const t = c.fwdNode[j]!;
      if ((k !== REL_HARD && k !== REL_SOFT && k !== REL_GROUP) || keys[t] === undefined || seen.has(t) || t === s) continue;
      seen.add(t);
      graph.addEdgeWithKey(`${s}>${t}`, keys[s]!, keys[t]!, { size: 0.6, color: k === REL_SOFT ? "#d0d0d0" : "#aaaaaa" });
    }
  }
  let st: Uint8Array = new Uint8Array(c.n);
  let failed: Uint8Array = new Uint8Array(c.n);
  let vis: Uint8Array | null = null;
  let sel: number | undefined;
  let path = new Set<number>();
  let marks = new Set<number>();
  let pathEdges: string[] = [];
  const shown = new Uint8Array(c.n);
  const shownFailed = new Uint8Array(c.n);
  const renderer = new Sigma(graph, container, {
    defaultEdgeType: "arrow",
    hideEdgesOnMove: c.n > 20_000,
    labelRenderedSizeThreshold: 8,
    zIndex: true,
    nodeReducer: (key, d) => {
      const i = Number(key);
      const out = { ...d } as typeof d & { hidden?: boolean; highlighted?: boolean; zIndex?: number; forceLabel?: boolean };
      if (vis && !vis[i]) out.hidden = true;
      // Up nodes keep their hosting colour, so starting a scenario repaints only its casualties.
      if (st[i] !== 0) {
        out.color = failed[i] ? "#7f0000" : STATE[st[i]!]!;
        out.zIndex = st[i]!;
        out.size = (d.size as number) + 1;
      }
      if (path.has(i) || marks.has(i)) {
        out.highlighted = true;
        out.forceLabel = true;
        out.zIndex = 3;
      }
      if (i === sel) {
        out.highlighted = true;
        out.forceLabel = true;
        out.size = (d.size as number) * 2;
        out.zIndex = 4;
      }
      return out;
    },
    edgeReducer: (key, d) => {
      const out = { ...d } as typeof d & { hidden?: boolean };
      const gt = key.indexOf(">");
      const s = Number(key.slice(0, gt));
      const t = Number(key.slice(gt + 1));
      if (vis && (!vis[s] || !vis[t])) out.hidden = true;
      else if (path.has(s) && path.has(t)) {
        out.color = "#7f0000";
        out.size = 2;
      } else if (st[s] !== 0 && st[t] !== 0) out.color = st[s] === 2 ? "#e8a0a0" : "#f0cf8a";
      return out;
    },
  });
  renderer.on("clickNode", ({ node }) => onClick(Number(node)));
  container.setAttribute("data-renderer", "webgl");
  return {
    paint(state, f, visible, selected, pathIdx, marked) {
      const onPath = new Set(pathIdx);
      // A full refresh re-reads every node and edge; when only some nodes change (every click
      // but a focus or a filter), only they and their edges are re-read.
      const full = visible !== null || vis !== null;
      const changed = new Set<string>();
      if (!full) {
        for (let i = 0; i < c.n; i++) {
          if (keys[i] === undefined) continue;
          if (state[i] !== shown[i] || f[i] !== shownFailed[i] || i === sel || i === selected || path.has(i) || onPath.has(i) || marks.has(i) || marked.has(i)) changed.add(keys[i]!);
        }
      }
      shown.set(state);
      shownFailed.set(f);
      st = state;
      failed = f;
      vis = visible;
      sel = selected;
      path = onPath;
      marks = marked;
      if (!drawEdges) {
        for (const e of pathEdges) if (graph.hasEdge(e)) graph.dropEdge(e);
        pathEdges = [];
        for (let k = 0; k + 1 < pathIdx.length; k++) {
          const a = keys[pathIdx[k]!];
          const b = keys[pathIdx[k + 1]!];
          const key = `${pathIdx[k]}>${pathIdx[k + 1]}`;
          if (a === undefined || b === undefined || graph.hasEdge(key)) continue;
          graph.addEdgeWithKey(key, a, b, { size: 2, color: "#7f0000" });
          pathEdges.push(key);
        }
      }
      if (full) renderer.refresh();
      else if (changed.size > 0) {
        const edges = new Set<string>();
        if (drawEdges) for (const k of changed) graph.forEachEdge(k, (e: string) => void edges.add(e));
        renderer.refresh({ partialGraph: { nodes: [...changed], edges: [...edges] }, skipIndexation: true });
      }
    },
  };
}
