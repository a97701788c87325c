import { describe, expect, it } from "vitest";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf } from "../helpers/estate.js";

const edges = (files: Record<string, string>) => {
  const r = loadOf(files);
  return { r, edges: graphToJson(r.estate).edges, nodes: graphToJson(r.estate).nodes };
};
const list = (files: Record<string, string>) => edges(files).edges.map((e) => `${e.from} -> ${e.to} ${e.relation}${e.inferred ? " inferred" : ""}`).sort();

describe("import/compose", () => {
  it("reads depends_on in short and long form, links with and without alias, network_mode and volumes_from", () => {
    const { r, edges: e } = edges({
      "app/compose.yaml": `
services:
  web:
    image: web
    depends_on: [api]
    links: ["cache:redis", search]
  api:
    image: api
    depends_on:
      db: {condition: service_healthy}
      metrics: {condition: service_started, required: false}
  sidecar:
    image: envoy
    network_mode: "service:api"
    volumes_from: ["db:ro", "container:abc"]
  db: {image: postgres}
  cache: {image: redis}
  search: {image: es}
  metrics: {image: prom}
`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(e.map((x) => `${x.from} -> ${x.to} ${x.relation}`)).toEqual([
      "api -> db hard",
      "api -> metrics soft",
      "sidecar -> api hard",
      "sidecar -> db hard",
      "web -> api hard",
      "web -> cache hard",
      "web -> search hard",
    ]);
    // the position is the value that introduced the dependency
    const api = r.estate.graph.edges("api", "db").map((k) => r.estate.graph.getEdgeAttributes(k).at);
    expect(api).toEqual([{ file: "app/compose.yaml", line: 10, column: 7 }]);
  });

  it("infers dependencies from environment values naming another service's host (list and map form)", () => {
    const out = list({
      "p/compose.yaml": `
services:
  app:
    image: app
    environment:
      - DB_HOST=db
      - CACHE_URL=redis://cache:6379/0
      - BACKEND=http://backend:8080/api
      - QUEUE=mq:5672
      - MYSQL_DATABASE=search
      - GREETING=hello world
      - EXTERNAL=https://api.example.com:443
  worker:
    image: w
    environment:
      SEARCH_ADDR: search
      MONGO_URL: mongodb://u:p@db:27017,replica:27017/x
      LOG_LEVEL: db
  db: {image: pg}
  replica: {image: pg}
  cache: {image: redis}
  backend: {image: b}
  mq: {image: rabbit}
  search: {image: es}
`,
    });
    expect(out).toEqual([
      "app -> backend hard inferred",
      "app -> cache hard inferred",
      "app -> db hard inferred",
      "app -> mq hard inferred",
      "worker -> db hard inferred",
      "worker -> replica hard inferred",
      "worker -> search hard inferred",
    ]);
  });

  // Changed by issue 13: a service both declared and addressed keeps one edge whose evidence is
  // the address (it proves a call; a depends_on may only order start-up).
  it("a depends_on also addressed by an env value is one edge, with the address as evidence; hostnames and container names resolve", () => {
    const out = list({
      "p/compose.yaml": `
services:
  app:
    image: app
    depends_on: [db]
    environment: {DB_HOST: "db:5432", CACHE_HOST: "the-cache:11211", Q: "queue-box:5672"}
  db: {image: pg}
  cache: {image: memcached, hostname: the-cache}
  queue: {image: rabbit, container_name: queue-box}
`,
    });
    expect(out).toEqual(["app -> cache hard inferred", "app -> db hard inferred", "app -> queue hard inferred"]);
  });

  it("an env host:port naming no service is a dangling warning at the value; a bare word is not", () => {
    const r = loadOf({
      "p/compose.yaml": `
services:
  app:
    image: app
    environment:
      - PAYMENTS=payments:8080
      - MODE_HOST=production
`,
    });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line, d.message])).toEqual([["warning", "unknown-reference", 6, 'unknown dependency "payments"']]);
    const strict = loadOf({ "p/compose.yaml": "services:\n  app:\n    image: a\n    depends_on: [nope]\n" });
    expect(strict.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
  });

  it("override files merge onto the base: depends_on and environment merge, image is replaced, no duplicate ids", () => {
    const { r, edges: e, nodes } = edges({
      "shop/docker-compose.yml": `
services:
  web: {image: "web:1", depends_on: [api], environment: [API_URL=http://api:80]}
  api: {image: api}
  db: {image: pg}
`,
      "shop/docker-compose.override.yml": `
services:
  web:
    image: "web:2"
    depends_on: [db]
    environment:
      API_URL: http://other:80
  other: {image: other}
`,
      "shop/docker-compose.prod.yml": `
services:
  web:
    labels: {faultline.tier: critical}
`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(e.map((x) => `${x.from} -> ${x.to}${x.inferred ? " inferred" : ""}`)).toEqual(["web -> api", "web -> db", "web -> other inferred"]);
    expect(nodes.map((n) => n.id)).toEqual(["api", "db", "other", "web"]);
    const web = r.estate.graph.getNodeAttributes("web");
    expect(web.kind === "service" && web.attributes.get("image")).toBe("web:2");
    // Changed by issue 13: docker-compose.prod.yml is a variant `docker compose` does not read by default.
    expect(web.kind === "service" && web.tier).toBe("medium");
    expect(web.at).toMatchObject({ file: "shop/docker-compose.yml", line: 3 });
    expect(r.estate.coverage!.composeProjects).toEqual([{ folder: "shop", files: ["shop/docker-compose.yml", "shop/docker-compose.override.yml"] }]);
    expect(r.estate.coverage!.skipped.map((s) => s.file)).toEqual(["shop/docker-compose.prod.yml"]);
  });

  it("files of different folders are different projects: same service names are qualified by project", () => {
    const { r, nodes, edges: e } = edges({
      "a/compose.yaml": "services:\n  web: {image: w, depends_on: [db]}\n  db: {image: pg}\n",
      "b/compose.yaml": "name: Billing_2\nservices:\n  api: {image: w, depends_on: [db]}\n  db: {image: mysql}\n",
    });
    expect(r.ok).toBe(true);
    expect(nodes.map((n) => n.id)).toEqual(["a.db", "api", "billing_2.db", "web"]);
    expect(e.map((x) => `${x.from} -> ${x.to}`)).toEqual(["api -> billing_2.db", "web -> a.db"]);
  });

  it("placement, tier, soft dependencies and any-of groups from x-faultline and labels", () => {
    const r = loadOf({
      "loc.yaml": "apiVersion: faultline/v1\nkind: Location\nmetadata: {name: aws}\nspec: {hosting: public-cloud, children: [{name: az1}, {name: az2}]}\n",
      "p/compose.yaml": `
x-faultline:
  runsOn: aws/az1
services:
  web:
    image: web
    x-faultline:
      runsOn: [aws/az1, aws/az2]
      minPlacements: 2
      tier: critical
      softDependsOn: [recs]
      anyOf: [[db-a, db-b]]
  recs:
    image: recs
    labels:
      - faultline.tier=low
      - faultline.any-of=db-a,db-b
  db-a: {image: pg}
  db-b: {image: pg}
`,
    });
    expect(r.diagnostics).toEqual([]);
    const g = graphToJson(r.estate);
    expect(g.nodes.find((n) => n.id === "web")).toMatchObject({ tier: "critical", placements: ["aws/az1", "aws/az2"], minPlacements: 2, hosting: "public-cloud" });
    expect(g.nodes.find((n) => n.id === "recs")).toMatchObject({ tier: "low", placements: ["aws/az1"] });
    expect(g.edges.filter((e) => e.relation !== "runsOn" && e.relation !== "parent").map((e) => `${e.from} -> ${e.to} ${e.relation}${e.group ? ` q${e.group.quorum}/${e.group.size}` : ""}`)).toEqual([
      "recs -> db-a group q1/2",
      "recs -> db-b group q1/2",
      "web -> db-a group q1/2",
      "web -> db-b group q1/2",
      "web -> recs soft",
    ]);
  });

  it("a bad tier or an unknown hint is a warning with a suggestion, not a crash", () => {
    const r = loadOf({ "p/compose.yaml": "services:\n  web:\n    image: w\n    labels: {faultline.tier: critcal, faultline.runs-onn: x}\n" });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.code, d.hint])).toEqual([
      ["bad-enum", "did you mean `critical`?"],
      ["unknown-hint", "did you mean `faultline.runs-on`?"],
    ]);
  });

  it("extends within the project is applied; extends from another file and include are not followed", () => {
    const r = loadOf({
      "p/compose.yaml": `
include: [../elsewhere/compose.yaml]
services:
  base: {image: b, depends_on: [db]}
  web: {extends: base, depends_on: [cache]}
  ext: {image: e, extends: {file: ../../etc/common.yml, service: x}}
  db: {image: pg}
  cache: {image: redis}
`,
    });
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["not-followed", 2],
      ["not-followed", 6],
    ]);
    expect(graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(["base -> db", "web -> cache", "web -> db"]);
  });

  it("hostile service names and label keys work (constructor, __proto__)", () => {
    const r = loadOf({
      "p/compose.yaml": `
services:
  constructor: {image: a, depends_on: [__proto__], labels: {__proto__: x, constructor: y}, environment: {__proto__: "toString:80"}}
  __proto__: {image: b}
  toString: {image: c}
`,
    });
    expect(r.ok).toBe(true);
    expect(graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(["constructor -> __proto__", "constructor -> toString"]);
    const c = r.estate.graph.getNodeAttributes("constructor");
    expect(c.kind === "service" && [...c.labels]).toEqual([
      ["__proto__", "x"],
      ["constructor", "y"],
    ]);
  });

  it("is not confused with other YAML: a mapping with services but without image/build in an arbitrary file is not Compose", () => {
    const r = loadOf({ "notes.yaml": "services:\n  a: {owner: me}\n" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["unrecognised-document"]);
  });
});

describe("compose: environment values listing many hosts", () => {
  it("reads 100,000 host:port entries once each (deduplicated without a quadratic scan)", async () => {
    const { hostsInValue } = await import("../../src/import/env-hosts.js");
    const value = Array.from({ length: 100_000 }, (_, i) => `h${i % 50_000}:9092`).join(",");
    const hosts = hostsInValue(value, false);
    expect(hosts).toHaveLength(50_000);
    expect(hosts[0]).toEqual({ host: "h0", explicit: true });
  });
});
