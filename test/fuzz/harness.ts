/**
 * The fuzz harness shared by the short suites in `npm test` and the long campaign of
 * `npm run fuzz` (scripts/fuzz.mjs): seed estates, generators of broken manifests, and the
 * checks every run must pass (no uncaught exception, exit 0/1/2, diagnostics with a place).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import fc from "fast-check";
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, stringify, type Document, type Node as YamlNode } from "yaml";
import { binaryString } from "../helpers/arbitraries.js";
import { REPO } from "../helpers/cli.js";
import { main } from "../../src/cli/main.js";
import { loadSources, type LoadResult } from "../../src/load/load.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostics.js";
import type { Estate } from "../../src/model/types.js";
import * as lib from "../helpers/internals.js";

/**
 * Diagnostics about paths, folders or options, which have no line in a manifest. Every other
 * diagnostic must carry a file and a line.
 */
export const NO_LINE_CODES: ReadonlySet<string> = new Set(["missing-path", "no-manifests", "too-many-files"]);

/** An estate: file path (relative, `/`-separated) → contents. */
export type Files = Map<string, string | Uint8Array>;

/** A seed estate that loads without error: its name, files and some of its ids. */
export interface Seed {
  name: string;
  files: Map<string, string>;
  ids: string[];
  services: string[];
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...listYaml(full));
    else if (/\.ya?ml$/i.test(e.name)) out.push(full);
  }
  return out.sort();
}

function seedOf(name: string, dir: string, only?: (rel: string) => boolean): Seed | undefined {
  const files = new Map<string, string>();
  for (const f of listYaml(dir)) {
    const rel = relative(dir, f).split(sep).join("/");
    if (only && !only(rel)) continue;
    files.set(rel, readFileSync(f, "utf8"));
  }
  const r = loadSources([...files].map(([file, text]) => ({ file, text })));
  if (!r.ok || files.size === 0) return undefined;
  const ids: string[] = [];
  const services: string[] = [];
  r.estate.graph.forEachNode((id, a) => {
    ids.push(id);
    if (a.kind === "service") services.push(id);
  });
  return { name, files, ids: ids.sort(), services: services.sort() };
}

let seedCache: Seed[] | undefined;

/** The seed estates: the fixture estate, the tiny test estate and the corpus copies (each loads cleanly). */
export function seeds(): Seed[] {
  if (seedCache) return seedCache;
  const corpus = resolve(REPO, "test/corpus");
  const list: Array<Seed | undefined> = [
    seedOf("retail", resolve(REPO, "fixtures/retail")),
    seedOf("tiny", resolve(REPO, "test/fixtures/tiny")),
    ...readdirSync(resolve(corpus, "awesome-compose"))
      .filter((d) => statSync(resolve(corpus, "awesome-compose", d)).isDirectory())
      .map((d) => seedOf(`awesome-compose/${d}`, resolve(corpus, "awesome-compose", d))),
    seedOf("backstage", resolve(corpus, "backstage")),
    seedOf("deathstarbench/socialNetwork", resolve(corpus, "deathstarbench/socialNetwork")),
    seedOf("deathstarbench/hotelReservation", resolve(corpus, "deathstarbench/hotelReservation")),
    seedOf("online-boutique", resolve(corpus, "online-boutique"), (rel) => rel.startsWith("kubernetes-manifests/")),
    seedOf("sock-shop/compose", resolve(corpus, "sock-shop"), (rel) => rel.startsWith("docker-compose/")),
    seedOf("sock-shop/kubernetes", resolve(corpus, "sock-shop"), (rel) => rel.startsWith("kubernetes/")),
  ];
  seedCache = list.filter((s): s is Seed => s !== undefined);
  return seedCache;
}

/** Text that has bitten parsers, reporters and plain-object lookups before. */
export const HOSTILE_STRINGS: readonly string[] = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "prototype",
  "valueOf",
  "__defineGetter__",
  "",
  " ",
  "-",
  ".",
  "..",
  "../../etc/passwd",
  "/etc/passwd",
  "https://example.invalid/catalog.yaml",
  "file:///etc/passwd",
  "service:",
  "location:",
  "service:__proto__",
  "location:aws/nope",
  "aws//x",
  "a/b/c/d/e/f",
  "\u001b[31mred\u001b[0m",
  "\u001b]8;;https://evil.invalid\u0007link\u001b]8;;\u0007",
  "\r\nfake: line",
  "<script>alert(1)</script>",
  "]]><!--",
  "a|b|c",
  "`code` *bold* [link](javascript:alert(1))",
  '"quoted" \\ back\\slash',
  "::error file=x::pwned",
  "%0A::warning::pwned",
  "{{ template }}",
  "&anchor",
  "*alias",
  "!!binary",
  "\u202etxt.exe",
  "\ud800",
  "\u0000nul",
  "\u2028line",
  "1e400",
  "-0",
  "NaN",
  "x".repeat(5000),
  "é".repeat(300),
];

