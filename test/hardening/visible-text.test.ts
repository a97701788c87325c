/**
 * Text that cannot pass for other text (issue 12, item 8): invisible characters (zero-width
 * spaces and joiners) and bidirectional controls in ids are shown visibly (`\u200b`) in text,
 * Markdown, Mermaid, DOT and SVG, so two different ids never look identical; names YAML reads
 * as non-strings are errors, never silently `16` or `1000`; output does not depend on the time
 * zone or the locale.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { loadSources } from "../../src/load/load.js";

const work = mkdtempSync(join(tmpdir(), "faultline-visible-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066"];
writeFileSync(join(work, "compose.yaml"), `services:\n  pay:\n    image: x\n    depends_on: [${INVISIBLE.map((c) => JSON.stringify(`pay${c}`)).join(", ")}]\n${INVISIBLE.map((c) => `  ${JSON.stringify(`pay${c}`)}: {image: x}\n`).join("")}`);

describe("hardening: invisible and bidirectional characters are shown", () => {
  const runs: Array<[string, string[]]> = [
    ["text", ["blast", "-m", ".", `pay\u200b`]],
    ["exposure markdown", ["exposure", "-m", ".", "-f", "markdown"]],
    ["mermaid", ["graph", "-m", ".", "-f", "mermaid"]],
    ["dot", ["graph", "-m", ".", "-f", "dot"]],
    ["svg", ["graph", "-m", ".", "-f", "svg"]],
  ];
  for (const [name, args] of runs) {
    it(`${name}: no invisible character is printed raw, each is shown as \\uXXXX`, async () => {
      const r = await runCli(args, { cwd: work });
      expect(r.code, r.stderr).toBe(0);
      for (const c of INVISIBLE) expect(r.stdout.includes(c), `raw U+${c.charCodeAt(0).toString(16)}`).toBe(false);
      expect(r.stdout).toMatch(/(\\\\?|#92;)u200b/);
    });
  }
});

describe("hardening: names YAML reads as non-strings", () => {
  const doc = (name: string, deps = "[]") => `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {dependsOn: ${deps}}\n`;
  for (const raw of ["0x10", "1e3", "null", "~", "true", "12"]) {
    it(`name: ${raw} is an error, not a silent conversion`, () => {
      const r = loadSources([{ file: "a.yaml", text: doc(raw) }]);
      expect(r.ok).toBe(false);
      expect(r.diagnostics.some((d) => d.code === "bad-name" && d.line === 3)).toBe(true);
    });
  }
  it("a reference written 1e3 does not silently match a service named \"1000\"", () => {
    const r = loadSources([{ file: "a.yaml", text: `${doc('"1000"')}---\n${doc("a", "[1e3]")}` }]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.some((d) => d.code === "bad-reference" && d.line === 9)).toBe(true);
  });
});

describe("hardening: output does not depend on the time zone or the locale", () => {
  it("the same bytes under UTC/C and Pacific/Kiritimati/de_DE", async () => {
    writeFileSync(join(work, "ts.yaml"), `%YAML 1.1\n---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: ts}\nspec: {type: 2001-12-14t21:59:43.10-05:00, owner: 2002-12-14}\n`);
    const a = await runCli(["graph", "-m", ".", "-f", "json"], { cwd: work, env: { TZ: "UTC", LANG: "C", LC_ALL: "C" } });
    const b = await runCli(["graph", "-m", ".", "-f", "json"], { cwd: work, env: { TZ: "Pacific/Kiritimati", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8", NODE_OPTIONS: "" } });
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(a.stdout).toContain("2001-12-14t21:59:43.10-05:00");
  });
});
