/**
 * Names that bite, through every importer: services named after Object.prototype members
 * (constructor, __proto__, toString, hasOwnProperty, ...) in Compose, Kubernetes, Backstage and
 * native manifests, and `__proto__`/`constructor` keys in labels and annotations. The estate
 * must be the same graph, with the same answers, as the one with ordinary names, and nothing
 * may leak into Object.prototype.
 */
import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import * as lib from "../helpers/internals.js";
import type { Estate } from "../../src/model/types.js";

const HOSTILE = ["constructor", "__proto__", "toString", "hasOwnProperty", "prototype", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__defineGetter__"];
const PLAIN = HOSTILE.map((_, i) => `svc-${String.fromCharCode(97 + i)}`);

/** The same estate in four formats, with names[i] for the i-th service. */
function files(n: readonly string[]): Record<string, string> {
  return {
    "shop/compose.yaml": `services:
  ${n[0]}:
    image: web
    depends_on: [${n[1]}, ${n[2]}]
    labels: {__proto__: polluted, constructor: c, toString: t, "faultline.tier": critical, "faultline.runs-on": dc}
  ${n[1]}:
    image: api
    environment: {DB_HOST: ${n[2]}, __proto__: x, constructor: y}
    labels: ["__proto__=polluted2", "faultline.runs-on=dc"]
  ${n[2]}:
    image: db
    labels: {"faultline.runs-on": dc}
x-faultline: {tier: high}
`,
    "k8s/app.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${n[3]}
  labels: {app: ${n[3]}, __proto__: polluted3}
  annotations: {__proto__: polluted4, constructor: z, "faultline/runs-on": dc, "faultline/tier": high}
spec:
  selector: {matchLabels: {app: ${n[3]}}}
  template:
    metadata: {labels: {app: ${n[3]}}}
    spec:
      containers:
        - name: main
          image: x
          env: [{name: UPSTREAM, value: "http://${n[4]}:8080"}, {name: __proto__, value: "${n[4]}"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${n[4]}, annotations: {"faultline/runs-on": dc}}
spec:
  selector: {matchLabels: {app: ${n[4]}}}
  template: {metadata: {labels: {app: ${n[4]}}}, spec: {containers: [{name: main, image: y}]}}
---
apiVersion: v1
kind: Service
metadata: {name: ${n[4]}}
spec: {selector: {app: ${n[4]}}, ports: [{port: 8080}]}
`,
    "catalog/catalog-info.yaml": `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: ${n[5]}, annotations: {__proto__: polluted5, "faultline/runs-on": dc}, labels: {constructor: x}}
spec: {type: service, owner: __proto__, lifecycle: production, dependsOn: ["component:${n[6]}"], consumesApis: ["${n[7]}"]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: ${n[6]}, annotations: {"faultline/runs-on": dc}}
spec: {type: service, owner: team, lifecycle: production}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: ${n[7]}}
spec: {type: openapi, owner: team, lifecycle: production, definition: x}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: ${n[8]}, annotations: {"faultline/runs-on": dc}}
spec: {type: service, owner: team, lifecycle: production, providesApis: ["${n[7]}"]}
`,
    "native.yaml": `apiVersion: faultline/v1
kind: Location
metadata: {name: dc, labels: {__proto__: polluted6}, annotations: {constructor: x}}
spec: {hosting: in-house}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: edge, labels: {__proto__: polluted7, hasOwnProperty: x}}
spec:
  runsOn: [dc]
  dependsOn:
    - service:${n[0]}
    - {anyOf: [${n[3]}, ${n[5]}]}
    - {ref: ${n[9]}, soft: true}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: ${n[9] === "__defineGetter__" ? "constructor-x" : n[9]}}
