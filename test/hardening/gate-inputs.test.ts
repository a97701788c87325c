/**
 * The gate's own inputs come from the base (issue 12, item 3): a pull request that turns a rule
 * off, adds its violations to the baseline or points `manifests:` elsewhere still fails on its
 * new violations, and the report names the changed gate input; the change's inputs apply only
 * when asked for (--gate-inputs-from-head). Dangling references new in the change fail the
 * check; fingerprints keep node boundaries; --base-dir gives the ids --base gives.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { git, LOCATIONS, repoWith, SERVICES, writeFiles } from "../check/git-repo.js";
import { fingerprintOf } from "../../src/policy/fingerprint.js";

/** The change: checkout gains a hard dependency on ledger, which runs in one hall only. */
const LEDGER = `---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: ledger}\nspec:\n  tier: critical\n  runsOn: [dc/hall-a]\n`;
const RISKY = SERVICES.replace("    - payments\n", "    - payments\n    - ledger\n") + LEDGER;

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

function repo(extra: Record<string, string> = {}): string {
  const r = repoWith({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES, "faultline.config.yaml": "manifests: [m]\n", ...extra });
  cleanups.push(r.cleanup);
  return r.dir;
}

const json = (stdout: string) => JSON.parse(stdout) as { passed: boolean; policy: string; gateInputs: { from: string; changed: Array<{ input: string; file: string; differences: string[] }> }; violations: Array<{ rule: string; status: string; nodes: string[] }> };

