import { describe, expect, it } from "vitest";
import { hostsInValue, keyNamesHost } from "../../src/import/env-hosts.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf, svc } from "../helpers/estate.js";

const compose = (body: string) => `services:\n${body}`;
const k8s = (name: string, env = "[]") => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec: {template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: c, env: ${env}}]}}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {selector: {app: ${name}}}\n`;
const ids = (r: ReturnType<typeof loadOf>) => graphToJson(r.estate).nodes.map((n) => `${n.id} (${n.origin})`);
const edges = (r: ReturnType<typeof loadOf>) => graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to}`);

describe("import/ids", () => {
  it("a native service depends on imported ones by their plain id, in one load with three formats", () => {
    const r = loadOf({
      "native.yaml": svc("checkout", "{dependsOn: [orders, payments, catalog]}"),
      "shop/compose.yaml": compose("  orders: {image: o}\n"),
      "k8s/payments.yaml": k8s("payments"),
      "catalog/catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: catalog}\nspec: {type: service, owner: t}\n",
    });
    expect(r.diagnostics).toEqual([]);
    expect(edges(r)).toEqual(["checkout -> catalog", "checkout -> orders", "checkout -> payments"]);
    expect(ids(r)).toEqual(["catalog (backstage)", "checkout (native)", "orders (compose)", "payments (kubernetes)"]);
  });

  it("an imported name equal to a native id is qualified, the native one keeps it, and imported references follow", () => {
    const r = loadOf({
      "native.yaml": svc("db") + svc("report", "{dependsOn: [shop.db, db]}"),
      "shop/compose.yaml": compose("  web: {image: w, depends_on: [db]}\n  db: {image: pg}\n"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(ids(r)).toEqual(["db (native)", "report (native)", "shop.db (compose)", "web (compose)"]);
    expect(edges(r)).toEqual(["report -> db", "report -> shop.db", "web -> shop.db"]);
  });

  it("the same name in Compose and Kubernetes: both qualified (project / namespace), nothing merges", () => {
    const r = loadOf({
      "shop/compose.yaml": compose("  api: {image: a}\n  web: {image: w, depends_on: [api]}\n"),
      "k.yaml": k8s("api") + "---\n" + k8s("front", `[{name: API_ADDR, value: "api:80"}]`),
    });
    expect(r.ok).toBe(true);
    expect(ids(r)).toEqual(["default.api (kubernetes)", "front (kubernetes)", "shop.api (compose)", "web (compose)"]);
    expect(edges(r)).toEqual(["front -> default.api", "web -> shop.api"]);
  });

  it("a native reference to the plain name of an ambiguous imported service is an error with a suggestion", () => {
    const r = loadOf({
      "native.yaml": svc("report", "{dependsOn: [db]}"),
      "a/compose.yaml": compose("  db: {image: pg}\n"),
      "b/compose.yaml": compose("  db: {image: pg}\n"),
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.hint])).toEqual([["unknown-reference", "did you mean `a.db`?"]]);
  });

  it("an imported service named like a location is qualified", () => {
    const r = loadOf({
      "l.yaml": "apiVersion: faultline/v1\nkind: Location\nmetadata: {name: edge}\nspec: {hosting: in-house}\n",
      "p/compose.yaml": compose("  edge: {image: nginx}\n"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(ids(r)).toEqual(["edge (native)", "p.edge (compose)"]);
  });

  it("ids and output are deterministic: same input, same bytes", () => {
    const files = { "a/compose.yaml": compose("  db: {image: pg}\n  web: {image: w, environment: [DB_HOST=db]}\n"), "b/compose.yaml": compose("  db: {image: pg}\n"), "k.yaml": k8s("db") };
    expect(JSON.stringify(graphToJson(loadOf(files).estate))).toBe(JSON.stringify(graphToJson(loadOf(files).estate)));
    expect(ids(loadOf(files))).toEqual(["a.db (compose)", "b.db (compose)", "default.db (kubernetes)", "web (compose)"]);
  });
});

describe("import/env-hosts", () => {
  it("finds hosts in the forms services are addressed by", () => {
    expect(hostsInValue("db", true)).toEqual([{ host: "db", explicit: false }]);
    expect(hostsInValue("db", false)).toEqual([]);
    expect(hostsInValue("db:3306", false)).toEqual([{ host: "db", explicit: true }]);
    expect(hostsInValue("redis://cache:6379/0", false)).toEqual([{ host: "cache", explicit: true }]);
    expect(hostsInValue("http://backend:8080", false)).toEqual([{ host: "backend", explicit: true }]);
    expect(hostsInValue("jdbc:mysql://Mysql:3306/db", false)).toEqual([{ host: "mysql", explicit: true }]);
    expect(hostsInValue("mongodb://u:p@a:1,b:2/x", false)).toEqual([
      { host: "a", explicit: true },
      { host: "b", explicit: true },
    ]);
    expect(hostsInValue("k1:9092,k2:9092", false)).toEqual([
      { host: "k1", explicit: true },
      { host: "k2", explicit: true },
    ]);
    expect(hostsInValue("api.prod.svc.cluster.local:80", false)).toEqual([{ host: "api.prod.svc.cluster.local", explicit: true }]);
  });
  it("ignores values that are not addresses", () => {
    for (const v of ["", "8080", "true", "hello world", "${DB_HOST}", "localhost:5432", "127.0.0.1:80", "http://[::1]:80", "a,b", "-Xms64m -Xmx128m", "/run/secrets/x"]) {
      expect(hostsInValue(v, false)).toEqual([]);
    }
    expect(hostsInValue("localhost", true)).toEqual([]);
  });
  it("knows which variable names hold addresses", () => {
    expect(["DB_HOST", "REDIS_ADDR", "API_URL", "mongo_uri", "KAFKA_BROKERS", "SERVER"].every(keyNamesHost)).toBe(true);
    expect(["MYSQL_DATABASE", "MYSQL_USER", "HOSTILE", "LOG_LEVEL", "PORT"].some(keyNamesHost)).toBe(false);
  });
});
