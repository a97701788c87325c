import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSoftReason, imageName, snakeUpper } from "../../src/import/classify.js";
import { loadSources } from "../../src/load/load.js";
import { parseConfig } from "../../src/load/config.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { runCli } from "../helpers/cli.js";

const COMPOSE = `
services:
  shop:
    image: acme/shop:1
    environment:
      OTEL_EXPORTER_OTLP_ENDPOINT: http://collector:4317
      FLAGD_HOST: flags
      CatalogUrlHC: http://catalog/hc
      CATALOG_URL: http://catalog:80
      CACHE_ADDR: cache:6379
    depends_on: [tracing]
  collector:
    image: otel/opentelemetry-collector-contrib:0.1
    environment: {BACKEND: "catalog:80"}
  flags: {image: ghcr.io/open-feature/flagd:v1}
  flags-ui: {image: acme/flagd-ui, environment: {FLAGD_HOST: flags}}
  tracing: {image: openzipkin/zipkin}
  catalog: {image: acme/catalog}
  cache: {image: redis}
`;
const rel = (files: Record<string, string>, opts = {}) =>
  graphToJson(loadSources(Object.entries(files).map(([file, text]) => ({ file, text })), opts).estate).edges.map((e) => `${e.from} -> ${e.to} ${e.relation}${e.evidence?.reason ? ` (${e.evidence.reason.split(" (")[0]})` : ""}`);

describe("import/classify: hard or soft by what the evidence means", () => {
  it("telemetry, feature flags and health checks are soft; a collector's own calls are soft; a flag UI's backend stays hard", () => {
    expect(rel({ "p/compose.yaml": COMPOSE })).toEqual([
      "collector -> catalog soft (telemetry pipeline)",
      "flags-ui -> flags hard",
      "shop -> cache hard",
      "shop -> catalog hard",
      "shop -> collector soft (telemetry endpoint)",
      "shop -> flags soft (feature flags)",
      "shop -> tracing soft (telemetry backend)",
    ]);
  });
  it("a health-check URL alone is soft (catalog is named only by CatalogUrlHC)", () => {
    expect(rel({ "p/compose.yaml": "services:\n  status: {image: s, environment: {HealthChecks__0__Uri: http://api/hc, Other: http://web/health}}\n  api: {image: a}\n  web: {image: w}\n" })).toEqual(["status -> api soft (health check)", "status -> web soft (health check)"]);
  });
  it("names the software, not the organisation: ghcr.io/open-telemetry/demo:latest-cart is not telemetry", () => {
    expect(imageName("ghcr.io/open-telemetry/demo:latest-cart")).toBe("demo");
    expect(defaultSoftReason({ name: "checkout" }, { name: "cart", image: "demo" }, "CART_ADDR", "cart:7070")).toBeUndefined();
    expect(snakeUpper("identityUrlHC")).toBe("IDENTITY_URL_HC");
  });
  it("native manifests are taken as written", () => {
    const native = "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: a}\nspec: {dependsOn: [otel-collector]}\n---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: otel-collector}\n";
    expect(rel({ "n.yaml": native })).toEqual(["a -> otel-collector hard"]);
  });
  it("config overrides: by variable glob, by service, by from/to; hard wins over soft", () => {
    const classification = { soft: [{ variable: "CACHE_*" }, { service: "catalog" }], hard: [{ from: "shop", to: "flags" }, { variable: "CATALOG_URL" }] };
    expect(rel({ "p/compose.yaml": COMPOSE }, { classification })).toEqual([
      "collector -> catalog soft (config)",
      "flags-ui -> flags hard",
      "shop -> cache soft (config)",
      "shop -> catalog hard",
      "shop -> collector soft (telemetry endpoint)",
      "shop -> flags hard",
      "shop -> tracing soft (telemetry backend)",
    ]);
  });
  it("the config's classify: and exclude: are read with positions; a bad field is an error with a hint", () => {
    const ok = parseConfig("faultline.config.yaml", "classify:\n  soft:\n    - variable: '*_FLAGS_URL'\n  hard:\n    - {from: a, to: b}\nexclude: ['**/templates/**']\n");
    expect(ok.ok).toBe(true);
    expect(ok.config).toEqual({ classify: { soft: [{ variable: "*_FLAGS_URL" }], hard: [{ from: "a", to: "b" }] }, exclude: ["**/templates/**"] });
    const bad = parseConfig("faultline.config.yaml", "classify:\n  soft:\n    - varible: X\n");
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]).toMatchObject({ code: "config-classify", line: 3, hint: 'did you mean "variable"?' });
  });
  it("the CLI applies faultline.config.yaml classify without editing the imported files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fl-classify-"));
    mkdirSync(join(dir, "p"));
    writeFileSync(join(dir, "p/compose.yaml"), COMPOSE);
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [p]\nclassify:\n  soft:\n    - service: cache\n");
    const r = await runCli(["blast", "cache", "--json", "-q"], { cwd: dir });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { impacts: Array<{ id: string; state: string }> }).impacts).toEqual([expect.objectContaining({ id: "shop", state: "degraded" })]);
  });
});