/** Scalars and values a mutation puts where a value was. */
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1, 2, 3, 1.5, -0.5, 1e308, Number.MAX_SAFE_INTEGER, "true", "null", "~") },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE_STRINGS.slice(0, 20)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("__proto__", "constructor", "ref", "anyOf", "quorum", "of", "soft", "note", "name", "x"), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) },
);

/** A mutation, applied to the text of one file; `pick` values in [0, 1) choose positions. */
export type Mutation =
  | { op: "truncate"; at: number }
  | { op: "insert"; at: number; text: string }
  | { op: "delete"; at: number; length: number }
  | { op: "duplicate-line"; at: number }
  | { op: "swap-lines"; at: number; other: number }
  | { op: "set"; at: number; value: unknown }
  | { op: "set-id"; at: number; id: number }
  | { op: "remove"; at: number }
  | { op: "rename-key"; at: number; key: string }
  | { op: "random-yaml"; value: unknown }
  | { op: "random-text"; text: string }
  | { op: "random-bytes"; bytes: Uint8Array }
  | { op: "add-file"; value: unknown };

const pick = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const insertText = fc.oneof(
  fc.constantFrom("---\n", "\n", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: *a\n", "\t", "#", "'", '"', "|", ">", "!!str ", "? ", "\ufeff", "\r", "\r\n", "%YAML 1.2\n", "...\n", "\u0000"),
  binaryString({ maxLength: 8 }),
  fc.constantFrom(...HOSTILE_STRINGS),
);
// Hostile keys too: a Compose service name or a label key is free text.
const keyArb = fc.constantFrom(...HOSTILE_STRINGS.slice(0, 45), "__proto__", "constructor", "toString", "apiVersion", "kind", "metadata", "spec", "name", "dependsOn", "runsOn", "children", "parent", "hosting", "tier", "minPlacements", "labels", "annotations", "depends_on", "extends", "include", "services", "x-faultline", "<<", "", "anyOf", "quorum", "of", "soft", "note", "ref");

/** Every kind of mutation, weighted towards the ones that keep most of a valid manifest. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("insert" as const), at: pick, text: insertText }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), at: pick, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("duplicate-line" as const), at: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("swap-lines" as const), at: pick, other: pick }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("set" as const), at: pick, value: valueArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("set-id" as const), at: pick, id: pick }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("remove" as const), at: pick }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("rename-key" as const), at: pick, key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("random-yaml" as const), value: fc.anything({ maxDepth: 4, withNullPrototype: true, withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: false, withSparseArray: true }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("random-text" as const), text: binaryString({ maxLength: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("random-bytes" as const), bytes: fc.uint8Array({ maxLength: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("add-file" as const), value: fc.anything({ maxDepth: 3 }) }) },
);

/** A fuzz case: a seed estate, the file mutated and the mutation. */
export interface FuzzCase {
  seed: number;
  file: number;
  mutation: Mutation;
}

/** Cases: one mutation of one file of one seed estate. */
export const caseArb: fc.Arbitrary<FuzzCase> = fc.record({ seed: fc.nat(), file: fc.nat(), mutation: mutationArb });

/** YAML text of any JavaScript value; values yaml cannot represent become their JSON or String form. */
export function yamlOf(value: unknown): string {
  try {
    const text = stringify(value, { aliasDuplicateObjects: true }) as string | undefined;
    if (typeof text === "string") return text;
    return String(value);
  } catch {
    try {
      return JSON.stringify(value) ?? "null";
    } catch {
      return String(value);
    }
  }
}

/** Every node of the documents (pairs' values and keys' parents), in document order. */
function nodesOf(docs: Document.Parsed[]): Array<{ parent: YamlNode; index: number }> {
  const out: Array<{ parent: YamlNode; index: number }> = [];
  const walk = (n: unknown) => {
    if (isMap(n) || isSeq(n)) {
      n.items.forEach((it, index) => {
        out.push({ parent: n, index });
        walk(isPair(it) ? it.value : it);
      });
    }
  };
  for (const d of docs) walk(d.contents);
  return out;
}

/** Parsed seed files, cloned for each structural mutation (parsing is the slow part). */
const parsedCache = new Map<string, Document.Parsed[]>();

/** Applies a mutation to one file's text; returns the new contents (or a new file to add). */
export function mutate(text: string, m: Mutation, ids: readonly string[]): { text: string | Uint8Array; added?: string } {
  const at = (p: number, n: number) => Math.min(n, Math.floor(p * (n + 1)));
  switch (m.op) {
    case "truncate":
      return { text: text.slice(0, at(m.at, text.length)) };
    case "insert": {
      const i = at(m.at, text.length);
      return { text: text.slice(0, i) + m.text + text.slice(i) };
    }
    case "delete": {
      const i = at(m.at, text.length);
      return { text: text.slice(0, i) + text.slice(i + m.length) };
    }
    case "duplicate-line":
    case "swap-lines": {
      const lines = text.split("\n");
      const i = at(m.at, lines.length - 1);
      if (m.op === "duplicate-line") lines.splice(i, 0, lines[i]!);
      else {
        const j = at(m.other, lines.length - 1);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      return { text: lines.join("\n") };
    }
    case "random-yaml":
      return { text: yamlOf(m.value) };
    case "random-text":
      return { text: m.text };
    case "random-bytes":
      return { text: m.bytes };
    case "add-file":
      return { text, added: yamlOf(m.value) };
    default:
      break;
  }
  // Structural mutations: edit the YAML tree, keep everything else.
  let parsed = parsedCache.get(text);
  if (!parsed) {
    if (parsedCache.size > 200) parsedCache.clear();
    parsedCache.set(text, (parsed = parseAllDocuments(text) as Document.Parsed[]));
  }
  if (!Array.isArray(parsed) || parsed.some((d) => d.errors.length > 0)) return { text };
  const docs = parsed.map((d) => d.clone() as Document.Parsed);
  const nodes = nodesOf(docs);
  if (nodes.length === 0) return { text };
  const { parent, index } = nodes[at(m.at, nodes.length - 1)]!;
  const items = (parent as unknown as { items: unknown[] }).items;
  const doc = docs.find((d) => d.contents !== null)!;
  const item = items[index];
  switch (m.op) {
    case "set":
    case "set-id": {
      const v = m.op === "set" ? m.value : (ids[at(m.id, ids.length - 1)] ?? "x");
      const node = doc.createNode(v);
      if (isPair(item)) item.value = node;
      else items[index] = node;
      break;
    }
    case "remove":
      items.splice(index, 1);
      break;
    case "rename-key":
      if (isPair(item) && isScalar(item.key)) item.key = doc.createNode(m.key);
      else items[index] = doc.createNode(m.key);
      break;
  }
  try {
    return { text: docs.map((d) => d.toString({ lineWidth: 0 })).join("") };
  } catch {
    return { text };
  }
}

/** The estate of a case: the seed's files with one of them mutated (or one added). */
export function filesOf(c: FuzzCase): { seed: Seed; files: Files } {
  const all = seeds();
  const seed = all[c.seed % all.length]!;
  const names = [...seed.files.keys()];
  const target = names[c.file % names.length]!;
  const files: Files = new Map(seed.files);
  const r = mutate(seed.files.get(target)!, c.mutation, seed.ids);
  files.set(target, r.text);
  if (r.added !== undefined) files.set("zz-added.yaml", r.added);
  return { seed, files };
}

/** Checks the diagnostics of a load: each names a file of the estate and a line, except those about paths. */
export function checkDiagnostics(diags: readonly Diagnostic[], fileNames: ReadonlySet<string>): void {
  for (const d of diags) {
    if (typeof d.message !== "string" || d.message.length === 0) throw new Error(`diagnostic without a message: ${JSON.stringify(d)}`);
    if (d.severity !== "error" && d.severity !== "warning") throw new Error(`diagnostic with severity ${String(d.severity)}`);
    if (NO_LINE_CODES.has(d.code)) continue;
    if (!d.file || !fileNames.has(d.file)) throw new Error(`diagnostic ${d.code} names no file of the estate: ${JSON.stringify(d)}`);
    if (!Number.isInteger(d.line) || d.line! < 1 || !Number.isInteger(d.column) || d.column! < 1) throw new Error(`diagnostic ${d.code} has no line and column: ${JSON.stringify(d)}`);
  }
}

/** Loads a case through the library (text in memory; bytes as text decoded leniently). */
export function loadCase(files: Files): LoadResult {
  const sources = [...files].map(([file, t]) => ({ file, text: typeof t === "string" ? t : Buffer.from(t).toString("latin1") }));
  const r = loadSources(sources);
  checkDiagnostics(r.diagnostics, new Set(files.keys()));
  if (!r.ok && !r.diagnostics.some((d) => d.severity === "error")) throw new Error("load failed without an error diagnostic");
  return r;
}

/** Writes an estate into `dir` (emptied first). */
export function writeEstate(dir: string, files: Files): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of files) {
    const p = join(dir, name);
    mkdirSync(resolve(p, ".."), { recursive: true });
    writeFileSync(p, text);
  }
}

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `faultline ...argv` in this process, capturing stdout and stderr. A rejection of
 * `main` (an exception nothing caught) propagates to the caller.
 */
