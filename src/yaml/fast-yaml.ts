/**
 * A fast reader for the subset of YAML that manifests use, producing exactly the positioned
 * tree that the `yaml`-library path of `parseYamlText` produces — or `undefined` ("not sure")
 * for anything outside the subset or anything invalid, in which case the caller parses the
 * file with the `yaml` library, which also owns every diagnostic. See FAST-YAML.md.
 *
 * One pass over the text with an indentation stack kept on the call stack (recursive descent
 * over block collections). Covered: several documents (`---`, `...`), comments, block
 * mappings and sequences (compact `- key: value`, sequences at the key's indentation),
 * flow collections (also across lines), single-line plain / single-quoted / double-quoted scalars,
 * literal and folded block scalars (`|`, `|-`, `>`, `>-`), empty values, `\n` or `\r\n` line
 * breaks. Everything else (anchors, aliases, tags, directives, `?` keys, merge keys, multi-line
 * scalars (but block ones), tabs, lone carriage returns, duplicate keys, explicit indentation
 * indicators, `|+`...) returns undefined.
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";
import type { YDoc } from "./yaml-tree.js";
import type { ScalarValue, YMap, YMapEntry, YNode, YScalar, YSeq } from "./yaml-tree.js";

/** The documents read by the fast path and the number of nodes the `yaml` path would count. */
export interface FastYamlResult {
  docs: YDoc[];
  /** Nodes in the sense of the node budget of `parseYamlText` (values and items, not keys; one per empty document). */
  nodes: number;
}

/** Thrown to give up; caught once at the top. */
class Bail {}
const BAIL = new Bail();

// Character codes.
const NL = 10;
const SP = 32;
const TAB = 9;
const CR = 13;
const HASH = 35; // #
const DASH = 45; // -
const DOT = 46; // .
const COLON = 58; // :
const COMMA = 44;
const LBRACK = 91;
const RBRACK = 93;
const LBRACE = 123;
const RBRACE = 125;
const SQUOTE = 39;
const DQUOTE = 34;
const BSLASH = 92;
const QMARK = 63;
const PIPE = 124;
const GT = 62;

/**
 * Characters that cannot start a plain scalar in our subset: flow indicators, `#`, `&` `*`
 * (anchors, aliases), `!` (tags), `|` `>` (block scalars, handled before), quotes (handled
 * before), `%` (directives), `@` and backquote (reserved). Tabs and CR too.
 */
const BAD_PLAIN_START = new Uint8Array(128);
for (const ch of ",[]{}#&*!|>'\"%@`\t\r\n ") BAD_PLAIN_START[ch.charCodeAt(0)] = 1;

/**
 * Core-schema (YAML 1.2) resolution of a plain scalar, exactly as the `yaml` package does it
 * (schema/core: null, bool, then int 0o / decimal / 0x, then .inf/.nan, exponent, float; the
 * first test that matches wins; the same regular expressions and number parsing).
 */
export function resolvePlain(s: string): ScalarValue {
  const c = s.charCodeAt(0);
  // Words: only the exact spellings of null and the booleans are not strings (this is
  // what the null and bool regular expressions of the library accept, checked directly).
  if (c >= 65) {
    if (s.length === 4) {
      if (s === "null" || s === "Null" || s === "NULL") return null;
      if (s === "true" || s === "True" || s === "TRUE") return true;
    } else if (s.length === 5) {
      if (s === "false" || s === "False" || s === "FALSE") return false;
    } else if (c === 126 /* ~ */ && s.length === 1) return null;
    return s;
  }
  // Numbers start with a digit, a sign or a dot; anything else is a string.
  if (!(c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57))) return s;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === "nan" ? NaN : s[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** Escapes of double-quoted scalars, as the `yaml` package reads them (resolve-flow-scalar). */
const DQ_ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  "\t": "\t",
};

/**
 * Reads `text` with the fast path. Returns undefined when the text is outside the subset,
 * invalid, or nests deeper than `maxDepth` (the caller then uses the `yaml` library).
 */
