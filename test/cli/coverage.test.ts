import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

describe("cli: saying what cannot be seen", () => {
  it("robot-shop whole folder: one Helm warning, exit 0, coverage on stderr names the declared-only services", async () => {
    const r = await runCli(["validate", "-m", "test/corpus/robot-shop"]);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/\bwarning\b/g)).toEqual(["warning", "warning"]); // the Helm warning, and "1 warning"
    expect(r.stderr).toContain("helm-chart");
    expect(r.stderr).toContain("helm template");
    expect(r.stderr).toMatch(/coverage: \d+ imported services/);
    expect(r.stderr).toMatch(/with declared dependencies only \(calls made from code are not visible\): cart, catalogue/);
  });
  it("--exclude silences the chart; -q silences the summary; validate --format json carries the coverage", async () => {
    const r = await runCli(["validate", "-m", "test/corpus/robot-shop", "--exclude", "K8s/helm", "-q"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^ok: /);
    const j = await runCli(["validate", "-m", "test/corpus/robot-shop/docker-compose.yaml", "test/corpus/robot-shop/docker-compose-load.yaml", "--format", "json"]);
    const cov = (JSON.parse(j.stdout) as { coverage: { declaredOnly: string[]; unknown: string[]; composeProjects: unknown[] } }).coverage;
    expect(cov.declaredOnly).toEqual(["cart", "catalogue", "dispatch", "payment", "ratings", "shipping", "user", "web"]);
    expect(cov.composeProjects).toEqual([{ folder: "test/corpus/robot-shop", files: ["test/corpus/robot-shop/docker-compose.yaml", "test/corpus/robot-shop/docker-compose-load.yaml"] }]);
  });
  it("other non-manifest YAML in a walked folder is skipped quietly and counted; a named one still warns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fl-skip-"));
    mkdirSync(join(dir, "repo/.github"), { recursive: true });
    writeFileSync(join(dir, "repo/mkdocs.yml"), "site_name: x\nnav: [a.md]\n");
    writeFileSync(join(dir, "repo/ci.yaml"), "jobs: {build: {runs-on: ubuntu}}\n");
    writeFileSync(join(dir, "repo/compose.yaml"), "services:\n  a: {image: a, depends_on: [b]}\n  b: {image: redis}\n");
    const r = await runCli(["validate", "-m", "repo"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("warning");
    expect(r.stderr).toContain("skipped 2 files or folders: 2 not manifests");
    const named = await runCli(["validate", "-m", "repo/mkdocs.yml", "repo/compose.yaml"], { cwd: dir });
    expect(named.stderr).toContain("unrecognised document");
  });
  it("blast shows each hop's evidence and a caveat naming services it cannot see into", async () => {
    const r = await runCli(["blast", "redis", "-m", "test/corpus/robot-shop/docker-compose.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cart ← redis \(declared: depends_on, docker-compose\.yaml:62\)/);
    expect(r.stderr).toMatch(/^note: \d+ services have dependencies faultline cannot \(fully\) see \(catalogue, dispatch/m);
    const j = JSON.parse((await runCli(["blast", "valkey-cart", "-m", "test/corpus/otel-demo-compose", "--json", "-q"])).stdout) as { impacts: Array<{ id: string; steps: unknown[] }> };
    expect(j.impacts.find((i) => i.id === "cart")!.steps).toEqual([{ evidence: "inferred", via: "VALKEY_ADDR (.env)", file: "test/corpus/otel-demo-compose/compose.yaml", line: 98 }]);
  });
  it("graph --format json: every dependency edge carries evidence with file and line", async () => {
    const j = JSON.parse((await runCli(["graph", "-m", "test/corpus/eshop/src", "-f", "json", "-q"])).stdout) as { edges: Array<{ relation: string; evidence?: { kind: string; file: string; line: number } }> };
    const deps = j.edges.filter((e) => e.relation !== "runsOn" && e.relation !== "parent");
    expect(deps.length).toBeGreaterThan(40);
    expect(deps.every((e) => e.evidence && /\.ya?ml$/.test(e.evidence.file) && e.evidence.line > 0)).toBe(true);
  });
});
