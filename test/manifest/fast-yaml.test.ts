/**
 * The fast YAML path (src/manifest/fast-yaml.ts) against the `yaml`-library path of
 * parseYamlText: whenever the fast path answers, its tree (positions included) and node count
 * must be exactly the library's, and the library must have found no problem. Inputs: random
 * data serialised by the library's own `stringify` under many options, the real manifests
 * (fixture, corpus copies, a generated bench estate), and random mutations of all of these.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { stringify, type ToStringOptions } from "yaml";
import { describe, expect, it } from "vitest";
import { readFastYaml, resolvePlain } from "../../src/yaml/fast-yaml.js";
import { parseYamlText, parseYamlTextWithLibrary } from "../../src/yaml/read-yaml.js";
import { DiagnosticBag } from "../../src/diagnostics/diagnostics.js";
import { DEFAULT_LIMITS, type LoadLimits } from "../../src/yaml/limits.js";
import { REPO } from "../helpers/cli.js";
// @ts-expect-error -- plain ESM script without types (the bench's seeded estate generator)
import { generateEstate, toSources } from "../../bench/generate.mjs";

/**
 * Runs of each property; FAST_YAML_RUNS multiplies them for a longer search. `npm test` runs a
 * short share (half the runs of session 11); `npm run fuzz` runs this file again with
 * FAST_YAML_RUNS at one per 50,000 campaign cases (20 for the default 1,000,000).
 */
const RUNS = (n: number): number => Math.round((n / 2) * Number(process.env.FAST_YAML_RUNS ?? 1));
/** Time allowed to a property test (longer runs, longer time). */
const LONG = RUNS(60_000);

interface Outcome {
  /** The fast path answered (did not return undefined). */
  taken: boolean;
  /** The library reported a problem (counted when the fast path answered, or when asked for). */
  libraryErrors: number;
}

/**
 * Runs both paths on `text` and asserts they agree whenever the fast path answers. When it
 * gives up there is nothing to compare, so the library (the slow part) runs only if the caller
 * wants its verdict (`verdict`).
 */
function compare(text: string, limits: LoadLimits = DEFAULT_LIMITS, verdict = false): Outcome {
  const fast = readFastYaml(text, "m.yaml", limits.maxDepth);
  if (fast === undefined && !verdict) return { taken: false, libraryErrors: 0 };
  const bag = new DiagnosticBag();
  const budget = { nodes: 0 };
  const ref = parseYamlTextWithLibrary(text, "m.yaml", limits, bag, budget);
  const libraryErrors = bag.items.filter((d) => d.severity === "error").length;
  if (fast !== undefined) {
    // An answer on text the library rejects would hide a diagnostic.
    expect({ text, libraryErrors }).toEqual({ text, libraryErrors: 0 });
    // Strict deep equality first (fast); on a difference, toEqual judges and shows it.
    if (!isDeepStrictEqual(fast.docs, ref)) expect(fast.docs).toEqual(ref);
    expect(fast.nodes).toBe(budget.nodes);
  }
  return { taken: fast !== undefined, libraryErrors };
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  // A Helm chart's templates are not YAML, and faultline never parses them (it skips the chart).
  if (readdirSync(dir).includes("Chart.yaml")) return out;
  for (const e of readdirSync(dir)) {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) out.push(...listYaml(full));
    else if (/\.ya?ml$/i.test(e)) out.push(full);
  }
  return out.sort();
}

const fixtureFiles = listYaml(resolve(REPO, "fixtures"));
const corpusFiles = listYaml(resolve(REPO, "test/corpus"));
const read = (f: string): string => readFileSync(f, "utf8");
/** A small estate of the benchmark's generator (same shapes as the 10,000-service one). */
const benchSources: { file: string; text: string }[] = toSources(generateEstate({ services: 150, seed: 7 }));

