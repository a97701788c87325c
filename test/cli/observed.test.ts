import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { loc, svc } from "../helpers/estate.js";

const RETAIL = ["-m", "fixtures/retail", "--observed", "fixtures/observed/retail-jaeger.json"];

describe("retail fixture with an observed Jaeger export (acceptance)", () => {
  it("drift ranks the undeclared call of the critical orders service to the in-house warehouse-mgmt first", async () => {
    const r = await runCli(["drift", ...RETAIL, "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const d = JSON.parse(r.stdout);
    expect(d.undeclared[0]).toEqual({ from: "orders", to: "warehouse-mgmt", fromTier: "critical", toTier: "high", calls: 20412, errors: 0, sources: ["fixtures/observed/retail-jaeger.json:19"] });
    // reviews → identity has more calls but a low-tier caller: ranked after
    expect(d.undeclared.map((u: { from: string; to: string }) => `${u.from}->${u.to}`)).toEqual(["orders->warehouse-mgmt", "reviews->identity"]);
    expect(d.unknownPeers).toEqual([{ name: "payflow.example.net", callers: [{ name: "payments", calls: 20987 }], callees: [], calls: 20987 }]);
    // declared and never observed, only for callers that were observed calling
    const never = d.neverObserved.map((u: { from: string; to: string }) => `${u.from}->${u.to}`);
    expect(never).toContain("payments->payments-queue");
    expect(never.every((x: string) => ["checkout", "orders", "payments", "storefront-web", "reviews"].includes(x.split("->")[0]!))).toBe(true);
    expect(never).not.toContain("fulfilment->warehouse-mgmt"); // fulfilment was never seen calling
    expect(d.summary).toMatchObject({ observedPairs: 17, declaredAndObserved: 15, undeclared: 2, undeclaredCriticalOrHigh: 1, unknownPeers: 1, ambiguous: 0, observedServices: 5, services: 60 });
  });

  it("drift text and Markdown lead with the same ranking and a summary line", async () => {
    const t = await runCli(["drift", ...RETAIL]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/2 undeclared dependencies \(1 from critical or high services\)/);
    const rows = t.stdout.split("\n");
    const first = rows.findIndex((l) => l.startsWith("CALLER"));
    expect(rows[first + 1]).toMatch(/^orders\s+critical\s+20412\s+0\s+warehouse-mgmt\s+fixtures\/observed\/retail-jaeger.json:19$/);
    const md = await runCli(["drift", ...RETAIL, "--markdown"]);
    expect(md.stdout).toContain("| orders | critical | 20412 | 0 | warehouse-mgmt | fixtures/observed/retail-jaeger.json:19 |");
    expect(md.stdout.indexOf("| orders |")).toBeLessThan(md.stdout.indexOf("| reviews |"));
  });

  it("blast of warehouse-mgmt's hall includes orders (and checkout behind it), the observed step marked in the path", async () => {
    const before = JSON.parse((await runCli(["blast", "-m", "fixtures/retail", "meridian/dfw/hall-b", "--json"])).stdout);
    expect(before.impacts.map((i: { id: string }) => i.id)).not.toContain("orders");
    const r = await runCli(["blast", ...RETAIL, "meridian/dfw/hall-b", "--json"]);
    expect(r.code).toBe(0);
    const b = JSON.parse(r.stdout);
    const orders = b.impacts.find((i: { id: string }) => i.id === "orders");
    expect(orders).toMatchObject({ state: "down", path: ["orders", "warehouse-mgmt", "meridian/dfw/hall-b"], observedSteps: [0], observedOnly: true });
    const checkout = b.impacts.find((i: { id: string }) => i.id === "checkout");
    expect(checkout).toMatchObject({ state: "down", path: ["checkout", "orders", "warehouse-mgmt", "meridian/dfw/hall-b"], observedSteps: [1], observedOnly: false });
    // casualties reached only through observed edges: orders, returns (through orders) and no others
    const only = b.impacts.filter((i: { observedOnly?: boolean }) => i.observedOnly).map((i: { id: string }) => i.id);
    expect(b.summary.observed).toEqual({ edges: 2, as: "hard", casualtiesOnlyObserved: only.length });
    expect(only).toContain("orders");
    const declaredIds = new Set(before.impacts.map((i: { id: string }) => i.id));
    for (const i of b.impacts) expect(i.observedOnly === true).toBe(!declaredIds.has(i.id));
    const text = (await runCli(["blast", ...RETAIL, "meridian/dfw/hall-b"])).stdout;
    expect(text).toContain(`${only.length} of them only through observed calls (2 observed-only edges, counted hard)`);
    expect(text).toMatch(/orders\s+critical\s+public-cloud\s+orders ←\(observed\) warehouse-mgmt ← meridian\/dfw\/hall-b/);
  });

  it("--observed-as soft: the undeclared call only degrades its caller", async () => {
    const b = JSON.parse((await runCli(["blast", ...RETAIL, "--observed-as", "soft", "meridian/dfw/hall-b", "--json"])).stdout);
    expect(b.impacts.find((i: { id: string }) => i.id === "orders")).toMatchObject({ state: "degraded", relation: "soft", observedSteps: [0] });
    expect(b.summary.observed.as).toBe("soft");
  });

  it("same input, same bytes", async () => {
    const a = (await runCli(["drift", ...RETAIL, "--json"])).stdout;
    expect((await runCli(["drift", ...RETAIL, "--json"])).stdout).toBe(a);
    const g = (await runCli(["graph", ...RETAIL, "-f", "dot"])).stdout;
    expect((await runCli(["graph", ...RETAIL, "-f", "dot"])).stdout).toBe(g);
  });

  it("pictures, graph JSON, spof --for and exposure mark observed edges", async () => {
    const dot = (await runCli(["graph", ...RETAIL, "-f", "dot"])).stdout;
    expect(dot).toContain('"orders" -> "warehouse-mgmt" [style=dotted, label="observed", fontsize=9];');
    expect(dot.match(/observed/g)!.length).toBe(2);
    const mer = (await runCli(["graph", ...RETAIL, "-f", "mermaid"])).stdout;
    expect(mer.match(/-\.->\|"observed"\|/g)!.length).toBe(2);
    const svg = (await runCli(["graph", ...RETAIL, "-f", "svg", "--focus", "orders", "--depth", "1"])).stdout;
    expect(svg).toMatch(/<g data-from="orders" data-to="warehouse-mgmt" data-relation="hard" data-observed="true">/);
    const json = JSON.parse((await runCli(["graph", ...RETAIL])).stdout);
    const obs = json.edges.filter((e: { evidence?: { kind: string } }) => e.evidence?.kind === "observed");
    expect(obs.map((e: { from: string; to: string }) => `${e.from}->${e.to}`)).toEqual(["orders->warehouse-mgmt", "reviews->identity"]);
    const spof = JSON.parse((await runCli(["spof", ...RETAIL, "--for", "checkout", "--json"])).stdout);
    expect(spof.singlePointsOfFailure).toContain("warehouse-mgmt");
    expect(spof.details.find((d: { id: string }) => d.id === "warehouse-mgmt")).toMatchObject({ path: ["checkout", "orders", "warehouse-mgmt"], observedSteps: [1] });
    const exp = (await runCli(["exposure", ...RETAIL])).stdout;
    expect(exp).toContain("(observed: orders → warehouse-mgmt)");
    const sc = JSON.parse((await runCli(["scenarios", ...RETAIL, "--json"])).stdout);
    const sc0 = JSON.parse((await runCli(["scenarios", "-m", "fixtures/retail", "--json"])).stdout);
    const hallB = sc.scenarios.find((s: { name: string }) => s.name === "meridian/dfw/hall-b");
    const blastB = JSON.parse((await runCli(["blast", ...RETAIL, "meridian/dfw/hall-b", "--json"])).stdout);
    const onlyServices = blastB.impacts.filter((i: { kind: string; observedOnly: boolean }) => i.kind === "service" && i.observedOnly).map((i: { id: string }) => i.id).sort();
    expect(hallB.observedOnly).toEqual(onlyServices);
    expect(hallB.observedOnly).toContain("orders");
    expect(sc0.scenarios.find((s: { name: string }) => s.name === "meridian/dfw/hall-b").observedOnly).toBeUndefined();
    expect(sc.summary.observed).toEqual({ edges: 2, as: "hard", scenariosWithObservedOnly: sc.scenarios.filter((s: { observedOnly: string[] }) => s.observedOnly.length > 0).length });
    const scText = (await runCli(["scenarios", ...RETAIL])).stdout;
    expect(scText).toContain(`${sc.summary.observed.scenariosWithObservedOnly} of them reach services only through observed calls (2 observed-only edges, counted hard)`);
    expect(scText).toContain("ONLY THROUGH OBSERVED");
  });
});

describe("--observed on a small estate", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "faultline-observed-"));
    mkdirSync(join(dir, "m"));
    writeFileSync(join(dir, "m", "locations.yaml"), loc("dc", "in-house", "[{name: a}, {name: b}]"));
    writeFileSync(
      join(dir, "m", "services.yaml"),
      svc("web", "{tier: critical, runsOn: [dc/a], dependsOn: [{ref: cache, soft: true}], observedAs: web-frontend}") + svc("cache", "{runsOn: [dc/b]}") + svc("db", "{runsOn: [dc/b]}"),
    );
    writeFileSync(join(dir, "sg.prom"), 'traces_service_graph_request_total{client="web-frontend",server="cache"} 90\ntraces_service_graph_request_total{client="web-frontend",server="pg"} 40\n');
    writeFileSync(join(dir, "bad.prom"), 'traces_service_graph_request_total{client="web"} 1\ntraces_service_graph_request_total{client="web",server="db" 1\n');
  });

  it("declared soft wins over observation: no observed edge is added for a declared pair", async () => {
    const b = JSON.parse((await runCli(["blast", "-m", "m", "--observed", "sg.prom", "dc/b", "--json"], { cwd: dir })).stdout);
    expect(b.impacts.find((i: { id: string }) => i.id === "web")).toMatchObject({ state: "degraded", relation: "soft" });
    expect(b.impacts.find((i: { id: string }) => i.id === "web").observedSteps).toBeUndefined();
    expect(b.summary.observed).toEqual({ edges: 0, as: "hard", casualtiesOnlyObserved: 0 });
  });

  it("observed: in the config, with a name mapping; an unknown mapping target is exit 2", async () => {
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [m]\nobserved:\n  files: [sg.prom]\n  names: {pg: db}\n");
    const d = JSON.parse((await runCli(["drift", "--json"], { cwd: dir })).stdout);
    expect(d.undeclared.map((u: { from: string; to: string }) => `${u.from}->${u.to}`)).toEqual(["web->db"]);
    expect(d.matched).toEqual([
      { name: "cache", id: "cache", by: "exact" },
      { name: "pg", id: "db", by: "mapping" },
      { name: "web-frontend", id: "web", by: "alias" },
    ]);
    const b = JSON.parse((await runCli(["blast", "dc/b", "--json"], { cwd: dir })).stdout);
    expect(b.impacts.find((i: { id: string }) => i.id === "web")).toMatchObject({ state: "down", path: ["web", "db", "dc/b"], observedSteps: [0] });
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [m]\nobserved:\n  files: [sg.prom]\n  names: {pg: postgres}\n");
    const bad = await runCli(["drift"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('observed.names maps "pg" to "postgres", which is no service');
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [m]\nobserved: {file: sg.prom}\n");
    const typo = await runCli(["drift"], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown key observed.file");
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [m]\n");
  });

  it("a malformed observed file: every problem with file:line:column, exit 2, no stack trace, nothing written to -o", async () => {
    for (const cmd of [["drift"], ["blast", "dc/b"], ["graph", "-f", "dot"], ["spof"], ["check", "--baseline", "none.json"]]) {
      const out = join(dir, `out-${cmd[0]}.txt`);
      const r = await runCli([...cmd, "-m", "m", "--observed", "bad.prom", "-o", out], { cwd: dir });
      expect(r.code, cmd.join(" ")).toBe(2);
      if (cmd[0] === "check") continue; // the baseline file is read first
      expect(r.stderr).toContain("bad.prom:1:1: error: traces_service_graph_request_total has no server label");
      expect(r.stderr).toContain("bad.prom:2:61: error: expected `,` or `}` after a label");
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("drift without observed data is a usage error", async () => {
    const r = await runCli(["drift", "-m", "m"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no observed data: pass --observed <file...>");
  });

  it("--observed before a positional id: the id is given back", async () => {
    const r = await runCli(["blast", "-m", "m", "--observed", "sg.prom", "dc/b", "--json"], { cwd: dir });
    expect(JSON.parse(r.stdout).failed).toEqual(["dc/b"]);
  });
});
