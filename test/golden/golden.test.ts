/**
 * Every command and format on a frozen copy of the retail fixture (test/golden/head, and a base
 * without one dependency) prints exactly what the build printed before the codebase-shape change
 * (captured by capture.mjs into out/). A change in any byte of any output fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, runCli } from "../helpers/cli.js";

const dir = join(REPO, "test/golden/out");
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as { args: string[]; code: number; stdout: string; stderr: string });

describe("golden outputs", () => {
  it("covers every command", () => {
    const commands = new Set(cases.map((c) => c.args[0]));
    expect([...commands].sort()).toEqual(["blast", "check", "exposure", "graph", "risk", "scenarios", "spof", "validate"]);
  });
  it.each(cases.map((c) => [c.args.join(" "), c] as const))("%s", async (_name, c) => {
    const r = await runCli(c.args);
    expect(r.code).toBe(c.code);
    expect(r.stdout).toBe(c.stdout);
    expect(r.stderr).toBe(c.stderr);
  });
});
