/**
 * Kubernetes Ingress (docs/importers.md, "Gateway and mesh routes"): the Ingress object is a
 * node (type Ingress) that depends on the workloads its backend Services select in its own
 * namespace (inferred, `route <name>`), in the networking.k8s.io/v1 form and the legacy
 * v1beta1 forms; resource backends and Services not in the load are said in the coverage;
 * kustomize renames Ingress backends (not route backends); malformed input is warned, never a
 * crash; the result does not depend on the order of the files.
 */
import { describe, expect, it } from "vitest";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf } from "../helpers/estate.js";
import { runCli } from "../helpers/cli.js";

type Load = ReturnType<typeof loadOf>;
const edges = (r: Load) =>
  graphToJson(r.estate)
    .edges.map((e) => `${e.from} -> ${e.to} ${e.relation} ${e.evidence?.kind ?? ""} ${e.evidence?.via ?? ""}`.trim())
    .sort();
const codes = (r: Load) => r.diagnostics.map((d) => `${d.severity} ${d.code}`);
const unresolved = (r: Load) => r.estate.coverage!.unresolved.map((u) => `${u.service} → ${u.host} (${u.via}${u.why ? `; ${u.why}` : ""})`);
const workload = (name: string, ns = "default", labels = `{app: ${name}}`) =>
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {template: {metadata: {labels: ${labels}}, spec: {containers: [{name: c, image: i}]}}}\n` +
  `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: ${labels}}\n`;
const ingress = (name: string, ns: string, spec: string, apiVersion = "networking.k8s.io/v1") => `---\napiVersion: ${apiVersion}\nkind: Ingress\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: ${spec}\n`;

describe("import/kubernetes: Ingress (networking.k8s.io/v1)", () => {
  it("the Ingress is a node that depends on the workloads its default backend and path backends select; evidence at the backend's name", () => {
    const r = loadOf({
      "shop.yaml":
        workload("web", "shop") +
        workload("api-v1", "shop", "{app: api, v: '1'}") +
        workload("api-v2", "shop", "{app: api, v: '2'}") +
        `---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}}\n` +
        workload("other", "elsewhere") +
        `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: front, namespace: shop}
spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
          - {path: /web, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
          - {path: /o, pathType: Prefix, backend: {service: {name: other, port: {number: 80}}}}
    - host: bare.example.com
`,
    });
    expect(r.diagnostics).toEqual([]);
    // web once (two mentions), api as an any-of group (its Service selects both versions).
    expect(edges(r)).toEqual(["front -> api-v1 group inferred route front", "front -> api-v2 group inferred route front", "front -> web hard inferred route front"]);
    const j = graphToJson(r.estate);
    expect(j.edges.find((e) => e.to === "web")!.evidence).toMatchObject({ kind: "inferred", file: "shop.yaml", line: 51, via: "route front" });
    expect(j.nodes.find((n) => n.id === "front")).toMatchObject({ type: "Ingress", origin: "kubernetes", hosting: "unplaced", file: "shop.yaml", line: 49 });
    const attrs = (r.estate.graph.getNodeAttributes("front") as { attributes: Map<string, string> }).attributes;
    expect([...attrs]).toEqual([["kubernetes.namespace", "shop"], ["kubernetes.kind", "Ingress"], ["kubernetes.apiVersion", "networking.k8s.io/v1"]]);
    // A backend names a Service of the Ingress's namespace only: `other` lives elsewhere.
    expect(unresolved(r)).toEqual(["front → other (route front)"]);
  });

  it("losing the backend takes the Ingress down; losing one of two workloads behind a Service degrades it (CLI, fixture)", async () => {
    const web = await runCli(["blast", "-m", "test/fixtures/ingress/shop.yaml", "web", "-q"]);
    expect(web.code).toBe(0);
    expect(web.stdout).toMatch(/down +shop .* shop ← web \(inferred: route shop, shop\.yaml:50\)/);
    expect(web.stdout).toMatch(/down +legacy .* legacy ← web \(inferred: route legacy, shop\.yaml:68\)/);
    const canary = await runCli(["blast", "-m", "test/fixtures/ingress/shop.yaml", "api-canary", "-q"]);
    expect(canary.stdout).toMatch(/0 services down, 2 degraded/);
    const v = await runCli(["validate", "-m", "test/fixtures/ingress/shop.yaml", "--format", "json", "-q"]);
    expect(JSON.parse(v.stdout).coverage.skipped).toEqual([
      { file: "test/fixtures/ingress/shop.yaml", why: "ingress: shop/shop routes to a resource that is not a Service (k8s.example.com/StorageBucket static-assets): not followed" },
    ]);
  });

  it("an Ingress named like a workload gets the kind-qualified id, and the workload keeps its plain one", () => {
    const r = loadOf({ "a.yaml": workload("web") + ingress("web", "default", "{defaultBackend: {service: {name: web}}}") + ingress("edge", "default", "{defaultBackend: {service: {name: web}}}") });
    expect(r.diagnostics).toEqual([]);
    expect(edges(r)).toEqual(["default.ingress.web -> web hard inferred route web", "edge -> web hard inferred route edge"]);
    // Inside a kind: List (kubectl get -o yaml) it is read the same way.
    const list = loadOf({ "l.yaml": workload("web") + "---\napiVersion: v1\nkind: List\nitems:\n  - {apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: edge}, spec: {defaultBackend: {service: {name: web}}}}\n" });
    expect(edges(list)).toEqual(["edge -> web hard inferred route edge"]);
  });

  it("a Service not in the load, an ExternalName Service and a resource backend add no edge and are said in the coverage", () => {
    const r = loadOf({
      "a.yaml":
        workload("web") +
        `---\napiVersion: v1\nkind: Service\nmetadata: {name: ext}\nspec: {type: ExternalName, externalName: api.example.com}\n` +
        ingress("in", "default", "{rules: [{http: {paths: [{path: /, backend: {service: {name: missing}}}, {path: /e, backend: {service: {name: ext}}}, {path: /a, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: b1}}}, {path: /b, backend: {resource: {kind: Bucket, name: b2}}}, {path: /w, backend: {service: {name: web}}}]}}]}"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(edges(r)).toEqual(["in -> web hard inferred route in"]);
    expect(unresolved(r)).toEqual(["in → ext (route in; Service default/ext leads to no workload of the load)", "in → missing (route in)"]);
    expect(r.estate.coverage!.skipped).toEqual([{ file: "a.yaml", why: "ingress: default/in routes to 2 resources that are not a Service (k8s.example.com/StorageBucket b1, Bucket b2): not followed" }]);
    // An Ingress that reaches nothing it can see is a service with no visible dependency.
    const none = loadOf({ "b.yaml": ingress("lonely", "default", "{defaultBackend: {service: {name: nowhere}}}") });
    expect(none.estate.coverage!.unknown).toEqual(["lonely"]);
  });
});

describe("import/kubernetes: Ingress edges, hard or soft", () => {
  it("the Ingress's name is not a variable (tracing-shop → shop stays hard); a telemetry UI behind it is soft, as a proxy's route to Grafana is", () => {
    const r = loadOf({
      "a.yaml":
        workload("shop") +
        workload("grafana") +
        ingress("tracing-shop", "default", "{defaultBackend: {service: {name: shop}}}") +
        ingress("monitoring", "default", "{defaultBackend: {service: {name: grafana}}}"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to} ${e.relation} ${e.evidence?.reason ?? ""}`.trim())).toEqual(["monitoring -> grafana soft telemetry backend", "tracing-shop -> shop hard"]);
  });
});

