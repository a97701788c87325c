/**
 * kustomize folders (docs/importers.md): resources that are files or bases (folders with their
 * own kustomization), namespace/namePrefix/nameSuffix through the chain of overlays as
 * `kustomize build` applies them, ConfigMap/Secret references rewritten as kustomize rewrites
 * them, env values not rewritten (an env host naming a renamed Service reaches nothing), one
 * warning per kustomization for what is not applied, and a whole tree without duplicate ids.
 */
import { describe, expect, it } from "vitest";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf } from "../helpers/estate.js";
import { runCli } from "../helpers/cli.js";

const deploy = (name: string, env = "[]", envFrom = "[]") =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i, env: ${env}, envFrom: ${envFrom}}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {selector: {app: ${name}}}\n`;

const ids = (r: ReturnType<typeof loadOf>) => graphToJson(r.estate).nodes.map((n) => n.id).sort();
const edges = (r: ReturnType<typeof loadOf>) => graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to}`).sort();
const ns = (r: ReturnType<typeof loadOf>, id: string) => (r.estate.graph.getNodeAttributes(id) as { attributes?: Map<string, string> }).attributes?.get("kubernetes.namespace");
const codes = (r: ReturnType<typeof loadOf>) => r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);

// A base and three overlays, as kustomize's own examples lay them out.
const TREE = {
  "app/base/kustomization.yaml": "resources: [api.yaml, db.yaml, config.yaml]\n",
  "app/base/api.yaml": deploy("api", "[]", "[{configMapRef: {name: api-config}}]"),
  "app/base/db.yaml": deploy("db"),
  "app/base/config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api-config}\ndata: {DB_HOST: db}\n",
  // prod: a namespace, patches and images (not applied: one warning).
  "app/overlays/prod/kustomization.yaml": "namespace: prod\nresources: [../../base, cache.yaml]\npatches: [{path: api-patch.yaml}]\nimages: [{name: i, newTag: '2'}]\n",
  "app/overlays/prod/api-patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 3}\n",
  "app/overlays/prod/cache.yaml": deploy("cache"),
  // staging: a prefix and a namespace; the ConfigMap reference follows the rename, the env host does not.
  "app/overlays/staging/kustomization.yaml": "namespace: staging\nnamePrefix: stg-\nresources: [../../base]\n",
  // dev: patches only (no namespace, prefix, suffix): it builds what the base builds.
  "app/overlays/dev/kustomization.yaml": "resources: [../../base]\npatchesStrategicMerge: [replicas.yaml]\n",
  "app/overlays/dev/replicas.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db}\nspec: {replicas: 1}\n",
  "app/overlays/qa/kustomization.yaml": "resources: [../../base]\n",
};

