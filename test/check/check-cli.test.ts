import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { git, LOCATIONS, repoWith, SERVICES, writeFiles } from "./git-repo.js";
import { checkSarifStructure } from "./sarif-structure.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function repo(files: Record<string, string> = { "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES }): string {
  const r = repoWith(files);
  cleanups.push(r.cleanup);
  return r.dir;
}

/** The 1-based line of the first line of `file` that contains `needle`. */
function lineOf(dir: string, file: string, needle: string): number {
  const i = readFileSync(join(dir, file), "utf8").split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

const LEDGER_IN_ONE_ZONE = `---
apiVersion: faultline/v1
kind: Service
metadata: {name: ledger}
spec:
  runsOn: [aws/us-east-1/az1]
`;

beforeAll(() => {
  // The built CLI must exist (npm test builds it in pretest).
  expect(existsSync(join(__dirname, "../../dist/cli/bin.js"))).toBe(true);
});

describe("faultline check (CLI on real git repositories)", () => {
  it("fails when a critical service gains a hard dependency on a single-zone cloud service, with a SARIF result at that line", async () => {
    const dir = repo();
    writeFiles(dir, { "m/services.yaml": SERVICES.replace("    - payments\n", "    - payments\n    - ledger\n") + LEDGER_IN_ONE_ZONE });
    const text = (await runCli(["check", "-m", "m", "--base", "main"], { cwd: dir }));
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("+ dependency checkout → ledger (hard)");
    expect(text.stdout).toMatch(/failed: 2 new errors/);

    const r = (await runCli(["check", "-m", "m", "--base", "main", "--format", "sarif"], { cwd: dir }));
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    checkSarifStructure(log);
    const depLine = lineOf(dir, "m/services.yaml", "- ledger");
    const spof = log.runs[0].results.filter((x: { ruleId: string; baselineState: string }) => x.ruleId === "new-single-point-of-failure" && x.baselineState === "new");
    expect(spof.length).toBe(2); // ledger itself and its zone; the region and provider are implied by the zone
    for (const res of spof) {
      expect(res.level).toBe("error");
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation).toEqual({ uri: "m/services.yaml", uriBaseId: "%SRCROOT%" });
      expect(loc.region).toEqual({ startLine: depLine, startColumn: 7 });
    }
    expect(spof.map((x: { properties: { nodes: string[] } }) => x.properties.nodes[1]).sort()).toEqual(["aws/us-east-1/az1", "ledger"]);
    // The crossing from in-house to cloud is reported too, as a warning, at the same line.
    const crossing = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "unredundant-boundary-crossing");
    expect(crossing.level).toBe("warning");
    expect(crossing.locations[0].physicalLocation.region.startLine).toBe(depLine);
    // The working tree is untouched: the change is still there, nothing else appeared.
    expect(git(dir, "status", "--porcelain")).toBe(" M m/services.yaml\n");
  });

  it("passes a harmless new leaf service", async () => {
    const dir = repo();
    writeFiles(dir, {
      "m/reports.yaml": `apiVersion: faultline/v1
kind: Service
metadata: {name: reports}
spec:
  tier: low
  runsOn: [dc/hall-a]
  dependsOn: [payments]
`,
    });
    const r = (await runCli(["check", "-m", "m", "--base", "main", "--format", "json"], { cwd: dir }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.passed).toBe(true);
    expect(out.change.services.added.map((s: { id: string }) => s.id)).toEqual(["reports"]);
    expect(out.violations.filter((v: { status: string }) => v.status === "new")).toEqual([]);
    // The blast radius of payments grew by the new dependent.
    expect(out.blastDiff.find((b: { id: string }) => b.id === "payments")).toMatchObject({ newlyDown: ["reports"] });
  });

  it("passes a new dependency made redundant across cloud and in-house", async () => {
    const dir = repo();
    writeFiles(dir, {
      "m/services.yaml":
        SERVICES.replace("    - payments\n", "    - payments\n    - anyOf: [ledger-cloud, ledger-dc]\n") +
        `---
apiVersion: faultline/v1
kind: Service
metadata: {name: ledger-cloud}
spec:
  tier: high
  runsOn: [aws/us-east-1/az1]
---
apiVersion: faultline/v1
kind: Service
metadata: {name: ledger-dc}
spec:
  tier: high
  runsOn: [dc/hall-a, dc/hall-b]
`,
    });
    const r = (await runCli(["check", "-m", "m", "--base", "main", "--format", "json"], { cwd: dir }));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.change.dependencies.added.map((d: { to: string; relation: string }) => `${d.to}:${d.relation}`)).toEqual(["ledger-cloud:group", "ledger-dc:group"]);
    const fresh = out.violations.filter((v: { status: string }) => v.status === "new");
    // Neither a new single point of failure nor a crossing: the in-house member carries the group alone.
    expect(fresh.filter((v: { severity: string }) => v.severity === "error")).toEqual([]);
    expect(out.violations.filter((v: { rule: string }) => v.rule === "unredundant-boundary-crossing")).toEqual([]);
    // Only the tier difference (critical needs high) is reported, as a warning.
    expect(fresh.map((v: { rule: string }) => v.rule)).toEqual(["tier-inversion"]);
  });

  it("fails the same dependency without the in-house member, on a warning when --fail-on warning", async () => {
    const dir = repo();
    writeFiles(dir, {
      "m/services.yaml":
        SERVICES.replace("    - payments\n", "    - payments\n    - anyOf: [ledger-cloud, ledger-cloud-2]\n") +
        `---
apiVersion: faultline/v1
kind: Service
metadata: {name: ledger-cloud}
spec: {tier: high, runsOn: [aws/us-east-1/az1]}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: ledger-cloud-2}
spec: {tier: high, runsOn: [aws/us-east-1/az2]}
`,
    });
    // No single point of failure below the provider's region… but the region is one.
    const json = JSON.parse((await runCli(["check", "-m", "m", "--base", "main", "--format", "json"], { cwd: dir })).stdout);
    const fresh = json.violations.filter((v: { status: string }) => v.status === "new");
    expect(fresh.map((v: { rule: string; nodes: string[] }) => `${v.rule}:${v.nodes.join(",")}`).sort()).toEqual([
      "new-single-point-of-failure:checkout,aws/us-east-1",
      "tier-inversion:checkout,ledger-cloud,ledger-cloud-2",
      "unredundant-boundary-crossing:checkout,ledger-cloud,ledger-cloud-2",
    ]);
    expect((await runCli(["check", "-m", "m", "--base", "main"], { cwd: dir })).code).toBe(1);
    // Without the spof rule only warnings remain: they fail only with --fail-on warning.
    // (The policy is the change's here, asked for with --gate-inputs-from-head: by default the base's applies.)
    writeFiles(dir, { "faultline.policy.yaml": "rules: {new-single-point-of-failure: off}\n" });
    expect((await runCli(["check", "-m", "m", "--base", "main"], { cwd: dir })).code).toBe(1);
    expect((await runCli(["check", "-m", "m", "--base", "main", "--gate-inputs-from-head"], { cwd: dir })).code).toBe(0);
    expect((await runCli(["check", "-m", "m", "--base", "main", "--gate-inputs-from-head", "--fail-on", "warning"], { cwd: dir })).code).toBe(1);
  });

  it("passes when a single point of failure that exists on the base is untouched, and reports it as known", async () => {
    const dir = repo();
    writeFiles(dir, { "m/services.yaml": SERVICES.replace("  tier: critical\n  runsOn: [dc/hall-a, dc/hall-b]\n  dependsOn:", "  tier: critical\n  owner: team-checkout\n  runsOn: [dc/hall-a, dc/hall-b]\n  dependsOn:") });
    const r = (await runCli(["check", "-m", "m", "--base", "main", "--format", "json"], { cwd: dir }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const known = out.violations.find((v: { nodes: string[] }) => v.nodes.join() === "checkout,payments");
    expect(known).toMatchObject({ rule: "new-single-point-of-failure", severity: "error", status: "known", knownFrom: "base", path: ["checkout", "payments"] });
    expect(known.location.line).toBe(lineOf(dir, "m/services.yaml", "- payments"));
    expect(out.summary.new).toEqual({ error: 0, warning: 0 });
    const text = (await runCli(["check", "-m", "m", "--base", "main"], { cwd: dir })).stdout;
    expect(text).toMatch(/Known violations \(\d+\)/);
    expect(text).toContain("error critical service checkout goes down when service payments fails alone: payments is a single point of failure [new-single-point-of-failure]");
  });

  it("exits 2 with the diagnostic when the head has an unknown reference", async () => {
    const dir = repo();
    writeFiles(dir, { "m/services.yaml": SERVICES.replace("    - payments\n", "    - paymnets\n") });
    const r = (await runCli(["check", "-m", "m", "--base", "main"], { cwd: dir }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`m/services.yaml:${lineOf(dir, "m/services.yaml", "paymnets")}:7: error: unknown dependency "paymnets"`);
    expect(r.stderr).toContain("did you mean `payments`?");
  });

  it("exits 2 saying it is the base when the base does not load", async () => {
    const dir = repo({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES.replace("    - payments\n", "    - nowhere\n") });
    writeFiles(dir, { "m/services.yaml": SERVICES });
    const r = (await runCli(["check", "-m", "m", "--base", "main"], { cwd: dir }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the base (main) does not load");
    expect(r.stderr).toMatch(/m\/services\.yaml:8:7: error: unknown dependency "nowhere"/);
    expect(r.stderr).toContain("- nowhere"); // the source line, read from git
  });

  it("exits 2 on an unknown git ref, and on a folder that is not a repository", async () => {
    const dir = repo();
    const r = (await runCli(["check", "-m", "m", "--base", "no-such-branch"], { cwd: dir }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown git ref "no-such-branch"');
    const dash = (await runCli(["check", "-m", "m", "--base=--output=/tmp/x"], { cwd: dir }));
    expect(dash.code).toBe(2);
    rmGit(dir);
    const nr = (await runCli(["check", "-m", "m", "--base", "main"], { cwd: dir }));
    expect(nr.code).toBe(2);
    expect(nr.stderr).toContain("not inside a git repository");
  });

  it("exits 2 with file, line and hint on a bad policy file, and applies a good one", async () => {
    const dir = repo();
    writeFiles(dir, { "faultline.policy.yaml": "rules:\n  tier-inversoin: error\n" });
    const r = (await runCli(["check", "-m", "m", "--base", "main"], { cwd: dir }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('faultline.policy.yaml:2:3: error: unknown rule "tier-inversoin"');
    expect(r.stderr).toContain("did you mean `tier-inversion`?");

    // Off: the new single point of failure no longer fails; a policy in the config file works too.
    writeFiles(dir, {
      "faultline.policy.yaml": "rules:\n  new-single-point-of-failure: off\n  unredundant-boundary-crossing: {severity: error, allow: [{from: checkout, to: ledger}]}\n",
      "m/services.yaml": SERVICES.replace("    - payments\n", "    - payments\n    - ledger\n") + LEDGER_IN_ONE_ZONE,
    });
    expect((await runCli(["check", "-m", "m", "--base", "main", "--gate-inputs-from-head"], { cwd: dir })).code).toBe(0);
    rmFile(dir, "faultline.policy.yaml");
    writeFiles(dir, { "faultline.config.yaml": "manifests: [m]\npolicy:\n  rules:\n    new-single-point-of-failure: warning\n" });
    const c = (await runCli(["check", "--base", "main", "--format", "json", "--gate-inputs-from-head"], { cwd: dir }));
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).policy).toBe("faultline.config.yaml#policy");
    writeFiles(dir, { "faultline.config.yaml": "manifests: [m]\npolicy:\n  rules:\n    new-single-point-of-failure: fatal\n" });
    const bad = (await runCli(["check", "--base", "main", "--gate-inputs-from-head"], { cwd: dir }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("faultline.config.yaml:4:34: error: unknown severity");
  });

  it("records a baseline, treats its entries as known, and reports stale entries", async () => {
    const dir = repo();
    writeFiles(dir, { "m/services.yaml": SERVICES.replace("    - payments\n", "    - payments\n    - ledger\n") + LEDGER_IN_ONE_ZONE });
    const w = (await runCli(["check", "-m", "m", "--base", "main", "--write-baseline", "faultline.baseline.json"], { cwd: dir }));
    expect(w.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, "faultline.baseline.json"), "utf8"));
    expect(saved.schemaVersion).toBe(1);
    expect(saved.violations.some((v: { nodes: string[] }) => v.nodes.join() === "checkout,ledger")).toBe(true);
    const b = (await runCli(["check", "-m", "m", "--base", "main", "--baseline", "faultline.baseline.json", "--gate-inputs-from-head", "--format", "json"], { cwd: dir }));
    expect(b.code).toBe(0);
    const out = JSON.parse(b.stdout);
    expect(out.violations.find((v: { nodes: string[] }) => v.nodes.join() === "checkout,ledger").knownFrom).toBe("baseline");
    // Fix the risk: the entries about ledger become stale.
    writeFiles(dir, { "m/services.yaml": SERVICES });
    const s = (await runCli(["check", "-m", "m", "--base", "main", "--baseline", "faultline.baseline.json", "--gate-inputs-from-head"], { cwd: dir }));
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/Stale baseline entries \(\d+\)/);
    expect(s.stdout).toContain("new-single-point-of-failure: checkout, ledger");
    writeFileSync(join(dir, "broken.json"), "{not json");
    expect((await runCli(["check", "-m", "m", "--baseline", "broken.json"], { cwd: dir })).code).toBe(2);
  });

  it("compares with a base folder (--base-dir), and paths are relative to the repository root in a subfolder", async () => {
    const dir = repo({ "infra/m/locations.yaml": LOCATIONS, "infra/m/services.yaml": SERVICES });
    git(dir, "worktree", "add", "-q", "--detach", "../" + dir.split("/").pop() + "-base", "main");
    const baseDir = dir + "-base";
    cleanups.push(() => {
      git(dir, "worktree", "remove", "--force", baseDir);
    });
    writeFiles(dir, { "infra/m/services.yaml": SERVICES.replace("    - payments\n", "    - payments\n    - ledger\n") + LEDGER_IN_ONE_ZONE });
    const cwd = join(dir, "infra");
    const r = (await runCli(["check", "-m", "m", "--base-dir", join(baseDir, "infra"), "--format", "sarif"], { cwd }));
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    checkSarifStructure(log);
    const uris = new Set(log.runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(["infra/m/services.yaml"]);
    // An absolute -m path is looked up inside the base folder too, not read from the head.
    const abs = (await runCli(["check", "-m", join(cwd, "m"), "--base-dir", join(baseDir, "infra"), "--format", "json"], { cwd }));
    expect(abs.code).toBe(1);
    expect(JSON.parse(abs.stdout).change.dependencies.added.map((d: { to: string }) => d.to)).toEqual(["ledger"]);
    // The same with --base from the subfolder.
    const g = (await runCli(["check", "-m", "m", "--base", "main", "--format", "github"], { cwd }));
    expect(g.code).toBe(1);
    expect(g.stdout).toMatch(new RegExp(`^::error file=infra/m/services.yaml,line=${lineOf(dir, "infra/m/services.yaml", "- ledger")},col=7,title=faultline new-single-point-of-failure::critical service checkout`, "m"));
  });

  it("writes markdown for the step summary with the change, violations and blast-radius difference", async () => {
    const dir = repo();
    writeFiles(dir, { "m/services.yaml": SERVICES.replace("    - payments\n", "    - payments\n    - ledger\n") + LEDGER_IN_ONE_ZONE });
    const r = (await runCli(["check", "-m", "m", "--base", "main", "--format", "markdown", "-o", "out/summary.md"], { cwd: dir }));
    expect(r.code).toBe(1);
    const md = readFileSync(join(dir, "out/summary.md"), "utf8");
    expect(md).toContain("## faultline check: ❌ failed");
    expect(md).toContain("| New errors | 2 |");
    expect(md).toContain("### Change (2)");
    expect(md).toContain("### New violations (3)".replace("3", String(md.match(/### New violations \((\d+)\)/)![1])));
    expect(md).toContain("### Blast radius of changed services");
    expect(md).toMatch(/\| `ledger` \| — → 1 \|/);
  });

  it("refuses to run with nothing to compare, or with both --base and --base-dir", async () => {
    const dir = repo();
    expect((await runCli(["check", "-m", "m"], { cwd: dir })).code).toBe(2);
    const both = await runCli(["check", "-m", "m", "--base", "main", "--base-dir", "."], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("faultline: give --base <git-ref> or --base-dir <dir>, not both\n"); // the library's words, in flags
  });
});

function rmGit(dir: string): void {
  rmSync(join(dir, ".git"), { recursive: true, force: true });
}
function rmFile(dir: string, f: string): void {
  rmSync(join(dir, f), { force: true });
}

describe("check --scope", () => {
  it("by default lists only the known risks the change can affect and says how much it examined; --scope all lists every known one", async () => {
    const dir = repo();
    // A change that touches nothing anyone depends on: a new, unplaced service of its own.
    writeFiles(dir, { "m/services.yaml": SERVICES + `---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: lonely}\nspec:\n  runsOn: [aws/us-east-1/az1]\n` });
    const scoped = JSON.parse((await runCli(["check", "-m", "m", "--base", "main", "--format", "json"], { cwd: dir })).stdout);
    const all = JSON.parse((await runCli(["check", "-m", "m", "--base", "main", "--format", "json", "--scope", "all"], { cwd: dir })).stdout);
    expect(scoped.scope.mode).toBe("change");
    expect(all.scope.mode).toBe("all");
    expect(scoped.scope.examined).toBeLessThan(all.scope.examined);
    expect(all.summary.known).toBeGreaterThan(scoped.summary.known);
    // Scoping never changes what is new.
    expect(scoped.summary.new).toEqual(all.summary.new);
    const text = (await runCli(["check", "-m", "m", "--base", "main"], { cwd: dir })).stdout;
    expect(text).toMatch(new RegExp(`examined ${scoped.scope.examined} of ${scoped.scope.services} services: those the change can affect`));
    expect((await runCli(["check", "-m", "m", "--base", "main", "--scope", "all"], { cwd: dir })).stdout).not.toContain("examined");
    // SARIF lists every known violation (code scanning closes the alerts a run leaves out).
    const sarif = JSON.parse((await runCli(["check", "-m", "m", "--base", "main", "--format", "sarif"], { cwd: dir })).stdout);
    const unchanged = sarif.runs[0].results.filter((x: { baselineState?: string }) => x.baselineState === "unchanged").length;
    expect(unchanged).toBe(all.summary.known);
  });
});

describe("check: a base whose gate inputs do not read", () => {
  it("says the problems are on the base, not in the change", async () => {
    const dir = repo({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES, "faultline.config.yaml": "manifests: [m]\nexclude: 5\n" });
    writeFiles(dir, { "faultline.config.yaml": "manifests: [m]\n" });
    const r = await runCli(["check", "--base", "main"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the gate's inputs on the base \(main\) do not read; these problems are on the base, not in your change/);
    expect(r.stderr).toMatch(/faultline\.config\.yaml:2:\d+: error: exclude must be a list/);
  });
});