describe("fast YAML path: real manifests", () => {
  it("reads every fixture and generated bench file, identically to the library", () => {
    const texts = [...fixtureFiles.map(read), ...benchSources.map((s) => s.text)];
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) expect(compare(text).taken).toBe(true);
  });

  it("reads the corpus copies identically to the library, and takes most of them", () => {
    let taken = 0;
    for (const f of corpusFiles) if (compare(read(f)).taken) taken++;
    // Measured: every corpus copy is in the subset (literal block scalars included); keep it so.
    expect(taken / corpusFiles.length).toBeGreaterThanOrEqual(0.9);
  });

  it("agrees through parseYamlText: same documents, same diagnostics, same node budget", () => {
    const broken = ["a: [1\n", "a: 1\na: 2\n", "a: *nope\n", "a:\tb\n  c: d\n", "- a\nb: c\n"];
    for (const text of [...fixtureFiles.slice(0, 3).map(read), ...broken]) {
      const bagA = new DiagnosticBag();
      const bagB = new DiagnosticBag();
      const budA = { nodes: 5 };
      const budB = { nodes: 5 };
      expect(parseYamlText(text, "x.yaml", DEFAULT_LIMITS, bagA, budA)).toEqual(parseYamlTextWithLibrary(text, "x.yaml", DEFAULT_LIMITS, bagB, budB));
      expect(bagA.items).toEqual(bagB.items);
      expect(budA).toEqual(budB);
    }
  });

  it("leaves the node budget and depth limit to the library, which reports them", () => {
    const text = "a:\n  b:\n    c: [1, 2]\nd: e\n";
    for (const limits of [
      { ...DEFAULT_LIMITS, maxNodes: 4 },
      { ...DEFAULT_LIMITS, maxDepth: 2 },
    ]) {
      const bag = new DiagnosticBag();
      const docs = parseYamlText(text, "x.yaml", limits, bag, { nodes: 0 });
      expect(docs).toEqual([]);
      expect(bag.items.map((d) => d.code)).toEqual([limits.maxNodes === 4 ? "too-many-nodes" : "too-deep"]);
    }
    // Within the limits (depth 4: the items of the list), the fast path answers and counts
    // 7 nodes (values and items, not keys); one level less and it leaves the file to the library.
    expect(readFastYaml(text, "x.yaml", 3)).toBeUndefined();
    expect(readFastYaml(text, "x.yaml", 4)?.nodes).toBe(7);
    const budget = { nodes: 0 };
    expect(parseYamlText(text, "x.yaml", { ...DEFAULT_LIMITS, maxNodes: 7 }, new DiagnosticBag(), budget)).toHaveLength(1);
    expect(budget.nodes).toBe(7);
  });
});