export function readFastYaml(text: string, file: string, maxDepth: number): FastYamlResult | undefined {
  // Byte-order marks and lone carriage returns have subtle rules; leave them to the library.
  // A `\r` is read only as the first half of a `\r\n` line break (Windows files), which the
  // reader then treats like `\n` everywhere (positions count lines at `\n`, as the library's
  // LineCounter does).
  if (text.indexOf("\uFEFF") >= 0) return undefined;
  for (let cr = text.indexOf("\r"); cr >= 0; cr = text.indexOf("\r", cr + 1)) {
    if (text.charCodeAt(cr + 1) !== NL) return undefined;
  }
  const r = new Reader(text, file, Math.min(maxDepth, 1000));
  try {
    return r.stream();
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  }
}

class Reader {
  /** Cursor. */
  private i = 0;
  /** Line (1-based) of the cursor, and offset where that line starts. */
  private line = 1;
  private ls = 0;
  /**
   * Indentation of the next content line, once `nextContent` has run (the cursor then sits
   * on its first character); -1 at the end of the text or at a document marker.
   */
  private ind = -1;
  private nodes = 0;
  private readonly len: number;

  constructor(
    private readonly s: string,
    private readonly file: string,
    private readonly maxDepth: number,
  ) {
    this.len = s.length;
  }

  private pos(offset: number): SourcePos {
    return { file: this.file, line: this.line, column: offset - this.ls + 1 };
  }

  private node(depth: number): void {
    if (depth > this.maxDepth) throw BAIL;
    this.nodes++;
  }

  /** Moves to the start of the line after the line break at `nl` (`\n`, or `\r\n` when `nl` is on the `\r`). */
  private newline(nl: number): void {
    const next = this.s.charCodeAt(nl) === CR ? nl + 2 : nl + 1;
    this.i = next;
    this.line++;
    this.ls = next;
  }

  /**
   * From the start of a line: skips blank and comment lines and stops on the first character
   * of the next content line, setting `ind` (-1 at the end or on a `---` / `...` marker).
   */
  private nextContent(): void {
    const s = this.s;
    for (;;) {
      let j = this.i;
      while (s.charCodeAt(j) === SP) j++;
      if (j >= this.len) {
        return this.end();
      }
      const c = s.charCodeAt(j);
      if (c === NL || c === CR) {
        this.newline(j);
        continue;
      }
      if (c === HASH) {
        const nl = s.indexOf("\n", j);
        if (nl < 0) {
          return this.end();
        }
        this.newline(nl);
        continue;
      }
      if (c === TAB) throw BAIL; // tabs around indentation: the library's rules, not ours
      this.i = j;
      this.ind = j - this.ls;
      if (this.ind === 0) {
        if (this.isMarker(j)) this.ind = -1;
        else if (c === 37 /* % */) throw BAIL; // directive
        else if ((c === DASH || c === DOT) && s.startsWith(c === DASH ? "---" : "...", j)) throw BAIL; // `---x`: not worth the doubt
      }
      return;
    }
  }

  /** At the end of the text: no more content (`ind` -1). */
  private end(): void {
    this.i = this.len;
    this.ind = -1;
  }

  /** `---` or `...` at `j` (a line start) followed by a space, newline or the end. */
  private isMarker(j: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(j);
    if (c !== DASH && c !== DOT) return false;
    if (s.charCodeAt(j + 1) !== c || s.charCodeAt(j + 2) !== c) return false;
    const n = s.charCodeAt(j + 3);
    return j + 3 >= this.len || n === SP || n === NL || n === CR;
  }

  /** After a value on the current line: only spaces and a comment may follow; then `nextContent`. */
  private finishLine(): void {
    const s = this.s;
    let j = this.i;
    while (s.charCodeAt(j) === SP) j++;
    if (j >= this.len) {
      return this.end();
    }
    const c = s.charCodeAt(j);
    if (c === HASH) {
      if (j === this.i && j > this.ls) throw BAIL; // `#` glued to a value is not a comment
      const nl = s.indexOf("\n", j);
      if (nl < 0) {
        return this.end();
      }
      this.newline(nl);
    } else if (c === NL || c === CR) {
      this.newline(j);
    } else {
      throw BAIL;
    }
    this.nextContent();
  }

