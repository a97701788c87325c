/**
 * Start-up (src/cli/lib.ts): `faultline --help` and `--version` load none of the library, so
 * they cost little more than Node itself (docs/bench.md, target ≤ 2× `node -e 0`); a command
 * loads it (and with it the workflow-command guard its output passes). The built binary runs with a
 * module resolve hook that records every module it loads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BIN, REPO } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-start-"));
const LOG = join(dir, "loaded.txt");
writeFileSync(
  join(dir, "hooks.mjs"),
  `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(LOG)}, r.url + "\\n");
  return r;
}`,
);
writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`);

/** Runs the binary with the hook; returns its output and the repository modules it loaded. */
function loaded(args: string[]): { code: number | null; stdout: string; modules: string[] } {
  writeFileSync(LOG, "");
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(join(dir, "register.mjs")).href, BIN, ...args], { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const modules = readFileSync(LOG, "utf8")
    .split("\n")
    .filter((u) => u.startsWith(pathToFileURL(REPO).href))
    .map((u) => u.slice(pathToFileURL(REPO).href.length + 1));
  return { code: r.status, stdout: r.stdout, modules };
}

describe("start-up", () => {
  it("--help and --version load none of the library (no YAML reader, no graph, no index)", () => {
    for (const args of [["--help"], ["--version"]]) {
      const r = loaded(args);
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      expect(r.modules).toContain("dist/cli/main.js");
      const library = r.modules.filter((m) => m === "dist/index.js" || m.startsWith("node_modules/yaml/") || m.startsWith("node_modules/graphology/") || m.startsWith("dist/yaml/"));
      expect(library, args.join(" ")).toEqual([]);
    }
  });

  it("a command loads the library", () => {
    const r = loaded(["validate", "-m", "fixtures/retail", "-q"]);
    expect(r.code).toBe(0);
    expect(r.modules).toContain("dist/index.js");
  });
});
