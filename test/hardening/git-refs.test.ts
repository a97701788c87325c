/**
 * `check --base <ref>` reads the base from git objects (SECURITY.md, guarantee 2): a ref that
 * starts with `-` is refused before git sees it (no option injection), and no checkout happens,
 * so no hook of the repository runs and the working tree is left as it is.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { git, LOCATIONS, repoWith } from "../check/git-repo.js";

const repo = repoWith({ "m/locations.yaml": LOCATIONS });
afterAll(() => repo.cleanup());

describe("hardening: check --base reads git objects only", () => {
  it("refuses a ref that starts with - before running git", async () => {
    const marker = join(repo.dir, "injected");
    const r = await runCli(["check", "-m", "m", "--base", `--output=${marker}`], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot start with "-"/);
    expect(existsSync(marker)).toBe(false);
  });

  it("runs no hook and leaves the working tree alone", async () => {
    const marker = join(repo.dir, "hook-ran");
    for (const hook of ["post-checkout", "pre-commit", "post-merge", "reference-transaction", "pre-auto-gc"]) {
      const p = join(repo.dir, ".git", "hooks", hook);
      writeFileSync(p, `#!/bin/sh\necho ${hook} >> "${marker}"\n`);
      chmodSync(p, 0o755);
    }
    const before = readFileSync(join(repo.dir, "m/locations.yaml"), "utf8");
    const r = await runCli(["check", "-m", "m", "--base", "main"], { cwd: repo.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(join(repo.dir, "m/locations.yaml"), "utf8")).toBe(before);
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
  });
});
