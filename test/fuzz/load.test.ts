/**
 * Fuzz (short run for `npm test`): mutated, truncated and random manifests through the
 * library — load never throws, every diagnostic has a file and a line, and every analysis
 * and reporter runs on whatever loads. The long campaign is `npm run fuzz`.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { analyse, caseArb, describeCase, filesOf, loadCase, mutate, seeds, yamlOf } from "./harness.js";
import { loadSources } from "../../src/load/load.js";
import { binaryString } from "../helpers/arbitraries.js";

const runs = Number(process.env.FUZZ_RUNS ?? 40);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;
const params = { numRuns: runs, ...(seed !== undefined ? { seed } : {}) };

describe("fuzz: load and analyses (library)", () => {
  it("has seed estates from the fixtures and every corpus format, each loading cleanly", () => {
    const names = seeds().map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["retail", "tiny", "backstage", "online-boutique", "sock-shop/compose", "sock-shop/kubernetes"]));
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  it("mutations change the input (the generators are not idle)", () => {
    const changed = fc.sample(caseArb, { numRuns: 80, seed: 1 }).filter((c) => {
      const { seed: s, files } = filesOf(c);
      return [...files].some(([f, t]) => s.files.get(f) !== t);
    });
    expect(changed.length).toBeGreaterThan(60);
    // a structural mutation really edits the tree
    const text = "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: a}\n";
    expect(mutate(text, { op: "set", at: 0.99, value: "__proto__" }, []).text).toContain("__proto__");
    expect(mutate(text, { op: "remove", at: 0 }, []).text).not.toContain("apiVersion");
  });

  it("one mutation of a valid estate: no exception, diagnostics placed, analyses run", () => {
    let loaded = 0;
    let refused = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const { seed: s, files } = filesOf(c);
        let r;
        try {
          r = loadCase(files);
          if (r.ok) analyse(r.estate, s, c.file);
        } catch (err) {
          throw new Error(`${describeCase(c)}\n${(err as Error).stack}`);
        }
        if (r.ok) loaded++;
        else refused++;
      }),
      params,
    );
    // both sides are exercised: some mutants still load, some are refused
    expect(loaded).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it("random YAML (fc.anything serialised) and random text: no exception, diagnostics placed", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything({ maxDepth: 5, withMap: true, withSet: true, withBigInt: true, withDate: true, withNullPrototype: true }).map(yamlOf), binaryString({ maxLength: 300 })), (text) => {
        const r = loadCase(new Map([["random.yaml", text]]));
        for (const d of r.diagnostics) expect(d.file).toBe("random.yaml");
      }),
      params,
    );
  });

  it("truncations of every seed file at every 397th offset, the file alone: no exception, diagnostics placed", () => {
    let cases = 0;
    for (const s of seeds()) {
      for (const [name, text] of s.files) {
        for (let i = 0; i < text.length; i += 397) {
          loadCase(new Map([[name, text.slice(0, i)]]));
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(250);
    // and a truncation that cuts a document in half is reported in that file
    const r = loadSources([{ file: "cut.yaml", text: "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: a\n" }]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ file: "cut.yaml", code: "yaml-syntax" });
  });
});
