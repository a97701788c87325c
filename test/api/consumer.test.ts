import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/cli.js";

/** A throwaway project that depends on faultline the way a user's would (node_modules/faultline). */
function consumer(): string {
  const dir = mkdtempSync(join(tmpdir(), "faultline-consumer-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules", "faultline"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  return dir;
}

describe("library", () => {
  // Also proves the package is importable from another project as `faultline` (node_modules/faultline).
  it("loads an estate, runs a blast and a check, and renders every format, through the documented API only", () => {
    const dir = consumer();
    writeFileSync(
      join(dir, "tour.mjs"),
      `import { readFileSync } from "node:fs";
import { loadEstate, loadSources, blastRadius, exposure, spofRanking, spofFor, riskGroups, scenarios, runCheck, defaultPolicy, buildView, report, formatsFor } from "faultline";
import { compile, propagate, DOWN } from "faultline/engine";
const dir = ${JSON.stringify(join(REPO, "test/fixtures/tiny"))};
const head = loadEstate([dir]);
if (!head.ok) { console.error(head.diagnostics); process.exit(1); }
const text = readFileSync(dir + "/estate.yaml", "utf8");
const base = loadSources([{ file: "estate.yaml", text }]);
const out = {};
const results = {
  blast: blastRadius(head.estate, ["db"]),
  estate: head.estate,
  view: buildView(head.estate, { blast: blastRadius(head.estate, ["db"]) }),
  exposure: exposure(head.estate, []),
  spof: spofRanking(head.estate, {}),
  "spof-for": spofFor(head.estate, "web"),
  risk: riskGroups(head.estate, "web", { maxSize: 2 }),
  scenarios: scenarios(head.estate),
  check: runCheck({ head: head.estate, base: base.estate, policy: defaultPolicy(), failOn: "error" }),
  load: head,
};
for (const [kind, result] of Object.entries(results))
  for (const f of formatsFor(kind)) out[kind + ":" + f] = (await report(result, f)).length > 0;
const c = compile(head.estate);
const p = propagate(c, [c.index.get("db")]);
out.engine = p.state[c.index.get("web")] === DOWN;
out.down = results.blast.impacts.map((i) => i.id);
console.log(JSON.stringify(out));`,
    );
    const r = spawnSync(process.execPath, ["tour.mjs"], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.down).toEqual(["api", "web"]);
    expect(out.engine).toBe(true);
    const rendered = Object.keys(out).filter((k) => k.includes(":"));
    for (const k of ["blast:text", "blast:json", "estate:json", "view:svg", "view:dot", "view:mermaid", "exposure:markdown", "check:sarif", "check:github", "check:markdown", "scenarios:markdown", "load:json"]) expect(rendered).toContain(k);
    expect(Object.values(out).every((v) => v !== false)).toBe(true);
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
