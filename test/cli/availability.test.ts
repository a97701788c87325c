import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { loadOf, svc } from "../helpers/estate.js";

describe("faultline availability (CLI)", () => {
  it("text: the figure, downtime, method, assumptions and top contributors of checkout (retail, config defaults)", async () => {
    const r = await runCli(["availability", "checkout"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^checkout {2}availability 99\.\d+% {2}\(fully up 9\d\.\d+%\)\n/);
    expect(r.stdout).toMatch(/expected downtime: [\d.]+ (days|h) a year, [\d.]+ (h|min) per 30 days/);
    expect(r.stdout).toMatch(/method: exact \(decision diagram of \d+ nodes\)/);
    expect(r.stdout).toMatch(/assumptions: 5 of 48 nodes it depends on \(itself included\) have no figure and are taken as never failing; 30 take a config default/);
    expect(r.stdout).toContain("top contributors:");
    expect(r.stdout).toContain("default for service type database");
  });

  it("--json: spec 7's shape, services sorted by id, lower ≤ availability ≤ upper", async () => {
    const r = await runCli(["availability", "payments", "checkout", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.services.map((s: { id: string }) => s.id)).toEqual(["checkout", "payments"]);
    for (const s of j.services) {
      expect(Object.keys(s).slice(0, 7)).toEqual(["id", "availability", "up", "method", "lower", "upper", "assumedPerfect"]);
      expect(s.method).toBe("exact");
      expect(s.lower).toBeLessThanOrEqual(s.availability);
      expect(s.availability).toBeLessThanOrEqual(s.upper);
      expect(s.up).toBeLessThanOrEqual(s.availability);
      expect(s.contributors.length).toBeGreaterThan(0);
    }
    expect(j.assumptions.every((a: { source: string }) => a.source === "default")).toBe(true);
    // Same input, same bytes.
    expect((await runCli(["availability", "payments", "checkout", "--json"])).stdout).toBe(r.stdout);
  });

  it("--assume: what if a zone never failed, or a vendor were better", async () => {
    const base = JSON.parse((await runCli(["availability", "payments", "--json"])).stdout).services[0];
    const r = await runCli(["availability", "payments", "--json", "--assume", "payflow=never-fails", "payflow-api-us=99.99%"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.services[0].availability).toBeGreaterThan(base.availability);
    expect(j.assumptions.filter((a: { source: string }) => a.source === "assume")).toEqual([
      { id: "payflow", availability: 1, source: "assume" },
      { id: "payflow-api-us", availability: 0.9999, source: "assume" },
    ]);
  });

  it("markdown: a table and the contributors", async () => {
    const r = await runCli(["availability", "checkout", "-f", "markdown", "--top", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("## Availability\n\n| Service | Availability |");
    expect(r.stdout).toContain("### checkout: top contributors");
    expect(r.stdout.match(/^\| [a-z][^|]* \| 99\.9/gm)!.length).toBeGreaterThanOrEqual(2);
  });

  it("bad input: exit 2 with a message, nothing written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-av-"));
    const out = join(dir, "out.json");
    for (const args of [
      ["availability", "checkout", "--assume", "checkout=150%", "-o", out],
      ["availability", "checkout", "--assume", "nosuch=1", "-o", out],
      ["availability", "aws", "-o", out],
      ["availability", "checkotu", "-o", out],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/faultline: /);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(existsSync(out)).toBe(false);
    expect((await runCli(["availability", "checkotu"])).stderr).toContain('did you mean "checkout"');
  });

  it("the config's availability.defaults: problems are diagnostics with line and column", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-avcfg-"));
    writeFileSync(join(dir, "e.yaml"), svc("db", "{type: database}") + svc("api", "{dependsOn: [db]}"));
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [e.yaml]\navailability:\n  defaults:\n    serviceTypes: {database: 99.5%}\n");
    const ok = await runCli(["availability", "api", "--json"], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).services[0].availability).toBeCloseTo(0.995, 12);
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [e.yaml]\navailability:\n  defaults:\n    serviceType: {database: 99.5%}\n    locationTypes: {zone: 200%}\n");
    const bad = await runCli(["availability", "api"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/faultline\.config\.yaml:4:5: error: unknown key "serviceType" in availability\.defaults/);
    expect(bad.stderr).toContain("did you mean `serviceTypes`?");
    expect(bad.stderr).toMatch(/faultline\.config\.yaml:5:27: error: invalid availability for location type "zone"/);
  });

  it("graph --format open-psa needs --focus and exports the service's tree", async () => {
    expect((await runCli(["graph", "--format", "open-psa"])).code).toBe(2);
    const r = await runCli(["graph", "--format", "open-psa", "--focus", "tax-west"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n/);
    expect(r.stdout).toContain('<define-gate name="down-tax-west">');
    expect(r.stdout).toContain("<label>meridian/dfw/hall-b</label>");
  });
});

describe("availability hints in imported formats", () => {
  it("Compose labels, Kubernetes and Backstage annotations carry availability and availability-target", () => {
    const r = loadOf({
      "c/compose.yaml": "services:\n  web:\n    image: w\n    labels: {faultline.availability: 99.9%, faultline.availability-target: '99.5%'}\n  db:\n    image: d\n    labels: {faultline.availability: 2}\n",
      "k.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations: {faultline/availability: '0.999'}\nspec: {template: {spec: {containers: [{name: a, image: a}]}}}\n",
      "b.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: shop\n  annotations: {faultline/availability-target: 99.99%}\nspec: {type: service, lifecycle: production, owner: t}\n",
    });
    const g = r.estate.graph;
    const find = (suffix: string) => g.nodes().find((id) => id === suffix || id.endsWith(suffix))!;
    expect(g.getNodeAttribute(find("web"), "availability")).toBeCloseTo(0.999, 12);
    expect(g.getNodeAttribute(find("web"), "availabilityTarget")).toBeCloseTo(0.995, 12);
    expect(g.getNodeAttribute(find("api"), "availability")).toBeCloseTo(0.999, 12);
    expect(g.getNodeAttribute(find("shop"), "availabilityTarget")).toBeCloseTo(0.9999, 12);
    const bad = r.diagnostics.find((d) => d.code === "bad-hint" && d.message.includes("availability"));
    expect(bad?.severity).toBe("warning");
    expect(bad?.file).toBe("c/compose.yaml");
  });
});

describe("README: faultline availability checkout", () => {
  it("shows what the command prints", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const block = /\$ faultline availability checkout --top 3[^\n]*\n([\s\S]*?)```/.exec(readme)![1]!;
    const r = await runCli(["availability", "checkout", "--top", "3"]);
    expect(r.stdout.startsWith(block)).toBe(true);
  });
});
