/**
 * How `check --base` reads gate inputs at the base commit through git (src/load/read-at-ref.ts):
 * a file over --max-file-size at the base is refused by its size before it is read, a file
 * name with spaces is found, and a symbolic link at the base is not followed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { symlinkSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { git, LOCATIONS, repoWith, SERVICES, writeFiles } from "./git-repo.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const BAD_POLICY = "rules:\n  no-such-rule: {}\n";

describe("check --base: gate inputs read at the base commit", () => {
  it("refuses a policy over --max-file-size at the base, naming its size, the limit and the flag", async () => {
    const r0 = repoWith({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES, "faultline.policy.yaml": `# ${"x".repeat(5000)}\nrules: {}\n` });
    cleanups.push(r0.cleanup);
    writeFiles(r0.dir, { "faultline.policy.yaml": "rules: {}\n" }); // the head's is small: only the base's is too large
    const r = await runCli(["check", "-m", "m", "--base", "main", "--max-file-size", "4000"], { cwd: r0.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/faultline\.policy\.yaml at the base is 5013 bytes, over the limit of 4000 \(raise it with --max-file-size\)/);
    expect(r.stdout).toBe("");
  });

  it("reads a policy named with spaces at the base (the policy of the base is the one applied)", async () => {
    const r0 = repoWith({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES, "my policy.yaml": BAD_POLICY });
    cleanups.push(r0.cleanup);
    const r = await runCli(["check", "-m", "m", "--base", "main", "--policy", "my policy.yaml"], { cwd: r0.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no-such-rule");
  });

  it("does not follow a symbolic link at the base: the link is not a policy there", async () => {
    const r0 = repoWith({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES, "real.yaml": BAD_POLICY });
    cleanups.push(r0.cleanup);
    symlinkSync("real.yaml", join(r0.dir, "faultline.policy.yaml"));
    git(r0.dir, "add", "-A");
    git(r0.dir, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "link");
    unlinkSync(join(r0.dir, "faultline.policy.yaml"));
    writeFiles(r0.dir, { "faultline.policy.yaml": "rules: {}\n" });
    const r = await runCli(["check", "-m", "m", "--base", "main"], { cwd: r0.dir });
    expect(r.stderr).not.toContain("no-such-rule");
    expect(r.code).toBe(0);
  });
});