  /** The whole text: documents as the library counts them (empty ones take an index and one node). */
  stream(): FastYamlResult {
    const docs: YDoc[] = [];
    let index = -1;
    // none: between documents; open: after `---`, no content yet; content: root read.
    let state: "none" | "open" | "content" = "none";
    this.nextContent();
    for (;;) {
      if (this.i >= this.len) {
        if (state === "open") this.nodes++;
        return { docs, nodes: this.nodes };
      }
      if (this.ind === -1) {
        // A marker line: nothing but a comment may follow it here.
        const dash = this.s.charCodeAt(this.i) === DASH;
        this.i += 3;
        if (dash) {
          if (state === "open") this.nodes++;
          index++;
          state = "open";
        } else {
          // `...` ends the document; with none open it makes an empty one.
          if (state === "none") index++;
          if (state !== "content") this.nodes++;
          state = "none";
        }
        this.finishLine();
        continue;
      }
      if (state === "content") throw BAIL; // content after the root: the library says what is wrong
      if (state === "none") index++;
      const root = this.blockNode(-1, 0, true);
      state = "content";
      if (!(root.kind === "scalar" && root.value === null)) docs.push({ file: this.file, index, root, pos: root.pos });
      if (this.ind !== -1) throw BAIL;
    }
  }

  /**
   * A node starting at the cursor, inside a block collection of indentation `parent` (or at
   * the root, -1). May be a block sequence or mapping whose indentation is the cursor's
   * column (also for compact ones: `- - a`, `- a: 1`). Leaves the reader on the next content line.
   */
  private blockNode(parent: number, depth: number, atRoot = false): YNode {
    const s = this.s;
    const i = this.i;
    const c = s.charCodeAt(i);
    const col = i - this.ls;
    if (c === DASH && this.blankAt(i + 1)) return this.blockSeq(col, depth);
    if (c === DQUOTE || c === SQUOTE) {
      // A quoted key starts a mapping; otherwise it is a scalar value.
      const save = this.i;
      this.quoted();
      let j = this.i;
      while (s.charCodeAt(j) === SP) j++;
      this.i = save;
      if (s.charCodeAt(j) === COLON && this.blankAt(j + 1)) return this.blockMap(col, depth);
    } else if (c !== LBRACK && c !== LBRACE && c !== PIPE && c !== GT && !BAD_PLAIN_START[c]) {
      if ((c === QMARK || c === COLON) && this.blankAt(i + 1)) throw BAIL; // explicit key / value indicators
      if (this.scanPlainBlock(i) === STOP_COLON) return this.blockMap(col, depth);
      return this.plainScalar(i, depth); // scanned already
    }
    if (atRoot && (c === PIPE || c === GT)) throw BAIL; // root block scalars: indentation rules differ
    return this.inlineValue(parent, depth);
  }

  private blankAt(j: number): boolean {
    if (j >= this.len) return true;
    const c = this.s.charCodeAt(j);
    return c === SP || c === NL || c === CR;
  }

