/**
 * faultline is a library: loading an estate must not change graphology for the host
 * application. Its own graphs still take any id (`constructor`, `toString`, ...).
 */
import graphology from "graphology";
import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { svc } from "../helpers/estate.js";

const { DirectedGraph, MultiDirectedGraph, UndirectedGraph, Graph } = graphology as unknown as Record<string, new (o?: object) => {
  addNode(n: string): void;
  addEdge(a: string, b: string): void;
  hasEdge(a: string, b: string): boolean;
  outNeighbors?(n: string): string[];
  neighbors(n: string): string[];
}>;

function hostGraphsWork(): void {
  for (const G of [DirectedGraph!, MultiDirectedGraph!, UndirectedGraph!, Graph!]) {
    const g = new G();
    g.addNode("a");
    g.addNode("b");
    g.addEdge("a", "b");
    expect(g.hasEdge("a", "b")).toBe(true);
    expect(g.hasEdge("b", "c" as string)).toBe(false);
    expect(g.neighbors("a")).toEqual(["b"]);
  }
}

describe("model: a host application's graphology graphs", () => {
  it("work the same before and after faultline loads an estate with hostile ids", () => {
    hostGraphsWork();
    const protoBefore = Object.getOwnPropertyNames(Object.getPrototypeOf(new DirectedGraph!()));
    const r = loadSources([{ file: "e.yaml", text: svc("constructor", "{dependsOn: [toString]}") + svc("toString") }]);
    expect(r.ok).toBe(true);
    expect(blastRadius(r.estate, ["toString"]).impacts.map((i) => `${i.state}:${i.id}`)).toEqual(["down:constructor"]);
    expect(r.estate.graph.hasEdge("constructor", "toString")).toBe(true);
    hostGraphsWork();
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(new DirectedGraph!()))).toEqual(protoBefore);
    // graphology's node-data prototype is untouched: a host graph's index has its normal prototype.
    const host = new DirectedGraph!() as unknown as { addNode(n: string): void; _nodes: Map<string, { out: object }> };
    host.addNode("x");
    expect(Object.getPrototypeOf(host._nodes.get("x")!.out)).toBe(Object.prototype);
  });
});
