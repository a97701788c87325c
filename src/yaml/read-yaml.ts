/**
 * Reads YAML text into positioned trees, one per document, turning every parser
 * problem into a diagnostic. Aliases are expanded with a budget, merge keys (`<<`)
 * are applied, nesting depth is bounded.
 */
import { readRegularFile } from "./read-file.js";
import { Alias, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import type { DiagnosticBag, SourcePos } from "../diagnostics/diagnostics.js";
import { readFastYaml } from "./fast-yaml.js";
import type { LoadLimits } from "./limits.js";
import type { YDoc, YMap, YMapEntry, YNode } from "./yaml-tree.js";

export type { YDoc } from "./yaml-tree.js";

/** Running counters shared by all files of one load, for the node budget. */
export interface ReadBudget {
  nodes: number;
  /**
   * Parses shared between loads (`check --base` reads head and base, mostly the same files):
   * a file whose fast-path read is recorded here with the very same text is not parsed again.
   */
  parses?: ParseCache;
}

/**
 * Fast-path reads by file name, with the text they were read from. The fast path is a pure
 * function of (text, file name, depth limit) and reports nothing (nor do the document-count and
 * depth checks before it when they pass), so a recorded read stands for
 * a fresh one; the trees are shared, never modified (importers only read them).
 */
export interface ParseCache {
  /** Record every fast-path read (the first load); otherwise only look up. */
  record: boolean;
  readonly files: Map<string, { text: string; limits: string; docs: YDoc[]; nodes: number }>;
}

class LimitExceeded extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly at: SourcePos,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Reads and parses one file; problems go into `bag` and the file yields no documents. */
export function readYamlFile(path: string, file: string, limits: LoadLimits, bag: DiagnosticBag, budget: ReadBudget): YDoc[] {
  const r = readRegularFile(path, limits.maxFileBytes);
  if (!r.ok) {
    if (r.reason === "too-large") {
      bag.error("file-too-large", `file is ${r.size} bytes, larger than the limit of ${limits.maxFileBytes}`, { file, line: 1, column: 1 }, {
        expected: `at most ${limits.maxFileBytes} bytes`,
        found: `${r.size} bytes`,
        hint: "split the file, or raise limits.maxFileBytes",
      });
    } else if (r.reason === "not-regular") {
      bag.warning("not-a-file", `${r.kind}, not a regular file: skipped`, { file, line: 1, column: 1 }, {
        expected: "a regular file",
        found: r.kind,
        hint: "name manifest files or folders with -m; devices, pipes and sockets are never read",
      });
    } else {
      bag.error("unreadable-file", `cannot read file: ${r.code}`, { file, line: 1, column: 1 }, {
        hint: "check that the file exists and is readable",
      });
    }
    return [];
  }
  const bytes = r.bytes;
  const text = decodeText(bytes, file, bag);
  if (text === undefined) return [];
  return parseYamlText(text, file, limits, bag, budget);
}

/** Decodes UTF-8 (with or without BOM); binary or invalid bytes become a diagnostic. */
export function decodeText(bytes: Uint8Array, file: string, bag: DiagnosticBag): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, column } = lineColOfByte(bytes, nul);
    bag.error("binary-file", "file holds a NUL byte: it is binary, not YAML text", { file, line, column }, {
      expected: "UTF-8 text",
      found: "a NUL byte",
      hint: "remove the file from the manifest paths, or rename it so it does not end in .yaml/.yml",
    });
    return undefined;
  }
  try {
    let text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text;
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = lineColOfByte(bytes, bad);
    bag.error("invalid-utf8", "file is not valid UTF-8", { file, line, column }, {
      expected: "UTF-8 text",
      found: `byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")}`,
      hint: "re-save the file as UTF-8",
    });
    return undefined;
  }
}

function lineColOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    for (let k = 1; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return Math.max(0, bytes.length - 1);
}

/** Parses YAML text into positioned documents; empty documents are skipped. */
export function parseYamlText(text: string, file: string, limits: LoadLimits, bag: DiagnosticBag, budget: ReadBudget = { nodes: 0 }): YDoc[] {
  return parseYaml(text, file, limits, bag, budget, true);
}