describe("import/kubernetes: legacy Ingress (networking.k8s.io/v1beta1, extensions/v1beta1)", () => {
  it("spec.backend.serviceName and rules[].http.paths[].backend.serviceName are read; the other version's form is warned, not read", () => {
    const r = loadOf({
      "old.yaml":
        workload("web") +
        workload("api") +
        ingress("a", "default", "{backend: {serviceName: web, servicePort: 80}, rules: [{http: {paths: [{path: /api, backend: {serviceName: api, servicePort: 80}}]}}]}", "extensions/v1beta1") +
        ingress("b", "default", "{rules: [{host: x, http: {paths: [{backend: {serviceName: api, servicePort: http}}]}}]}", "networking.k8s.io/v1beta1") +
        // v1beta1 with the v1 form, and v1 with the v1beta1 form: refused by the API server.
        ingress("c", "default", "{defaultBackend: {service: {name: web}}, rules: [{http: {paths: [{backend: {service: {name: api}}}]}}]}", "networking.k8s.io/v1beta1") +
        ingress("d", "default", "{backend: {serviceName: web}, rules: [{http: {paths: [{backend: {serviceName: api}}, {backend: {serviceName: web}}]}}]}"),
    });
    expect(edges(r)).toEqual(["a -> api hard inferred route a", "a -> web hard inferred route a", "b -> api hard inferred route b"]);
    expect(r.diagnostics.map((d) => `${d.line} ${d.code} ${d.message}`)).toEqual([
      "35 bad-ingress Ingress default/c: spec.defaultBackend is the networking.k8s.io/v1 name of the default backend: no dependency recorded from it",
      "35 bad-ingress Ingress default/c: spec.rules[].http.paths[].backend.service is the networking.k8s.io/v1 form: no dependency recorded from it",
      "40 bad-ingress Ingress default/d: spec.backend is the v1beta1 name of the default backend: no dependency recorded from it",
      "40 bad-ingress Ingress default/d: spec.rules[].http.paths[].backend.serviceName is the v1beta1 form (2 times; the first here): no dependency recorded from it",
    ]);
    expect(r.diagnostics[3]).toMatchObject({ severity: "warning", expected: "service: {name, port}", found: '"api"' });
    expect((r.estate.graph.getNodeAttributes("a") as { attributes: Map<string, string> }).attributes.get("kubernetes.apiVersion")).toBe("extensions/v1beta1");
  });

  it("an Ingress of another API group (a controller's own kind) is skipped quietly", () => {
    const r = loadOf({ "v.yaml": workload("web") + ingress("x", "default", "{backend: {serviceName: web}}", "voyager.appscode.com/v1beta1") });
    expect(r.diagnostics).toEqual([]);
    expect(edges(r)).toEqual([]);
    expect(r.estate.graph.nodes()).toEqual(["web"]);
  });
});

describe("import/kubernetes: Ingress in kustomize builds", () => {
  const base = {
    "base/kustomization.yaml": "resources: [app.yaml, ingress.yaml]\n",
    "base/app.yaml": workload("web").slice(4),
    "base/ingress.yaml":
      ingress("front", "default", "{defaultBackend: {service: {name: web}}}").slice(4) +
      ingress("old", "default", "{rules: [{http: {paths: [{backend: {serviceName: web}}]}}]}", "extensions/v1beta1") +
      "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec: {parentRefs: [{name: gw, namespace: infra}], rules: [{backendRefs: [{name: web}]}]}\n",
    "infra/gw.yaml": "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec: {gatewayClassName: x, listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]}\n",
  };
  it("namePrefix, nameSuffix and namespace apply to Ingress backends as kustomize's nameReference does; a route's backend keeps its name", () => {
    const r = loadOf({ ...base, "stg/kustomization.yaml": "namePrefix: stg-\nnameSuffix: -b\nnamespace: staging\nresources: [../base]\n" });
    expect(r.diagnostics).toEqual([]);
    expect(edges(r)).toEqual(["stg-front-b -> stg-web-b hard inferred route stg-front-b", "stg-old-b -> stg-web-b hard inferred route stg-old-b"]);
    expect((r.estate.graph.getNodeAttributes("stg-front-b") as { attributes: Map<string, string> }).attributes.get("kubernetes.namespace")).toBe("staging");
    // kustomize has no nameReference for HTTPRoute backendRefs: in the cluster the route names a Service that is not there.
    expect(unresolved(r)).toEqual(["gw → web (route stg-r-b; kustomize renamed it stg-web-b)"]);
  });
  it("two overlays of one base with their own selector labels: each Ingress reaches its own overlay's workload", () => {
    const r = loadOf({ ...base, "a/kustomization.yaml": "namePrefix: a-\ncommonLabels: {overlay: a}\nresources: [../base]\n", "b/kustomization.yaml": "namePrefix: b-\ncommonLabels: {overlay: b}\nresources: [../base]\n" });
    expect(edges(r).filter((e) => !e.startsWith("gw"))).toEqual([
      "a-front -> a-web hard inferred route a-front",
      "a-old -> a-web hard inferred route a-old",
      "b-front -> b-web hard inferred route b-front",
      "b-old -> b-web hard inferred route b-old",
    ]);
  });
});