  /** A block sequence whose dashes are at column `col`; the cursor is on the first dash. */
  private blockSeq(col: number, depth: number): YSeq {
    const s = this.s;
    this.node(depth);
    const seq: YSeq = { kind: "seq", pos: this.pos(this.i), items: [] };
    for (;;) {
      // On a `-` at column col.
      let j = this.i + 1;
      while (s.charCodeAt(j) === SP) j++;
      const c = s.charCodeAt(j);
      if (j >= this.len || c === NL || c === CR || c === HASH) {
        // Empty on this line: the item is below (more indented) or null, placed after the dash and its spaces.
        const at = this.pos(j);
        this.i++; // past the dash; finishLine skips the spaces and the comment
        this.finishLine();
        if (this.ind > col) {
          seq.items.push(this.blockNode(col, depth + 1));
        } else {
          this.node(depth + 1);
          seq.items.push({ kind: "scalar", pos: at, value: null });
        }
      } else {
        this.i = j;
        seq.items.push(this.blockNode(col, depth + 1));
      }
      if (this.ind === col) {
        if (s.charCodeAt(this.i) === DASH && this.blankAt(this.i + 1)) continue;
        return seq; // a key of the mapping this sequence belongs to (`key:\n- a\nnext: b`), or an error the parent sees
      }
      if (this.ind < col) return seq;
      throw BAIL; // more indented after an item: a continuation line or an error
    }
  }

  /** A block mapping whose keys are at column `col`; the cursor is on the first key. */
  private blockMap(col: number, depth: number): YMap {
    const s = this.s;
    this.node(depth);
    const map: YMap = { kind: "map", pos: this.pos(this.i), entries: [] };
    let seen: Set<string> | undefined;
    for (;;) {
      // The key: a plain or quoted scalar, then `:` and a space or the end of the line.
      const keyStart = this.i;
      // A block mapping starts at its first key: one position object serves both (it is never mutated).
      const keyPos = map.entries.length === 0 ? map.pos : this.pos(keyStart);
      const c = s.charCodeAt(keyStart);
      let key: string;
      if (c === DQUOTE || c === SQUOTE) {
        key = this.quoted();
        while (s.charCodeAt(this.i) === SP) this.i++;
        if (s.charCodeAt(this.i) !== COLON || !this.blankAt(this.i + 1)) throw BAIL;
      } else {
        if (BAD_PLAIN_START[c] || ((c === DASH || c === QMARK || c === COLON) && this.blankAt(keyStart + 1))) throw BAIL;
        if (this.scanPlainBlock(keyStart) !== STOP_COLON) throw BAIL;
        const v = resolvePlain(s.slice(keyStart, this.plainEnd));
        key = String(v ?? "");
        this.i = this.stopAt;
      }
      // The library limits implicit keys to 1024 characters.
      if (this.i - keyStart > 1000) throw BAIL;
      if (key === "<<") throw BAIL; // merge key
      if (seen === undefined) {
        for (const e of map.entries) if (e.key === key) throw BAIL;
        if (map.entries.length >= 8) seen = new Set(map.entries.map((e) => e.key));
      } else if (seen.has(key)) throw BAIL;
      seen?.add(key);
      // After the colon.
      let j = this.i + 1;
      while (s.charCodeAt(j) === SP) j++;
      const v = s.charCodeAt(j);
      let value: YNode;
      if (j >= this.len || v === NL || v === CR || v === HASH) {
        // Nothing on the key's line: the value is below, a sequence at the key's own
        // indentation, or null, placed after the colon and its spaces (as the library does).
        const at = this.pos(j);
        this.i++; // past the colon, which a space or the line end follows
        this.finishLine();
        if (this.ind > col) {
          value = this.blockNode(col, depth + 1);
        } else if (this.ind === col && s.charCodeAt(this.i) === DASH && this.blankAt(this.i + 1)) {
          value = this.blockSeq(col, depth + 1);
        } else {
          this.node(depth + 1);
          value = { kind: "scalar", pos: at, value: null };
        }
      } else {
        this.i = j;
        value = this.inlineValue(col, depth + 1);
      }
      map.entries.push({ key, keyPos, value } satisfies YMapEntry);
      if (this.ind === col) continue;
      if (this.ind < col) return map;
      throw BAIL;
    }
  }