/** `parseYamlText` always through the `yaml` library, without the fast path: the reference the fast path is tested against. */
export function parseYamlTextWithLibrary(text: string, file: string, limits: LoadLimits, bag: DiagnosticBag, budget: ReadBudget = { nodes: 0 }): YDoc[] {
  return parseYaml(text, file, limits, bag, budget, false);
}

function parseYaml(text: string, file: string, limits: LoadLimits, bag: DiagnosticBag, budget: ReadBudget, tryFast: boolean): YDoc[] {
  // The same text read the same way in an earlier load: its checks passed and its trees stand.
  const cached = tryFast && !budget.parses?.record ? budget.parses?.files.get(file) : undefined;
  if (cached && cached.text === text && cached.limits === `${limits.maxDocuments}/${limits.maxDepth}` && budget.nodes + cached.nodes <= limits.maxNodes) {
    budget.nodes += cached.nodes;
    return cached.docs;
  }
  const docCount = countDocumentMarkers(text);
  if (docCount > limits.maxDocuments) {
    bag.error("too-many-documents", `file holds ${docCount} YAML documents, more than the limit of ${limits.maxDocuments}`, { file, line: 1, column: 1 }, {
      expected: `at most ${limits.maxDocuments} documents per file`,
      found: `${docCount} documents`,
      hint: "split the file, or raise limits.maxDocuments",
    });
    return [];
  }
  const depthProblem = scanNestingDepth(text, limits.maxDepth);
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (depthProblem !== undefined) {
    // Count lines so the position is right, without building the (too deep) tree.
    for (let i = 0, n = 0; i <= text.length; i = n + 1) {
      lineCounter.addNewLine(i);
      n = text.indexOf("\n", i);
      if (n < 0) break;
    }
    bag.error("too-deep", `nesting deeper than ${limits.maxDepth} levels`, at(depthProblem), {
      expected: `at most ${limits.maxDepth} nested levels`,
      found: "deeper nesting",
      hint: "flatten the document, or raise limits.maxDepth",
    });
    return [];
  }
  // The fast path reads the common subset of YAML into the same tree, or says "not sure"
  // (undefined) on anything else, invalid text included: the library below then reads the
  // file and reports every problem (FAST-YAML.md). A fast read that would overrun the node
  // budget goes to the library too, which says where.
  const fast = tryFast ? readFastYaml(text, file, limits.maxDepth) : undefined;
  if (fast !== undefined && budget.parses?.record) budget.parses.files.set(file, { text, limits: `${limits.maxDocuments}/${limits.maxDepth}`, docs: fast.docs, nodes: fast.nodes });
  if (fast !== undefined && budget.nodes + fast.nodes <= limits.maxNodes) {
    budget.nodes += fast.nodes;
    return fast.docs;
  }
  let docs: Document.Parsed[];
  try {
    // uniqueKeys is checked while converting (a set per map): the library's check scans every
    // earlier key for each key, quadratic — a 1 MB flow mapping took minutes.
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [];
  } catch (err) {
    bag.error("yaml-syntax", `cannot parse YAML: ${(err as Error).message}`, { file, line: 1, column: 1 }, {
      hint: "check the file with a YAML linter",
    });
    return [];
  }
  const out: YDoc[] = [];
  let failed = false;
  docs.forEach((doc, index) => {
    for (const e of doc.errors) {
      failed = true;
      const first = (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "");
      bag.error("yaml-syntax", `invalid YAML: ${first}`, at(e.pos[0]), {
        expected: "valid YAML",
        found: yamlFound(text, e.pos[0]),
        hint: yamlHint(e.code),
      });
    }
    if (doc.errors.length > 0 || doc.contents === null) return;
    try {
      const converter = new Converter(doc, at, limits, budget);
      const root = converter.convert(doc.contents as YamlNode, 0);
      if (root.kind === "scalar" && root.value === null) return;
      out.push({ file, index, root, pos: root.pos });
    } catch (err) {
      if (err instanceof RangeError) {
        failed = true;
        bag.error("too-deep", "document nests too deeply to read", doc.contents ? at(doc.contents.range?.[0] ?? 0) : { file, line: 1, column: 1 }, {
          hint: "flatten the document, or lower limits.maxDepth",
        });
        return;
      }
      if (err instanceof LimitExceeded) {
        failed = true;
        bag.error(err.code, err.message, err.at, { hint: err.hint });
        return;
      }
      throw err;
    }
  });
  return failed ? [] : out;
}