describe("fast YAML path: chosen cases", () => {
  // Each case: the text, and whether the fast path must answer (true) or give up (false).
  const cases: [string, boolean][] = [
    ["a:\n", true],
    ["a:   \n", true],
    ["a:  # c\n", true],
    ["- \n- a", true],
    ["-\n-", true],
    ["", true],
    ["# only a comment\n", true],
    ["---\n", true],
    ["a: 1\n---\n", true],
    ["a: 1\n...\n...\n", true],
    ["...\n", true],
    ["---\n# c\n---\na: 1\n", true],
    ["--- # c\na: 1", true],
    ["---\n  a: 1\n  b: 2\n", true],
    ["a:\n- x\n- y\nb: 1", true],
    ["- a:\n  - x\n  b: 1", true],
    ["- - a\n  - b\n- c", true],
    ["k:\n-   a: 1\n    b: 2\n-   c\n", true],
    ["a:\n  hello\nb: 1", true],
    ['"a" : 1', true],
    ["a : 1", true],
    ["a: b #c\nd: e#f", true],
    ["a: [b, c] # x", true],
    ["[a, ]", true],
    ['{"a":1}', true],
    ["[http://x]", true],
    ["{a: [b, {c: d}], e: 'f'}", true],
    ["[a, 'b', \"c\", 1, true, null, ~]", true],
    ["a: :b\nc: -d\ne: ?f\ng: b,c\nh: b]", true],
    ["-1: a\n~: b\n1.50: c\n0x1F: d", true],
    ["x: 0x1F\ny: 0o17\nz: 1e3\nw: .inf\nv: -.INF\nu: .NaN\nt: 12345678901234567890\ns: +5\nr: -0\nq: 1.50\np: ~\no: Null\nn: TRUE\nm: yes", true],
    ['"x\\u00e9\\x41\\\\": "\\U0001F600\\t\\""', true],
    ["a: ''\nb: 'it''s'\nc: \"x\\ty\"", true],
    ["a: |\n  x", true],
    ["a: |-\n  x\n\n", true],
    ["a: |  # c\n  x\n", true],
    ["a: |\n  \n    x\n", true],
    ["a: >-\n  x\n\n\n  y\n   z\n  w\n", true],
    ["- |\n x\n- >\n y\n", true],
    ["- a: |\n   x\n  b: 2", true],
    ["a: 1\r\nb:\r\n- [x, y]\r\n# c\r\n---\r\nc: |\r\n  x\r\n\r\n  y\r\n\r\nd: >-\r\n  z\r\n", true],
    // outside the subset, or invalid: the library decides
    ["a: &x 1\nb: *x", false],
    ["a: !!str 1", false],
    ["%YAML 1.2\n---\na: 1", false],
    ["? a\n: b", false],
    ["? a", false],
    ["- ? a", false],
    ["- : b", false],
    ["a:\n  ? b", false],
    ["<<: {a: 1}\nb: 2", false],
    ["a: 1\na: 2", false],
    ["1: a\n'1': b", false],
    ["a:\tb", false],
    ["\ta: b", false],
    ["a: 1\rb: 2", false],
    ['a: "x\r\n  y"', false],
    ["a: b\n  c", false],
    ['a: "b\n  c"', false],
    ["a: [b, # c\n  c,\n\n  {d: e,\n   f: g}\n]\nh: 1", true],
    ["a:\n  b: [1,\n   2\n  ]\n", true],
    ["- [1,\n  2\n]\n", true],
    ["a: {x:\n  1}", true],
    ["a:\n  b: [1,\n  2]\n", false],
    ["- a: [1,\n  2\n  ]\n", false],
    ["a: [[1,\n]]\n", false],
    ["a: {b: [1,\n]}\n", false],
    ["a: [x\n  y]", false],
    ["a: {x\n  : 1}", false],
    ["[1,\n---\n2]", false],
    ["a: - b", false],
    ["a: b: c", false],
    ["- [a, b]: c", false],
    ["a: {b: c}d", false],
    ["  a: 1\nb: 2", false],
    ["a: 1\n- x", false],
    ["- a\nb: 1", false],
    ["[a, , b]", false],
    ["{a, b: }", false],
    ["a: 'b'#x", false],
    ['a: "\\q"', false],
    ["a: |+\n  x\n\n", false],
    ["a: |2\n   x\n", false],
    ["a: |\n   \n  x\n", false],
    ["--- |\n  x\n", false],
    ["a: 1\n---x\n", false],
  ];
  for (const [text, taken] of cases) {
    it(`${JSON.stringify(text)} → ${taken ? "read" : "left to the library"}`, () => {
      expect(compare(text).taken).toBe(taken);
    });
  }

  it("types plain scalars as the YAML 1.2 core schema does", () => {
    const table: [string, unknown][] = [
      ["~", null], ["null", null], ["Null", null], ["NULL", null], ["nULL", "nULL"],
      ["true", true], ["True", true], ["TRUE", true], ["tRUE", "tRUE"], ["yes", "yes"], ["off", "off"],
      ["0o17", 15], ["0o8", "0o8"], ["-0o1", "-0o1"], ["0x1f", 31], ["0X1F", "0X1F"], ["+12", 12], ["007", 7],
      ["1e3", 1000], ["-.5", -0.5], ["1.", 1], [".inf", Infinity], ["-.Inf", -Infinity], [".NaN", NaN],
      ["1_000", "1_000"], ["0.1.2", "0.1.2"], ["12345678901234567890", 12345678901234567000],
    ];
    for (const [s, v] of table) expect([s, resolvePlain(s)]).toEqual([s, v]);
  });
});

// ---- random inputs ----

