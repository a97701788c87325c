/**
 * The cheaper and the file-layer and output cases of the fuzz campaign (`npm run fuzz`,
 * campaign.fuzz.ts), beside the mutated seed estates of harness.ts:
 *   - escape: hostile text through every escaping function, each checked for its promise
 *     (no workflow command, no line break where a line is promised, no invisible character);
 *   - glob: exclude globs against paths, answered as the regular-expression form answers (small
 *     sizes only: that form backtracks);
 *   - config: random and mutated `faultline.config.yaml` text through the config reader;
 *   - tiny estate: a few services and locations named with hostile text, through load, blast,
 *     check and the GitHub, Markdown and SARIF reports, every output line read as the runner does;
 *   - file layer: folders holding symbolic links (to /dev/zero, /dev/null, a FIFO, a socket,
 *     /proc, outside the folder, in loops), FIFOs and deep folder chains, through loadEstate;
 *   - output: `-o` onto /dev/null, a link to it, a folder, a long name, a missing folder;
 *   - deep chain: location chains and dependency chains hundreds to thousands deep;
 *   - huge config: tens of thousands of keys, globs or classify entries;
 *   - spawn: the built binary on a mutated estate, in its own process.
 * Each returns normally or throws an Error describing what broke.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { binaryString } from "../helpers/arbitraries.js";
import { REPO } from "../helpers/cli.js";
import { runnerCommands } from "../helpers/runner-commands.js";
import { DiagnosticBag } from "../../src/diagnostics/diagnostics.js";
import { loadEstate, loadSources } from "../../src/load/load.js";
import { parseConfig } from "../../src/load/config.js";
import { excludeMatcher } from "../../src/load/find-manifests.js";
import { DEFAULT_LIMITS } from "../../src/yaml/limits.js";
import { escapeData, escapeProperty, logLine, stopCommands } from "../../src/report/escape/github.js";
import { mdCode, mdEscape } from "../../src/report/escape/markdown.js";
import { INVISIBLE, safeText, visibleText } from "../../src/report/escape/text.js";
import { CommandGuard, isRunnerCommand, neutraliseCommands } from "../../src/report/escape/workflow.js";
import { dotString } from "../../src/report/escape/dot.js";
import { formatDiagnostics } from "../../src/report/diagnostics-text.js";
import { PLAIN } from "../../src/report/terminal.js";
import { mermaidText } from "../../src/report/escape/mermaid.js";
import { checkDiagnostics, filesOf, HOSTILE_STRINGS, runInProcess, writeEstate, type FuzzCase } from "./harness.js";
import * as lib from "../helpers/internals.js";

const fail = (what: string, detail: unknown): never => {
  throw new Error(`${what}: ${JSON.stringify(detail).slice(0, 300)}`);
};

/** Text a pull request can put anywhere: hostile strings, runner syntax, binary and Unicode. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  binaryString({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: fc.constantFrom(":", "#", "[", "]", "\n", "\r", "\u2028", "\u00a0", "\u3000", " ", "\t", "%", "`", "*", "@", "<", ">", "|", "\\", "\u200b", "\u202e", "a", "e", "r", "o", "error", "warning", "stop-commands") }),
  fc.tuple(fc.constantFrom("", " ", "\u00a0", "\u2003", "\n", "\r\n", "\u3000"), fc.constantFrom("::error::", "::warning file=x::", "##[error]", "::stop-commands::t", "::add-mask::", "::set-output name=x::"), fc.string({ maxLength: 10 })).map(([a, b, c]) => a + b + c),
);

/** Escaping: every function keeps its promise on any text. */
export function escapeCase(s: string): number {
  // A log line is one line, and the runner reads no command in it.
  const l = logLine(s);
  if (/[\r\n]/.test(l) || isRunnerCommand(l)) fail("logLine let a line break or command through", [s, l]);
  // The message and the properties of an annotation: no line break, so nothing can follow the command.
  if (/[\r\n]/.test(escapeData(s))) fail("escapeData kept a line break", s);
  if (/[\r\n:,]/.test(escapeProperty(s))) fail("escapeProperty kept a property end", s);
  // Neutralised text, in one piece or written in pieces: no line is a command.
  if (runnerCommands(neutraliseCommands(s)).length > 0) fail("neutraliseCommands let a command through", s);
  const g = new CommandGuard();
  const cut = Math.floor(s.length / 2);
  const written = g.push(s.slice(0, cut)) + g.push(s.slice(cut)) + g.end();
  if (runnerCommands(written).length > 0) fail("CommandGuard let a command split over two writes through", s);
  // Untrusted lines inside a stop-commands block: only the block's own markers act.
  const acted = runnerCommands(stopCommands([s, `x${s}`]).join("\n"));
  if (acted.length !== 2 || !acted[0]!.startsWith("::stop-commands::")) fail("stopCommands let a command through", [s, acted]);
  // Visible text: no invisible or bidirectional character, no control character.
  for (const t of [visibleText(s), safeText(s)]) if (new RegExp(INVISIBLE.source).test(t)) fail("an invisible character stayed invisible", s);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(safeText(s))) fail("safeText kept a control character", s);
  // DOT: one quoted string, nothing after it can be read as DOT.
  const d = dotString(s);
  if (!/^"(?:[^"\\\n\r]|\\.)*"$/s.test(d)) fail("dotString is not one DOT string", [s, d]);
  // Mermaid: no quote, no line break inside a quoted label.
  if (/["\r\n`]/.test(mermaidText(s))) fail("mermaidText kept a quote or line break", s);
  // Markdown: code has no line break and its fence is longer than any backtick run inside.
  const code = mdCode(s);
  if (/[\r\n]/.test(code)) fail("mdCode kept a line break", s);
  if (/[\r\n<>@]/.test(mdEscape(s))) fail("mdEscape kept a line break, <, > or @", [s, mdEscape(s)]);
  return 1;
}

/** The regular-expression form of the exclude globs, as they were before the linear matcher (the reference). */
function regexGlobs(globs: readonly string[]): (display: string) => boolean {
  const res = globs.map((g) => {
    const body = g
      .replace(/^\.\//, "")
      .replace(/\/+$/, "")
      .split("/")
      .map((seg) => (seg === "**" ? "(?:.*)" : seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")))
      .join("/")
      .replace(/\(\?:\.\*\)\//g, "(?:.*/)?");
    return new RegExp(`(^|/)${body}$`);
  });
  return (display) => {
    if (res.some((r) => r.test(display))) return true;
    for (let i = display.indexOf("/"); i > 0; i = display.indexOf("/", i + 1)) if (res.some((r) => r.test(display.slice(0, i)))) return true;
    return false;
  };
}

const segArb = (glob: boolean) => fc.array(fc.constantFrom(...(glob ? ["a", "b", "*", ".", "a*", "**", "*.yaml", "x"] : ["a", "b", ".", "ab", "x", ".yaml"])), { minLength: 1, maxLength: 3 }).map((p) => p.join(""));
export const globCaseArb = fc.record({
  glob: fc.tuple(fc.array(fc.oneof(fc.constant("**"), segArb(true)), { minLength: 1, maxLength: 4 }), fc.boolean()).map(([s, slash]) => s.join("/") + (slash ? "/" : "")),
  path: fc.tuple(fc.boolean(), fc.array(segArb(false), { minLength: 1, maxLength: 5 })).map(([abs, s]) => (abs ? "/" : "") + s.join("/")),
});

/** The exclude matcher answers as the regular-expression form does. */
export function globCase(c: { glob: string; path: string }): number {
  if (excludeMatcher([c.glob])(c.path) !== regexGlobs([c.glob])(c.path)) fail("the exclude matcher and the regex form disagree", c);
  return 1;
}

const SEED_CONFIG = `manifests: [fixtures/retail]\nexclude: ["**/templates/**", docs]\nk8sLocation: gcp/us-central1/us-central1-a\nclassify:\n  soft: [CACHE_*]\n  hard: [DB_URL]\npolicy:\n  rules: {}\nobserved: [observed/jaeger.json]\n`;

export const configCaseArb = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom("\n", ": ", "- ", "[", "{", "}", "]", "&a ", "*a", "<<: *a\n", "\t", "'", '"', "---\n", "!!binary ", "? "), fc.constantFrom(...HOSTILE_STRINGS.slice(0, 40))).map(([at, ins, s]) => {
    const i = at % (SEED_CONFIG.length + 1);
    return SEED_CONFIG.slice(0, i) + ins + s + SEED_CONFIG.slice(i);
  }),
  fc.dictionary(fc.constantFrom("manifests", "exclude", "k8sLocation", "classify", "placement", "observed", "availability", "policy", "__proto__", "x"), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }).map((o) => JSON.stringify(o)),
  binaryString({ maxLength: 120 }),
);

/** Config text: read without throwing, diagnostics with a line, the result only of the right types. */
export function configCase(text: string): number {
  const r = parseConfig("faultline.config.yaml", text, DEFAULT_LIMITS, new DiagnosticBag());
  checkDiagnostics(r.diagnostics, new Set(["faultline.config.yaml"]));
  if (r.ok && r.config) {
    const c = r.config;
    for (const k of ["manifests", "exclude"] as const) if (c[k] !== undefined && !(Array.isArray(c[k]) && c[k]!.every((x) => typeof x === "string"))) fail(`config ${k} is not a list of strings`, c[k]);
    if (c.k8sLocation !== undefined && typeof c.k8sLocation !== "string") fail("config k8sLocation is not a string", c.k8sLocation);
  }
  if (!r.ok && !r.diagnostics.some((d) => d.severity === "error")) fail("config refused without an error", text);
  return 1;
}

export const tinyEstateArb = fc.record({
  names: fc.uniqueArray(textArb, { minLength: 2, maxLength: 5 }),
  note: textArb,
  type: textArb,
  deps: fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { maxLength: 6 }),
  file: fc.constantFrom("a.yaml", "::error::f.yaml", "##[group]x.yaml", "dir/\u00a0::warning::y.yaml", "é\u200b.yaml"),
});

/**
 * A tiny estate named with hostile text, through load, blast, check and its reports: in the
 * GitHub report only faultline's own annotations are commands; the Markdown stays under 65,536.
 */
export function tinyEstateCase(c: { names: string[]; note: string; type: string; deps: Array<[number, number]>; file: string }): number {
  const q = (s: string) => JSON.stringify(s);
  let text = `apiVersion: faultline/v1\nkind: Location\nmetadata: {name: dc}\nspec: {hosting: in-house, type: ${q(c.type)}}\n`;
  c.names.forEach((n, i) => {
    const deps = c.deps.filter(([a]) => a % c.names.length === i).map(([, b]) => `{ref: ${q(c.names[b % c.names.length]!)}, note: ${q(c.note)}}`);
    text += `---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: ${q(n)}}\nspec: {tier: critical, runsOn: [dc], type: ${q(c.type)}, dependsOn: [${deps.join(", ")}]}\n`;
  });
  const r = loadSources([{ file: c.file, text }]);
  checkDiagnostics(r.diagnostics, new Set([c.file]));
  const lines = text.split("\n");
  const outputs: string[] = [formatDiagnostics(r.diagnostics, PLAIN, (_f, line) => lines[line - 1])];
  const check = lib.runCheck({ head: r.estate, base: loadSources([]).estate, baseLabel: "base", policy: lib.defaultPolicy() });
  const github = lib.formatGithub(check);
  const acted = runnerCommands(github);
  for (const a of acted) if (!/^::(error|warning|notice)( [^:]*)?::/.test(a) && !/^::(group::faultline|endgroup::$)/.test(a) && !/^::stop-commands::faultline-[0-9a-f]{32}$/.test(a) && !/^::faultline-[0-9a-f]{32}::$/.test(a)) fail("the GitHub report let a command through", a);
  outputs.push(lib.formatCheckMarkdown(check), lib.formatCheckText(check), lib.formatSarif(check, { version: "0" }));
  if (r.estate.graph.order > 0) {
    const blast = lib.blastRadius(r.estate, ["dc"]);
    outputs.push(lib.formatBlastText(blast), JSON.stringify(blast));
    const view = lib.buildView(r.estate, { blast });
    outputs.push(lib.renderDot(view), lib.renderMermaid(view));
  }
  // The other reports reach a log through the CLI, whose streams neutralise every command
  // (test/hardening/workflow-commands.test.ts); here they must only be produced.
  if (outputs.some((o) => typeof o !== "string")) fail("a report is not text", c);
  const md = lib.formatCheckMarkdown(check);
  if (md.length > 65_536) fail("the Markdown report is over GitHub's comment limit", md.length);
  return outputs.length;
}

/** Special files made once per process: a FIFO, a socket, a regular file outside every case. */
interface Specials {
  dir: string;
  fifo?: string;
  socket?: string;
  outside: string;
}
let specials: Specials | undefined;
function specialFiles(): Specials {
  if (specials) return specials;
  const dir = mkdtempSync(join(tmpdir(), "faultline-fuzz-specials-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const s: Specials = { dir, outside: join(dir, "outside.yaml") };
  writeFileSync(s.outside, "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: outside}\nspec: {}\n");
  try {
    execFileSync("mkfifo", [join(dir, "fifo")]);
    s.fifo = join(dir, "fifo");
  } catch {
    // no mkfifo: the FIFO entries become links to /dev/zero
  }
  const server = createServer();
  server.listen(join(dir, "sock"));
  server.unref();
  s.socket = join(dir, "sock");
  specials = s;
  return s;
}

export const FILE_ENTRIES = ["yaml", "link-zero", "link-null", "link-fifo", "fifo", "link-socket", "link-proc", "link-outside", "link-loop", "link-dangling", "dir-cycle", "dir-up", "deep-dirs", "link-urandom", "big", "link-dir-outside"] as const;
export const fileLayerArb = fc.array(fc.constantFrom(...FILE_ENTRIES), { minLength: 1, maxLength: 8 });

/**
 * A folder holding links, devices, FIFOs, loops and deep folders: loadEstate ends at once,
 * with only regular files inside the folder read (`outside` never appears), never throwing.
 */
export function fileLayerCase(work: string, entries: readonly string[], n: number): number {
  const sp = specialFiles();
  const root = join(work, `fl-${n % 4}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  entries.forEach((e, i) => {
    const p = join(root, `e${i}.yaml`);
    switch (e) {
      case "yaml":
        writeFileSync(p, `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {}\n`);
        break;
      case "big":
        writeFileSync(p, "# " + "x".repeat(2000) + "\n");
        break;
      case "link-zero":
        symlinkSync("/dev/zero", p);
        break;
      case "link-urandom":
        symlinkSync("/dev/urandom", p);
        break;
      case "link-null":
        symlinkSync("/dev/null", p);
        break;
      case "link-fifo":
        symlinkSync(sp.fifo ?? "/dev/zero", p);
        break;
      case "fifo":
        // A hard link to the FIFO made once: a FIFO in the folder without a process per case.
        if (sp.fifo) linkSync(sp.fifo, p);
        else symlinkSync("/dev/zero", p);
        break;
      case "link-socket":
        symlinkSync(sp.socket!, p);
        break;
      case "link-proc":
        symlinkSync(i % 2 ? "/proc/self/environ" : "/proc/self/mem", p);
        break;
      case "link-outside":
        symlinkSync(sp.outside, p);
        break;
      case "link-loop":
        symlinkSync(`e${i}.yaml`, p);
        break;
      case "link-dangling":
        symlinkSync(join(root, "nowhere", "x.yaml"), p);
        break;
      case "dir-cycle": {
        mkdirSync(join(root, `d${i}`));
        symlinkSync("..", join(root, `d${i}`, "up"));
        symlinkSync(join(root, `d${i}`), join(root, `d${i}`, "self"));
        break;
      }
      case "dir-up":
        symlinkSync("/", join(root, `root${i}`));
        break;
      case "link-dir-outside":
        symlinkSync(sp.dir, join(root, `out${i}`));
        break;
      case "deep-dirs": {
        let d = join(root, `deep${i}`);
        for (let k = 0; k < 12; k++) d = join(d, "d");
        mkdirSync(d, { recursive: true });
        writeFileSync(join(d, "x.yaml"), `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: deep${i}}\nspec: {}\n`);
        // Links back up at every few levels: a walk following them would be exponential.
        let up = join(root, `deep${i}`);
        for (let k = 0; k < 12; k += 3) {
          symlinkSync(join(root, `deep${i}`), join(up, `l${k}a`));
          symlinkSync(join(root, `deep${i}`), join(up, `l${k}b`));
          up = join(up, "d", "d", "d");
        }
        break;
      }
    }
  });
  const r = loadEstate([root], { cwd: work });
  for (const d of r.diagnostics) {
    if (typeof d.message !== "string") fail("a diagnostic without a message", d);
    if (d.file && !resolve(work, d.file).startsWith(root)) fail("a diagnostic names a file outside the folder", d);
  }
  if (r.estate.graph.hasNode("outside")) fail("a file outside the named folder was read", entries);
  const want = entries.filter((e) => e === "yaml").length + entries.filter((e) => e === "deep-dirs").length;
  let services = 0;
  r.estate.graph.forEachNode((_id, a) => (services += a.kind === "service" ? 1 : 0));
  if (services !== want) fail(`${services} services read, ${want} regular manifests in the folder`, entries);
  return 1;
}

export const OUTPUT_TARGETS = ["dev-null", "link-dev-null", "dir", "long-name", "missing-dir", "regular", "link-regular", "dev-full"] as const;
export const outputArb = fc.record({ target: fc.constantFrom(...OUTPUT_TARGETS), command: fc.nat(5) });

/** `-o` onto what is not a regular file: written through or refused, never replaced; exit 0 or 2. */
export async function outputCase(work: string, c: { target: string; command: number }): Promise<number> {
  const dir = join(work, "out");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "m.yaml"), "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: a}\nspec: {dependsOn: [b]}\n---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: b}\nspec: {}\n");
  const target = {
    "dev-null": "/dev/null",
    "dev-full": "/dev/full",
    "link-dev-null": join(dir, "null-link"),
    dir: join(dir, "folder"),
    "long-name": join(dir, "o".repeat(240) + ".json"),
    "missing-dir": join(dir, "no", "such", "out.json"),
    regular: join(dir, "out.json"),
    "link-regular": join(dir, "link.json"),
  }[c.target]!;
  if (c.target === "link-dev-null") symlinkSync("/dev/null", target);
  if (c.target === "dir") mkdirSync(target);
  if (c.target === "link-regular") {
    writeFileSync(join(dir, "real.json"), "keep");
    symlinkSync(join(dir, "real.json"), target);
  }
  const argv = [
    ["graph", "-m", "out/m.yaml", "--format", "json", "-o", target],
    ["blast", "b", "-m", "out/m.yaml", "--json", "-o", target],
    ["graph", "-m", "out/m.yaml", "--format", "dot", "-o", target],
    ["spof", "-m", "out/m.yaml", "--json", "-o", target],
    ["exposure", "-m", "out/m.yaml", "--json", "-o", target],
    ["check", "-m", "out/m.yaml", "--base-dir", "out", "--format", "json", "--write-baseline", target],
  ][c.command % 6]!;
  const r = await runInProcess(argv, work);
  if (![0, 1, 2].includes(r.code) || /internal error/.test(r.stderr)) fail(`faultline ${argv.join(" ")} exited ${r.code}`, r.stderr.slice(0, 300));
  if (!statSync("/dev/null").isCharacterDevice()) fail("/dev/null was replaced", argv);
  if (c.target === "link-dev-null" && !lstatSync(target).isSymbolicLink()) fail("a link to /dev/null was replaced", argv);
  if (c.target === "dir" && !statSync(target).isDirectory()) fail("a folder was replaced", argv);
  // A missing folder is created (-o makes the folders of its path): nothing to check there.
  if (c.target === "long-name" && r.code === 0 && !existsSync(target)) fail("a long but valid name was not written", argv);
  return 1;
}

/** A location chain (`spec.parent`) or a dependency chain `depth` deep: answered or refused by a named limit. */
export async function deepChainCase(work: string, depth: number, locations: boolean, command: number): Promise<number> {
  const parts: string[] = [];
  if (locations) {
    let id = "";
    for (let i = 0; i < depth; i++) {
      parts.push(`apiVersion: faultline/v1\nkind: Location\nmetadata: {name: l}\nspec: {${i > 0 ? `parent: ${id}` : "hosting: public-cloud"}}\n---\n`);
      id = i > 0 ? `${id}/l` : "l";
    }
    parts.push(`apiVersion: faultline/v1\nkind: Service\nmetadata: {name: app}\nspec: {runsOn: [${id}]}\n`);
  } else {
    for (let i = 0; i < depth; i++) parts.push(`apiVersion: faultline/v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {${i > 0 ? `dependsOn: [s${i - 1}]` : ""}}\n---\n`);
  }
  const dir = join(work, "deep");
  writeEstate(dir, new Map([["chain.yaml", parts.join("")]]));
  const root = locations ? "l" : "s0";
  let runs = 0;
  const commands = [
    ["blast", root, "-m", "deep", "--json"],
    ["spof", "--for", locations ? "app" : `s${depth - 1}`, "-m", "deep"],
    ["graph", "-m", "deep", "--format", "dot"],
    ["graph", "-m", "deep", "--format", "mermaid", "--fail", root],
    ["graph", "-m", "deep", "--format", "svg"],
    ["exposure", "-m", "deep"],
  ];
  for (const argv of [commands[command % commands.length]!]) {
    const r = await runInProcess(argv, work);
    if (![0, 2].includes(r.code) || /internal error/.test(r.stderr)) fail(`faultline ${argv.join(" ")} on a chain ${depth} deep exited ${r.code}`, r.stderr.slice(0, 300));
    if (r.code === 2 && !/raise --|limit/.test(r.stderr)) fail(`faultline ${argv.join(" ")} refused a chain ${depth} deep without naming a limit`, r.stderr.slice(0, 300));
    runs++;
  }
  return runs;
}

/** A config with tens of thousands of keys, globs or classify entries: read in linear time, walked with every glob. */
export function hugeConfigCase(work: string, n: number, kind: number): number {
  let t = "manifests: [m]\n";
  if (kind % 4 === 0) for (let i = 0; i < n; i++) t += `k${i}: ${i}\n`;
  else if (kind % 4 === 1) t += `exclude:\n${Array.from({ length: n }, (_, i) => `  - "**/x${i}*/**/*a*a*a*a*b"`).join("\n")}\n`;
  else if (kind % 4 === 2) t += `classify:\n  soft: [${Array.from({ length: n }, (_, i) => `V${i}_*`).join(", ")}]\n`;
  else t += `exclude: [${Array.from({ length: n }, (_, i) => `"*${"a*".repeat(i % 20)}c"`).join(", ")}]\n`;
  const r = parseConfig("faultline.config.yaml", t);
  checkDiagnostics(r.diagnostics, new Set(["faultline.config.yaml"]));
  if (r.config?.exclude) {
    const m = excludeMatcher(r.config.exclude);
    for (let i = 0; i < 20; i++) m(`m/${"a".repeat(200 + i)}/${"a".repeat(300)}.yaml`);
  }
  void work;
  return 1;
}

/** The built binary on a mutated estate, in its own process: exit 0 or 2 (1 for check), within 10 s. */
export function spawnCase(work: string, c: FuzzCase, k: number): number {
  const { files } = filesOf(c);
  const dir = join(work, "spawn");
  writeEstate(join(dir, "estate"), files);
  const bin = resolve(REPO, "dist/cli/bin.js");
  const argv = [["validate", "-m", "estate"], ["blast", "-m", "estate", "--json", "x"], ["spof", "-m", "estate"], ["graph", "-m", "estate", "--format", "dot"]][k % 4]!;
  const r = spawnSync(process.execPath, [bin, ...argv], { cwd: dir, encoding: "utf8", timeout: 10_000, env: { ...process.env, NO_COLOR: "1" } });
  if (r.status === null) fail(`faultline ${argv.join(" ")} did not end within 10 s (signal ${r.signal})`, c.mutation);
  if (![0, 2].includes(r.status!) || /internal error/.test(r.stderr)) fail(`faultline ${argv.join(" ")} exited ${r.status}`, r.stderr.slice(0, 300));
  return 1;
}
