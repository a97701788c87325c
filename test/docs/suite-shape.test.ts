/**
 * The suite's own rules (vitest.config.ts): test files share one module registry per worker
 * (isolate: false), so a file that replaced a module with vi.mock would see the real module
 * when another file loaded it first, or hand its mock to the files after it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/cli.js";

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.(ts|mjs)$/.test(e.name)) yield p;
  }
}

describe("the test suite", () => {
  it("has no file that mocks a module (vi.mock, vi.doMock): files share their worker's modules", () => {
    const MOCK = new RegExp(["vi", "\\.(do)?[mM]ock\\s*\\("].join(""));
    const offenders = [...files(join(REPO, "test"))].filter((f) => MOCK.test(readFileSync(f, "utf8"))).map((f) => relative(REPO, f));
    expect(offenders).toEqual([]);
  });
});
