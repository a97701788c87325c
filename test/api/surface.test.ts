/**
 * The public surface changes only on purpose: the runtime names of the built library
 * (dist/index.js, built by `pretest`) and of `faultline/engine`, and the names its type
 * declarations export, are compared with the lists below. Adding or removing a name means
 * editing this file and docs/api.md in the same commit.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/cli.js";

const RUNTIME = [
  "CommandGuard", "DEFAULT_LIMITS", "FaultlineError", "HOSTINGS", "RELATIONS", "RULES", "ResultTooLargeError", "TIERS", "UnknownFormatError", "UnknownIdError", "UsageError", "availability", "blastRadius", "buildView", "defaultPolicy", "diffEstates", "drift", "exposure", "faultTree", "formatBaseline", "formatDiagnostics", "formatsFor", "loadConfig", "loadEstate", "loadSources", "parseBaseline", "parsePolicy", "readObservedFiles", "report", "resolveObserved", "riskGroups", "rootsWithHosting", "runCheck", "scenarios", "spofFor", "spofRanking", "styleFor", "withObserved",
];
const ENGINE = ["DEGRADED", "DOWN", "DownState", "RELATION_NAMES", "REL_GROUP", "REL_HARD", "REL_PARENT", "REL_RUNSON", "REL_SOFT", "TIER_NAMES", "UP", "carriesDown", "compile", "downCone", "isSingleInput", "propagate"];

/** The names an `export { a, type B } from ...` / `export type { ... }` declaration file exports. */
function declaredNames(file: string): string[] {
  const text = readFileSync(join(REPO, file), "utf8");
  const names: string[] = [];
  for (const m of text.matchAll(/export (?:type )?\{([^}]*)\}/g)) for (const part of m[1]!.split(",")) {
    const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop()!.trim();
    if (name) names.push(name);
  }
  return names.sort();
}

describe("public API", () => {
  it("exports exactly the documented runtime names, at most 40", async () => {
    const lib = (await import(join(REPO, "dist/index.js"))) as Record<string, unknown>;
    expect(Object.keys(lib).sort()).toEqual([...RUNTIME].sort());
    expect(RUNTIME.length).toBeLessThanOrEqual(40);
  });

  it("faultline/engine exports the raw engine", async () => {
    const eng = (await import(join(REPO, "dist/engine/index.js"))) as Record<string, unknown>;
    expect(Object.keys(eng).sort()).toEqual([...ENGINE].sort());
  });

  it("the type declarations export the runtime names plus types, and docs/api.md names every one", () => {
    const declared = declaredNames("dist/index.d.ts");
    for (const n of RUNTIME) expect(declared).toContain(n);
    const doc = readFileSync(join(REPO, "docs/api.md"), "utf8");
    const missing = [...declared, ...ENGINE].filter((n) => !new RegExp("`" + n + "[`(<]").test(doc));
    expect(missing).toEqual([]);
  });
});
