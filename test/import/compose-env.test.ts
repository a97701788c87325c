import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { interpolate, parseEnvFile } from "../../src/import/compose-env.js";
import { loadEstate } from "../../src/load/load.js";
import { graphToJson } from "../../src/report/graph-json.js";

const vars = new Map([["SET", "x"], ["EMPTY", ""], ["HOST", "cart"], ["PORT", "7070"]]);
const ip = (s: string) => interpolate(s, (n) => vars.get(n));

describe("import/compose-env: interpolation as Compose does it", () => {
  it("${VAR}, $VAR, ${VAR:-d}, ${VAR-d}, ${VAR:+a}, ${VAR+a}, $$, nesting", () => {
    expect(ip("${HOST}:${PORT}")).toBe("cart:7070");
    expect(ip("$HOST:$PORT")).toBe("cart:7070");
    expect(ip("${NOPE:-def}|${EMPTY:-def}|${EMPTY-def}|${NOPE-def}")).toBe("def|def||def");
    expect(ip("${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}|${NOPE+alt}")).toBe("alt||alt|");
    expect(ip("$${HOST} costs $$5")).toBe("${HOST} costs $5");
    expect(ip("${NOPE:-${HOST:-z}:${PORT}}")).toBe("cart:7070");
    expect(ip("${NOPE}")).toBe("");
    expect(ip("${ESHOP_AZURE_DB:-Server=sqldata;Database=x}")).toBe("Server=sqldata;Database=x");
  });
  it("a hostile value of nested ${ is bounded (no recursion, no quadratic blow-up)", () => {
    const v = "${A:-".repeat(20_000) + "x" + "}".repeat(20_000);
    const t = Date.now();
    interpolate(v, () => undefined);
    expect(Date.now() - t).toBeLessThan(3000);
  });
  it(".env lines: comments, export, quotes, earlier variables", () => {
    const env = parseEnvFile('# c\nexport A=one\nB="two ${A}"\nC=\'${A}\'\nD=three # note\nE=${A}:${NOPE:-9}\nbad line\n', ".env");
    expect([...env].map(([k, v]) => `${k}=${v.value}@${v.line}`)).toEqual(["A=one@2", "B=two one@3", "C=${A}@4", "D=three@5", "E=one:9@6"]);
  });
});

describe("import/compose: .env, env_file, pass-through, variants", () => {
  const dir = mkdtempSync(join(tmpdir(), "fl-compose-"));
  mkdirSync(join(dir, "p"));
  writeFileSync(join(dir, "p/.env"), "CART_ADDR=cart:7070\nDB_HOST=db\nTAG=1\n");
  writeFileSync(join(dir, "p/worker.env"), "QUEUE_URL=amqp://mq:5672\n");
  writeFileSync(
    join(dir, "p/compose.yaml"),
    "services:\n  web:\n    image: web:${TAG}\n    environment:\n      - CART_ADDR\n      - DB=postgres://u:p@${DB_HOST}/x\n  worker:\n    image: w\n    env_file: [worker.env, {path: missing.env, required: false}]\n  cart: {image: c}\n  db: {image: postgres}\n  mq: {image: rabbitmq}\n",
  );
  writeFileSync(join(dir, "p/compose.prod.yaml"), "services:\n  web:\n    depends_on: [mq]\n");
  writeFileSync(join(dir, "p/compose.override.yaml"), "services:\n  web:\n    labels: {faultline.tier: high}\n");

  it("pass-through names take the .env value; ${..} is expanded; env_file addresses point at the env file's line", () => {
    const r = loadEstate(["p"], { cwd: dir });
    expect(r.diagnostics).toEqual([]);
    const e = graphToJson(r.estate).edges.map((x) => `${x.from} -> ${x.to} ${x.evidence!.kind} ${x.evidence!.via} ${x.evidence!.file}:${x.evidence!.line}`);
    expect(e).toEqual(["web -> cart inferred CART_ADDR (.env) p/compose.yaml:5", "web -> db inferred DB p/compose.yaml:6", "worker -> mq inferred QUEUE_URL (worker.env) p/worker.env:1"]);
    expect(r.estate.graph.getNodeAttributes("web")).toMatchObject({ tier: "high", attributes: new Map([["compose.project", "p"], ["compose.service", "web"], ["image", "web:1"]]) });
  });
  it("the folder reads compose.yaml and its override; a variant only when named, and the combination is reported", () => {
    const r = loadEstate(["p"], { cwd: dir });
    expect(r.estate.coverage!.composeProjects).toEqual([{ folder: "p", files: ["p/compose.yaml", "p/compose.override.yaml"] }]);
    expect(r.estate.coverage!.skipped).toEqual([{ file: "p/compose.prod.yaml", why: "compose-variant" }]);
    const named = loadEstate(["p/compose.yaml", "p/compose.prod.yaml"], { cwd: dir });
    expect(named.estate.coverage!.composeProjects).toEqual([{ folder: "p", files: ["p/compose.yaml", "p/compose.prod.yaml"] }]);
    expect(graphToJson(named.estate).edges.some((x) => x.from === "web" && x.to === "mq")).toBe(true);
    // the override was not named, so it is not read
    expect(named.estate.graph.getNodeAttributes("web")).toMatchObject({ tier: "medium" });
  });
  it("an env_file outside the project folder is not read, with a warning at the reference", () => {
    writeFileSync(join(dir, "secret.env"), "X_URL=http://cart:1\n");
    mkdirSync(join(dir, "q"));
    writeFileSync(join(dir, "q/compose.yaml"), "services:\n  a:\n    image: a\n    env_file: ../secret.env\n");
    const r = loadEstate(["q"], { cwd: dir });
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([["env-file-unread", 4]]);
  });
});

describe("loadSources (files read from a git ref) reads like the disk", () => {
  it(".env sources feed Compose; a Helm chart's files are skipped; --exclude applies", async () => {
    const { loadSources } = await import("../../src/load/load.js");
    const r = loadSources(
      [
        { file: "p/.env", text: "API=api:80\n" },
        { file: "p/compose.yaml", text: "services:\n  web: {image: w, environment: [API]}\n  api: {image: a}\n" },
        { file: "chart/Chart.yaml", text: "apiVersion: v2\nname: x\n" },
        { file: "chart/templates/d.yaml", text: "{{ if .Values.x }}\nkind: {{ .Values.kind }}\n" },
        { file: "docs/mkdocs.yml", text: "site_name: x\n" },
      ],
      { exclude: ["docs"] },
    );
    expect(r.diagnostics).toEqual([]);
    expect(graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to} ${e.evidence!.via}`)).toEqual(["web -> api API (.env)"]);
    expect(r.estate.coverage!.skipped).toEqual([{ file: "chart", why: "helm-chart" }, { file: "docs/mkdocs.yml", why: "excluded" }]);
  });
});
