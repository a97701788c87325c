import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { BIN, runCli } from "../helpers/cli.js";
import { loc, svc } from "../helpers/estate.js";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "faultline-cli-"));
  mkdirSync(join(dir, "estate"));
  writeFileSync(join(dir, "estate", "locations.yaml"), loc("aws", "public-cloud", "[{name: us-east-1, children: [{name: az1}, {name: az2}]}]") + loc("acme", "in-house", "[{name: dc1}]"));
  writeFileSync(
    join(dir, "estate", "services.yaml"),
    svc("payments-db", "{runsOn: [aws/us-east-1/az1]}") +
      svc("payments", "{runsOn: [aws/us-east-1/az1, aws/us-east-1/az2], dependsOn: [payments-db]}") +
      svc("checkout", "{tier: critical, runsOn: [acme/dc1], dependsOn: [payments, {ref: recs, soft: true}]}") +
      svc("recs", "{runsOn: [aws/us-east-1/az2]}"),
  );
});

describe("cli: blast", () => {
  it("--json prints exactly the object of spec section 5", async () => {
    const r = (await runCli(["blast", "aws/us-east-1", "-m", "estate", "--json"], { cwd: dir }));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["schemaVersion", "failed", "summary", "impacts"]);
    expect(out.schemaVersion).toBe(1);
    expect(out.failed).toEqual(["aws/us-east-1"]);
    expect(out.summary).toMatchObject({ nodes: 10, down: 6, degraded: 0 });
    expect(out.impacts.map((i: { id: string }) => i.id)).toEqual(["aws/us-east-1/az1", "aws/us-east-1/az2", "checkout", "payments", "payments-db", "recs"]);
    expect(out.impacts.find((i: { id: string }) => i.id === "checkout")).toEqual({
      id: "checkout",
      kind: "service",
      state: "down",
      relation: "hard",
      // payments went down when its last placement (az2, the later of the two in the worklist) went down
      path: ["checkout", "payments", "aws/us-east-1/az2", "aws/us-east-1"],
      hosting: "in-house",
      tier: "critical",
    });
  });

  it("prints a headline and an aligned table without colour when piped", async () => {
    const r = (await runCli(["blast", "payments-db", "-m", "estate"], { cwd: dir }));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stdout).toContain("Failure of payments-db");
    expect(r.stdout).toContain("2 services down, 0 degraded (of 4), 1 critical down");
    const lines = r.stdout.split("\n").filter((l) => /^(STATE|down|degraded)/.test(l));
    expect(lines[0]).toMatch(/^STATE\s+ID\s+TIER\s+HOSTING\s+PATH$/);
    expect(lines[1]).toMatch(/^down\s+checkout\s+critical\s+in-house\s+checkout ← payments ← payments-db$/);
    const col = lines[0]!.indexOf("PATH");
    for (const l of lines.slice(1)) expect(l.indexOf(l.includes("←") ? l.split(/\s{2,}/).pop()! : "")).toBe(col);
  });

  it("colours on a terminal (FORCE_COLOR) and never with NO_COLOR", async () => {
    expect((await runCli(["blast", "payments-db", "-m", "estate"], { cwd: dir, env: { FORCE_COLOR: "1", NO_COLOR: "" } })).stdout).toMatch(/\x1b\[31m/);
    expect((await runCli(["blast", "payments-db", "-m", "estate"], { cwd: dir, env: { NO_COLOR: "1" } })).stdout).not.toMatch(/\x1b\[/);
  });

  it("accepts -m before the ids", async () => {
    const r = (await runCli(["blast", "-m", "estate", "recs", "--json"], { cwd: dir }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).failed).toEqual(["recs"]);
  });

  it("fails several ids at once and with --hosting", async () => {
    const r = (await runCli(["blast", "recs", "payments-db", "-m", "estate", "--json"], { cwd: dir }));
    expect(JSON.parse(r.stdout).failed).toEqual(["payments-db", "recs"]);
    const h = JSON.parse((await runCli(["blast", "--hosting", "in-house", "-m", "estate", "--json"], { cwd: dir })).stdout);
    expect(h.failed).toEqual(["acme"]);
    expect(h.impacts.map((i: { id: string }) => i.id)).toEqual(["acme/dc1", "checkout"]);
  });

  it("exits 2 on an unknown id with the nearest ids suggested", async () => {
    const r = (await runCli(["blast", "paymnts", "-m", "estate"], { cwd: dir }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('unknown id: "paymnts" (did you mean "payments"?)');
  });

  it("reads manifest paths from faultline.config.yaml, and says what to do without one", async () => {
    const withCfg = mkdtempSync(join(tmpdir(), "faultline-cfg-"));
    mkdirSync(join(withCfg, "m"));
    writeFileSync(join(withCfg, "m", "s.yaml"), svc("a") + svc("b", "{dependsOn: [a]}"));
    writeFileSync(join(withCfg, "faultline.config.yaml"), "manifests: [m]\n");
    const r = (await runCli(["blast", "a", "--json"], { cwd: withCfg }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).impacts[0].id).toBe("b");
    const none = (await runCli(["blast", "a"], { cwd: mkdtempSync(join(tmpdir(), "faultline-nocfg-")) }));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no manifests given: pass -m <folder-or-file>, or create faultline.config.yaml/);
  });

  it("validate exits 0 on a clean estate, and 2 with --strict on an unrecognised document", async () => {
    expect((await runCli(["validate", "-m", "estate"], { cwd: dir })).code).toBe(0);
    const d = mkdtempSync(join(tmpdir(), "faultline-strict-"));
    writeFileSync(join(d, "x.yaml"), svc("a") + "something: else\n");
    const lax = (await runCli(["validate", "-m", "."], { cwd: d }));
    expect(lax.code).toBe(0);
    expect(lax.stderr).toMatch(/x\.yaml:6:1: warning: unrecognised document/);
    expect((await runCli(["validate", "-m", ".", "--strict"], { cwd: d })).code).toBe(2);
  });

  it("exits 2 on a bad --limit, as spof and risk do, instead of ignoring it", async () => {
    for (const bad of ["x", "0", "-1", "1.5", "0x10", "1e3", " 7", "999999999999999999999"]) {
      const r = (await runCli(["blast", "payments-db", "-m", "estate", "--limit", bad], { cwd: dir }));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`--limit takes a whole number ≥ 1, not ${JSON.stringify(bad)}`);
    }
    const ok = (await runCli(["blast", "aws", "-m", "estate", "--limit", "1"], { cwd: dir }));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/and \d+ more/);
  });

  it("ends quietly when the reader closes stdout early (| head), with no stack trace", async () => {
    for (const args of [["check", "--help"], ["graph", "--format", "svg", "-m", "estate"]]) {
      const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" ${args.join(" ")} | head -c 1 >/dev/null`], { cwd: dir, encoding: "utf8" });
      expect(r.stderr).not.toMatch(/EPIPE|node:events|    at /);
    }
  });

  it("lists the commands in --help", async () => {
    const r = (await runCli(["--help"]));
    expect(r.code).toBe(0);
    for (const c of ["blast", "graph", "validate"]) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, "m"));
  });
});

