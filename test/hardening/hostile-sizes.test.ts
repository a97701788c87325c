/**
 * Location chains thousands deep (`spec.parent`, issue 12 item 6): handled with no recursion as
 * deep as the chain, in linear work, or refused by a named limit; never a stack overflow (exit 3)
 * or a heap abort (exit 134). The library runs in a Worker whose stack (0.5 MB, half of Node's)
 * the recursive layout, DOT and Mermaid walks of before overflowed at 1,500 levels; the built
 * library (dist/) is what runs.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { REPO, runCli } from "../helpers/cli.js";
import { blastRadius, buildView, loadSources, ResultTooLargeError, spofFor } from "../../src/index.js";
import { excludeMatcher } from "../../src/load/find-manifests.js";

function inSmallStack(depth: number, steps: string[]): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    const w = new Worker(resolve(REPO, "test/hardening/deep-worker.mjs"), {
      workerData: { dist: resolve(REPO, "dist"), depth, steps },
      resourceLimits: { stackSizeMb: 0.5 },
    });
    w.once("message", (m) => {
      void w.terminate();
      done(m);
    });
    w.once("error", fail);
  });
}

/** A chain of `depth` locations, each naming the one above with `spec.parent`, and `app` at the bottom. */
function chain(depth: number): string {
  const parts: string[] = [];
  let id = "";
  for (let i = 0; i < depth; i++) {
    parts.push(`apiVersion: faultline/v1\nkind: Location\nmetadata: {name: l}\nspec: {${i > 0 ? `parent: ${id}` : "hosting: public-cloud"}}\n---\n`);
    id = i > 0 ? `${id}/l` : "l";
  }
  parts.push(`apiVersion: faultline/v1\nkind: Service\nmetadata: {name: app}\nspec: {runsOn: [${id}]}\n`);
  return parts.join("");
}

describe("hardening: a location chain 1,500 deep in half of Node's stack", () => {
  it("loads, ranks risk groups by depth, and its picture is laid out and written as DOT and Mermaid with every box nested", async () => {
    const r = await inSmallStack(1500, ["layout", "dot", "mermaid", "risk"]);
    expect(r).toEqual({
      ok: true,
      locations: 1500,
      riskGroups: 1500, // every box around the bottom service is one of its single points
      boxes: 1500,
      maxDepth: 1499,
      topBoxServices: 2, // both services are drawn inside the outermost box
      layoutBoxes: 1500,
      nested: true,
      dotClusters: 1500,
      dotBalanced: true,
      mermaidSubgraphs: 1500,
      mermaidEnds: 1500,
    });
  }, 20_000);
});

describe("hardening: paths through a deep chain are bounded in characters, not only in ids", () => {
  // 400 levels: the ids are 1 … 799 characters long, the paths of blast hold 80,200 ids but
  // about 21 million characters (the ids of a chain grow with its depth).
  const e = loadSources([{ file: "chain.yaml", text: chain(400) }]).estate;

  it("blast refuses past options.maxPathChars and answers below it", () => {
    expect(() => blastRadius(e, ["l"], { maxPathChars: 1_000_000 })).toThrow(ResultTooLargeError);
    expect(() => blastRadius(e, ["l"], { maxPathChars: 1_000_000 })).toThrow(/more than 1000000 characters of ids.*options\.maxPathChars/);
    expect(blastRadius(e, ["l"]).summary.down).toBe(400);
  });

  it("spof --for refuses past options.maxPathChars, and names options.maxWork past its step budget", () => {
    expect(() => spofFor(e, "app", { maxPathChars: 1_000_000 })).toThrow(/characters of ids.*options\.maxPathChars/);
    expect(() => spofFor(e, "app", { maxWork: 1000 })).toThrow(/more than 1000 steps.*options\.maxWork/);
    expect(spofFor(e, "app").singlePointsOfFailure).toHaveLength(400);
  });
});

