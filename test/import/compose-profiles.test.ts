/**
 * Compose profiles, as `docker compose up` applies them (docs/importers.md): services without
 * `profiles:` always load, profiled ones only when one of their profiles is active (--profile /
 * compose.profiles, else COMPOSE_PROFILES in the project's .env; `*` for all). The coverage
 * summary names the services left out; a reference to one is warned where it is written.
 */
import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { formatCoverage } from "../../src/report/coverage-text.js";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, runCli } from "../helpers/cli.js";

// The Compose profiles page's example, plus an address into a profiled service and a tool that needs one.
const COMPOSE = `services:
  frontend:
    image: frontend
    profiles: [frontend]
    environment: {API_URL: "http://backend:8080"}
  phpmyadmin:
    image: phpmyadmin
    depends_on: [db]
    profiles: [debug]
  backend:
    image: backend
    environment:
      DB_HOST: db
      TRACES_ENDPOINT: "http://jaeger:4317"
  db:
    image: mysql
  jaeger:
    image: jaegertracing/all-in-one
    profiles: [debug, monitoring]
  web:
    image: web
    depends_on:
      backend: {condition: service_healthy}
      mailhog: {condition: service_started, required: false}
  mailhog:
    image: mailhog/mailhog
    profiles: [dev]
  worker:
    image: worker
    depends_on: [seed]
  seed:
    image: backend
    profiles: [tools]
`;

const load = (extra: Record<string, string> = {}, composeProfiles?: string[]) =>
  loadSources(
    Object.entries({ "shop/compose.yaml": COMPOSE, ...extra }).map(([file, text]) => ({ file, text })),
    composeProfiles ? { composeProfiles } : {},
  );