describe("import/kubernetes: Ingress written to hurt", () => {
  it("wrong types everywhere, a missing spec, and names like __proto__: warnings with a place (or nothing), never a crash", () => {
    const specs = [
      "5",
      "[a, b]",
      "{}",
      "{rules: {x: 1}}",
      "{rules: [5, null, {http: [1]}, {http: {paths: {a: b}}}, {http: {paths: [7, [x], {backend: 5}, {backend: {service: [x]}}, {backend: {service: {name: 42}}}, {backend: {service: {name: [a]}}}, {backend: {service: {name: ''}}}, {backend: {service: {name: {a: b}}}}, {backend: {}}, {}]}}]}",
      "{defaultBackend: {service: {name: web}, resource: {kind: B, name: b}}}",
      "{defaultBackend: {resource: [x]}}",
      "{defaultBackend: {resource: {kind: 5}}}",
      "{defaultBackend: {service: {name: constructor}}, rules: [{http: {paths: [{backend: {service: {name: __proto__}}}, {backend: {service: {name: toString}}}]}}]}",
    ];
    const r = loadOf({
      "h.yaml":
        workload("web") +
        workload("web", "constructor") +
        specs.map((s, i) => ingress(`i${i}`, "default", s)).join("") +
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: nospec}\n" +
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: __proto__, namespace: constructor}\nspec: {defaultBackend: {service: {name: web}}}\n" +
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: [x]}\nspec: {}\n",
    });
    expect(codes(r).filter((c) => c.startsWith("error"))).toEqual([]);
    expect(new Set(codes(r))).toEqual(new Set(["warning bad-ingress", "warning bad-k8s-object"]));
    for (const d of r.diagnostics) expect(d).toMatchObject({ file: "h.yaml", line: expect.any(Number), column: expect.any(Number) });
    const msgs = r.diagnostics.filter((d) => d.code === "bad-ingress").map((d) => d.message.replace(/: no dependency recorded from it$/, ""));
    expect(msgs).toEqual([
      "Ingress default/i0: spec is not a mapping with defaultBackend or rules",
      "Ingress default/i1: spec is not a mapping with defaultBackend or rules",
      "Ingress default/i2: spec has neither defaultBackend nor rules",
      "Ingress default/i3: spec.rules is not a list of rules",
      "Ingress default/i4: spec.rules[] is not a rule mapping {host, http} (2 times; the first here)",
      "Ingress default/i4: spec.rules[].http is not a mapping {paths: […]}",
      "Ingress default/i4: spec.rules[].http.paths is not a list of paths",
      "Ingress default/i4: spec.rules[].http.paths[] is not a path mapping {path, pathType, backend} (2 times; the first here)",
      "Ingress default/i4: spec.rules[].http.paths[].backend is not a backend mapping (service: {name: web, port: {number: 80}})",
      "Ingress default/i4: spec.rules[].http.paths[].backend.service is not a mapping {name, port}",
      "Ingress default/i4: spec.rules[].http.paths[].backend.service.name is not the name of a Service (a string) (4 times; the first here)",
      "Ingress default/i4: spec.rules[].http.paths[].backend.service.name is missing",
      "Ingress default/i4: spec.rules[].http.paths[].backend is missing",
      "Ingress default/i5: spec.defaultBackend names both a service and a resource",
      "Ingress default/i6: spec.defaultBackend.resource is not a resource reference {apiGroup, kind, name}",
      "Ingress default/i7: spec.defaultBackend.resource is not a resource reference {apiGroup, kind, name}",
    ]);
    // An Ingress without a spec (a stub) adds nothing, quietly: no node, no warning.
    expect(r.estate.graph.nodes()).not.toContain("nospec");
    expect(edges(r)).toEqual(["__proto__ -> constructor.web hard inferred route __proto__"]);
    // Names that are properties of every JavaScript object are names like any other: not found here.
    expect(unresolved(r)).toEqual(["i8 → __proto__ (route i8)", "i8 → constructor (route i8)", "i8 → toString (route i8)"]);
  });

  it("10,000 paths in one Ingress: each backend read once, one warning for its 2,500 bad paths, one unresolved entry per missing name", () => {
    const n = 10_000;
    const missing = new Set<string>();
    const paths: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = i % 4 === 3 ? String(i) : i % 4 === 1 ? `gone-${i % 100}` : "web";
      if (i % 4 === 1) missing.add(name);
      paths.push(`        - {path: /p${i}, pathType: Prefix, backend: {service: {name: ${name}, port: {number: 80}}}}`);
    }
    const r = loadOf({ "big.yaml": workload("web") + `---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: big}\nspec:\n  rules:\n    - http:\n        paths:\n${paths.join("\n")}\n` });
    expect(edges(r)).toEqual(["big -> web hard inferred route big"]);
    expect(unresolved(r)).toEqual([...missing].sort().map((m) => `big → ${m} (route big)`));
    expect(r.diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual([`22 Ingress default/big: spec.rules[].http.paths[].backend.service.name is not the name of a Service (a string) (${n / 4} times; the first here): no dependency recorded from it`]);
  });
});

