import { describe, expect, it } from "vitest";
import { loadEstate, type LoadResult } from "../../src/load/load.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { REPO, runCli } from "../helpers/cli.js";

const load = (path: string, opts: { strict?: boolean } = {}): LoadResult => loadEstate([`test/corpus/${path}`], { cwd: REPO, ...opts });
const edgeSet = (r: LoadResult) => graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to}`).sort();
const pairs = (list: Record<string, string[]>) => Object.entries(list).flatMap(([from, tos]) => tos.map((to) => `${from} -> ${to}`)).sort();
const warnings = (r: LoadResult) => r.diagnostics.filter((d) => d.severity === "warning");

const BOUTIQUE = pairs({
  frontend: ["productcatalogservice", "currencyservice", "cartservice", "recommendationservice", "shippingservice", "checkoutservice", "adservice"],
  checkoutservice: ["productcatalogservice", "shippingservice", "paymentservice", "emailservice", "currencyservice", "cartservice"],
  recommendationservice: ["productcatalogservice"],
  cartservice: ["redis-cart"],
  loadgenerator: ["frontend"],
});

describe("import: Online Boutique (Kubernetes)", () => {
  for (const folder of ["kubernetes-manifests", "release"]) {
    it(`${folder}: exactly the 16 dependencies, all inferred, and a warning for shoppingassistantservice`, async () => {
      const r = load(`online-boutique/${folder}`);
      expect(r.ok).toBe(true);
      expect(edgeSet(r)).toEqual(BOUTIQUE);
      expect(graphToJson(r.estate).edges.every((e) => e.relation === "hard" && e.inferred)).toBe(true);
      const w = warnings(r);
      expect(w).toHaveLength(1);
      expect(w[0]).toMatchObject({ code: "unknown-reference", file: expect.stringMatching(/(frontend\.yaml|kubernetes-manifests\.yaml)$/) });
      expect(w[0]!.message).toContain("shoppingassistantservice");
      // the line of the env value that names it
      expect(w[0]!.line).toBe(folder === "release" ? 90 : 84);
      const nodes = graphToJson(r.estate).nodes.map((n) => n.id);
      expect(nodes).toEqual(["adservice", "cartservice", "checkoutservice", "currencyservice", "emailservice", "frontend", "loadgenerator", "paymentservice", "productcatalogservice", "recommendationservice", "redis-cart", "shippingservice"]);
    });
  }

  it("the kustomization.yaml and ServiceAccounts are skipped quietly", async () => {
    const r = load("online-boutique/kubernetes-manifests");
    expect(r.diagnostics.filter((d) => d.code === "unrecognised-document")).toEqual([]);
  });

  it("--strict turns the dangling reference into an error", async () => {
    const r = load("online-boutique/kubernetes-manifests", { strict: true });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["unknown-reference"]);
  });

  // Since issue 13 (every corpus set loads whole with exit 0): the source folder and the release
  // bundle are two renderings of one app; in a cluster `kubectl apply` of both keeps one object
  // each. The second definitions are read once and said in one warning, never merged silently.
  it("both folders in one load: the release bundle's 12 workloads defined again are read once, in one warning that names them", async () => {
    const r = loadEstate(["test/corpus/online-boutique"], { cwd: REPO });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.filter((d) => d.code === "duplicate-id")).toEqual([]);
    const again = r.diagnostics.filter((d) => d.code === "k8s-defined-again");
    expect(again.map((d) => `${d.file}:${d.line}`)).toEqual(["test/corpus/online-boutique/release/kubernetes-manifests.yaml:24"]);
    expect(again[0]!.message).toMatch(/^12 workloads are defined again here, first in test\/corpus\/online-boutique\/kubernetes-manifests \(default\/frontend, /);
    expect(edgeSet(r)).toEqual(edgeSet(load("online-boutique/kubernetes-manifests")));
  });
});

describe("import: awesome-compose", () => {
  it("react-express-mongodb: frontend → backend → mongo (short form)", async () => {
    expect(edgeSet(load("awesome-compose/react-express-mongodb"))).toEqual(["backend -> mongo", "frontend -> backend"]);
  });
  it("nginx-flask-mysql: proxy → backend → db (long form with condition)", async () => {
    const r = load("awesome-compose/nginx-flask-mysql");
    expect(edgeSet(r)).toEqual(["backend -> db", "proxy -> backend"]);
    expect(graphToJson(r.estate).edges.find((e) => e.from === "backend")!.note).toBe("condition: service_healthy");
  });
  it("nginx-golang-postgres: proxy → backend → db", async () => {
    expect(edgeSet(load("awesome-compose/nginx-golang-postgres"))).toEqual(["backend -> db", "proxy -> backend"]);
  });
  it("wordpress-mysql: wordpress → db inferred from WORDPRESS_DB_HOST, and db does not depend on wordpress (MYSQL_DATABASE=wordpress)", async () => {
    const r = load("awesome-compose/wordpress-mysql");
    expect(r.diagnostics).toEqual([]);
    const edges = graphToJson(r.estate).edges;
    expect(edges).toEqual([{ from: "wordpress", to: "db", relation: "hard", note: "from WORDPRESS_DB_HOST", inferred: true, evidence: { kind: "inferred", file: "test/corpus/awesome-compose/wordpress-mysql/compose.yaml", line: expect.any(Number), via: "WORDPRESS_DB_HOST" } }]);
  });
  it("all four projects in one load: shared names are qualified by project, unique ones stay plain", async () => {
    const r = load("awesome-compose");
    expect(r.ok).toBe(true);
    expect(edgeSet(r)).toEqual(
      [
        "frontend -> react-express-mongodb.backend",
        "react-express-mongodb.backend -> mongo",
        "nginx-flask-mysql.proxy -> nginx-flask-mysql.backend",
        "nginx-flask-mysql.backend -> nginx-flask-mysql.db",
        "nginx-golang-postgres.proxy -> nginx-golang-postgres.backend",
        "nginx-golang-postgres.backend -> nginx-golang-postgres.db",
        "wordpress -> wordpress-mysql.db",
      ].sort(),
    );
  });
});

describe("import: DeathStarBench", () => {
  it("hotelReservation: all 22 depends_on edges", async () => {
    const r = load("deathstarbench/hotelReservation");
    expect(r.diagnostics).toEqual([]);
    expect(edgeSet(r)).toEqual(
      pairs({
        frontend: ["consul"],
        profile: ["mongodb-profile", "memcached-profile", "consul"],
        search: ["consul"],
        geo: ["mongodb-geo", "consul"],
        rate: ["mongodb-rate", "memcached-rate", "consul"],
        review: ["mongodb-review", "memcached-review", "consul"],
        attractions: ["mongodb-attractions", "consul"],
        recommendation: ["mongodb-recommendation", "consul"],
        user: ["mongodb-user", "consul"],
        reservation: ["mongodb-reservation", "memcached-reserve", "consul"],
      }),
    );
    expect(edgeSet(r)).toHaveLength(22);
  });
  // Changed by issue 13: the 11 edges to jaeger-agent are soft (a tracing agent is telemetry:
  // its callers degrade, they do not go down); the 8 others stay hard.
  it("socialNetwork: all 19 long-form edges, those to jaeger-agent soft", async () => {
    const r = load("deathstarbench/socialNetwork");
    expect(r.diagnostics).toEqual([]);
    const rel = graphToJson(r.estate).edges.map((e) => `${e.to === "jaeger-agent" ? "soft" : "hard"}=${e.relation}`);
    expect(rel.every((x) => x.split("=")[0] === x.split("=")[1])).toBe(true);
    expect(graphToJson(r.estate).edges.find((e) => e.to === "jaeger-agent")!.evidence).toMatchObject({ kind: "declared", via: "depends_on", reason: "telemetry backend" });
    const j = "jaeger-agent";
    expect(edgeSet(r)).toEqual(
      pairs({
        "social-graph-service": [j, "social-graph-mongodb"],
        "compose-post-service": [j],
        "post-storage-service": [j, "post-storage-mongodb"],
        "user-timeline-service": [j, "user-timeline-mongodb"],
        "url-shorten-service": [j, "url-shorten-mongodb"],
        "user-service": [j, "user-mongodb"],
        "media-service": [j, "media-mongodb"],
        "text-service": [j],
        "unique-id-service": [j],
        "user-mention-service": [j],
        "home-timeline-service": [j],
        "nginx-thrift": [j],
        "media-frontend": [j],
      }),
    );
    expect(edgeSet(r)).toHaveLength(19);
  });
});

describe("import: Sock Shop compose folder", () => {
  // Changed by issue 13: the folder alone gives what `docker compose up` reads there
  // (docker-compose.yml); the logging and monitoring files are combined when named.
  it("the folder alone reads only docker-compose.yml and says the two other files were not combined", async () => {
    const r = load("sock-shop/docker-compose");
    expect(r.ok).toBe(true);
    expect(graphToJson(r.estate).nodes).toHaveLength(15);
    expect(r.estate.coverage!.skipped.map((s) => s.file.replace(/^.*corpus\//, ""))).toEqual(["sock-shop/docker-compose/docker-compose.logging.yml", "sock-shop/docker-compose/docker-compose.monitoring.yml"]);
  });
  it("base + logging + monitoring, named, merge into one project without duplicate ids; log-server is soft (a log shipper)", async () => {
    const dir = "test/corpus/sock-shop/docker-compose";
    const r = loadEstate([`${dir}/docker-compose.yml`, `${dir}/docker-compose.logging.yml`, `${dir}/docker-compose.monitoring.yml`], { cwd: REPO });
    expect(r.diagnostics).toEqual([]);
    expect(graphToJson(r.estate).edges.filter((e) => e.to === "log-server").every((e) => e.relation === "soft")).toBe(true);
    expect(r.estate.coverage!.composeProjects).toEqual([{ folder: dir, files: [`${dir}/docker-compose.yml`, `${dir}/docker-compose.logging.yml`, `${dir}/docker-compose.monitoring.yml`] }]);
    const edges = edgeSet(r);
    expect(edges).toContain("kibana -> elasticsearch");
    expect(edges).toContain("grafana -> prometheus");
    expect(edges).toContain("prometheus -> alertmanager"); // links: alertmanager:alertmanager
    expect(edges).toContain("user -> user-db"); // MONGO_HOST=user-db:27017
    // every base service gets the logging override's depends_on log-server
    const base = ["front-end", "edge-router", "catalogue", "catalogue-db", "carts", "carts-db", "orders", "orders-db", "shipping", "queue-master", "rabbitmq", "payment", "user", "user-db", "user-sim"];
    for (const s of base) expect(edges).toContain(`${s} -> log-server`);
    const nodes = graphToJson(r.estate).nodes;
    expect(nodes).toHaveLength(15 + 3 + 5);
    // the merged service keeps its base file position and image
    const fe = nodes.find((n) => n.id === "front-end")!;
    expect(fe.file).toMatch(/docker-compose\.yml$/);
    expect(r.estate.graph.getNodeAttributes("front-end")).toMatchObject({ attributes: new Map([["compose.project", "docker-compose"], ["compose.service", "front-end"], ["image", "weaveworksdemos/front-end:0.3.12"]]) });
  });
  it("kubernetes complete-demo: user → user-db, and zipkin.jaeger.svc.cluster.local (not deployed) warned", async () => {
    const r = load("sock-shop/kubernetes");
    expect(edgeSet(r)).toEqual(["user -> user-db"]);
    expect(warnings(r).map((d) => [d.code, d.line])).toEqual([["unknown-reference", 710]]);
  });
});

describe("import: Backstage example catalog", () => {
  it("artist-lookup → artists-db; wayback-search → wayback-archive through the API it consumes", async () => {
    const r = load("backstage");
    expect(r.ok).toBe(true);
    expect(edgeSet(r)).toEqual(["artist-lookup -> artists-db", "wayback-search -> wayback-archive"]);
    expect(graphToJson(r.estate).edges.find((e) => e.from === "wayback-search")!.note).toBe("via API wayback-archive");
  });
  it("Components and Resources are the nodes; APIs, Systems, Domains, Groups, Users and Locations are not", async () => {
    const nodes = graphToJson(load("backstage").estate).nodes;
    expect(nodes.map((n) => n.id)).toEqual([
      "artist-lookup",
      "artists-db",
      "example-website",
      "petstore",
      "playback-order",
      "playback-sdk",
      "podcast-api",
      "queue-proxy",
      "searcher",
      "shuffle-api",
      "wayback-archive",
      "wayback-archive-ingestion",
      "wayback-archive-storage",
      "wayback-search",
      "www-artist",
    ]);
    expect(nodes.every((n) => n.origin === "backstage")).toBe(true);
    expect(nodes.find((n) => n.id === "artists-db")).toMatchObject({ type: "database", owner: "team-a" });
  });
  it("dangling references are warnings naming file and line, errors under --strict", async () => {
    const r = load("backstage");
    const w = warnings(r).map((d) => `${d.file!.replace(/^.*corpus\//, "")}:${d.line} ${d.code}`);
    expect(w).toEqual(["backstage/components/petstore-component.yaml:18 unknown-reference", "backstage/components/playback-order-component.yaml:12 unknown-reference"]);
    const strict = load("backstage", { strict: true });
    expect(strict.ok).toBe(false);
  });
  it("keeps owner, system, lifecycle and the system's domain as attributes", async () => {
    const a = load("backstage").estate.graph.getNodeAttributes("artist-lookup");
    expect(a.kind === "service" && Object.fromEntries(a.attributes)).toEqual({
      "backstage.ref": "component:default/artist-lookup",
      "backstage.kind": "component",
      "backstage.namespace": "default",
      lifecycle: "experimental",
      system: "artist-engagement-portal",
      domain: "artists",
    });
  });
});

describe("import: faultline blast on each corpus project", () => {
  const cases: Array<[string, string, string[]]> = [
    ["online-boutique/kubernetes-manifests", "productcatalogservice", ["checkoutservice", "frontend", "loadgenerator", "recommendationservice"]],
    ["online-boutique/release", "redis-cart", ["cartservice", "checkoutservice", "frontend", "loadgenerator"]],
    ["awesome-compose/nginx-flask-mysql", "db", ["backend", "proxy"]],
    ["awesome-compose/wordpress-mysql", "db", ["wordpress"]],
    ["deathstarbench/hotelReservation", "mongodb-geo", ["geo"]],
    ["deathstarbench/socialNetwork", "user-mongodb", ["user-service"]],
    ["sock-shop/docker-compose", "user-db", ["user"]],
    ["backstage", "wayback-archive", ["wayback-search"]],
  ];
  for (const [path, failed, down] of cases) {
    it(`${path}: blast ${failed}`, async () => {
      const r = (await runCli(["blast", failed, "-m", `test/corpus/${path}`, "--json", "-q"]));
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { impacts: Array<{ id: string; state: string }> };
      expect(out.impacts.filter((i) => i.state === "down").map((i) => i.id).sort()).toEqual(down);
    });
  }
});
