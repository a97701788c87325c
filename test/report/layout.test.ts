import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildView } from "../../src/picture/view.js";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { layoutView, type Layout } from "../../src/picture/layered.js";
import type { GraphView } from "../../src/picture/view.js";
import { randomEstate } from "../helpers/random-estate.js";
import { pictureEstate } from "./picture-estate.js";

type Rect = { x: number; y: number; w: number; h: number };
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Rect, b: Rect) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;

/** What a reader needs: nothing overlaps, everything sits in its own box and in no other. */
function checkGeometry(view: GraphView, layout: Layout): void {
  const parent = new Map(view.locations.map((l) => [l.id, l.parent]));
  const ancestorsOf = (id: string | undefined) => {
    const out = new Set<string>();
    for (let c = id; c !== undefined; c = parent.get(c)) out.add(c);
    return out;
  };
  const nodes = view.nodes.map((n) => ({ n, r: layout.nodes.get(n.id)! }));
  for (const { n, r } of nodes) {
    expect(r, n.id).toBeDefined();
    const mine = ancestorsOf(n.home);
    for (const [id, b] of layout.boxes) {
      if (mine.has(id)) expect(inside(r, b), `${n.id} inside ${id}`).toBe(true);
      else expect(overlap(r, b), `${n.id} overlaps box ${id}`).toBe(false);
    }
  }
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) expect(overlap(nodes[i]!.r, nodes[j]!.r), `${nodes[i]!.n.id} overlaps ${nodes[j]!.n.id}`).toBe(false);
  for (const l of view.locations) {
    const b = layout.boxes.get(l.id)!;
    if (l.parent !== undefined && layout.boxes.has(l.parent)) expect(inside(b, layout.boxes.get(l.parent)!), `${l.id} inside its parent`).toBe(true);
    for (const m of view.locations) {
      if (m.id <= l.id || ancestorsOf(m.id).has(l.id) || ancestorsOf(l.id).has(m.id)) continue;
      expect(overlap(b, layout.boxes.get(m.id)!), `${l.id} overlaps ${m.id}`).toBe(false);
    }
  }
}

describe("layout/layered", { timeout: 30_000 }, () => {
  it("puts callers above what they depend on, outside cycles", () => {
    const view = buildView(pictureEstate());
    const layout = layoutView(view);
    const y = (id: string) => layout.nodes.get(id)!.y;
    expect(y("web")).toBeLessThan(y("api"));
    expect(y("api")).toBeLessThan(y("db-a"));
    expect(y("api")).toBeLessThan(y("pay"));
    checkGeometry(view, layout);
  });

  it("never overlaps nodes or boxes, and keeps every node in its own boxes only (random estates)", () => {
    fc.assert(
      fc.property(randomEstate({ maxServices: 14, maxLocations: 8 }), fc.boolean(), (estate, collapse) => {
        const view = buildView(estate, { collapse });
        checkGeometry(view, layoutView(view));
      }),
      { numRuns: 150 },
    );
  });

  it("gives the same numbers for the same view", () => {
    const view = buildView(pictureEstate(), { blast: blastRadius(pictureEstate(), ["acme"]) });
    const a = layoutView(view);
    const b = layoutView(view);
    expect([...b.nodes.values()]).toEqual([...a.nodes.values()]);
    expect(b.edges).toEqual(a.edges);
  });
});
