import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf } from "../helpers/estate.js";

const deploy = (name: string, opts: { ns?: string; labels?: string; env?: string; kind?: string; annotations?: string; init?: string } = {}) => `apiVersion: apps/v1
kind: ${opts.kind ?? "Deployment"}
metadata:
  name: ${name}${opts.ns ? `\n  namespace: ${opts.ns}` : ""}${opts.annotations ? `\n  annotations: ${opts.annotations}` : ""}
spec:
  template:
    metadata:
      labels: ${opts.labels ?? `{app: ${name}}`}
    spec:${opts.init ? `\n      initContainers: [{name: i, image: busybox, env: ${opts.init}}]` : ""}
      containers:
        - name: main
          image: ${name}
          env: ${opts.env ?? "[]"}
---
`;
const service = (name: string, selector: string, ns?: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}${ns ? `\n  namespace: ${ns}` : ""}
spec:
  selector: ${selector}
---
`;
const edgeList = (r: ReturnType<typeof loadOf>) => graphToJson(r.estate).edges.filter((e) => e.relation !== "runsOn" && e.relation !== "parent").map((e) => `${e.from} -> ${e.to} ${e.relation}${e.group ? ` q${e.group.quorum}/${e.group.size}` : ""}`);

describe("import/kubernetes", () => {
  it("resolves every form of a Service name in env values to the workloads it selects", () => {
    const r = loadOf({
      "k.yaml":
        deploy("web", {
          env: `[{name: A_ADDR, value: "a:80"}, {name: B_HOST, value: b.data}, {name: C, value: c.data.svc.cluster.local}, {name: D_URL, value: "http://d.data.svc:8080/x"}, {name: E_HOST, value: e}, {name: X, value: "https://api.example.com"}, {name: MODE, value: a}]`,
        }) +
        deploy("a-pod", { labels: "{app: a, tier: x}" }) +
        service("a", "{app: a}") +
        deploy("b", { ns: "data" }) +
        service("b", "{app: b}", "data") +
        deploy("c", { ns: "data", kind: "StatefulSet" }) +
        service("c", "{app: c}", "data") +
        deploy("d", { ns: "data", kind: "DaemonSet" }) +
        service("d", "{app: d}", "data") +
        deploy("e") +
        service("e", "{app: e}"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(edgeList(r)).toEqual(["web -> a-pod hard", "web -> b hard", "web -> c hard", "web -> d hard", "web -> e hard"]);
    expect(graphToJson(r.estate).edges.every((e) => e.inferred)).toBe(true);
  });

  it("Jobs, CronJobs (pod template under jobTemplate) and init containers; a workload naming its own Service is no dependency", () => {
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: nightly}}
        spec:
          containers: [{name: c, image: x, env: [{name: DB_ADDR, value: "db:5432"}]}]
---
`;
    const r = loadOf({
      "k.yaml": cron + deploy("migrate", { kind: "Job", init: `[{name: DB_ADDR, value: "db:5432"}]` }) + deploy("db", { env: `[{name: SELF_ADDR, value: "db:5432"}]` }) + service("db", "{app: db}"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(edgeList(r)).toEqual(["migrate -> db hard", "nightly -> db hard"]);
    expect(graphToJson(r.estate).nodes.map((n) => [n.id, n.type])).toEqual([
      ["db", "Deployment"],
      ["migrate", "Job"],
      ["nightly", "CronJob"],
    ]);
  });

  it("a Service selecting several workloads is an any-of group (canary and stable)", () => {
    const r = loadOf({ "k.yaml": deploy("web", { env: `[{name: API_ADDR, value: "api:80"}]` }) + deploy("api-stable", { labels: "{app: api, track: stable}" }) + deploy("api-canary", { labels: "{app: api, track: canary}" }) + service("api", "{app: api}") });
    expect(edgeList(r)).toEqual(["web -> api-canary group q1/2", "web -> api-stable group q1/2"]);
  });

  it("namespaces are respected: two namespaces each with api get namespace-qualified ids, never merged", () => {
    const r = loadOf({
      "k.yaml":
        deploy("api", { ns: "prod" }) +
        service("api", "{app: api}", "prod") +
        deploy("api", { ns: "staging" }) +
        service("api", "{app: api}", "staging") +
        deploy("web", { ns: "prod", env: `[{name: API_ADDR, value: "api:80"}]` }) +
        deploy("tool", { ns: "staging", env: `[{name: API_URL, value: "http://api.prod:80"}]` }),
    });
    expect(r.ok).toBe(true);
    expect(graphToJson(r.estate).nodes.map((n) => n.id)).toEqual(["prod.api", "staging.api", "tool", "web"]);
    expect(edgeList(r)).toEqual(["tool -> prod.api hard", "web -> prod.api hard"]);
  });

  it("the same workload in two files of one folder is a duplicate-id error, not a silent merge; in another folder (a rendered bundle) it is read once with a warning", () => {
    const r = loadOf({ "a.yaml": deploy("api"), "b.yaml": deploy("api") });
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.file])).toEqual([["error", "duplicate-id", "b.yaml"]]);
    const two = loadOf({ "src/a.yaml": deploy("api"), "release/all.yaml": deploy("api") });
    expect(two.diagnostics.map((d) => [d.severity, d.code, d.file, d.message])).toEqual([["warning", "k8s-defined-again", "src/a.yaml", "1 workload is defined again here, first in release (default/api): read once, as `kubectl apply` keeps one"]]);
  });

  it("skips kustomization.yaml, ConfigMaps, ServiceAccounts, Ingresses and Namespaces quietly; reads kind: List", () => {
    const r = loadOf({
      "kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [list.yaml]\n",
      "base/kustomization.yml": "resources: [../k.yaml]\n",
      "k.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {A: b}\n",
      "list.yaml": `apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: one}, spec: {template: {metadata: {labels: {app: one}}, spec: {containers: [{name: c, env: [{name: T_HOST, value: two}]}]}}}}\n  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: two}, spec: {template: {metadata: {labels: {app: two}}, spec: {containers: []}}}}\n  - {apiVersion: v1, kind: Service, metadata: {name: two}, spec: {selector: {app: two}}}\n`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(edgeList(r)).toEqual(["one -> two hard"]);
  });

  it("reads env values from ConfigMaps (valueFrom.configMapKeyRef and envFrom), pointing at the ConfigMap's line", () => {
    const r = loadOf({
      "k.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata:\n  REDIS_ADDR: \"cache:6379\"\n  DB_URL: postgres://db:5432/x\n---\n" +
        deploy("web", { env: "[{name: R, valueFrom: {configMapKeyRef: {name: cfg, key: REDIS_ADDR}}}]" }) +
        deploy("worker").replace("env: []", "envFrom: [{configMapRef: {name: cfg}}]") +
        deploy("cache") +
        service("cache", "{app: cache}") +
        deploy("db") +
        service("db", "{app: db}"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(edgeList(r)).toEqual(["web -> cache hard", "worker -> cache hard", "worker -> db hard"]);
    const at = r.estate.graph.getEdgeAttributes(r.estate.graph.edges("web", "cache")[0]!).at;
    expect(at).toMatchObject({ file: "k.yaml", line: 5 });
  });

  it("a Service that selects nothing, or a name with no Service, is a warning; --strict makes it an error", () => {
    const files = [{ file: "k.yaml", text: deploy("web", { env: `[{name: A_ADDR, value: "api:80"}, {name: B, value: "ghost:9000"}]` }) + service("api", "{app: nothing-has-this}") }];
    const r = loadSources(files);
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([
      ["warning", "selects-nothing", 13],
      ["warning", "unknown-reference", 13],
    ]);
    expect(loadSources(files, { strict: true }).ok).toBe(false);
  });

  it("placement from the faultline/runs-on annotation (workload or pod template), else --k8s-location", () => {
    const locs = "apiVersion: faultline/v1\nkind: Location\nmetadata: {name: gcp}\nspec: {hosting: public-cloud, children: [{name: a}, {name: b}, {name: c}]}\n";
    const text = locs + "---\n" + deploy("web", { annotations: `{faultline/runs-on: "gcp/a, gcp/b", faultline/tier: critical, faultline/min-placements: "2"}` }) + deploy("api").replace("labels: {app: api}", "labels: {app: api}\n      annotations: {faultline/runs-on: gcp/b}") + deploy("batch");
    const r = loadSources([{ file: "k.yaml", text }], { k8sLocation: "gcp/c" });
    expect(r.diagnostics).toEqual([]);
    const nodes = graphToJson(r.estate).nodes.filter((n) => n.kind === "service");
    expect(nodes.map((n) => [n.id, n.placements, n.tier, n.minPlacements])).toEqual([
      ["api", ["gcp/b"], "medium", 1],
      ["batch", ["gcp/c"], "medium", 1],
      ["web", ["gcp/a", "gcp/b"], "critical", 2],
    ]);
    // an unknown location is a dangling warning from the model builder, with a suggestion
    const bad = loadSources([{ file: "k.yaml", text: locs + "---\n" + deploy("web") }], { k8sLocation: "gcp/z" });
    expect(bad.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "unknown-reference"]]);
  });

  it("hostile names: workloads and label keys called constructor and __proto__", () => {
    const r = loadOf({ "k.yaml": deploy("constructor", { labels: "{__proto__: x, constructor: y}", env: `[{name: __proto___HOST, value: "hasownproperty"}]` }) + deploy("tostring", { labels: "{__proto__: z}" }) + service("hasownproperty", "{__proto__: z}") });
    expect(r.diagnostics).toEqual([]);
    expect(edgeList(r)).toEqual(["constructor -> tostring hard"]);
  });

  it("a typo of the native or Backstage apiVersion is reported as unrecognised, not skipped as a Kubernetes kind", () => {
    const r = loadOf({ "a.yaml": "apiVersion: faultlin/v1\nkind: Service\nmetadata: {name: x}\n---\napiVersion: backstage.oi/v1alpha1\nkind: Component\nmetadata: {name: y}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: z}\n" });
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["unrecognised-document", 1],
      ["unrecognised-document", 5],
    ]);
  });
});
