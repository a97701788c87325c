/**
 * The faster paths of `check --base` against their readable forms:
 * - the single causes of a check (CheckScope.causes: the touched nodes and every node whose
 *   failure alone takes one down, on head or base) equal `blastRadius` of every node on both
 *   sides, and every other node's failure takes down exactly the same nodes on both sides
 *   (what lets the single-point rule leave its findings out);
 * - the check lists, for the single-point rule, exactly the full check's findings whose single
 *   point is a cause;
 * - a base loaded with the head's parses (files of the same text are not parsed again) is the
 *   estate loaded without them, on real manifests of every format.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { DiagnosticBag } from "../../src/diagnostics/diagnostics.js";
import { loadSources, type ManifestSource, type ParseCache } from "../../src/load/load.js";
import { parseYamlText } from "../../src/yaml/read-yaml.js";
import { DEFAULT_LIMITS } from "../../src/yaml/limits.js";
import { runCheck } from "../../src/policy/check.js";
import { defaultPolicy } from "../../src/policy/policy-file.js";
import { checkScope } from "../../src/policy/scope.js";
import type { Policy } from "../../src/policy/types.js";
import type { Estate } from "../../src/model/types.js";
import { buildRandomEstate, changedEstatePair } from "../helpers/random-estate.js";
import { REPO } from "../helpers/cli.js";

const pair = changedEstatePair({ maxServices: 9, maxLocations: 6 });

/** The nodes down when `x` alone fails (blast's reading), sorted. */
function downOf(e: Estate, x: string): string[] {
  return blastRadius(e, [x])
    .impacts.filter((i) => i.state === "down")
    .map((i) => i.id)
    .sort();
}

function policy(): Policy {
  const p = defaultPolicy();
  for (const s of p.rules.values()) s.severity = "error";
  (p.rules.get("new-single-point-of-failure")!.options as Map<string, unknown>).set("tiers", ["critical", "high", "medium"]);
  return p;
}

describe("check's single causes (random base/head pairs)", () => {
  it("are the touched nodes and the nodes whose failure alone takes one down; any other failure takes down the same on both sides", () => {
    fc.assert(
      fc.property(pair, ({ base: br, head: hr }) => {
        const base = buildRandomEstate(br);
        const head = buildRandomEstate(hr);
        const scope = checkScope(base, head);
        const touched = new Set(scope.touched);
        const expected = new Set(scope.touched);
        for (const e of [base, head]) for (const x of e.graph.nodes()) if (downOf(e, x).some((id) => touched.has(id))) expected.add(x);
        expect([...scope.causes].sort()).toEqual([...expected].sort());
        for (const x of head.graph.nodes()) {
          if (scope.causes.has(x) || !base.graph.hasNode(x)) continue;
          expect(downOf(head, x)).toEqual(downOf(base, x));
        }
      }),
      { numRuns: 30 },
    );
  });

  it("the check lists exactly the full check's single-point findings whose single point is a cause", () => {
    fc.assert(
      fc.property(pair, ({ base: br, head: hr }) => {
        const base = buildRandomEstate(br);
        const head = buildRandomEstate(hr);
        const { causes, dependencies: subjects } = checkScope(base, head);
        const spof = (r: ReturnType<typeof runCheck>) => r.violations.filter((v) => v.rule === "new-single-point-of-failure").map((v) => JSON.stringify(v));
        const fast = runCheck({ head, base, policy: policy() });
        const full = runCheck({ head, base, policy: policy(), scope: "all" });
        const kept = full.violations.filter((v) => v.rule === "new-single-point-of-failure" && causes.has(v.nodes[1]!) && subjects.has(v.nodes[0]!)).map((v) => JSON.stringify(v));
        expect(spof(fast)).toEqual(kept);
      }),
      { numRuns: 30 },
    );
  });
});

/** Every YAML (and Compose .env) file under `dir`, named relative to it, sorted. */
function sourcesOf(dir: string): ManifestSource[] {
  const out: ManifestSource[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) stack.push(p);
      else if (/\.ya?ml$|(^|\/)\.env$/.test(name)) out.push({ file: relative(dir, p), text: readFileSync(p, "utf8") });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** The estate as comparable data: nodes and edges with their attributes, the diagnostics and the coverage. */
function snapshot(r: ReturnType<typeof loadSources>): string {
  const g = r.estate.graph;
  const nodes = g.nodes().map((id) => [id, g.getNodeAttributes(id)]);
  const edges: unknown[] = [];
  g.forEachEdge((_k, a, s, t) => edges.push([s, t, a]));
  return JSON.stringify({ nodes, edges, files: r.estate.files, diagnostics: r.diagnostics, coverage: r.estate.coverage, ok: r.ok }, (_k, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));
}

describe("the base loaded with the head's parses", () => {
  it.each(["fixtures/retail", "test/corpus/sock-shop", "test/corpus/awesome-compose", "test/corpus/backstage", "test/corpus/online-boutique", "test/corpus/spring-petclinic"])("is the base loaded without them: %s", (folder) => {
    const dir = join(REPO, folder);
    const head = sourcesOf(dir);
    expect(head.length).toBeGreaterThan(1);
    // The base: one file differs (its text changed) and one is missing; the rest are the head's.
    const base = head.slice(1).map((s, i) => (i === 0 ? { file: s.file, text: `# changed on the base\n${s.text}` } : s));
    const parses: ParseCache = { record: true, files: new Map() };
    const headLoad = loadSources(head, { cwd: dir, parses });
    parses.record = false;
    expect(parses.files.size).toBeGreaterThan(0);
    expect(headLoad.estate.files.length).toBeGreaterThan(0);
    const reused = loadSources(base, { cwd: dir, parses });
    const fresh = loadSources(base, { cwd: dir });
    expect(snapshot(reused)).toBe(snapshot(fresh));
    // An unchanged file's trees are the head's very objects (not parsed again); a changed file's are new.
    const read = (src: ManifestSource) => parseYamlText(src.text, src.file, DEFAULT_LIMITS, new DiagnosticBag(), { nodes: 0, parses });
    const same = base.slice(1).find((b) => parses.files.get(b.file)?.text === b.text);
    if (same) expect(read(same)).toBe(parses.files.get(same.file)!.docs);
    if (parses.files.has(base[0]!.file)) expect(read(base[0]!)).not.toBe(parses.files.get(base[0]!.file)!.docs);
  });
});