  /**
   * A value that is not a block collection, at the cursor, in a block collection of
   * indentation `parent`: flow collection, block scalar, quoted or plain scalar on one line.
   */
  private inlineValue(parent: number, depth: number): YNode {
    const s = this.s;
    const i = this.i;
    const c = s.charCodeAt(i);
    if (c === LBRACK || c === LBRACE) {
      const n = c === LBRACK ? this.flowSeq(depth, parent, true) : this.flowMap(depth, parent, true);
      this.finishLine(); // a `:` after it (a flow key) bails here
      return n;
    }
    if (c === PIPE || c === GT) return this.blockScalar(parent, depth);
    if (c === DQUOTE || c === SQUOTE) {
      this.node(depth);
      const pos = this.pos(i);
      const value = this.quoted();
      this.finishLine();
      return { kind: "scalar", pos, value };
    }
    if (BAD_PLAIN_START[c] || ((c === DASH || c === QMARK || c === COLON) && this.blankAt(i + 1))) throw BAIL;
    if (this.scanPlainBlock(i) !== STOP_END) throw BAIL; // `a: b: c` is an error
    return this.plainScalar(i, depth);
  }

  /** The plain scalar from `i` that `scanPlainBlock` has just scanned (ending the line). */
  private plainScalar(i: number, depth: number): YScalar {
    const s = this.s;
    this.node(depth);
    const pos = this.pos(i);
    const value = resolvePlain(s.slice(i, this.plainEnd));
    this.i = this.plainEnd; // before the spaces, so that a comment is seen as one
    this.finishLine();
    return { kind: "scalar", pos, value } satisfies YScalar;
  }

  /** Set by the plain scanners: end of the (trimmed) scalar, and where scanning stopped. */
  private plainEnd = 0;
  private stopAt = 0;

  /**
   * Scans a plain scalar in block context from `i` on one line. It ends at the end of the
   * line, at ` #` (comment) or at `:` followed by a space or the end of the line (a key).
   */
  private scanPlainBlock(i: number): number {
    const s = this.s;
    let j = i;
    let stop = STOP_END;
    for (;;) {
      if (j >= this.len) break;
      const c = s.charCodeAt(j);
      if (c === NL || c === CR) break;
      if (c === COLON && this.blankAt(j + 1)) {
        stop = STOP_COLON;
        break;
      }
      if (c === HASH && s.charCodeAt(j - 1) === SP) break;
      if (c === TAB) throw BAIL;
      j++;
    }
    this.stopAt = j;
    while (j > i && s.charCodeAt(j - 1) === SP) j--;
    this.plainEnd = j;
    return stop;
  }

  /**
   * Scans a plain scalar inside a flow collection, on one line: it ends before `,[]{}`, a
   * comment, the end of the line, or `:` followed by a space, a flow indicator or the end.
   */
  private scanPlainFlow(i: number): number {
    const s = this.s;
    let j = i;
    let stop = STOP_END;
    for (;;) {
      if (j >= this.len) break;
      const c = s.charCodeAt(j);
      if (c === NL || c === CR || c === COMMA || c === LBRACK || c === RBRACK || c === LBRACE || c === RBRACE) break;
      if (c === COLON) {
        const n = s.charCodeAt(j + 1);
        if (j + 1 >= this.len || n === SP || n === NL || n === CR || n === COMMA || n === LBRACK || n === RBRACK || n === LBRACE || n === RBRACE) {
          stop = STOP_COLON;
          break;
        }
      }
      if (c === HASH && s.charCodeAt(j - 1) === SP) throw BAIL;
      if (c === TAB) throw BAIL;
      j++;
    }
    this.stopAt = j;
    while (j > i && s.charCodeAt(j - 1) === SP) j--;
    this.plainEnd = j;
    return stop;
  }