const tricky = fc.constantFrom(
  "", " ", "true", "False", "null", "~", "NULL", "1", "-1", "+1", "0x1F", "0o17", "1e3", "1.50", ".inf", "-.INF", ".nan",
  "12345678901234567890", "yes", "no", "-", "- a", "a: b", "a:b", "#x", "x #y", "x#y", "'", "\"", "''", "a'b", "a\"b",
  "[a]", "{a: b}", "a, b", "*a", "&a", "!t", "|", ">", "%", "@", "`", "? a", ":", "::", "---", "...", "--- a", "<<",
  "é", "日本", "😀", "\u2028", "\u0085", "\u00a0", "a\nb", "a\n\nb", "a\n", "\n", " lead", "trail ", "a\tb", "\\", "\\n",
  "http://x.example/a?b=c#d", "a  b",
);
const text = fc.oneof(
  { weight: 3, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(..."ab :#-'\"[]{},\n\\é") as fc.Arbitrary<string>, maxLength: 10 }) },
);
const key = text.filter((k) => k !== "__proto__");
const { data } = fc.letrec<{ data: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(0, -0, 1e21, 2 ** 53 + 2, 0.1)),
  data: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("leaf"),
    fc.array(tie("data"), { maxLength: 4 }),
    fc.dictionary(key, tie("data"), { maxKeys: 5 }),
  ),
}));
const options: fc.Arbitrary<ToStringOptions> = fc.record(
  {
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    collectionStyle: fc.constantFrom("any", "block", "flow"),
    defaultStringType: fc.constantFrom("PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE", "BLOCK_LITERAL", "BLOCK_FOLDED"),
    defaultKeyType: fc.constantFrom(null, "PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE"),
    lineWidth: fc.constantFrom(0, 20, 80),
    flowCollectionPadding: fc.boolean(),
    doubleQuotedAsJSON: fc.boolean(),
    nullStr: fc.constantFrom("null", "~", ""),
    trueStr: fc.constantFrom("true", "True"),
  } as Record<keyof ToStringOptions, fc.Arbitrary<unknown>>,
  { requiredKeys: [] },
) as fc.Arbitrary<ToStringOptions>;

/** Documents of a stream: `---` between them, sometimes with comments or `...`. */
function stream(docs: string[], sep: number): string {
  const seps = ["---\n", "...\n---\n", "--- # next\n", "# c\n---\n", "...\n"];
  return (sep % 3 === 0 ? "# leading comment\n" : "") + docs.join(seps[sep % seps.length]);
}

/** One random edit of a text: the fast path must agree with the library or give up. */
const mutation = fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(" ", "\n", "\r", "\r\n", ":", "-", "#", "'", '"', "[", "]", "{", "}", ",", "|", ">", "&", "*", "!", "?", "\t", "a", "1", "  ", "- ", ": ", "\\", "é"), fc.nat(5));
function mutate(t: string, [a, b, ch, kind]: [number, number, string, number]): string {
  if (t.length === 0) return ch;
  const p = a % t.length;
  const lines = t.split("\n");
  switch (kind) {
    case 0:
      return t.slice(0, p) + t.slice(p + 1); // delete a character
    case 1:
      return t.slice(0, p) + ch + t.slice(p); // insert one
    case 2: {
      const i = a % lines.length;
      const j = b % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!]; // swap two lines
      return lines.join("\n");
    }
    case 3: {
      const i = a % lines.length;
      lines.splice(i, 0, lines[i]!); // duplicate a line
      return lines.join("\n");
    }
    case 4: {
      const i = a % lines.length;
      lines[i] = b % 2 === 0 ? " " + lines[i] : lines[i]!.replace(/^ /, ""); // shift a line
      return lines.join("\n");
    }
    default:
      return t.slice(0, p) + t.slice(p + 1 + (b % 8)); // delete a few characters
  }
}

