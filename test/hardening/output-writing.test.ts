/**
 * Output that never destroys (issue 12, item 5): `-o` onto something that is not a regular file
 * (a link to a character device, a FIFO) writes through to it or refuses, never replaces it; a
 * long but valid output name works; on any failure nothing is written, `--write-baseline`
 * included; a write error on stdout ends with one line and exit 2.
 */
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, REPO, runCli } from "../helpers/cli.js";
import { LOCATIONS, repoWith, SERVICES, writeFiles } from "../check/git-repo.js";

const work = mkdtempSync(join(tmpdir(), "faultline-out-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ESTATE = join(REPO, "fixtures/retail");

describe("hardening: -o onto what is not a regular file", () => {
  it("a link to /dev/null is written through, not replaced", async () => {
    const link = join(work, "null.json");
    symlinkSync("/dev/null", link);
    const r = await runCli(["blast", "-m", ESTATE, "payments", "-o", link], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("a FIFO with a reader gets the output; without one, exit 2; it stays a FIFO", async () => {
    const fifo = join(work, "pipe.json");
    execFileSync("mkfifo", [fifo]);
    const none = await runCli(["blast", "-m", ESTATE, "payments", "-o", fifo], { cwd: work });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/named pipe that nobody reads/);
    const reader = spawn("cat", [fifo]);
    let got = "";
    reader.stdout.on("data", (d) => (got += String(d)));
    const closed = new Promise((ok) => reader.on("close", ok));
    await new Promise((ok) => setTimeout(ok, 200));
    const r = await runCli(["blast", "-m", ESTATE, "payments", "-o", fifo], { cwd: work });
    await closed;
    expect(r.code, r.stderr).toBe(0);
    expect(got).toMatch(/payments/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("a link to a regular file keeps the link and replaces the target", async () => {
    writeFileSync(join(work, "target.json"), "old");
    symlinkSync(join(work, "target.json"), join(work, "via-link.json"));
    const r = await runCli(["blast", "-m", ESTATE, "payments", "--json", "-o", join(work, "via-link.json")], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(work, "via-link.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(work, "target.json"), "utf8"))).toBeTruthy();
  });

  it("a long but valid output name works, and no temporary file is left", async () => {
    const dir = join(work, "long");
    mkdirSync(dir);
    const name = `${"x".repeat(250)}.txt`;
    const r = await runCli(["blast", "-m", ESTATE, "payments", "-o", join(dir, name)], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual([name]);
  });
});

describe("hardening: nothing is written on failure", () => {
  it("--write-baseline is not written when -o fails", async () => {
    const r0 = repoWith({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES });
    try {
      mkdirSync(join(r0.dir, "a-folder"));
      const r = await runCli(["check", "-m", "m", "--base", "main", "--write-baseline", "baseline.json", "-o", "a-folder"], { cwd: r0.dir });
      expect(r.code).toBe(2);
      expect(existsSync(join(r0.dir, "baseline.json"))).toBe(false);
      expect(readdirSync(r0.dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      r0.cleanup();
    }
  });
});

describe("hardening: write errors on stdout", () => {
  it("ENOSPC on stdout ends with one line and exit 2, no stack trace", () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [BIN, "blast", "-m", ESTATE, "payments"], { stdio: ["ignore", full, "pipe"], encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toEqual(["faultline: cannot write to standard output: ENOSPC"]);
    } finally {
      closeSync(full);
    }
  });

  it("check on a full stdout exits 2, never 1 (1 means new violations)", () => {
    const r0 = repoWith({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES });
    const full = openSync("/dev/full", "w");
    try {
      writeFiles(r0.dir, { "m/services.yaml": SERVICES.replace("    - payments\n", "    - payments\n    - ledger\n") + "---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: ledger}\nspec: {tier: critical, runsOn: [dc/hall-a]}\n" });
      const r = spawnSync(process.execPath, [BIN, "check", "-m", "m", "--base", "main"], { cwd: r0.dir, stdio: ["ignore", full, "pipe"], encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      closeSync(full);
      r0.cleanup();
    }
  });
});
