import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/cli.js";

/** A throwaway project that depends on faultline the way a user's would (node_modules/faultline). */
function consumer(): string {
  const dir = mkdtempSync(join(tmpdir(), "faultline-consumer-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules", "faultline"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  return dir;
}

describe("library", () => {
  it("is importable from another project as `faultline`", () => {
    const dir = consumer();
    writeFileSync(
      join(dir, "check.mjs"),
      `import { loadEstate, blastRadius } from "faultline";
const r = loadEstate([${JSON.stringify(join(REPO, "test/fixtures/tiny"))}]);
if (!r.ok) { console.error(r.diagnostics); process.exit(1); }
console.log(JSON.stringify(blastRadius(r.estate, ["db"]).impacts.map((i) => i.id)));`,
    );
    const r = spawnSync(process.execPath, ["check.mjs"], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(["api", "web"]);
  });

  it("ships types that a TypeScript consumer compiles against", () => {
    const dir = consumer();
    writeFileSync(
      join(dir, "check.ts"),
      `import { loadEstate, blastRadius, type BlastResult, type Impact } from "faultline";
const r = loadEstate(["x"]);
const b: BlastResult = blastRadius(r.estate, ["db"]);
const first: Impact | undefined = b.impacts[0];
const s: "down" | "degraded" | undefined = first?.state;
// @ts-expect-error the result is typed: no such field
b.nonsense;
export { s };`,
    );
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, skipLibCheck: true, types: [] }, files: ["check.ts"] }));
    const r = spawnSync(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: dir, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
