/**
 * Positions for estates too large to draw box by box (the explorer's WebGL view): services
 * are gathered by the box they are drawn in (`home`), each box's services laid on a square
 * grid in id order, the boxes packed on shelves in id order, so that what runs together sits
 * together. Linear in the size of the view, no iteration, deterministic; computed once by
 * faultline, never by a force layout in the browser.
 */
import type { GraphView } from "./view.js";

/** A position per drawn node and per location (the centre of what it holds), in view order. */
export interface GridLayout {
  nodes: Array<[number, number]>;
  locations: Array<[number, number]>;
  width: number;
  height: number;
}

const STEP = 10;
const GAP = 3;

/** Lays the view's nodes out on a grid of grids. */
export function gridLayout(view: GraphView): GridLayout {
  const groups = new Map<string, number[]>();
  view.nodes.forEach((n, i) => {
    const key = n.home ?? "";
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(i);
  });
  // Boxes in id order, the services outside all boxes last.
  const keys = [...groups.keys()].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const total = view.nodes.length;
  const rowWidth = Math.max(1, Math.ceil(Math.sqrt(total * 1.6))) + GAP;
  const nodes: Array<[number, number]> = new Array(total);
  let x = 0;
  let y = 0;
  let shelf = 0;
  let width = 0;
  const centre = new Map<string, { sx: number; sy: number; n: number }>();
  for (const key of keys) {
    const list = groups.get(key)!;
    const side = Math.ceil(Math.sqrt(list.length));
    const rows = Math.ceil(list.length / side);
    if (x > 0 && x + side > rowWidth) {
      x = 0;
      y += shelf + GAP;
      shelf = 0;
    }
    list.forEach((ni, k) => {
      nodes[ni] = [(x + (k % side)) * STEP, (y + Math.floor(k / side)) * STEP];
    });
    centre.set(key, { sx: (x + (side - 1) / 2) * STEP * list.length, sy: (y + (rows - 1) / 2) * STEP * list.length, n: list.length });
    x += side + GAP;
    width = Math.max(width, x);
    shelf = Math.max(shelf, rows);
  }
  // A location sits at the centre of the services drawn in it or below it (ids of children
  // follow their parents' in sorted order only by accident, so sums are pushed up parent by parent).
  const sums = new Map<string, { sx: number; sy: number; n: number }>();
  const parentOf = new Map(view.locations.map((l) => [l.id, l.parent]));
  for (const [key, c] of centre) {
    for (let cur: string | undefined = key === "" ? undefined : key, hops = 0; cur !== undefined && hops <= parentOf.size; cur = parentOf.get(cur), hops++) {
      const s = sums.get(cur) ?? { sx: 0, sy: 0, n: 0 };
      s.sx += c.sx;
      s.sy += c.sy;
      s.n += c.n;
      sums.set(cur, s);
    }
  }
  const locations = view.locations.map((l, i): [number, number] => {
    const s = sums.get(l.id);
    return s && s.n > 0 ? [s.sx / s.n, s.sy / s.n - STEP] : [(width + 2 + (i % 20)) * STEP, (i / 20) * STEP];
  });
  return { nodes, locations, width: width * STEP, height: (y + shelf) * STEP };
}
