/**
 * No forged workflow commands (issue 12, item 1): ids, names, types, notes, file names and the
 * source lines quoted in diagnostics come from the pull request; none of them may form a GitHub
 * workflow command in any line faultline prints, on stdout or stderr, in any command and
 * format. Each output is read the way the runner reads it (test/helpers/runner-commands.ts).
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { git, repoWith, writeFiles } from "../check/git-repo.js";
import { runnerCommands } from "../helpers/runner-commands.js";
import { CommandGuard, neutraliseCommands } from "../../src/report/escape/workflow.js";

/** Names that try every way the runner knows: leading `::` after (Unicode) whitespace, line breaks, the legacy form. */
const EVIL = ["::error::pwned", "\u00a0::warning title=x::y", "a##[error]legacy", "\u3000::add-mask::secret"];
const q = (s: string) => JSON.stringify(s);

const BASE = `apiVersion: faultline/v1
kind: Location
metadata: {name: dc}
spec: {hosting: in-house, type: "##[group]hall"}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: api}
spec: {tier: critical, runsOn: [dc], owner: "::error::owner", dependsOn: [db]}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: db}
spec: {tier: critical, runsOn: [dc]}
`;
// Compose service names may hold any character: the hostile names arrive through an imported file.
const COMPOSE = `services:\n${EVIL.map((n) => `  ${q(n)}:\n    image: ${q(`##[warning]${n}`)}\n`).join("")}`;
const HEAD = BASE.replace("dependsOn: [db]", `dependsOn: [db, ${EVIL.map(q).join(", ")}]`);

const repo = repoWith({ "estate/estate.yaml": BASE });
writeFiles(repo.dir, { "estate/estate.yaml": HEAD, "estate/compose.yaml": COMPOSE });
const broken = mkdtempSync(join(tmpdir(), "faultline-wfc-"));
// A file whose name and quoted source line are commands, with a schema error on that line.
writeFileSync(join(broken, "::error::file.yaml"), `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: x}\nspec:\n  tier: "::error::tier"\n`);
writeFileSync(join(broken, "b.yaml"), `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: y}\nspec:\n  dependsOn: ["##[error]missing", "  ::error::missing"]\n`);
afterAll(() => {
  repo.cleanup();
  rmSync(broken, { recursive: true, force: true });
});

const runs: Array<[string, string[], string?]> = [
  ["validate", ["validate", "-m", "estate"]],
  ["blast text", ["blast", "-m", "estate", "db", ...EVIL]],
  ["blast json", ["blast", "-m", "estate", "--json", "db"]],
  ["graph json", ["graph", "-m", "estate", "-f", "json"]],
  ["graph dot", ["graph", "-m", "estate", "-f", "dot", "--fail", "db"]],
  ["graph mermaid", ["graph", "-m", "estate", "-f", "mermaid", "--fail", "db"]],
  ["graph svg", ["graph", "-m", "estate", "-f", "svg", "--fail", "db"]],
  ["exposure text", ["exposure", "-m", "estate"]],
  ["exposure markdown", ["exposure", "-m", "estate", "-f", "markdown"]],
  ["exposure json", ["exposure", "-m", "estate", "--json"]],
  ["spof", ["spof", "-m", "estate"]],
  ["spof --for", ["spof", "-m", "estate", "--for", "api"]],
  ["risk", ["risk", "-m", "estate", "api"]],
  ["scenarios text", ["scenarios", "-m", "estate"]],
  ["scenarios markdown", ["scenarios", "-m", "estate", "-f", "markdown"]],
  ...(["text", "json", "markdown", "sarif"] as const).map((f): [string, string[]] => [`check ${f}`, ["check", "-m", "estate", "--base", "main", "-f", f]]),
  ["unknown id", ["blast", "-m", "estate", "::error::nope"]],
  ["diagnostics", ["validate", "-m", "."], "broken"],
];

describe("hardening: workflow commands", () => {
  for (const [name, args, where] of runs) {
    it(`${name}: no line of stdout or stderr is a command`, async () => {
      const r = await runCli(args, { cwd: where === "broken" ? broken : repo.dir });
      expect(r.code, r.stderr).not.toBe(3);
      if (where !== "broken" && name !== "unknown id") expect(r.code, r.stderr).toBeLessThan(2);
      expect(runnerCommands(r.stdout)).toEqual([]);
      expect(runnerCommands(r.stderr)).toEqual([]);
    });
  }

  it("the inputs really are hostile: without neutralising, the runner would act on them", async () => {
    expect(runnerCommands(COMPOSE).length).toBeGreaterThan(3);
    const r = await runCli(["validate", "-m", "."], { cwd: broken });
    expect(r.stderr).toContain("file.yaml");
    expect(r.stderr).toContain("\\u003a:error::file.yaml");
  });

  it("check --format github: the only commands are faultline's annotations, groups and stop-commands fences", async () => {
    const r = await runCli(["check", "-m", "estate", "--base", "main", "-f", "github"], { cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    const acted = runnerCommands(r.stdout);
    expect(acted.some((c) => c.startsWith("::error "))).toBe(true);
    for (const c of acted) expect(c).toMatch(/^::(error|warning|notice) file=[^:]*,line=\d+,col=\d+,title=faultline [a-z-]+::|^::(group|endgroup|stop-commands)::|^::faultline-[0-9a-f]{32}::$/);
    // Every fence is closed, and its token never appears inside the fenced text.
    const tokens = [...r.stdout.matchAll(/::stop-commands::(\S+)/g)].map((m) => m[1]!);
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(r.stdout.split(t).length - 1).toBe(2);
    expect(runnerCommands(r.stderr)).toEqual([]);
    // Same input, same bytes (the fence token is derived from the fenced text).
    expect((await runCli(["check", "-m", "estate", "--base", "main", "-f", "github"], { cwd: repo.dir })).stdout).toBe(r.stdout);
  });

  it("annotation properties and messages are escaped as the runner unescapes them", async () => {
    const r = await runCli(["check", "-m", "estate", "--base", "main", "-f", "github"], { cwd: repo.dir });
    for (const line of r.stdout.split("\n").filter((l) => /^::(error|warning) /.test(l))) {
      const props = line.slice(line.indexOf(" ") + 1, line.indexOf("::", 2));
      expect(props).not.toMatch(/[\r\n]/);
      for (const p of props.split(",")) expect(p).toMatch(/^[a-z]+=[^,:]*$/);
    }
  });
});

describe("CommandGuard", () => {
  it("catches commands split across writes", async () => {
    const g = new CommandGuard();
    const out = [" ", ":", ":error::x\nok #", "#[error]y\n", "\u00a0:", ":warn::z"].map((c) => g.push(c)).join("") + g.end();
    expect(runnerCommands(out)).toEqual([]);
    expect(out).toContain("ok \\u0023#[error]y");
  });

  it("leaves ordinary text alone and neutralises whole texts line by line", async () => {
    expect(neutraliseCommands("a::b\n  c ## [d]\n")).toBe("a::b\n  c ## [d]\n");
    expect(runnerCommands(neutraliseCommands("x\r::error::y\r\n\t::warning::z"))).toEqual([]);
  });
});