  /** A single- or double-quoted scalar on one line at the cursor; leaves the cursor after the closing quote. */
  private quoted(): string {
    const s = this.s;
    const q = s.charCodeAt(this.i);
    let j = this.i + 1;
    let out = "";
    let seg = j;
    if (q === SQUOTE) {
      for (;;) {
        if (j >= this.len) throw BAIL;
        const c = s.charCodeAt(j);
        if (c === NL || c === CR) throw BAIL; // multi-line: folding rules
        if (c === SQUOTE) {
          if (s.charCodeAt(j + 1) === SQUOTE) {
            out += s.slice(seg, j + 1);
            j += 2;
            seg = j;
            continue;
          }
          out += s.slice(seg, j);
          this.i = j + 1;
          return out;
        }
        j++;
      }
    }
    for (;;) {
      if (j >= this.len) throw BAIL;
      const c = s.charCodeAt(j);
      if (c === NL || c === CR) throw BAIL;
      if (c === DQUOTE) {
        out += s.slice(seg, j);
        this.i = j + 1;
        return out;
      }
      if (c === BSLASH) {
        out += s.slice(seg, j);
        const e = s[j + 1];
        if (e === undefined) throw BAIL;
        const simple = DQ_ESCAPES[e];
        if (simple !== undefined && Object.prototype.hasOwnProperty.call(DQ_ESCAPES, e)) {
          out += simple;
          j += 2;
        } else if (e === "x" || e === "u" || e === "U") {
          const n = e === "x" ? 2 : e === "u" ? 4 : 8;
          const hex = s.substr(j + 2, n);
          if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) throw BAIL;
          out += String.fromCodePoint(code);
          j += 2 + n;
        } else {
          throw BAIL; // invalid escape, or an escaped line break
        }
        seg = j;
        continue;
      }
      j++;
    }
  }

  /** A flow sequence on one line at the cursor (`[`); leaves the cursor after `]`. */
  private flowSeq(depth: number, parent: number, outer: boolean): YSeq {
    const s = this.s;
    this.node(depth);
    const seq: YSeq = { kind: "seq", pos: this.pos(this.i), items: [] };
    this.i++;
    for (;;) {
      this.flowSpace(parent, outer);
      if (s.charCodeAt(this.i) === RBRACK) {
        this.i++;
        return seq;
      }
      seq.items.push(this.flowValue(depth + 1, RBRACK, parent));
      this.flowSpace(parent, outer);
      const c = s.charCodeAt(this.i);
      if (c === COMMA) this.i++;
      else if (c === RBRACK) {
        this.i++;
        return seq;
      } else throw BAIL; // `[a: b]` (a pair in a sequence) and errors
    }
  }

  /** A flow mapping on one line at the cursor (`{`); every key has a value. Leaves the cursor after `}`. */
  private flowMap(depth: number, parent: number, outer: boolean): YMap {
    const s = this.s;
    this.node(depth);
    const map: YMap = { kind: "map", pos: this.pos(this.i), entries: [] };
    let seen: Set<string> | undefined;
    this.i++;
    for (;;) {
      this.flowSpace(parent, outer);
      let c = s.charCodeAt(this.i);
      if (c === RBRACE) {
        this.i++;
        return map;
      }
      const keyStart = this.i;
      const keyPos = this.pos(keyStart);
      let key: string;
      if (c === DQUOTE || c === SQUOTE) {
        key = this.quoted();
        this.flowSpace(parent, outer);
        // After a quoted key the colon needs no space (JSON style: `{"a":1}`).
        if (s.charCodeAt(this.i) !== COLON) throw BAIL;
      } else {
        if (BAD_PLAIN_START[c] || ((c === DASH || c === QMARK || c === COLON) && this.flowBlankAt(keyStart + 1))) throw BAIL;
        if (this.scanPlainFlow(keyStart) !== STOP_COLON) throw BAIL; // `{a}`, `{a, b}`: implicit nulls
        key = String(resolvePlain(s.slice(keyStart, this.plainEnd)) ?? "");
        this.i = this.stopAt;
      }
      if (this.i - keyStart > 1000) throw BAIL;
      if (key === "<<") throw BAIL;
      // A set once the map grows, as in block maps: a scan per key was quadratic (64,000 keys: 20 s).
      if (seen === undefined) {
        for (const e of map.entries) if (e.key === key) throw BAIL;
        if (map.entries.length >= 8) seen = new Set(map.entries.map((e) => e.key));
      } else if (seen.has(key)) throw BAIL;
      seen?.add(key);
      this.i++; // the colon
      this.flowSpace(parent, outer);
      c = s.charCodeAt(this.i);
      if (c === COMMA || c === RBRACE) throw BAIL; // empty value
      const value = this.flowValue(depth + 1, RBRACE, parent);
      map.entries.push({ key, keyPos, value });
      this.flowSpace(parent, outer);
      c = s.charCodeAt(this.i);
      if (c === COMMA) this.i++;
      else if (c === RBRACE) {
        this.i++;
        return map;
      } else throw BAIL;
    }
  }

  private flowBlankAt(j: number): boolean {
    if (j >= this.len) return true;
    const n = this.s.charCodeAt(j);
    return n === SP || n === NL || n === CR || n === COMMA || n === LBRACK || n === RBRACK || n === LBRACE || n === RBRACE;
  }

  /**
   * Spaces, line breaks and comments between the tokens of a flow collection that sits in a
   * block collection of indentation `parent` (-1 at the root). Every line a flow collection
   * continues on must be indented more than that block, comment lines included, except for
   * a line that starts with the closing bracket of the outermost collection (`outer`), which
   * may be at the block's indentation.
   */
  private flowSpace(parent: number, outer: boolean): void {
    const s = this.s;
    let lineStart = false;
    for (;;) {
      let j = this.i;
      while (s.charCodeAt(j) === SP) j++;
      if (j >= this.len) throw BAIL; // unterminated
      const c = s.charCodeAt(j);
      if (c === NL || c === CR) {
        this.newline(j);
        lineStart = true;
        continue;
      }
      if (c === TAB) throw BAIL;
      if (lineStart) {
        // The closing bracket of the outermost collection may come back to the block's own
        // indentation (`key: [\n  a\n]`); nothing else may (nested brackets neither).
        const w = j - this.ls;
        if (w < parent || (w === parent && !(outer && (c === RBRACK || c === RBRACE)))) throw BAIL;
        if (j === this.ls && (this.isMarker(j) || c === 37 /* % */)) throw BAIL;
      }
      if (c === HASH) {
        // A comment needs a space (or the line start) before it; `[a,#b]` is not one.
        if (j === this.i && !lineStart) throw BAIL;
        const nl = s.indexOf("\n", j);
        if (nl < 0) throw BAIL;
        this.newline(nl);
        lineStart = true;
        continue;
      }
      this.i = j;
      return;
    }
  }

  /** A value inside a flow collection: a nested flow collection, a quoted or a plain scalar. */
  private flowValue(depth: number, close: number, parent: number): YNode {
    const s = this.s;
    const i = this.i;
    const c = s.charCodeAt(i);
    if (c === LBRACK) return this.flowSeq(depth, parent, false);
    if (c === LBRACE) return this.flowMap(depth, parent, false);
    this.node(depth);
    const pos = this.pos(i);
    if (c === DQUOTE || c === SQUOTE) return { kind: "scalar", pos, value: this.quoted() };
    if (BAD_PLAIN_START[c] || ((c === DASH || c === QMARK || c === COLON) && this.flowBlankAt(i + 1))) throw BAIL;
    if (this.scanPlainFlow(i) !== STOP_END) throw BAIL;
    // The scalar must end at a separator of this collection (not `[` `{` or the other
    // bracket). At a line break, it goes on (a multi-line plain scalar, left to the library)
    // unless the next thing after blank space is that separator.
    let k = this.stopAt;
    let n = s.charCodeAt(k);
    while (n === SP || n === NL || n === CR) n = s.charCodeAt(++k);
    if (n !== COMMA && n !== close) throw BAIL;
    const value = resolvePlain(s.slice(i, this.plainEnd));
    this.i = this.plainEnd;
    return { kind: "scalar", pos, value };
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar, value of a collection of indentation
   * `parent`. Mirrors the library's resolve-block-scalar for the cases it accepts; gives up
   * on explicit indentation indicators, keep chomping (`+`), tabs, empty content, and
   * whitespace-only lines deeper than the content (their handling differs between lexer and
   * composer).
   */
  private blockScalar(parent: number, depth: number): YScalar {
    const s = this.s;
    this.node(depth);
    const pos = this.pos(this.i);
    const folded = s.charCodeAt(this.i) === GT;
    let j = this.i + 1;
    let chomp = 0; // 0 clip, -1 strip
    const h = s.charCodeAt(j);
    if (h === DASH) {
      chomp = -1;
      j++;
    } else if (h !== SP && h !== NL && h !== CR && j < this.len) {
      throw BAIL; // `+`, indentation indicators, anything glued to the header
    }
    const hc = s.charCodeAt(j);
    if (j < this.len && hc !== SP && hc !== NL && hc !== CR) throw BAIL;
    this.i = j;
    // The rest of the header line: spaces and an optional comment.
    while (s.charCodeAt(this.i) === SP) this.i++;
    if (this.i < this.len && s.charCodeAt(this.i) === HASH) {
      if (this.i === j) throw BAIL;
      const nl = s.indexOf("\n", this.i);
      this.i = nl < 0 ? this.len : nl;
    }
    if (this.i >= this.len) throw BAIL; // no content at all
    if (s.charCodeAt(this.i) !== NL && s.charCodeAt(this.i) !== CR) throw BAIL;
    this.newline(this.i);
    // Lines of the scalar: [indent, content] until a non-empty line indented less than the content.
    const lines: string[] = [];
    let indent = -1;
    let emptyRun = 0; // whitespace-only lines since the last content line
    let maxEmpty = 0; // widest whitespace-only line
    for (;;) {
      if (this.i >= this.len) break;
      let k = this.i;
      while (s.charCodeAt(k) === SP) k++;
      const c = s.charCodeAt(k);
      const eol = k >= this.len || c === NL || c === CR;
      if (c === TAB) throw BAIL;
      if (eol) {
        if (k - this.i > maxEmpty) maxEmpty = k - this.i;
        lines.push("");
        emptyRun++;
        if (k >= this.len) {
          this.i = this.len;
          break;
        }
        this.newline(k);
        continue;
      }
      const w = k - this.i;
      if (indent < 0) {
        if (w <= parent) throw BAIL; // empty block scalar
        indent = w;
      }
      if (w < indent) break;
      let nl = s.indexOf("\n", k);
      if (nl < 0) nl = this.len;
      const text = s.slice(this.i + indent, s.charCodeAt(nl - 1) === CR ? nl - 1 : nl);
      if (text.indexOf("\t") >= 0) throw BAIL;
      lines.push(text);
      emptyRun = 0;
      if (nl >= this.len) {
        this.i = this.len;
        break;
      }
      this.newline(nl);
    }
    if (indent < 0 || maxEmpty > indent) throw BAIL;
    // Trailing empty lines are chomped (clip keeps one newline, strip none).
    const content = lines.slice(0, lines.length - emptyRun);
    let value = "";
    if (!folded) {
      value = content.join("\n");
    } else {
      // The library's folding: line breaks between plain lines become spaces, empty lines
      // become newlines, and more-indented lines keep their breaks.
      let sep = "";
      let prevMore = false;
      for (const line of content) {
        if (line.charCodeAt(0) === SP) {
          if (sep === " ") sep = "\n";
          else if (!prevMore && sep === "\n") sep = "\n\n";
          value += sep + line;
          sep = "\n";
          prevMore = true;
        } else if (line === "") {
          if (sep === "\n") value += "\n";
          else sep = "\n";
        } else {
          value += sep + line;
          sep = " ";
          prevMore = false;
        }
      }
    }
    if (chomp === 0) value += "\n";
    // The cursor is at a line start (or the end): find the next content line.
    if (this.i < this.len && this.i !== this.ls) throw BAIL;
    this.nextContent();
    return { kind: "scalar", pos, value };
  }
}

const STOP_END = 0;
const STOP_COLON = 1;
