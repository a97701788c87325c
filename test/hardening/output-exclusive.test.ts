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
 * The files opened (path, flag) through node:fs while `fn` runs: openSync is wrapped for the
 * call (named imports see it through syncBuiltinESMExports) and put back afterwards, so no
 * module mock outlives the test.
 */
async function recordOpens(fn: () => unknown): Promise<Array<{ path: string; flag: unknown }>> {
  const opens: Array<{ path: string; flag: unknown }> = [];
  const real = fs.openSync;
  fs.openSync = ((p: Parameters<typeof real>[0], flag?: Parameters<typeof real>[1], mode?: Parameters<typeof real>[2]) => {
    opens.push({ path: String(p), flag });
    return real(p, flag, mode);
  }) as typeof real;
  syncBuiltinESMExports();
  try {
    await fn();
  } finally {
    fs.openSync = real;
    syncBuiltinESMExports();
  }
  return opens;
}

function expectExclusiveTemps(opens: Array<{ path: string; flag: unknown }>, n: number): void {
  const tmps = opens.filter((w) => w.path.endsWith(".tmp"));
  expect(tmps).toHaveLength(n);
  for (const t of tmps) {
    expect(t.flag).toBe("wx");
    expect(t.path.startsWith(work)).toBe(true);
    expect(t.path.length - work.length).toBeLessThan(80); // short: a long target name still fits the file-name limit
  }
  expect(new Set(tmps.map((t) => t.path)).size).toBe(n); // random
}

const work = mkdtempSync(join(tmpdir(), "faultline-excl-"));
const server = createServer();
afterAll(() => server.close());

describe("hardening: the temporary file of -o", () => {
  it("is created with flag wx, a short random name beside the target, and is gone afterwards", async () => {
    const target = join(work, `${"n".repeat(200)}.json`);
    const opens = await recordOpens(() => {
      writeFileAtomic(target, "one");
      writeFileAtomic(target, "two");
    });
    expectExclusiveTemps(opens, 2);
    expect(readdirSync(work)).toEqual([`${"n".repeat(200)}.json`]);
  });

  it("is the same for a report written in pieces (-o of any command)", async () => {
    const target = join(work, `${"e".repeat(200)}.txt`);
    const opens = await recordOpens(async () => {
      for (const format of ["text", "json"]) expect((await runCli(["exposure", "-m", "fixtures/retail", "-f", format, "-o", target])).code).toBe(0);
    });
    expectExclusiveTemps(opens, 2);
    expect(readdirSync(work).filter((f) => f.startsWith("e") || f.startsWith(".e"))).toEqual([`${"e".repeat(200)}.txt`]);
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