const ids = (r: ReturnType<typeof load>) => graphToJson(r.estate).nodes.map((n) => n.id).sort();
const edges = (r: ReturnType<typeof load>) => graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to}`).sort();

describe("import/compose: profiles", () => {
  it("no profile active: only services without profiles load; references to the others are warned, addresses to them listed", () => {
    const r = load();
    expect(ids(r)).toEqual(["backend", "db", "web", "worker"]);
    expect(edges(r)).toEqual(["backend -> db", "web -> backend"]);
    // worker's required depends_on on seed (profile tools): `docker compose up` refuses it; web's optional one is dropped quietly.
    const warned = r.diagnostics.filter((d) => d.code === "compose-profile-inactive");
    expect(warned.map((d) => `${d.line} ${d.message}`)).toEqual([`30 "worker" depends on "seed", which is only in profile tools (not active): no dependency recorded`]);
    expect(warned[0]!.hint).toMatch(/--profile tools/);
    expect(r.diagnostics.filter((d) => d.code === "dangling-reference")).toEqual([]);
    const cov = r.estate.coverage!;
    expect(cov.composeProjects[0]).toMatchObject({ folder: "shop", leftOut: [
      { service: "frontend", profiles: ["frontend"] },
      { service: "jaeger", profiles: ["debug", "monitoring"] },
      { service: "mailhog", profiles: ["dev"] },
      { service: "phpmyadmin", profiles: ["debug"] },
      { service: "seed", profiles: ["tools"] },
    ] });
    expect(cov.composeProjects[0]!.activeProfiles).toBeUndefined();
    expect(cov.unresolved.map((u) => `${u.service} → ${u.host} (${u.via}; ${u.why})`)).toEqual(["backend → jaeger (TRACES_ENDPOINT; its profile is not active)"]);
    expect(formatCoverage(cov)).toContain("compose shop: no profile active; left out 5 services (--profile adds them): frontend [frontend], jaeger [debug, monitoring], mailhog [dev], phpmyadmin [debug], seed [tools]");
  });

  it("an active profile adds its services and their edges; a service in several profiles needs one of them", () => {
    const r = load({}, ["debug"]);
    expect(ids(r)).toEqual(["backend", "db", "jaeger", "phpmyadmin", "web", "worker"]);
    expect(edges(r)).toEqual(["backend -> db", "backend -> jaeger", "phpmyadmin -> db", "web -> backend"]);
    expect(r.estate.coverage!.composeProjects[0]).toMatchObject({ activeProfiles: ["debug"] });
    const m = load({}, ["monitoring", "dev"]);
    expect(ids(m)).toEqual(["backend", "db", "jaeger", "mailhog", "web", "worker"]);
    expect(edges(m)).toContain("web -> mailhog");
  });

  it("`*` activates every profile; COMPOSE_PROFILES in .env is read when no option is given, and the option wins over it", () => {
    expect(ids(load({}, ["*"]))).toEqual(["backend", "db", "frontend", "jaeger", "mailhog", "phpmyadmin", "seed", "web", "worker"]);
    const env = { "shop/.env": "COMPOSE_PROFILES=frontend, tools\n" };
    const fromEnv = load(env);
    expect(ids(fromEnv)).toEqual(["backend", "db", "frontend", "seed", "web", "worker"]);
    expect(edges(fromEnv)).toEqual(["backend -> db", "frontend -> backend", "web -> backend", "worker -> seed"]);
    expect(fromEnv.diagnostics.filter((d) => d.code === "compose-profile-inactive")).toEqual([]);
    expect(ids(load(env, ["debug"]))).toEqual(["backend", "db", "jaeger", "phpmyadmin", "web", "worker"]);
  });

  it("a hint naming a service its profile left out is warned the same way, with no dangling reference", () => {
    const r = loadSources([{ file: "p/compose.yaml", text: "services:\n  api:\n    image: a\n    labels:\n      faultline.soft-depends-on: jaeger\n  jaeger:\n    image: jaegertracing/all-in-one\n    profiles: [debug]\n" }]);
    expect(r.diagnostics.map((d) => `${d.line} ${d.code} ${d.hint}`)).toEqual(["5 compose-profile-inactive pass --profile debug to load it"]);
    const on = loadSources([{ file: "p/compose.yaml", text: "services:\n  api:\n    image: a\n    labels:\n      faultline.soft-depends-on: jaeger\n  jaeger:\n    image: jaegertracing/all-in-one\n    profiles: [debug]\n" }], { composeProfiles: ["debug"] });
    expect(on.diagnostics).toEqual([]);
    expect(graphToJson(on.estate).edges.map((e) => `${e.from} -> ${e.to} ${e.relation}`)).toEqual(["api -> jaeger soft"]);
  });

  it("the CLI takes --profile (repeatable) and compose.profiles from the config; a bad config value is exit 2 with a hint", async () => {
    const dir = "test/fixtures/compose-profiles";
    const plain = await runCli(["graph", "-m", dir, "--format", "json", "-q"]);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout).nodes.map((n: { id: string }) => n.id).sort()).toEqual(["api", "db"]);
    const withFlag = await runCli(["graph", "-m", dir, "--format", "json", "-q", "--profile", "debug", "--profile", "monitoring"]);
    expect(JSON.parse(withFlag.stdout).nodes.map((n: { id: string }) => n.id).sort()).toEqual(["adminer", "api", "db", "grafana", "prometheus"]);
    const v = await runCli(["validate", "-m", dir]);
    expect(v.code).toBe(0);
    expect(v.stderr).toContain("left out 3 services (--profile adds them): adminer [debug], grafana [monitoring], prometheus [monitoring]");
    // compose.profiles in the config, when no --profile is given; a bad value is a positioned error, exit 2.
    const tmp = mkdtempSync(join(tmpdir(), "fl-profiles-"));
    try {
      cpSync(`${REPO}/${dir}`, join(tmp, "app"), { recursive: true });
      writeFileSync(join(tmp, "faultline.config.yaml"), "manifests: [app]\ncompose: {profiles: [monitoring]}\n");
      const cfg = await runCli(["graph", "--format", "json", "-q"], { cwd: tmp });
      expect(cfg.code).toBe(0);
      expect(JSON.parse(cfg.stdout).nodes.map((n: { id: string }) => n.id).sort()).toEqual(["api", "db", "grafana", "prometheus"]);
      const flagWins = await runCli(["graph", "--format", "json", "-q", "--profile", "debug"], { cwd: tmp });
      expect(JSON.parse(flagWins.stdout).nodes.map((n: { id: string }) => n.id).sort()).toEqual(["adminer", "api", "db"]);
      writeFileSync(join(tmp, "faultline.config.yaml"), "manifests: [app]\ncompose: {profiles: {debug: true}}\n");
      const bad = await runCli(["graph", "-q"], { cwd: tmp });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/faultline\.config\.yaml:2:\d+.*compose\.profiles must be a list/);
      expect(bad.stdout).toBe("");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("Compose profiles that are not profile names", () => {
  it("are warned where they are written and never match a --profile by accident", () => {
    const text = `services:\n  a:\n    image: a\n    profiles: [1, null, {x: y}, " debug "]\n  b:\n    image: b\n    profiles: [debug]\n`;
    const r = loadSources([{ file: "p/compose.yaml", text }], { composeProfiles: ["debug"] });
    const bad = r.diagnostics.filter((d) => d.code === "bad-compose-field");
    expect(bad.map((d) => [d.line, d.found])).toEqual([
      [4, "number 1"],
      [4, "null"],
      [4, expect.stringContaining("mapping")],
      [4, '" debug "'],
    ]);
    // `a` names no valid profile, so (warned) it loads like a service without profiles.
    expect(r.estate.graph.nodes().sort()).toEqual(["a", "b"]);
  });
});
