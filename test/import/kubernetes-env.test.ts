import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf } from "../helpers/estate.js";

const work = (name: string, container: string, kind = "Deployment") => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}}
spec:
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          image: ${name}
${container}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {selector: {app: ${name}}}
---
`;
const SHARED = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata:\n  CART_ADDR: cart:7070\n  DB_URL: postgres://db:5432/x\n---\n";
const edges = (r: ReturnType<typeof loadOf>) => graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to} ${e.relation} ${e.evidence?.kind}`);

describe("import/kubernetes: envFrom, $(VAR), Secrets, more workload kinds, --namespace", () => {
  it("a ConfigMap loaded whole by envFrom into several workloads gives possible edges, set aside unless asked for", () => {
    const files = {
      "k.yaml": SHARED + work("web", "          envFrom: [{configMapRef: {name: shared}}]") + work("worker", "          envFrom: [{configMapRef: {name: shared}}]\n          env: [{name: CART, value: 'cart:7070'}]") + work("cart", "") + work("db", ""),
    };
    const r = loadOf(files);
    expect(r.diagnostics).toEqual([]);
    // worker names cart itself: that one is inferred, the rest only possible
    expect(edges(r)).toEqual(["worker -> cart hard inferred"]);
    expect(graphToJson(r.estate).setAside!.map((a) => `${a.from} -> ${a.to} ${a.why} ${a.via}`)).toEqual(["web -> cart possible CART_ADDR", "web -> db possible DB_URL", "worker -> db possible DB_URL"]);
    expect(r.estate.coverage!.edges).toEqual({ declared: 0, inferred: 1, possible: 3 });
    const all = loadSources(Object.entries(files).map(([file, text]) => ({ file, text })), { includePossible: true });
    expect(edges(all)).toEqual(["web -> cart hard possible", "web -> db hard possible", "worker -> cart hard inferred", "worker -> db hard possible"]);
  });
  it("envFrom into one workload is inferred; $(VAR) expands earlier variables; $$( escapes", () => {
    const c = "          envFrom: [{configMapRef: {name: shared}, prefix: X_}]\n          env:\n            - {name: H, value: db}\n            - {name: DB_URL, value: 'postgres://$(H):5432/x'}\n            - {name: ESC_URL, value: 'http://$$(H):1/'}\n            - {name: C_URL, value: 'grpc://$(X_CART_ADDR)'}";
    const r = loadOf({ "k.yaml": SHARED + work("web", c) + work("cart", "") + work("db", "") });
    expect(r.diagnostics).toEqual([]);
    expect(edges(r)).toEqual(["web -> cart hard inferred", "web -> db hard inferred"]);
  });
  it("Secrets (data base64, stringData) through secretKeyRef and envFrom; values never appear in the output", () => {
    const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {DB_URL: ${Buffer.from("postgres://admin:hunter2@db:5432/x").toString("base64")}}\nstringData: {CART_ADDR: "cart:7070"}\n---\n`;
    const r = loadOf({ "k.yaml": secret + work("web", "          env: [{name: D, valueFrom: {secretKeyRef: {name: s, key: DB_URL}}}]") + work("api", "          envFrom: [{secretRef: {name: s}}]") + work("cart", "") + work("db", "") });
    expect(edges(r)).toEqual(["api -> cart hard inferred", "api -> db hard inferred", "web -> db hard inferred"]);
    expect(JSON.stringify(graphToJson(r.estate))).not.toContain("hunter2");
  });
  it("ReplicationController, ReplicaSet and bare Pods are workloads; --namespace places objects without one", () => {
    const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: job, labels: {app: job}}\nspec: {containers: [{name: c, image: j, env: [{name: API_HOST, value: api}]}]}\n---\n";
    const r = loadSources([{ file: "k.yaml", text: pod + work("api", "          env: [{name: DB_HOST, value: db}]", "ReplicationController") + work("db", "", "ReplicaSet") }], { namespace: "shop" });
    expect(edges(r)).toEqual(["api -> db hard inferred", "job -> api hard inferred"]);
    expect(r.estate.graph.getNodeAttributes("api")).toMatchObject({ type: "ReplicationController", attributes: new Map([["kubernetes.namespace", "shop"], ["kubernetes.kind", "ReplicationController"]]) });
  });
});