function yamlFound(text: string, offset: number): string {
  const ch = text[offset];
  if (ch === undefined) return "end of file";
  if (ch === "\t") return "a tab character";
  if (ch === "\n" || ch === "\r") return "end of line";
  const word = text.slice(offset, offset + 20).split(/[\r\n]/)[0] ?? "";
  return JSON.stringify(word);
}

function yamlHint(code: string): string {
  switch (code) {
    case "TAB_AS_INDENT":
      return "YAML indents with spaces only: replace the tab with spaces";
    case "DUPLICATE_KEY":
      return "remove or rename one of the two keys";
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return "check the indentation and punctuation on this line and the one before";
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return "a key must fit on one line; is a `:` or a quote missing?";
    case "BAD_ALIAS":
    case "BAD_SCALAR_START":
      return "quote the value if it starts with a special character (*, &, !, |, >, @, `)";
    default:
      return "check the syntax near this position";
  }
}

/** Counts documents, cheaply, before parsing: lines that start one (`---`), and content before the first. */
function countDocumentMarkers(text: string): number {
  let n = text.startsWith("---") ? 1 : 0;
  const first = text.indexOf("\n---");
  for (let i = first; i >= 0; i = text.indexOf("\n---", i + 4)) n++;
  // `a: 1\n---\nb: 2` holds two documents and one marker: the first needs none.
  if (n === 0 || !text.startsWith("---")) {
    const before = first < 0 ? text : text.slice(0, first);
    if (/^[ \t]*[^\s#%]/m.test(before)) n++;
  }
  return n;
}

/**
 * Finds the offset where flow or block nesting first exceeds `max`, without recursion,
 * so that a hostile document never reaches the (recursive) composer.
 * Block nesting is approximated by indentation steps; flow nesting by brackets.
 */
function scanNestingDepth(text: string, max: number): number | undefined {
  let flow = 0;
  let inSingle = false;
  let inDouble = false;
  let lineStart = true;
  let indent = 0;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (lineStart) {
      if (c === 32 || c === 45 /* - */) {
        indent++;
        // generous: block nesting is bounded again, exactly, while converting
        if (indent > max * 10) return i;
        if (c === 32) continue;
      }
      lineStart = false;
    }
    if (inDouble) {
      if (c === 92) i++;
      else if (c === 34) inDouble = false;
      continue;
    }
    if (inSingle) {
      if (c === 39) inSingle = false;
      continue;
    }
    if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32)) comment = true;
    else if (c === 34) inDouble = true;
    else if (c === 39 && flow > 0) inSingle = true;
    else if (c === 91 || c === 123) {
      if (++flow > max) return i;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return undefined;
}

/** The identity of a pair without a key node, for the duplicate-key check. */
const NO_KEY = Symbol("no key");

class Converter {
  private aliasNodes = 0;
  /** The target of each alias node met so far (undefined: no anchor). */
  private readonly resolved = new Map<Alias, YamlNode | undefined>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly at: (offset: number) => SourcePos,
    private readonly limits: LoadLimits,
    private readonly budget: ReadBudget,
  ) {}

  convert(node: YamlNode, depth: number, viaAlias = false): YNode {
    if (depth > this.limits.maxDepth) {
      throw new LimitExceeded("too-deep", `nesting deeper than ${this.limits.maxDepth} levels`, this.pos(node), "flatten the document, or raise limits.maxDepth");
    }
    if (++this.budget.nodes > this.limits.maxNodes) {
      throw new LimitExceeded("too-many-nodes", `more than ${this.limits.maxNodes} YAML nodes in all files`, this.pos(node), "split the estate, or raise limits.maxNodes");
    }
    if (viaAlias && ++this.aliasNodes > this.limits.maxAliases * 100) {
      throw new LimitExceeded("alias-bomb", `aliases expand to more than ${this.limits.maxAliases * 100} nodes`, this.pos(node), "use fewer or smaller aliases, or raise limits.maxAliases");
    }
    if (isAlias(node)) return this.alias(node, depth);
    if (isScalar(node)) {
      const v = node.value;
      // Anything else (a %YAML 1.1 timestamp read as a Date, a big integer) keeps the text as
      // written: String(date) would depend on the time zone and the locale.
      const source = (node as { source?: unknown }).source;
      const value =
        v === null || v === undefined ? null : typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : typeof source === "string" ? source : v instanceof Date ? v.toISOString() : String(v);
      return { kind: "scalar", pos: this.pos(node), value };
    }
    if (isSeq(node)) {
      return { kind: "seq", pos: this.pos(node), items: node.items.map((it) => this.convert(it as YamlNode, depth + 1, viaAlias)) };
    }
    if (isMap(node)) {
      const map: YMap = { kind: "map", pos: this.pos(node), entries: [] };
      const merged: YMapEntry[] = [];
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const keyPos = keyNode ? this.pos(keyNode) : map.pos;
        if (keyNode && !isScalar(keyNode)) {
          throw new LimitExceeded("complex-key", "a mapping key must be a plain value, not a mapping or list", keyPos, "write the key as a string");
        }
        // The library's uniqueKeys rule (same scalar value), checked here in linear time.
        const identity = keyNode && isScalar(keyNode) ? keyNode.value : NO_KEY;
        if (seen.has(identity)) throw new LimitExceeded("yaml-syntax", "invalid YAML: Map keys must be unique", keyPos, "remove or rename one of the two keys");
        seen.add(identity);
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value ?? "") : "";
        const valueNode = pair.value as YamlNode | null;
        const value: YNode = valueNode ? this.convert(valueNode, depth + 1, viaAlias) : { kind: "scalar", pos: keyPos, value: null };
        if (key === "<<" && keyNode && isScalar(keyNode) && keyNode.source === "<<") {
          const sources = value.kind === "seq" ? value.items : [value];
          for (const s of sources) if (s.kind === "map") for (const me of s.entries) merged.push(me);
          continue;
        }
        map.entries.push({ key, keyPos, value });
      }
      if (merged.length > 0) {
        // A set, not a scan per merged key: merging a big anchor into a big map was quadratic
        // (50,000 keys within the default alias budget took minutes).
        const keys = new Set(map.entries.map((e) => e.key));
        for (const m of merged) {
          if (keys.has(m.key)) continue;
          keys.add(m.key);
          map.entries.push(m);
        }
      }
      return map;
    }
    return { kind: "scalar", pos: this.pos(node), value: null };
  }

  private alias(node: Alias, depth: number): YNode {
    // The library resolves an alias by walking the document up to it, so each alias node is
    // resolved once: an alias inside an expanded anchor is met again at every expansion (an
    // alias bomb took seconds to refuse, a file of ordinary aliases grew quadratic).
    let target: YamlNode | undefined;
    if (this.resolved.has(node)) target = this.resolved.get(node);
    else {
      try {
        target = node.resolve(this.doc) as YamlNode | undefined;
      } catch {
        target = undefined;
      }
      this.resolved.set(node, target);
    }
    if (!target) {
      throw new LimitExceeded("unknown-alias", `alias *${node.source} has no anchor`, this.pos(node), `define &${node.source} before using *${node.source}`);
    }
    if (++this.aliasNodes > this.limits.maxAliases * 100) {
      throw new LimitExceeded("alias-bomb", `aliases expand to more than ${this.limits.maxAliases * 100} nodes`, this.pos(node), "use fewer or smaller aliases, or raise limits.maxAliases");
    }
    return this.convert(target, depth, true);
  }

  private pos(node: YamlNode): SourcePos {
    const offset = node.range?.[0] ?? 0;
    return this.at(offset);
  }
}
