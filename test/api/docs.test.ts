/** Every `js` example in docs/api.md runs as written, from the repository root, against the built package. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/cli.js";

const doc = readFileSync(join(REPO, "docs/api.md"), "utf8");
const examples = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("docs/api.md", () => {
  it("has an example for every section", () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
  });
  it.each(examples.map((e, i) => [i + 1, e] as const))("example %i runs", (_i, code) => {
    // Written inside the repository, so `import "faultline"` resolves to the package itself.
    const dir = mkdtempSync(join(REPO, "output", ".api-example-"));
    const file = join(dir, "example.mjs");
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, [file], { cwd: REPO, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
  });
});