describe("fast YAML path: differential properties", () => {
  it("agrees with the library on random data written by yaml.stringify", () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(data, { minLength: 1, maxLength: 3 }), options, fc.nat(), (values, opts, sep) => {
        let docs: string[];
        try {
          docs = values.map((v) => stringify(v, opts));
        } catch {
          return; // options the library refuses for this value
        }
        runs++;
        const t = stream(docs, sep);
        // Some as Windows files: \r\n line breaks.
        if (compare(sep % 4 === 1 ? t.replace(/\n/g, "\r\n") : t).taken) taken++;
      }),
      { numRuns: RUNS(400) },
    );
    // The property is not vacuous: the fast path answers on a good share of these.
    if (process.env.FAST_YAML_STATS) console.log(`stringify: ${taken} of ${runs} taken`);
    expect(taken).toBeGreaterThan(runs / 5);
  }, LONG);

  it("agrees with the library, or gives up, on mutations of real manifests and of written data", () => {
    const seeds = [...fixtureFiles.map(read), fixtureFiles.map(read)[0]!.replace(/\n/g, "\r\n"), ...corpusFiles.map(read).filter((t) => t.length < 8_000), ...benchSources.slice(0, 5).map((s) => s.text)];
    let invalidSeen = 0;
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (pick, edits) => {
        let t = seeds[pick % seeds.length]!;
        for (const e of edits) t = mutate(t, e);
        // The library's verdict on a text the fast path gives up on is only needed until one
        // invalid mutation has been seen (the generator is not idle).
        const o = compare(t, DEFAULT_LIMITS, invalidSeen === 0);
        if (o.libraryErrors > 0) invalidSeen++;
      }),
      { numRuns: RUNS(400) },
    );
    expect(invalidSeen).toBeGreaterThan(0);
    fc.assert(
      fc.property(data, options, fc.array(mutation, { minLength: 1, maxLength: 2 }), (value, opts, edits) => {
        let t: string;
        try {
          t = stringify(value, opts);
        } catch {
          return;
        }
        for (const e of edits) t = mutate(t, e);
        compare(t);
      }),
      { numRuns: RUNS(500) },
    );
  }, LONG);

  it("agrees with the library on random block structure (lines of keys, items, flows, block scalars at random indentation)", () => {
    const indent = fc.constantFrom("", "", " ", "  ", "  ", "   ", "    ", "      ");
    const word = fc.constantFrom("a", "b", "c", "x1", "-1", "1.5", "~", "true", "'q'", '"d"', "''", "é", "a b", "a:b", "http://h/p");
    const line = fc.oneof(
      fc.tuple(indent, word, word).map(([i, k, v]) => `${i}${k}: ${v}`),
      fc.tuple(indent, word).map(([i, k]) => `${i}${k}:`),
      fc.tuple(indent, word).map(([i, v]) => `${i}- ${v}`),
      fc.tuple(indent, word, word).map(([i, k, v]) => `${i}- ${k}: ${v}`),
      fc.tuple(indent, word).map(([i, k]) => `${i}- ${k}:`),
      indent.map((i) => `${i}-`),
      indent.map((i) => `${i}- - a`),
      fc.tuple(indent, word, word).map(([i, k, v]) => `${i}${k}: [${v}, ${v}]`),
      // flow collections across lines
      fc.tuple(indent, word, word, fc.constantFrom("[", "{", "[[", "[{", "")).map(([i, k, v, o]) => `${i}${k}: ${o}${o.endsWith("{") ? `${v}: ` : ""}${v},`),
      fc.tuple(indent, word, fc.constantFrom("]", "}", "]]", "}]", "],", "},", "")).map(([i, v, c]) => `${i}${v}${c}`),
      fc.tuple(indent, fc.constantFrom("]", "}", "]]", "}]", "[", "{", "# c")).map(([i, c]) => `${i}${c}`),
      fc.tuple(indent, word, word).map(([i, k, v]) => `${i}${k}: {${k}: ${v}}`),
      fc.tuple(indent, word, fc.constantFrom("|", "|-", ">", ">-")).map(([i, k, h]) => `${i}${k}: ${h}`),
      fc.tuple(indent, word).map(([i, v]) => `${i}${v}`),
      fc.tuple(indent, word).map(([i, v]) => `${i}# ${v}`),
      fc.constantFrom("", "---", "...", "--- # d"),
    );
    let taken = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), fc.boolean(), fc.boolean(), (ls, nl, crlf) => {
        const br = crlf ? "\r\n" : "\n";
        if (compare(ls.join(br) + (nl ? br : "")).taken) taken++;
      }),
      { numRuns: RUNS(800) },
    );
    if (process.env.FAST_YAML_STATS) console.log(`block structure: ${taken} of ${RUNS(800)} taken`);
    expect(taken).toBeGreaterThan(RUNS(800) / 20);
  }, LONG);

  it("agrees with the library on text made of YAML-ish pieces", () => {
    const piece = fc.constantFrom(
      "a", "b: ", "- ", "  ", " ", "\n", "\n  ", "#c", " #c", "'x'", '"y"', "'", '"', "[", "]", "{", "}", ", ", ",", ": ", ":", "1", "-1", "~", "null", "true",
      "|", "|-", ">", ">-", "|+", "|2", "? ", "&a ", "*a", "!t ", "<<: ", "%", "\t", "---\n", "...\n", "--- ", "- a: 1\n", "  b: 2\n", "k:\n", "  - x\n", "\\", "é",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (ps) => {
        compare(ps.join(""));
      }),
      { numRuns: RUNS(800) },
    );
  }, LONG);
});