describe("import/kubernetes: Ingress output", () => {
  const files: Record<string, string> = {
    "a/shop.yaml": workload("web", "shop") + workload("api", "shop"),
    "b/ingress.yaml": ingress("front", "shop", "{defaultBackend: {service: {name: web}}, rules: [{http: {paths: [{backend: {service: {name: api}}}, {backend: {service: {name: nope}}}]}}]}"),
    "c/legacy.yaml": ingress("web", "shop", "{backend: {serviceName: api}}", "networking.k8s.io/v1beta1"),
  };
  it("the same files in any order give the same bytes of graph --format json (and the same coverage)", () => {
    const keys = Object.keys(files);
    const orders = [keys, [...keys].reverse(), [keys[1]!, keys[2]!, keys[0]!]];
    const outs = orders.map((o) => {
      const r = loadOf(Object.fromEntries(o.map((k) => [k, files[k]!])));
      return JSON.stringify(graphToJson(r.estate)) + JSON.stringify(r.estate.coverage);
    });
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
    expect(edges(loadOf(files))).toEqual(["front -> api hard inferred route front", "front -> web hard inferred route front", "shop.ingress.web -> api hard inferred route web"]);
  });
  it("an Ingress defined again in another folder (a source folder and a release bundle) is read once, warned", () => {
    const r = loadOf({ ...files, "release/all.yaml": files["b/ingress.yaml"]! });
    expect(r.diagnostics.map((d) => `${d.file} ${d.code} ${d.message}`)).toEqual([
      "release/all.yaml k8s-defined-again 1 object is defined again here, first in b (shop/front): read once, as `kubectl apply` keeps one",
    ]);
    expect(edges(r)).toEqual(edges(loadOf(files)));
  });

  it("corpus: an Ingress in front of Online Boutique's frontend (beside its release bundle) is a node that frontend's failure takes down", async () => {
    const g = await runCli(["graph", "-m", "test/corpus/online-boutique/release", "test/fixtures/ingress/online-boutique", "--format", "json", "-q"]);
    expect(g.code).toBe(0);
    const j = JSON.parse(g.stdout) as { nodes: Array<{ id: string; type?: string }>; edges: Array<{ from: string; to: string; relation: string }> };
    const base = await runCli(["graph", "-m", "test/corpus/online-boutique/release", "--format", "json", "-q"]);
    const b = JSON.parse(base.stdout) as typeof j;
    // Every edge of the bundle is still there; the one the Ingress adds is new.
    expect(j.edges.filter((e) => e.from !== "frontend-ingress")).toEqual(b.edges);
    expect(j.edges.filter((e) => e.from === "frontend-ingress").map((e) => `${e.to} ${e.relation}`)).toEqual(["frontend hard"]);
    expect(j.nodes.find((n) => n.id === "frontend-ingress")?.type).toBe("Ingress");
    const blast = await runCli(["blast", "-m", "test/corpus/online-boutique/release", "test/fixtures/ingress/online-boutique", "frontend", "-q"]);
    expect(blast.stdout).toMatch(/down +frontend-ingress .* frontend-ingress ← frontend \(inferred: route frontend-ingress, frontend-ingress\.yaml:16\)/);
  });
});

describe("import/kubernetes: an Ingress nothing behind which can be read", () => {
  it("stays a node without edges (its problems are warnings); one without a spec is nothing", () => {
    const r = loadOf({
      "k.yaml":
        workload("web") +
        ingress("wrongform", "default", "{rules: [{http: {paths: [{path: /, backend: {serviceName: web, servicePort: 80}}]}}]}") +
        ingress("empty", "default", "{rules: []}") +
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: bare}\n",
    });
    const ids = r.estate.graph.nodes();
    expect(ids).toContain("wrongform");
    expect(ids).toContain("empty");
    expect(ids).not.toContain("bare");
    expect(r.estate.graph.outDegree("wrongform")).toBe(0);
    expect(codes(r)).toEqual(["warning bad-ingress"]);
  });
});
