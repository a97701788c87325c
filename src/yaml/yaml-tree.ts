/**
 * A small positioned YAML tree, independent of the parser library, that every
 * format reads from: maps keep key order and the place of each key and value.
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";

export type YNode = YMap | YSeq | YScalar;

/** One non-empty YAML document of a file. */
export interface YDoc {
  file: string;
  /** Index of the document in its file (0-based, counting empty ones). */
  index: number;
  root: YNode;
  pos: SourcePos;
}


export interface YMapEntry {
  key: string;
  keyPos: SourcePos;
  value: YNode;
}

export interface YMap {
  kind: "map";
  pos: SourcePos;
  entries: YMapEntry[];
}

export interface YSeq {
  kind: "seq";
  pos: SourcePos;
  items: YNode[];
}

export type ScalarValue = string | number | boolean | null;

export interface YScalar {
  kind: "scalar";
  pos: SourcePos;
  value: ScalarValue;
}

/** The entry of `key` in a map (the last one wins, as in YAML 1.2 merge semantics we refuse duplicates earlier). */
export function entry(map: YMap, key: string): YMapEntry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const e = map.entries[i]!;
    if (e.key === key) return e;
  }
  return undefined;
}

/** The value of `key` in a map, or undefined. */
export function get(map: YMap, key: string): YNode | undefined {
  return entry(map, key)?.value;
}

/** `node` as a map, or undefined. */
export function asMap(node: YNode | undefined): YMap | undefined {
  return node?.kind === "map" ? node : undefined;
}

/** `node` as a sequence, or undefined. */
export function asSeq(node: YNode | undefined): YSeq | undefined {
  return node?.kind === "seq" ? node : undefined;
}

/** A scalar's value as a string (numbers and booleans as written), or undefined for maps, sequences and null. */
export function scalarString(node: YNode | undefined): string | undefined {
  if (!node || node.kind !== "scalar" || node.value === null) return undefined;
  return String(node.value);
}

/** The string at `key`, or undefined. */
export function getString(map: YMap | undefined, key: string): string | undefined {
  return map ? scalarString(get(map, key)) : undefined;
}

/** A short description of what a node is, for "found ..." in diagnostics. */
export function describe(node: YNode | undefined): string {
  if (!node) return "nothing";
  switch (node.kind) {
    case "map":
      return "a mapping";
    case "seq":
      return "a list";
    case "scalar":
      if (node.value === null) return "null";
      if (typeof node.value === "string") return JSON.stringify(truncate(node.value, 60));
      return `${typeof node.value} ${String(node.value)}`;
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

/** Converts a positioned node into plain data (maps become null-prototype objects). */
export function toPlain(node: YNode): unknown {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "seq":
      return node.items.map(toPlain);
    case "map": {
      const out: Record<string, unknown> = Object.create(null);
      for (const e of node.entries) out[e.key] = toPlain(e.value);
      return out;
    }
  }
}
