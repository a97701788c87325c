/** Measures an imported graph against a corpus set's expected-edges.json (hard-edge recall/precision, soft edges treated as hard). */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadEstate, type LoadResult } from "../../src/load/load.js";

export interface Expected {
  edges: Array<[string, string]>;
  soft_edges?: Array<[string, string]>;
  declared_not_calls?: Array<[string, string]>;
  wrong_if_found?: Array<[string, string]>;
  manifests: string[];
}

export interface Measure {
  result: LoadResult;
  /** Hard dependencies found, as `from -> to` by service name. */
  hard: Set<string>;
  soft: Set<string>;
  stated: string[];
  foundStated: string[];
  missed: string[];
  recall: number;
  precision: number;
  softAsHard: string[];
  wrongHard: string[];
  /** Hard edges found that no list names. */
  extra: string[];
}

const key = (e: [string, string]) => `${e[0]} -> ${e[1]}`;

/** Loads `manifests` (relative to `root`) and compares with `expected`, leaving out `notStated` (edges no file states). */
export function measure(root: string, expected: Expected, manifests: string[], notStated: ReadonlyArray<[string, string]>, cwd: string): Measure {
  const result = loadEstate(manifests.map((m) => resolve(root, m)), { cwd });
  const g = result.estate.graph;
  const nameOf = (id: string) => {
    const a = g.getNodeAttributes(id);
    return a.kind === "service" ? a.name : id;
  };
  const hard = new Set<string>();
  const soft = new Set<string>();
  g.forEachEdge((_k, a, from, to) => {
    const e = `${nameOf(from)} -> ${nameOf(to)}`;
    if (a.relation === "hard" || (a.relation === "group" && !a.group!.soft)) hard.add(e);
    else if (a.relation === "soft" || a.relation === "group") soft.add(e);
  });
  for (const e of hard) soft.delete(e);
  const skip = new Set(notStated.map(key));
  const stated = expected.edges.map(key).filter((e) => !skip.has(e));
  const foundStated = stated.filter((e) => hard.has(e));
  const all = new Set(expected.edges.map(key));
  const truePos = [...hard].filter((e) => all.has(e));
  const named = new Set([...all, ...(expected.soft_edges ?? []).map(key), ...(expected.declared_not_calls ?? []).map(key), ...(expected.wrong_if_found ?? []).map(key)]);
  return {
    result,
    hard,
    soft,
    stated,
    foundStated,
    missed: stated.filter((e) => !hard.has(e)),
    recall: stated.length === 0 ? 1 : foundStated.length / stated.length,
    precision: hard.size === 0 ? 1 : truePos.length / hard.size,
    softAsHard: (expected.soft_edges ?? []).map(key).filter((e) => hard.has(e)),
    wrongHard: (expected.wrong_if_found ?? []).map(key).filter((e) => hard.has(e)),
    extra: [...hard].filter((e) => !named.has(e)).sort(),
  };
}

export function readExpected(root: string): Expected {
  return JSON.parse(readFileSync(resolve(root, "expected-edges.json"), "utf8")) as Expected;
}
