/**
 * Nothing half-written: every command's `-o file` is written only on success, through a
 * temporary file renamed into place. On bad input, an unknown id, a bad option or a write
 * that fails, the previous file is untouched, no temporary file is left behind, and the
 * exit code is 2 with a message (never a stack trace).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { writeFileAtomic } from "../../src/cli/write-output.js";

const work = mkdtempSync(join(tmpdir(), "faultline-atomic-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GOOD = `apiVersion: faultline/v1\nkind: Location\nmetadata: {name: dc}\nspec: {hosting: in-house}\n---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: db}\nspec: {runsOn: [dc], tier: critical}\n---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: api}\nspec: {runsOn: [dc], dependsOn: [db], tier: critical}\n`;
const OLD = "previous report: must survive\n";

function setup(): void {
  rmSync(join(work, "good"), { recursive: true, force: true });
  rmSync(join(work, "bad"), { recursive: true, force: true });
  rmSync(join(work, "out"), { recursive: true, force: true });
  rmSync(join(work, "base-bad"), { recursive: true, force: true });
  mkdirSync(join(work, "base-bad/good"), { recursive: true });
  mkdirSync(join(work, "good"), { recursive: true });
  mkdirSync(join(work, "bad"), { recursive: true });
  mkdirSync(join(work, "out"), { recursive: true });
  writeFileSync(join(work, "good/estate.yaml"), GOOD);
  // valid YAML, invalid estate: an unknown reference
  writeFileSync(join(work, "bad/estate.yaml"), GOOD.replace("dependsOn: [db]", "dependsOn: [dbx]"));
  // a base checkout (the same paths) where good/ does not load
  writeFileSync(join(work, "base-bad/good/estate.yaml"), GOOD.replace("dependsOn: [db]", "dependsOn: [dbx]"));
}
beforeEach(setup);

/** Runs a command that must fail with exit 2 and leave out/<file> as it was. */
async function failsKeepingOld(args: string[], file: string): Promise<string> {
  const target = join(work, "out", file);
  writeFileSync(target, OLD);
  // -o goes before a `--`, after which everything is an id
  const dd = args.indexOf("--");
  const argv = dd < 0 ? [...args, "-o", target] : [...args.slice(0, dd), "-o", target, ...args.slice(dd)];
  const r = (await runCli(argv, { cwd: work }));
  expect(r.code, `${args.join(" ")}\n${r.stderr}`).toBe(2);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  expect(readFileSync(target, "utf8")).toBe(OLD);
  expect(readdirSync(join(work, "out")).filter((f) => f.endsWith(".tmp"))).toEqual([]); // no temporary file left
  return r.stderr;
}

describe("hardening: -o on failure leaves the previous file untouched", () => {
  it("when the manifests do not load, for every command that writes", async () => {
    const m = ["-m", "bad"];
    const cases: Array<[string[], string]> = [
      [["blast", ...m, "--json", "--", "db"], "blast.json"],
      [["graph", ...m, "--format", "json"], "graph.json"],
      [["graph", ...m, "--format", "svg"], "graph.svg"],
      [["graph", ...m, "--format", "dot"], "graph.dot"],
      [["graph", ...m, "--format", "mermaid"], "graph.mmd"],
      [["exposure", ...m, "--format", "markdown"], "exposure.md"],
      [["spof", ...m, "--json"], "spof.json"],
      [["risk", ...m, "--json", "--", "api"], "risk.json"],
      [["scenarios", ...m, "--json"], "scenarios.json"],
      [["check", ...m, "--base-dir", "good", "--format", "sarif"], "check.sarif"],
    ];
    for (const [args, file] of cases) expect((await failsKeepingOld(args, file))).toMatch(/estate\.yaml:\d+:\d+/);
  });

  it("when the question is bad: unknown ids, bad options, a bad policy", async () => {
    const m = ["-m", "good"];
    (await failsKeepingOld(["blast", ...m, "--json", "--", "nope"], "blast.json"));
    (await failsKeepingOld(["graph", ...m, "--format", "svg", "--focus", "nope"], "graph.svg"));
    (await failsKeepingOld(["graph", ...m, "--format", "dot", "--fail", "nope"], "graph.dot"));
    (await failsKeepingOld(["spof", ...m, "--for", "nope", "--json"], "spof.json"));
    (await failsKeepingOld(["risk", ...m, "--max-size", "9", "--", "api"], "risk.txt"));
    (await failsKeepingOld(["risk", ...m, "--json", "--", "constructor"], "risk.json"));
    writeFileSync(join(work, "policy.yaml"), "rules: {no-such-rule: error}\n");
    (await failsKeepingOld(["check", ...m, "--base-dir", "good", "--policy", "policy.yaml"], "check.txt"));
    (await failsKeepingOld(["check", ...m, "--base-dir", "base-bad"], "check.txt"));
  });

  it("when the base does not load, --write-baseline leaves the old baseline too", async () => {
    const baseline = join(work, "out", "baseline.json");
    writeFileSync(baseline, OLD);
    const r = (await runCli(["check", "-m", "good", "--base-dir", "base-bad", "--write-baseline", baseline], { cwd: work }));
    expect(r.code).toBe(2);
    expect(readFileSync(baseline, "utf8")).toBe(OLD);
  });

  it("when the write itself fails (the target is a folder, or under a file): exit 2 with the path, nothing left behind", async () => {
    mkdirSync(join(work, "out", "taken.json"));
    const r = (await runCli(["blast", "-m", "good", "--json", "-o", join(work, "out", "taken.json"), "--", "db"], { cwd: work }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/taken\.json/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(join(work, "out"))).toEqual(["taken.json"]);
    writeFileSync(join(work, "out", "file"), OLD);
    const r2 = (await runCli(["graph", "-m", "good", "-o", join(work, "out", "file", "graph.json")], { cwd: work }));
    expect(r2.code).toBe(2);
    expect(r2.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(join(work, "out", "file"), "utf8")).toBe(OLD);
  });

  it("on success the whole new file replaces the old one (and the same run twice gives the same bytes)", async () => {
    const target = join(work, "out", "blast.json");
    writeFileSync(target, OLD);
    const r = (await runCli(["blast", "-m", "good", "--json", "-o", target, "--", "db"], { cwd: work }));
    expect(r.code, r.stderr).toBe(0);
    const first = readFileSync(target, "utf8");
    expect(JSON.parse(first).impacts.map((i: { id: string }) => i.id)).toEqual(["api"]);
    (await runCli(["blast", "-m", "good", "--json", "-o", target, "--", "db"], { cwd: work }));
    expect(readFileSync(target, "utf8")).toBe(first);
    expect(readdirSync(join(work, "out"))).toEqual(["blast.json"]);
  });
});

describe("hardening: writeFileAtomic", () => {
  it("removes its temporary file when the rename fails", async () => {
    const dir = join(work, "lib");
    mkdirSync(join(dir, "target"), { recursive: true });
    expect(() => writeFileAtomic(join(dir, "target"), "x")).toThrow();
    expect(readdirSync(dir)).toEqual(["target"]);
  });
});