describe("import/kubernetes: kustomize", () => {
  it("a whole tree of a base and overlays loads what each top overlay builds, without duplicate ids", () => {
    const r = loadOf(TREE);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // dev and qa build the base unchanged (read once); prod in namespace prod; staging prefixed in staging.
    expect(ids(r)).toEqual(["default.api", "default.db", "prod.api", "prod.db", "stg-api", "stg-db", "cache"].sort());
    expect(ns(r, "cache")).toBe("prod");
    expect(ns(r, "stg-api")).toBe("staging");
    expect(edges(r)).toEqual(["default.api -> default.db", "prod.api -> prod.db"]);
    // The same objects built by two top overlays are read once, and said so.
    const skipped = r.estate.coverage!.skipped.map((s) => `${s.file} ${s.why}`);
    expect(skipped).toEqual([
      "app/overlays/dev/replicas.yaml kustomize-patch",
      "app/overlays/prod/api-patch.yaml kustomize-patch",
      "app/overlays/qa/kustomization.yaml kustomize: builds objects app/overlays/dev/kustomization.yaml already builds (read once)",
    ]);
    // One warning per kustomization for what is not applied, at its first such field.
    const notApplied = r.diagnostics.filter((d) => d.code === "kustomize-not-applied");
    expect(notApplied.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      "app/overlays/dev/kustomization.yaml:2 kustomization: patchesStrategicMerge not applied",
      "app/overlays/prod/kustomization.yaml:3 kustomization: patches, images not applied",
    ]);
  });

  it("namePrefix renames the ConfigMap and its configMapRef together, not the host name in its value: the address dangles and the coverage says so", () => {
    const r = loadOf(TREE);
    const w = r.diagnostics.filter((d) => d.code === "kustomize-renamed-host");
    expect(w.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      `app/base/config.yaml:4 DB_HOST names Service "db", which this kustomize build renames "stg-db": kustomize does not rewrite env values, so the address reaches no Service`,
    ]);
    expect(r.estate.coverage!.unresolved).toEqual([{ service: "stg-api", host: "db", via: "DB_HOST", file: "app/base/config.yaml", line: 4, why: "kustomize renamed it stg-db" }]);
    expect(codes(r)).not.toContain(expect.stringContaining("dangling"));
  });

  it("a chain of overlays applies each prefix and suffix in kustomize's order, the outermost namespace, and generator literals", () => {
    const r = loadOf({
      "k/base/kustomization.yaml": "namePrefix: a-\nnamespace: inner\nresources: [web.yaml, cache.yaml]\nconfigMapGenerator: [{name: web-env, literals: [CACHE_URL=redis://cache:6379]}]\n",
      "k/base/web.yaml": deploy("web", "[]", "[{configMapRef: {name: web-env}}]"),
      "k/base/cache.yaml": deploy("cache"),
      "k/mid/kustomization.yaml": "namePrefix: b-\nnameSuffix: -m\nresources: [../base]\n",
      "k/top/kustomization.yaml": "nameSuffix: -x\nnamespace: outer\nresources: [../mid]\n",
    });
    // The generated ConfigMap (renamed a-…) is found through the rewritten configMapRef; its value still says `cache`.
    expect(codes(r)).toEqual(["k/base/kustomization.yaml:4 kustomize-renamed-host"]);
    expect(ids(r)).toEqual(["b-a-cache-m-x", "b-a-web-m-x"]);
    expect(ns(r, "b-a-web-m-x")).toBe("outer");
    // The env value says `cache`, which kustomize renamed: no edge (and said, as above).
    expect(edges(r)).toEqual([]);
    expect(r.estate.coverage!.unresolved.map((u) => `${u.host}: ${u.why}`)).toEqual(["cache: kustomize renamed it b-a-cache-m-x"]);
  });

  it("a namespace alone keeps env host names working (same-namespace names resolve); generator literals are read", () => {
    const r = loadOf({
      "k/base/kustomization.yaml": "resources: [web.yaml, cache.yaml]\nconfigMapGenerator: [{name: web-env, literals: [CACHE_URL=redis://cache:6379]}, {name: more, envs: [x.env]}]\n",
      "k/base/web.yaml": deploy("web", "[]", "[{configMapRef: {name: web-env}}]"),
      "k/base/cache.yaml": deploy("cache"),
      "k/prod/kustomization.yaml": "namespace: shop\nresources: [../base]\n",
    });
    expect(edges(r)).toEqual(["web -> cache"]);
    expect(ns(r, "web")).toBe("shop");
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["kustomize-not-applied kustomization: configMapGenerator envs/files not applied"]);
  });

  it("commonLabels (and labels with includeSelectors) go into pod templates and Service selectors: two prefixed overlays in one namespace select only their own pods", () => {
    const base = {
      "k/base/kustomization.yaml": "resources: [web.yaml, cache.yaml]\n",
      "k/base/web.yaml": deploy("web", "[{name: CACHE_HOST, value: dev-cache}]"),
      "k/base/cache.yaml": deploy("cache"),
    };
    const r = loadOf({
      ...base,
      "k/dev/kustomization.yaml": "namePrefix: dev-\ncommonLabels: {env: dev}\nresources: [../base]\n",
      "k/staging/kustomization.yaml": "namePrefix: staging-\nlabels: [{pairs: {env: staging}, includeSelectors: true}]\nresources: [../base]\n",
    });
    expect(r.diagnostics).toEqual([]);
    // Service dev-cache selects app=cache,env=dev: the dev pods only (both overlays' web name dev-cache: written so).
    expect(edges(r)).toEqual(["dev-web -> dev-cache", "staging-web -> dev-cache"]);
    // Without the labels, kustomize's Service dev-cache selects app=cache: both overlays' pods in the namespace, an any-of group.
    const bare = loadOf({ ...base, "k/dev/kustomization.yaml": "namePrefix: dev-\nresources: [../base]\n", "k/staging/kustomization.yaml": "namePrefix: staging-\nresources: [../base]\n" });
    const g = graphToJson(bare.estate).edges.filter((e) => e.from === "dev-web").map((e) => `${e.to} ${e.relation}`);
    expect(g).toEqual(["dev-cache group", "staging-cache group"]);
  });

  it("bases outside the load, remote resources and cycles are warned, never followed or fetched", () => {
    const r = loadOf({
      "o/prod/kustomization.yaml": "resources: [../../base, https://github.com/x/y//deploy?ref=v1, svc.yaml, ../loop]\n",
      "o/prod/svc.yaml": deploy("svc"),
      "o/loop/kustomization.yaml": "resources: [../prod]\n",
    });
    const msgs = r.diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(msgs).toContain("kustomize-not-applied kustomization: resources not in the load: ../../base, https://github.com/x/y//deploy?ref=v1 (remote, not fetched)");
    expect(ids(r)).toEqual(["svc"]);
    expect(r.ok).toBe(true);
  });

  it("one overlay named alone reads its base from the tree when the base is in the load", () => {
    const only = Object.fromEntries(Object.entries(TREE).filter(([f]) => f.startsWith("app/base/") || f.startsWith("app/overlays/staging/")));
    const r = loadOf(only);
    expect(ids(r)).toEqual(["stg-api", "stg-db"]);
  });

  it("test/fixtures/kustomize-shop: the whole tree exits 0 with each environment once; the prefixed dev overlay's env addresses dangle, said once each", async () => {
    const dir = "test/fixtures/kustomize-shop";
    const g = await runCli(["graph", "-m", dir, "--format", "json", "-q"]);
    expect(g.code).toBe(0);
    const j = JSON.parse(g.stdout) as { nodes: Array<{ id: string }>; edges: Array<{ from: string; to: string }> };
    expect(j.nodes.map((n) => n.id)).toEqual(["dev-cart", "dev-frontend", "dev-redis-cart", "production.cart", "production.frontend", "production.redis-cart", "staging.cart", "staging.frontend", "staging.redis-cart"]);
    expect(j.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(["production.cart -> production.redis-cart", "production.frontend -> production.cart", "staging.cart -> staging.redis-cart", "staging.frontend -> staging.cart"]);
    const v = await runCli(["validate", "-m", dir]);
    expect(v.code).toBe(0);
    expect(v.stderr).not.toMatch(/duplicate-id|\berror\b/);
    expect(v.stderr.match(/kustomize-renamed-host/g)).toHaveLength(2);
    // The base's telemetry address (a namespace not in the load) is warned once, not once per overlay.
    expect(v.stderr.match(/unknown dependency "otel-collector"/g)).toHaveLength(1);
    expect(v.stderr).toContain("dev-frontend → cart (CART_SERVICE_ADDR; kustomize renamed it dev-cart)");
    // One overlay and its base: that environment only.
    const one = await runCli(["graph", "-m", `${dir}/overlays/staging`, `${dir}/base`, "--format", "json", "-q"]);
    expect((JSON.parse(one.stdout) as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id)).toEqual(["cart", "frontend", "redis-cart"]);
  });
});