export async function runInProcess(argv: readonly string[], cwd: string = process.cwd()): Promise<InProcessRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" },
  });
  return { code, stdout, stderr };
}

/** Checks one CLI run: exit 0, 1 (check only) or 2; no internal error and no stack trace. */
export function checkRun(argv: readonly string[], r: InProcessRun): void {
  const allowed = argv[0] === "check" ? [0, 1, 2] : [0, 2];
  const what = `faultline ${argv.join(" ")}`;
  if (!allowed.includes(r.code)) throw new Error(`${what} exited ${r.code}:\n${r.stderr.slice(0, 2000)}`);
  if (/internal error|\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr)) throw new Error(`${what} printed an internal error or a stack trace:\n${r.stderr.slice(0, 2000)}`);
  if (r.code === 0 && argv.includes("--json") && r.stdout.length > 0) JSON.parse(r.stdout);
  // No raw escape or control characters from manifest text reach the terminal.
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.exec(r.stdout + r.stderr);
  if (bad) throw new Error(`${what} printed a control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * The command lines run on a case, from a work folder holding the case in `estate/` and the
 * seed in `base/estate/`: every command, with ids of the seed (or a hostile one).
 */
export function commandsFor(seed: Seed, k: number): string[][] {
  const id = (n: number) => (n % 7 === 6 ? HOSTILE_STRINGS[n % HOSTILE_STRINGS.length]! : (seed.ids[n % seed.ids.length] ?? "x"));
  const svc = (n: number) => (n % 9 === 8 ? "constructor" : (seed.services[n % seed.services.length] ?? "x"));
  const m = ["-m", "estate"];
  return [
    ["blast", ...m, "--json", "--", id(k)],
    ["blast", ...m, "--hosting", "public-cloud"],
    ["graph", ...m, "--format", "json"],
    ["graph", ...m, "--format", "dot", "--fail", id(k + 1)],
    ["graph", ...m, "--format", "mermaid", "--collapse"],
    ["exposure", ...m, "--json"],
    ["exposure", ...m, "--format", "markdown"],
    ["spof", ...m],
    ["spof", ...m, "--for", svc(k), "--json"],
    ["risk", ...m, "--max-size", "2", "--budget", "200000", "--json", "--", svc(k + 2)],
    ["scenarios", ...m, "--format", "markdown"],
    ["check", ...m, "--base-dir", "base", "--format", (["json", "markdown", "sarif", "github", "text"] as const)[k % 5]!],
  ];
}

/** The SVG command, kept apart: it renders through jsdom and is the slowest by far. */
export function svgCommand(seed: Seed, k: number): string[] {
  return ["graph", "-m", "estate", "--format", "svg", "--fail", seed.ids[k % seed.ids.length] ?? "x"];
}

const baseWritten = new Map<string, string>();

/**
 * Runs a case through the CLI in this process from `work`: `validate --json` (its diagnostics
 * checked), then the commands chosen by `which` (indexes into commandsFor; all when omitted).
 */
export async function runCliCase(work: string, c: FuzzCase, which?: readonly number[], svg = false): Promise<number> {
  const { seed, files } = filesOf(c);
  if (baseWritten.get(work) !== seed.name) {
    writeEstate(join(work, "base/estate"), seed.files);
    baseWritten.set(work, seed.name);
  }
  writeEstate(join(work, "estate"), files);
  let runs = 0;
  const validate = ["validate", "-m", "estate", "--json"];
  const v = await runInProcess(validate, work);
  checkRun(validate, v);
  const report = JSON.parse(v.stdout) as { ok: boolean; diagnostics: Diagnostic[] };
  checkDiagnostics(report.diagnostics, new Set([...files.keys()].map((f) => `estate/${f}`)));
  runs++;
  const all = commandsFor(seed, c.seed + c.file);
  const chosen = which ? which.map((i) => all[i % all.length]!) : all;
  if (svg) chosen.push(svgCommand(seed, c.file));
  for (const argv of chosen) {
    const r = await runInProcess(argv, work);
    checkRun(argv, r);
    // A load that fails fails every command with exit 2.
    if (!report.ok && r.code !== 2) throw new Error(`faultline ${argv.join(" ")} exited ${r.code} on an estate that does not load`);
    runs++;
  }
  return runs;
}

/** A short description of a case, for failure messages. */
export function describeCase(c: FuzzCase): string {
  const { seed } = filesOf(c);
  const names = [...seed.files.keys()];
  const m = c.mutation as { op: string; bytes?: Uint8Array };
  return `seed ${seed.name}, file ${names[c.file % names.length]}, mutation ${JSON.stringify({ ...m, bytes: m.bytes ? `${m.bytes.length} bytes` : undefined }, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)).slice(0, 400)}`;
}

const seedEstates = new Map<string, Estate>();

/** The estate of a seed, loaded once. */
export function seedEstate(seed: Seed): Estate {
  let e = seedEstates.get(seed.name);
  if (!e) seedEstates.set(seed.name, (e = loadSources([...seed.files].map(([file, text]) => ({ file, text }))).estate));
  return e;
}

/** Calls `f`; a FaultlineError (an unknown id, a usage mistake) is an answer, anything else a bug. */
function answer<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (err) {
    if (err instanceof lib.FaultlineError) return undefined;
    throw err;
  }
}

/**
 * Runs every analysis and every text reporter of the library on a loaded estate (the CLI's
 * work without the CLI), checking that JSON outputs parse. Returns the number of calls.
 */
export function analyse(estate: Estate, seed: Seed, k: number): number {
  const ids: string[] = [];
  const services: string[] = [];
  estate.graph.forEachNode((id, a) => {
    ids.push(id);
    if (a.kind === "service") services.push(id);
  });
  ids.sort();
  services.sort();
  const anyId = (n: number) => (n % 5 === 4 ? HOSTILE_STRINGS[n % HOSTILE_STRINGS.length]! : (ids[n % Math.max(1, ids.length)] ?? "x"));
  const svc = services[k % Math.max(1, services.length)] ?? "x";
  const blast = answer(() => lib.blastRadius(estate, [anyId(k)]));
  if (blast) {
    JSON.parse(JSON.stringify(blast));
    lib.formatBlastText(blast);
  }
  lib.formatBlastText(lib.blastRadius(estate, lib.rootsWithHosting(estate, "public-cloud")));
  JSON.parse(JSON.stringify(lib.graphToJson(estate)));
  const exp = lib.exposure(estate);
  JSON.parse(JSON.stringify(exp));
  lib.spofRanking(estate);
  answer(() => lib.spofFor(estate, svc));
  answer(() => lib.riskGroups(estate, svc, { maxSize: 2, budget: 100_000 }));
  lib.scenarios(estate);
  const view = answer(() => lib.buildView(estate, { ...(blast ? { blast } : {}), ...(k % 3 === 0 ? { collapse: true } : {}), ...(k % 4 === 1 ? { focus: anyId(k + 1) } : {}) }));
  if (view) {
    lib.renderDot(view);
    lib.renderMermaid(view);
  }
  const check = lib.runCheck({ head: estate, base: seedEstate(seed), baseLabel: "base", policy: lib.defaultPolicy() });
  JSON.parse(lib.formatCheckJson(check));
  JSON.parse(lib.formatSarif(check, { version: "0.0.0" }));
  lib.formatCheckMarkdown(check);
  lib.formatGithub(check);
  lib.formatCheckText(check);
  return 14;
}
