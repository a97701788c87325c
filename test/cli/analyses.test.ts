import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { loc, svc } from "../helpers/estate.js";
import { HAND_YAML } from "../analysis/hand-estate.js";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "faultline-analyses-"));
  mkdirSync(join(dir, "estate"));
  writeFileSync(join(dir, "estate", "estate.yaml"), HAND_YAML);
  // Ids named after Object.prototype members must work like any other.
  mkdirSync(join(dir, "hostile"));
  writeFileSync(join(dir, "hostile", "h.yaml"), loc("constructor", "in-house", "[{name: toString}]") + svc("valueOf", "{runsOn: [constructor/toString]}") + svc("hasOwnProperty", "{tier: critical, dependsOn: [valueOf]}"));
});

const run = (args: string[]) => runCli([...args, "-m", "estate"], { cwd: dir });

describe("cli: exposure", () => {
  it("--json prints the shape of spec 5.1", async () => {
    const r = (await run(["exposure", "--json"]));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.schemaVersion).toBe(1);
    expect(out.services.map((s: { id: string }) => s.id)).toEqual(["api", "cache", "db", "hsm", "pay", "shop", "tax-a", "tax-b"]);
    expect(out.services.find((s: { id: string }) => s.id === "shop")).toMatchObject({ id: "shop", hosting: "public-cloud", downWith: ["aws", "dc"], degradedWith: ["vend"] });
  });

  it("prints the summary and crossings as text, only for the services named", async () => {
    const r = (await run(["exposure", "shop"]));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 service: 0 in-house, 1 in public cloud");
    expect(r.stdout).toContain("shop runs public-cloud, but goes down with dc (in-house) through api ← dc/h1");
    expect(r.stdout).not.toContain("tax-a  ");
  });

  it("prints Markdown", async () => {
    const r = (await run(["exposure", "--format", "markdown"]));
    expect(r.stdout).toContain("| Service | Tier | Hosting | Down with | Degraded with |");
    expect(r.stdout).toContain("| `shop` | critical | public-cloud | `aws`, `dc` | `vend` |");
  });

  it("exits 2 with a suggestion for an unknown service", async () => {
    const r = (await run(["exposure", "shpo"]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "shop"');
    expect(r.stdout).toBe("");
  });
});

describe("cli: spof", () => {
  it("--for --json prints exactly spec 5.1 (plus details)", async () => {
    const r = (await run(["spof", "--for", "shop", "--json"]));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ schemaVersion: 1, service: "shop", singlePointsOfFailure: ["api", "aws", "aws/r1", "aws/r1/z2", "db", "dc", "dc/h1", "dc/h2", "hsm"] });
  });

  it("prints the ranking as text, most damaging first", async () => {
    const r = (await run(["spof"]));
    expect(r.code).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => /^\d+ /.test(l));
    expect(rows[0]).toMatch(/^1\s+aws\s+location\s+public-cloud\s+2\s+5\s+api, shop$/);
    expect(rows).toHaveLength(11);
    expect(r.stdout).toContain("11 of 16 nodes take down at least one other service on their own; 9 take down a critical service");
  });

  it("--json prints every row; --limit cuts it; --tier changes the ranking", async () => {
    const all = JSON.parse((await run(["spof", "--json"])).stdout);
    expect(all.nodes).toHaveLength(11);
    expect(all.nodes[0]).toMatchObject({ id: "aws", servicesDown: 5, servicesDownAtTier: 2, servicesAtTier: ["api", "shop"] });
    expect(JSON.parse((await run(["spof", "--json", "--limit", "2"])).stdout).nodes).toHaveLength(2);
    const detail1 = JSON.parse((await run(["spof", "--json", "--detail", "1"])).stdout).nodes;
    expect(detail1).toHaveLength(11);
    expect(detail1[0].servicesAtTier).toEqual(["api", "shop"]);
    expect(detail1[1].servicesAtTier).toBeUndefined();
    expect(detail1[1].servicesDownAtTier).toBe(2);
    const high = JSON.parse((await run(["spof", "--json", "--tier", "high"])).stdout);
    expect(high.tier).toBe("high");
    expect(high.nodes[0].servicesAtTier).toEqual(["api", "db", "shop"]);
  });

  it("exits 2 on an unknown id or a bad tier", async () => {
    expect((await run(["spof", "--for", "nope"])).code).toBe(2);
    expect((await run(["spof", "--tier", "urgent"])).code).toBe(2);
  });

  it("refuses --max-work and --max-path-chars without --for (they bound only --for), and takes them with it", async () => {
    for (const flag of ["--max-work", "--max-path-chars"]) {
      const r = await run(["spof", flag, "10"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flag} applies only with --for <service>`);
      expect(r.stdout).toBe("");
      expect((await run(["spof", "--for", "shop", flag, "100000"])).code).toBe(0);
    }
  });

  it("handles ids named after Object.prototype members", async () => {
    const r = (await runCli(["spof", "--for", "hasOwnProperty", "--json", "-m", "hostile"], { cwd: dir }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).singlePointsOfFailure).toEqual(["constructor", "constructor/toString", "valueOf"]);
    const e = (await runCli(["exposure", "--json", "-m", "hostile"], { cwd: dir }));
    expect(JSON.parse(e.stdout).services.map((s: { id: string; downWith: string[] }) => [s.id, s.downWith])).toEqual([
      ["hasOwnProperty", ["constructor"]],
      ["valueOf", ["constructor"]],
    ]);
  });
});

describe("cli: risk", () => {
  it("--json prints the shape of spec 5.1", async () => {
    const r = (await run(["risk", "shop", "--json"]));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ schemaVersion: 1, service: "shop", maxSize: 2, complete: true });
    expect(out.groups.slice(-2)).toEqual([
      ["aws/r1/z1", "tax-b"],
      ["tax-a", "tax-b"],
    ]);
  });

  it("says so, visibly, when the budget stops the search", async () => {
    const r = (await run(["risk", "shop", "--max-size", "3", "--budget", "1"]));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("INCOMPLETE");
    expect(r.stderr).toContain("stopped by the work budget");
    expect(JSON.parse((await run(["risk", "shop", "--budget", "1", "--json"])).stdout).complete).toBe(false);
  });

  it("exits 2 on bad usage", async () => {
    expect((await run(["risk"])).code).toBe(2);
    expect((await run(["risk", "shop", "--max-size", "0"])).code).toBe(2);
    expect((await run(["risk", "shop", "--max-size", "9"])).code).toBe(2);
    expect((await run(["risk", "shpo"])).stderr).toContain('did you mean "shop"');
  });
});

describe("cli: scenarios", () => {
  it("prints text, JSON and Markdown, ranked by damage", async () => {
    const t = (await run(["scenarios"]));
    expect(t.code).toBe(0);
    expect(t.stdout.split("\n").filter((l) => /^\d+ /.test(l))[0]).toMatch(/^1\s+aws\s+provider\s+5\s+0\s+2\s+api, shop$/);
    const j = JSON.parse((await run(["scenarios", "--json"])).stdout);
    expect(j.scenarios.map((s: { name: string }) => s.name)).toContain("hosting:in-house");
    expect((await run(["scenarios", "--format", "markdown"])).stdout).toContain("| 1 | aws | provider | 5 | 0 | 2 | `api`, `shop` |");
  });

  it("writes to a file with -o and nothing on bad input", async () => {
    const out = join(dir, "out", "scenarios.md");
    expect((await run(["scenarios", "--format", "markdown", "-o", out])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("| 1 | aws |");
    writeFileSync(join(dir, "bad.yaml"), svc("x", "{dependsOn: [nowhere]}"));
    const bad = join(dir, "out", "bad.md");
    const r = (await runCli(["scenarios", "-m", "bad.yaml", "-o", bad], { cwd: dir }));
    expect(r.code).toBe(2);
    expect(existsSync(bad)).toBe(false);
  });
});

describe("cli: output options", () => {
  it("refuses an empty -o, a -o below a file, and --json beside another --format, with exit 2 and nothing written", async () => {
    writeFileSync(join(dir, "afile"), "keep");
    for (const [args, message] of [
      [["exposure", "-o", ""], "give a file name"],
      [["exposure", "-o", "afile/x.txt"], "cannot write afile/x.txt: a folder on its path is a file"],
      [["exposure", "--format", "markdown", "--json"], "give --json or --format markdown, not both"],
      [["graph", "--json", "--format", "svg"], "give --json or --format svg, not both"],
      [["check", "--base-dir", ".", "--json", "--format", "sarif"], "give --json or --format sarif, not both"],
    ] as const) {
      const r = await run([...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe("");
    }
    expect(readFileSync(join(dir, "afile"), "utf8")).toBe("keep");
    expect((await run(["exposure", "--json", "--format", "json"])).code).toBe(0);
  });
});