describe("hardening: a dense picture is refused past options.maxEdges", () => {
  // Every service depends on every earlier one: 40 services, 780 edges.
  let dense = "";
  for (let i = 0; i < 40; i++) dense += `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {dependsOn: [${Array.from({ length: i }, (_, j) => `s${j}`).join(", ")}]}\n---\n`;
  const e = loadSources([{ file: "dense.yaml", text: dense }]).estate;

  it("buildView counts the edges it would draw against the limit, after --collapse and --focus", () => {
    expect(() => buildView(e, { maxEdges: 779 })).toThrow(/would draw 780 edges, more than the limit of 779; raise options\.maxEdges/);
    expect(buildView(e, { maxEdges: 780 }).edges).toHaveLength(780);
    expect(buildView(e, { maxEdges: 779, collapse: true }).edges).toHaveLength(0); // one summary node: nothing to draw between
    expect(buildView(e, { maxEdges: 779, focus: "s10", depth: 0 }).nodes).toHaveLength(1);
    expect(buildView(e).edges).toHaveLength(780); // the default, 250,000, is far above
  });

  it("the CLI exits 2 naming --max-edges and writes no file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-dense-"));
    writeFileSync(join(dir, "dense.yaml"), dense);
    for (const format of ["svg", "dot", "mermaid", "html"]) {
      const out = join(dir, `out.${format}`);
      const r = await runCli(["graph", "--format", format, "-m", dir, "--max-edges", "100", "-o", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/would draw 780 edges, more than the limit of 100; raise --max-edges <n>, or draw less with --collapse, --focus or --hosting/);
      expect(existsSync(out)).toBe(false);
    }
    const ok = await runCli(["graph", "--format", "dot", "-m", dir, "--max-edges", "780"]);
    expect(ok.code).toBe(0);
  });
});

describe("hardening: the CLI names the flag of each path limit", () => {
  it("blast --max-path-chars and spof --for --max-work, --max-path-chars", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-deep-"));
    writeFileSync(join(dir, "chain.yaml"), chain(100));
    const b = await runCli(["blast", "l", "-m", dir, "--json", "--max-path-chars", "5000"]);
    expect(b.code).toBe(2);
    expect(b.stdout).toBe("");
    expect(b.stderr).toMatch(/more than 5000 characters of ids .*raise --max-path-chars <n>/);
    const s = await runCli(["spof", "--for", "app", "-m", dir, "--max-path-chars", "5000"]);
    expect(s.stderr).toMatch(/raise --max-path-chars <n>/);
    const w = await runCli(["spof", "--for", "app", "-m", dir, "--max-work", "50"]);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/more than 50 steps .*raise --max-work <steps>/);
    expect((await runCli(["blast", "l", "-m", dir, "--json"])).code).toBe(0);
  });
});

describe("hardening: exclude globs from the config cannot make the walk backtrack", () => {
  it("a glob of many stars against a long name is answered at once (a backtracking regex took minutes)", () => {
    const m = excludeMatcher(["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c"]);
    expect(m(`m/${"a".repeat(5000)}.yaml`)).toBe(false);
    expect(m(`m/${"a".repeat(5000)}c`)).toBe(true);
    const deep = excludeMatcher(["**/**/**/**/**/**/**/**/x/**/**/y"]);
    expect(deep(Array.from({ length: 2000 }, () => "z").join("/"))).toBe(false);
    expect(deep("a/x/b/c/y")).toBe(true);
  });
});

describe("hardening: the config cannot list globs without bound", () => {
  it("an exclude list longer than MAX_EXCLUDE_GLOBS is an error at the list, exit 2, nothing loaded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fl-globs-"));
    writeFileSync(join(dir, "m.yaml"), "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: app}\n");
    const globs = Array.from({ length: 1001 }, (_, i) => `  - "g${i}/**"`).join("\n");
    writeFileSync(join(dir, "faultline.config.yaml"), `manifests: [m.yaml]\nexclude:\n${globs}\n`);
    const r = await runCli(["validate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/faultline\.config\.yaml:3:\d+: .*exclude lists 1001 globs, more than 1000/);
    writeFileSync(join(dir, "faultline.config.yaml"), `manifests: [m.yaml]\nexclude:\n${globs.split("\n").slice(0, 1000).join("\n")}\n`);
    expect((await runCli(["validate"], { cwd: dir })).code).toBe(0);
  });
});