describe("hardening: gate inputs come from the base", () => {
  it("a change that turns the rule off in the policy still fails, and the report names the policy change", async () => {
    const dir = repo({ "faultline.policy.yaml": "rules: {new-single-point-of-failure: error}\n" });
    writeFiles(dir, { "m/services.yaml": RISKY, "faultline.policy.yaml": "rules: {new-single-point-of-failure: off, unredundant-boundary-crossing: off, tier-inversion: off}\n" });
    const r = await runCli(["check", "--base", "main", "--format", "json"], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const out = json(r.stdout);
    expect(out.violations.some((v) => v.status === "new" && v.rule === "new-single-point-of-failure")).toBe(true);
    expect(out.gateInputs.from).toBe("base");
    expect(out.gateInputs.changed.find((c) => c.input === "policy")?.differences).toContain("rule new-single-point-of-failure: error → off");
    const text = await runCli(["check", "--base", "main"], { cwd: dir });
    expect(text.stdout.split("\n")[1]).toMatch(/the change edits the gate's inputs: policy \(faultline\.policy\.yaml\)/);
    const md = await runCli(["check", "--base", "main", "--format", "markdown"], { cwd: dir });
    expect(md.stdout).toMatch(/the change edits the gate's inputs/);
    const gh = await runCli(["check", "--base", "main", "--format", "github"], { cwd: dir });
    expect(gh.stdout).toMatch(/^::warning title=faultline%3A gate inputs changed::the change edits/m);
    // Asked for explicitly, the change's policy applies.
    expect((await runCli(["check", "--base", "main", "--gate-inputs-from-head"], { cwd: dir })).code).toBe(0);
  });

  it("a policy only in the change (none on the base) does not apply either", async () => {
    const dir = repo();
    writeFiles(dir, { "m/services.yaml": RISKY, "faultline.policy.yaml": "rules: {new-single-point-of-failure: off}\n" });
    const r = await runCli(["check", "--base", "main", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).policy).toBe("defaults");
  });

  it("a change that adds its own violations to the baseline still fails, and the report names the baseline", async () => {
    const dir = repo();
    expect((await runCli(["check", "--base", "main", "--write-baseline", "baseline.json"], { cwd: dir })).code).toBe(0);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "baseline");
    writeFiles(dir, { "m/services.yaml": RISKY });
    expect((await runCli(["check", "--base", "main", "--write-baseline", "baseline.json"], { cwd: dir })).code).toBe(0);
    const r = await runCli(["check", "--base", "main", "--baseline", "baseline.json", "--format", "json"], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const out = json(r.stdout);
    const b = out.gateInputs.changed.find((c) => c.input === "baseline");
    expect(b?.file).toBe("baseline.json");
    expect(b?.differences.some((d) => d.startsWith("+ new-single-point-of-failure"))).toBe(true);
    expect((await runCli(["check", "--base", "main", "--baseline", "baseline.json", "--gate-inputs-from-head"], { cwd: dir })).code).toBe(0);
  });

  it("a change that points manifests: elsewhere is still checked on the base's paths", async () => {
    const dir = repo();
    writeFiles(dir, { "m/services.yaml": RISKY, "decoy/x.yaml": "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: decoy}\n", "faultline.config.yaml": "manifests: [decoy]\n" });
    const r = await runCli(["check", "--base", "main", "--format", "json"], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const c = json(r.stdout).gateInputs.changed.find((x) => x.input === "config");
    expect(c?.differences).toEqual(['manifests: ["m"] → ["decoy"]']);
  });

  it("the same through --base-dir (a checkout of the base)", async () => {
    const dir = repo({ "faultline.policy.yaml": "rules: {new-single-point-of-failure: error}\n" });
    const baseDir = mkdtempSync(join(tmpdir(), "faultline-basedir-"));
    cleanups.push(() => rmSync(baseDir, { recursive: true, force: true }));
    cpSync(dir, baseDir, { recursive: true });
    writeFiles(dir, { "m/services.yaml": RISKY, "faultline.policy.yaml": "rules: {new-single-point-of-failure: off}\n", "faultline.config.yaml": "manifests: [m]\nk8sLocation: dc\n" });
    const r = await runCli(["check", "--base-dir", baseDir, "--format", "json"], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(json(r.stdout).gateInputs.changed.map((c) => c.input).sort()).toEqual(["config", "policy"]);
  });

  it("a dangling reference new in the change fails the check; one already on the base does not", async () => {
    const compose = (deps: string[]) => `services:\n  web:\n    image: web\n    depends_on: [${deps.join(", ")}]\n  db: {image: db}\n`;
    const dir = repo({ "m/compose.yaml": compose(["db", "old-missing"]) });
    expect((await runCli(["check", "--base", "main"], { cwd: dir })).code).toBe(0);
    writeFiles(dir, { "m/compose.yaml": compose(["db", "old-missing", "new-missing"]) });
    const r = await runCli(["check", "--base", "main"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: unknown dependency "new-missing"/);
    expect(r.stderr).toMatch(/new in this change/);
    expect(r.stderr).not.toMatch(/error: unknown dependency "old-missing"/);
  });

  it("fingerprints keep node boundaries: ids with line breaks or separators cannot collide", () => {
    expect(fingerprintOf("r", ["a\nb"])).not.toBe(fingerprintOf("r", ["a", "b"]));
    expect(fingerprintOf("r\na", ["b"])).not.toBe(fingerprintOf("r", ["a", "b"]));
    expect(fingerprintOf("r", ['a","b'])).not.toBe(fingerprintOf("r", ["a", "b"]));
  });

  it("--base-dir gives the same ids as --base for the same content (Compose project names do not come from the folder)", async () => {
    const files = { "compose.yaml": "services:\n  web: {image: web, depends_on: [api]}\n  api: {image: api}\n", "sub/compose.yaml": "services:\n  web: {image: web}\n" };
    const r0 = repoWith(files);
    cleanups.push(r0.cleanup);
    const baseDir = mkdtempSync(join(tmpdir(), "faultline-other-name-"));
    cleanups.push(() => rmSync(baseDir, { recursive: true, force: true }));
    cpSync(r0.dir, baseDir, { recursive: true });
    const viaRef = await runCli(["check", "-m", "compose.yaml", "sub", "--base", "main", "--format", "json"], { cwd: r0.dir });
    const viaDir = await runCli(["check", "-m", "compose.yaml", "sub", "--base-dir", baseDir, "--format", "json"], { cwd: r0.dir });
    expect(viaRef.code, viaRef.stderr).toBe(0);
    expect(viaDir.code, viaDir.stderr).toBe(0);
    const a = JSON.parse(viaRef.stdout);
    const b = JSON.parse(viaDir.stdout);
    expect(b.summary.changes).toBe(0);
    expect(b.violations).toEqual(a.violations);
    expect(b.change).toEqual(a.change);
  });
});
