import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { estateOf, loadOf, loc, svc } from "../helpers/estate.js";

describe("model: ids that are Object.prototype names", () => {
  const text =
    loc("constructor", "in-house", "[{name: prototype}]") +
    svc("toString", "{runsOn: [constructor/prototype]}") +
    svc("hasOwnProperty", "{dependsOn: [toString, {ref: valueOf, soft: true}]}") +
    svc("valueOf", "{dependsOn: [{anyOf: [toString, isPrototypeOf]}]}") +
    svc("isPrototypeOf");

  it("load, resolve and propagate like any other id", () => {
    const e = estateOf(text);
    const r = blastRadius(e, ["constructor"]);
    expect(r.impacts.map((i) => `${i.state}:${i.id}`)).toEqual(["down:constructor/prototype", "down:hasOwnProperty", "down:toString", "degraded:valueOf"]);
    expect(graphToJson(e).nodes.map((n) => n.id)).toEqual(["constructor", "constructor/prototype", "hasOwnProperty", "isPrototypeOf", "toString", "valueOf"]);
  });

  it("are not mistaken for existing ids when unknown", () => {
    const r = loadOf(svc("a", "{dependsOn: [constructor, __proto__, toString]}"));
    expect(r.diagnostics.filter((d) => d.code === "unknown-reference").map((d) => d.found)).toEqual(['"constructor"', '"__proto__"', '"toString"']);
  });

  it("keep __proto__ keys in labels and annotations as plain data", () => {
    const e = estateOf('apiVersion: faultline/v1\nkind: Service\nmetadata:\n  name: a\n  labels: {__proto__: evil, constructor: x}\n  annotations: {"__proto__": "{\\"polluted\\": true}"}\nspec: {}\n');
    const a = e.graph.getNodeAttributes("a");
    expect(a.labels.get("__proto__")).toBe("evil");
    expect(a.labels.get("constructor")).toBe("x");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("reject an id that is not a valid name, such as __proto__", () => {
    const r = loadOf(svc("__proto__"));
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: "bad-name" });
  });
});

describe("model: graphology's neighbour indexes", () => {
  it("answer per-node queries for ids named after Object.prototype members", () => {
    const e = estateOf(svc("constructor") + svc("toString", "{dependsOn: [constructor]}") + svc("a", "{dependsOn: [constructor, toString, {ref: hasOwnProperty, soft: true}]}") + svc("hasOwnProperty"));
    const g = e.graph;
    expect(g.outNeighbors("a").sort()).toEqual(["constructor", "hasOwnProperty", "toString"]);
    expect(g.inNeighbors("constructor").sort()).toEqual(["a", "toString"]);
    expect(g.outEdges("a", "constructor")).toHaveLength(1);
    expect(g.hasDirectedEdge("constructor", "toString")).toBe(false);
    expect(g.hasDirectedEdge("toString", "constructor")).toBe(true);
    const seen: string[] = [];
    g.forEachOutEdge("toString", (_k, attr, _s, t) => seen.push(`${attr.relation}:${t}`));
    expect(seen).toEqual(["hard:constructor"]);
  });
});
