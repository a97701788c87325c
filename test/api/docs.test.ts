/**
 * Every `js` example in docs/api.md runs as written, from the repository root, against the built
 * package. One node process runs them all, one after the other (each is its own module file, so
 * each is imported as written); a marker line on stdout and stderr separates their outputs.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../helpers/cli.js";

const doc = readFileSync(join(REPO, "docs/api.md"), "utf8");
const examples = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

const MARK = "\u0000--- example end ---";
// Written inside the repository, so `import "faultline"` resolves to the package itself.
const dir = mkdtempSync(join(REPO, "output", ".api-example-"));
examples.forEach((code, i) => writeFileSync(join(dir, `example-${i + 1}.mjs`), code));
writeFileSync(
  join(dir, "run-all.mjs"),
  `const n = ${examples.length};
for (let i = 1; i <= n; i++) {
  let status = 0;
  try {
    await import("./example-" + i + ".mjs");
  } catch (e) {
    status = 1;
    process.stderr.write(String(e && e.stack || e) + "\\n");
  }
  process.stdout.write(${JSON.stringify(MARK)} + status + "\\n");
  process.stderr.write(${JSON.stringify(MARK)} + "\\n");
}
`,
);
let run: SpawnSyncReturns<string>;
let outs: string[];
let errs: string[];
beforeAll(() => {
  run = spawnSync(process.execPath, [join(dir, "run-all.mjs")], { cwd: REPO, encoding: "utf8" });
  outs = run.stdout.split(/\u0000--- example end ---(\d)\n/);
  errs = run.stderr.split(`${MARK}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/api.md", () => {
  it("has an example for every section, and the runner ran them all", () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
    expect(run.status, run.stderr).toBe(0);
    expect(errs.length).toBe(examples.length + 1);
  });
  it.each(examples.map((_e, i) => [i + 1] as const))("example %i runs", (i) => {
    // split with a capture group: [out1, status1, out2, status2, ...]
    const stdout = outs[2 * (i - 1)]!;
    const status = outs[2 * (i - 1) + 1];
    expect(errs[i - 1]).toBe("");
    expect(status).toBe("0");
    expect(stdout.length).toBeGreaterThan(0);
  });
});