describe("cli: graph --format json", () => {
  it("prints nodes sorted by id and edges by from, then to", async () => {
    const r = (await runCli(["graph", "-m", "estate", "--format", "json"], { cwd: dir }));
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout);
    expect(g.schemaVersion).toBe(1);
    const ids = g.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(g.nodes.find((n: { id: string }) => n.id === "checkout")).toMatchObject({ kind: "service", hosting: "in-house", tier: "critical" });
    expect(g.nodes.find((n: { id: string }) => n.id === "aws/us-east-1")).toMatchObject({ kind: "location", hosting: "public-cloud", parent: "aws" });
    // Since issue 13 every dependency edge also carries its evidence (additive).
    expect(g.edges).toContainEqual(expect.objectContaining({ from: "checkout", to: "recs", relation: "soft", evidence: expect.objectContaining({ kind: "declared" }) }));
    expect(g.edges).toContainEqual({ from: "aws/us-east-1", to: "aws", relation: "parent" });
    const keys = g.edges.map((e: { from: string; to: string }) => `${e.from}\u0000${e.to}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("writes -o atomically and nothing on bad input", async () => {
    const out = join(dir, "out", "graph.json");
    expect((await runCli(["graph", "-m", "estate", "-o", out], { cwd: dir })).code).toBe(0);
    const bad = mkdtempSync(join(tmpdir(), "faultline-bad-"));
    writeFileSync(join(bad, "x.yaml"), "a: [");
    const out2 = join(bad, "graph.json");
    expect((await runCli(["graph", "-m", bad, "-o", out2], { cwd: dir })).code).toBe(2);
    expect(existsSync(out2)).toBe(false);
    expect(existsSync(out)).toBe(true);
  });
});

describe("cli: -o", () => {
  it("refuses a folder as the output file with exit 2 and says so", async () => {
    const d = mkdtempSync(join(tmpdir(), "faultline-odir-"));
    const r = (await runCli(["blast", "payments-db", "-m", join(dir, "estate"), "-o", d]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("it is a folder; give a file name");
  });
});
