import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { estateOf } from "../helpers/estate.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { PICTURE_FILES, SERVICES } from "../report/picture-estate.js";
import { attrsOf, parseSvg } from "../report/svg-dom.js";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "faultline-graph-"));
  mkdirSync(join(dir, "estate"));
  for (const [f, text] of Object.entries(PICTURE_FILES)) writeFileSync(join(dir, "estate", f), text);
  mkdirSync(join(dir, "broken"));
  writeFileSync(join(dir, "broken", "s.yaml"), "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: a}\nspec: {dependsOn: [nope]}\n");
});

// Each case spawns the CLI several times; on a busy machine that outlasts the 5 s default.
describe("cli: graph", { timeout: 60_000 }, () => {
  it("--format json is unchanged: exactly graphToJson", async () => {
    const r = (await runCli(["graph", "-m", "estate"], { cwd: dir }));
    expect(r.code).toBe(0);
    const want = graphToJson(estateOf(Object.fromEntries(Object.entries(PICTURE_FILES).map(([f, t]) => [join("estate", f), t]))));
    const got = JSON.parse(r.stdout);
    expect(got.nodes.map((n: { id: string }) => n.id)).toEqual(want.nodes.map((n) => n.id));
    expect(got.edges).toEqual(JSON.parse(JSON.stringify(want.edges)));
    expect((await runCli(["graph", "-m", "estate", "--format", "json"], { cwd: dir })).stdout).toBe(r.stdout);
  });

  it("--format svg --fail writes a picture whose states equal blast --json", async () => {
    const out = join(dir, "fail.svg");
    const r = (await runCli(["graph", "-m", "estate", "--format", "svg", "--fail", "aws/us-east-1/az1", "acme", "-o", out], { cwd: dir }));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const doc = parseSvg(readFileSync(out, "utf8"));
    const blast = JSON.parse((await runCli(["blast", "-m", "estate", "aws/us-east-1/az1", "acme", "--json"], { cwd: dir })).stdout) as ReturnType<typeof blastRadius>;
    const state = new Map<string, string>(blast.impacts.map((i) => [i.id, i.state]));
    for (const f of blast.failed) state.set(f, "down");
    const nodes = attrsOf(doc, "g[data-id]");
    expect(nodes.map((a) => a.get("data-id")).sort()).toEqual(SERVICES);
    for (const a of nodes) expect(a.get("data-state")).toBe(state.get(a.get("data-id")!) ?? "up");
  });

  it("-f takes its format from the -o extension; dot and mermaid go to stdout", async () => {
    expect((await runCli(["graph", "-m", "estate", "-o", join(dir, "x.svg")], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, "x.svg"), "utf8")).toMatch(/^<\?xml/);
    const dot = (await runCli(["graph", "-m", "estate", "--format", "dot", "--collapse"], { cwd: dir }));
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph faultline \{/);
    expect(dot.stdout).toContain('subgraph "cluster_aws" {');
    const mm = (await runCli(["graph", "-m", "estate", "--format", "mermaid", "--focus", "api", "--depth", "1"], { cwd: dir }));
    expect(mm.code).toBe(0);
    expect(mm.stdout).toContain("flowchart TB");
    expect(mm.stdout).not.toContain('"loop-a');
  });

  it("bad input, unknown ids and misuse exit 2 and write nothing", async () => {
    const cases: string[][] = [
      ["graph", "-m", "broken", "--format", "svg", "-o", "out1.svg"],
      ["graph", "-m", "estate", "--format", "svg", "--fail", "nosuch", "-o", "out2.svg"],
      ["graph", "-m", "estate", "--format", "svg", "--focus", "nosuch", "-o", "out3.svg"],
      ["graph", "-m", "estate", "--format", "svg", "--depth", "2", "-o", "out4.svg"],
      ["graph", "-m", "estate", "--fail", "api", "-o", "out5.json"],
      ["graph", "-m", "estate", "--format", "svg", "--depth", "-1", "--focus", "api", "-o", "out6.svg"],
      ["graph", "-m", "estate", "--format", "png", "-o", "out7.png"],
    ];
    for (const args of cases) {
      const r = (await runCli(args, { cwd: dir }));
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).not.toMatch(/at .*\.js:\d+/);
      expect(existsSync(join(dir, args[args.length - 1]!)), args.join(" ")).toBe(false);
    }
    expect((await runCli(cases[1]!, { cwd: dir })).stderr).toContain('unknown id: "nosuch"');
    expect((await runCli(cases[4]!, { cwd: dir })).stderr).toContain("--fail only apply to pictures");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
