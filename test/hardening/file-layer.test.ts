/**
 * The file layer reads only regular files inside the named paths (issue 12, item 4): devices,
 * FIFOs, sockets and /proc end at once with a warning, the size limit is applied before a byte
 * is read, a symbolic link that leaves the named paths is never opened (not even to quote a
 * line), every real folder and file is visited once whatever the links, and manifest paths in
 * the config that leave the repository are refused before anything is read.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { spyFiles } from "../helpers/fs-spy.js";
import { DiagnosticBag } from "../../src/diagnostics/diagnostics.js";
import { findManifests } from "../../src/load/find-manifests.js";
import { readRegularFile } from "../../src/yaml/read-file.js";

const work = mkdtempSync(join(tmpdir(), "faultline-filelayer-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SVC = (name: string) => `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: ${name}}\n`;

function write(rel: string, text: string): string {
  const p = join(work, rel);
  mkdirSync(resolve(p, ".."), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/** Runs the CLI in-process in `cwd` under the file spy; returns the run, its time and the (kind, path) pairs it touched. */
async function spied(args: string[], cwd = work) {
  const t0 = Date.now();
  const { result, touched } = await spyFiles(() => runCli(args, { cwd }));
  return { ...result, ms: Date.now() - t0, touched };
}

describe("hardening: only regular files are read", () => {
  it("a named character device (/dev/zero) ends at once with a warning", async () => {
    const t0 = Date.now();
    const r = await runCli(["validate", "-m", "/dev/zero"], { cwd: work });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.code).not.toBe(3);
    expect(r.stderr).toMatch(/character device, not a regular file: skipped/);
  });

  it("a named FIFO ends at once (nobody writes to it) with a warning", async () => {
    const fifo = join(work, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const r = await runCli(["validate", "-m", fifo, "-m", write("ok/a.yaml", SVC("a"))], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/named pipe \(FIFO\), not a regular file: skipped/);
  });

  it("a FIFO, a socket and a link to /dev/zero inside a folder are never opened", async () => {
    write("dev/a.yaml", SVC("a"));
    execFileSync("mkfifo", [join(work, "dev/fifo.yaml")]);
    symlinkSync("/dev/zero", join(work, "dev/zero.yaml"));
    const server = createServer();
    await new Promise<void>((ok) => server.listen(join(work, "dev/sock.yaml"), ok));
    try {
      const r = await spied(["validate", "-m", "dev"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.ms).toBeLessThan(10_000);
      const opened = r.touched.filter(([k]) => k === "openSync" || k === "readFileSync").map(([, p]) => p);
      expect(opened.filter((p) => /fifo|sock|zero/.test(p))).toEqual([]);
    } finally {
      server.close();
    }
  });

  it("/proc files (size 0, endless or changing) are refused by what is read, never read past the limit", async () => {
    const r = readRegularFile("/proc/self/status", 16);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe("too-large");
  });

  it("the size limit is applied before reading", async () => {
    write("big/big.yaml", `# ${"x".repeat(5000)}\n`);
    const r = await spied(["validate", "-m", "big", "--max-file-size", "100"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/larger than the limit of 100/);
    expect(r.touched.some(([k, p]) => k === "readFileSync" && p.endsWith("big.yaml"))).toBe(false);
  });
});

describe("hardening: symbolic links", () => {
  it("a link that leaves the named paths is never opened, not even to quote a line", async () => {
    write("secret/creds.yaml", "TOPSECRET: value\n");
    write("named/a.yaml", SVC("a"));
    symlinkSync(join(work, "secret/creds.yaml"), join(work, "named/creds.yaml"));
    const r = await spied(["validate", "-m", "named"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/points outside the folders named/);
    expect(r.stderr).not.toContain("TOPSECRET");
    const opened = r.touched.filter(([k]) => k === "openSync" || k === "readFileSync" || k === "statSync").map(([, p]) => p);
    expect(opened.filter((p) => p.includes("creds"))).toEqual([]);
  });

  it("no arrangement of links makes the walk exponential, and a file reached twice is read once", async () => {
    // Twenty folders, each with two links to the next: 2^20 paths to the last one.
    for (let i = 0; i < 20; i++) {
      mkdirSync(join(work, `chain/d${i}`), { recursive: true });
      if (i > 0) {
        symlinkSync(join(work, `chain/d${i}`), join(work, `chain/d${i - 1}/x`));
        symlinkSync(join(work, `chain/d${i}`), join(work, `chain/d${i - 1}/y`));
      }
    }
    write("chain/d19/bad.yaml", "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: BAD NAME}\n");
    const bag = new DiagnosticBag();
    const t0 = Date.now();
    const files = findManifests([join(work, "chain")], bag, { cwd: work });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(files.length).toBe(1);
    expect(files[0]!.display).toMatch(/^chain\/.*bad\.yaml$/);
    const r = await runCli(["validate", "-m", "chain"], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr.match(/invalid|error:/g)?.length).toBeGreaterThan(0);
    expect(r.stderr.match(/bad\.yaml:3/g)?.length).toBe(1);
  });
});

describe("hardening: manifest paths in the config", () => {
  it("paths that leave the repository are refused before anything is read", async () => {
    write("outside/x.yaml", SVC("outside"));
    for (const [i, p] of [`../outside`, join(work, "outside"), "sub/../../outside"].entries()) {
      const repo = join(work, `repo${i}`);
      mkdirSync(repo, { recursive: true });
      writeFileSync(join(repo, "faultline.config.yaml"), `manifests: [${JSON.stringify(p)}]\n`);
      const r = await spied(["validate"], repo);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/leaves the repository/);
      expect(r.touched.some(([, t]) => t.includes("outside"))).toBe(false);
    }
  });

  it("a link inside the repository that leads out of it is refused too", async () => {
    const repo = join(work, "repo-link");
    mkdirSync(repo, { recursive: true });
    symlinkSync(join(work, "outside"), join(repo, "estate"));
    writeFileSync(join(repo, "faultline.config.yaml"), `manifests: [estate]\n`);
    const r = await runCli(["validate"], { cwd: repo });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/leaves the repository/);
  });
});
