/** checkChange refuses what the CLI refuses, with a message, instead of running a check that means nothing. */
import { describe, expect, it } from "vitest";
import { checkChange } from "../../src/index.js";
import { REPO } from "../helpers/cli.js";

describe("checkChange: bad options are a message, never a run", () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ["no base and no baseline", {}, /nothing to compare with/],
    ["both baseRef and baseDir", { baseRef: "HEAD", baseDir: "." }, /not both/],
    ["manifests as a string (it was read a character at a time, '/' included)", { baseDir: ".", manifests: "fixtures/retail" }, /manifests must be a list/],
    ["an unknown scope", { baseDir: ".", scope: "foo" }, /scope must be/],
    ["an unknown failOn", { baseDir: ".", failOn: "bogus" }, /failOn must be/],
  ];
  for (const [what, opts, message] of cases)
    it(what, () => {
      const r = checkChange({ cwd: REPO, ...opts } as never);
      expect(r.ok).toBe(false);
      expect(r.ok ? "" : r.message).toMatch(message);
    });
  it("recording a baseline (scope all) needs no base", () => {
    const r = checkChange({ cwd: REPO, scope: "all" });
    expect(r.ok).toBe(true);
  });
});
