/**
 * Output that never destroys (issue 12, item 5): the temporary file of `-o` is created
 * exclusively (flag `wx`: never through a file or link already there) with a short random name
 * next to the target; `-o` onto a socket is refused and the socket stays.
 */
import fs, { existsSync, lstatSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/cli/write-output.js";
import { runCli } from "../helpers/cli.js";

/**
 * The writes (path, flag) made through node:fs while `fn` runs: writeFileSync is wrapped for
 * the call (named imports see it through syncBuiltinESMExports) and put back afterwards, so no
 * module mock outlives the test.
 */
function recordWrites(fn: () => void): Array<{ path: string; flag: unknown }> {
  const writes: Array<{ path: string; flag: unknown }> = [];
  const real = fs.writeFileSync;
  fs.writeFileSync = ((p: Parameters<typeof real>[0], data: Parameters<typeof real>[1], opts?: Parameters<typeof real>[2]) => {
    writes.push({ path: String(p), flag: typeof opts === "object" && opts !== null ? (opts as { flag?: unknown }).flag : undefined });
    return real(p, data, opts);
  }) as typeof real;
  syncBuiltinESMExports();
  try {
    fn();
  } finally {
    fs.writeFileSync = real;
    syncBuiltinESMExports();
  }
  return writes;
}

const work = mkdtempSync(join(tmpdir(), "faultline-excl-"));
const server = createServer();
afterAll(() => server.close());

describe("hardening: the temporary file of -o", () => {
  it("is created with flag wx, a short random name beside the target, and is gone afterwards", () => {
    const target = join(work, `${"n".repeat(200)}.json`);
    const writes = recordWrites(() => {
      writeFileAtomic(target, "one");
      writeFileAtomic(target, "two");
    });
    const tmps = writes.filter((w) => w.path.endsWith(".tmp"));
    expect(tmps).toHaveLength(2);
    for (const t of tmps) {
      expect(t.flag).toBe("wx");
      expect(t.path.startsWith(work)).toBe(true);
      expect(t.path.length - work.length).toBeLessThan(80); // short: a long target name still fits the file-name limit
    }
    expect(tmps[0]!.path).not.toBe(tmps[1]!.path); // random
    expect(readdirSync(work)).toEqual([`${"n".repeat(200)}.json`]);
  });
});

describe("hardening: -o onto a socket", () => {
  it("is refused with exit 2 and the socket stays a socket", async () => {
    const sock = join(work, "out.sock");
    await new Promise<void>((done) => server.listen(sock, done));
    const dir = mkdtempSync(join(tmpdir(), "faultline-excl-m-"));
    writeFileSync(join(dir, "m.yaml"), "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: a}\nspec: {}\n");
    const r = await runCli(["graph", "-m", dir, "--format", "json", "-o", sock]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(sock) && lstatSync(sock).isSocket()).toBe(true);
  });
});