spec: {runsOn: [dc]}
`.replace(`{ref: __defineGetter__, soft: true}`, `{ref: constructor-x, soft: true}`),
  };
}

function load(n: readonly string[]): Estate {
  const r = loadSources(Object.entries(files(n)).map(([file, text]) => ({ file, text })));
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).join("\n"));
  return r.estate;
}

/** The graph as sorted strings, ids mapped through `rename`. */
function shape(e: Estate, rename: (id: string) => string): { nodes: string[]; edges: string[] } {
  const j = lib.graphToJson(e);
  return {
    nodes: j.nodes.map((x) => `${rename(x.id)} ${x.kind} ${x.hosting} ${"tier" in x ? x.tier : ""}`).sort(),
    edges: j.edges.map((x) => `${rename(x.from)} -> ${rename(x.to)} ${x.relation}`).sort(),
  };
}

describe("hardening: Object.prototype names through every importer", () => {
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  const hostile = load(HOSTILE);
  const plain = load(PLAIN);
  // In the hostile estate, the native service for n[9] is constructor-x (a native name cannot start with _).
  const toPlain = new Map<string, string>(HOSTILE.map((h, i) => [h, PLAIN[i]!]));
  toPlain.set("constructor-x", PLAIN[9]!);
  const rename = (id: string) => toPlain.get(id) ?? id;

  it("give the same graph as ordinary names (services, placements, dependencies, groups)", () => {
    const a = shape(hostile, rename);
    const b = shape(plain, (id) => id);
    expect(a.nodes.length).toBeGreaterThanOrEqual(11);
    expect(a.edges.length).toBeGreaterThanOrEqual(12);
    expect(a).toEqual(b);
    for (const h of [...HOSTILE.slice(0, 7), HOSTILE[8]!, "constructor-x"]) expect(hostile.graph.hasNode(h), h).toBe(true);
  });

  it("give the same answers: blast radius of every node, exposure, single points of failure", () => {
    for (const id of hostile.graph.nodes()) {
      const h = lib.blastRadius(hostile, [id]).impacts.map((i) => `${rename(i.id)} ${i.state}`).sort();
      const p = lib.blastRadius(plain, [rename(id)]).impacts.map((i) => `${i.id} ${i.state}`).sort();
      expect(h, id).toEqual(p);
    }
    const ex = (e: Estate, r: (id: string) => string) => lib.exposure(e).services.map((s) => `${r(s.id)}: ${s.downWith.join(",")} / ${s.degradedWith.join(",")}`).sort();
    expect(ex(hostile, rename)).toEqual(ex(plain, (x) => x));
    expect(lib.spofFor(hostile, "edge").singlePointsOfFailure.map(rename).sort()).toEqual(lib.spofFor(plain, "edge").singlePointsOfFailure.slice().sort());
    expect(lib.riskGroups(hostile, "constructor", { maxSize: 2 }).groups.map((g) => g.map(rename).sort().join("+")).sort()).toEqual(
      lib.riskGroups(plain, "svc-a", { maxSize: 2 }).groups.map((g) => [...g].sort().join("+")).sort(),
    );
  });

  it("keep __proto__ and constructor keys of labels and annotations as data, and pollute nothing", () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    const probe = {} as Record<string, unknown>;
    for (const k of ["polluted", "x", "z", "c", "t"]) expect(probe[k], k).toBeUndefined();
    expect(typeof probe.constructor).toBe("function");
    expect(typeof probe.toString).toBe("function");
    // The labels themselves are kept, __proto__ included, as plain data.
    const labelKeys = (id: string) => {
      const l = (hostile.graph.getNodeAttributes(id) as { labels?: unknown }).labels;
      return l instanceof Map ? [...l.keys()] : Object.keys(l as object);
    };
    expect(labelKeys("constructor")).toEqual(expect.arrayContaining(["__proto__", "constructor", "toString"]));
    expect(labelKeys("edge")).toEqual(expect.arrayContaining(["__proto__", "hasOwnProperty"]));
  });

  it("unknown prototype names are unknown ids, not found on Object.prototype", () => {
    for (const id of ["hasOwnProperty", "isPrototypeOf", "__lookupGetter__"]) {
      if (plain.graph.hasNode(id)) continue;
      expect(() => lib.blastRadius(plain, [id]), id).toThrow(lib.UnknownIdError);
      expect(() => lib.spofFor(plain, id), id).toThrow(lib.FaultlineError);
    }
  });
});
