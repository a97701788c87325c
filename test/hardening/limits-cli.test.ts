/**
 * Resource limits from the command line: each flag lowers or raises its limit, a refusal
 * names the file, the line and the flag that raises it, and a bad flag value is a usage
 * error (exit 2), never a stack trace. Runs the CLI in this process (main(argv)).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runInProcess } from "../fuzz/harness.js";
import { DEFAULT_LIMITS } from "../../src/yaml/limits.js";

const work = mkdtempSync(join(tmpdir(), "faultline-limits-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const labels = Array.from({ length: 120 }, (_, i) => `k${i}: v`).join(", ");
const A = `apiVersion: faultline/v1\nkind: Service\nmetadata:\n  name: a\n  labels: &l {${labels}}\n  annotations: *l\nspec: {tier: high}\n---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: b}\nspec: {dependsOn: [a]}\n`;
const B = `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: c}\nspec: {dependsOn: [{anyOf: [a, b]}]}\n`;
mkdirSync(join(work, "estate"));
writeFileSync(join(work, "estate/a.yaml"), A);
writeFileSync(join(work, "estate/b.yaml"), B);

const validate = (...flags: string[]) => runInProcess(["validate", "-m", "estate", ...flags], work);

describe("hardening: resource-limit flags", () => {
  it("the estate loads with the default limits", async () => {
    const r = await validate();
    expect(r.code, r.stderr).toBe(0);
  });

  const cases: Array<[string, string, string, RegExp]> = [
    ["--max-file-size", "200", "file-too-large", /estate\/a\.yaml:1:1/],
    ["--max-depth", "2", "too-deep", /estate\/a\.yaml:\d+:\d+/],
    ["--max-aliases", "1", "alias-bomb", /estate\/a\.yaml:\d+:\d+/],
    ["--max-nodes", "50", "too-many-nodes", /estate\/a\.yaml:\d+:\d+/],
    ["--max-documents", "1", "too-many-documents", /estate\/a\.yaml:1:1/],
    ["--max-files", "1", "too-many-files", /more than 1 manifest files/],
  ];
  for (const [flag, value, code, where] of cases) {
    it(`${flag} ${value} refuses the estate with ${code}, naming the place and the flag`, async () => {
      const r = await validate(flag, value);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`[${code}]`);
      expect(r.stderr).toMatch(where);
      expect(r.stderr).toContain(flag); // the hint says how to raise it
      const json = await validate(flag, value, "--json");
      const d = (JSON.parse(json.stdout) as { diagnostics: Array<{ code: string; hint?: string }> }).diagnostics.find((x) => x.code === code);
      expect(d?.hint).toContain(flag);
    });
  }

  it("counts the documents of a file right: two documents with one separator are two", async () => {
    const r = await validate("--max-documents", "2");
    expect(r.code, r.stderr).toBe(0);
    const over = await validate("--max-documents", "1");
    expect(over.stderr).toContain("file holds 2 YAML documents");
  });

  it("raising a limit accepts what the default refuses (nesting deeper than the default)", async () => {
    const deep = DEFAULT_LIMITS.maxDepth + 20;
    mkdirSync(join(work, "deep"));
    writeFileSync(join(work, "deep/a.yaml"), A + `---\nx: ${"[".repeat(deep)}${"]".repeat(deep)}\n`);
    const refused = await runInProcess(["validate", "-m", "deep"], work);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("[too-deep]");
    const accepted = await runInProcess(["validate", "-m", "deep", "--max-depth", String(deep + 5)], work);
    expect(accepted.stderr).not.toContain("[too-deep]");
    expect(accepted.stderr).toContain("[unrecognised-document]");
    expect(accepted.code).toBe(0); // an unrecognised document is a warning
  });

  it("a bad flag value is a usage error", async () => {
    for (const v of ["0", "-5", "1.5", "lots", "1e400"]) {
      const r = await validate("--max-nodes", v);
      expect(r.code, v).toBe(2);
      expect(r.stderr).toMatch(/--max-nodes takes a whole number/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });
});

describe("limits: library names in the library, flags on the command line", () => {
  it("the library's diagnostic names limits.maxDepth; the CLI shows --max-depth for the same input", async () => {
    const { loadEstate } = await import("../../src/load/load.js");
    const lib = loadEstate([join(work, "estate")], { limits: { maxDepth: 2 } });
    const d = lib.diagnostics.find((x) => x.code === "too-deep")!;
    expect(d.hint).toContain("limits.maxDepth");
    expect(d.hint).not.toContain("--max-depth");
    const cli = await validate("--max-depth", "2");
    expect(cli.stderr).toContain("--max-depth <n>");
    expect(cli.stderr).not.toContain("limits.maxDepth");
  });
});
