/**
 * Loading the base of `faultline check`: the same manifest paths, read from a git commit (no
 * checkout) or from a folder that holds a checkout of the base. Both give sources named as the
 * head's files are, loaded from text with the head's working folder, so a folder and a commit
 * with the same content give the same ids (Compose project names never come from the base
 * folder's name).
 */
import { resolve } from "node:path";
import { DiagnosticBag, type Diagnostic } from "../diagnostics/diagnostics.js";
import { findManifests } from "../load/find-manifests.js";
import { DEFAULT_LIMITS } from "../yaml/limits.js";
import { loadSources, type LoadOptions, type LoadResult, type ManifestSource } from "../load/load.js";
import { readRegularFile } from "../yaml/read-file.js";
import { decodeText } from "../yaml/read-yaml.js";
import { readManifestsAtRef } from "../load/read-at-ref.js";
import { existsSync } from "node:fs";

/** The base, loaded, with the texts its diagnostics quote. */
export interface BaseLoad {
  result: LoadResult;
  texts: Map<string, string>;
}

/**
 * Loads `paths` (relative to `cwd`) as they are in `commit`. Paths missing there contribute
 * nothing. With `options.parses` (recorded by the head's load), files whose text is the head's
 * are neither read from git nor parsed again.
 */
export function loadBaseAtCommit(cwd: string, commit: string, paths: readonly string[], options: LoadOptions, prefix?: string): BaseLoad {
  const known = options.parses ? new Map([...options.parses.files].map(([file, p]) => [file, p.text])) : undefined;
  const sources = readManifestsAtRef(cwd, commit, paths, known, prefix);
  return { result: loadSources(sources, { ...options, cwd }), texts: new Map(sources.map((s) => [s.file, s.text])) };
}

/**
 * Loads `paths` (relative to the working folder `cwd`) inside the base folder `dir`, by the same
 * file rules as the head (regular files only, links kept inside, each real file once), named as
 * the head names them. Paths missing in the base contribute nothing.
 */
export function loadBaseFromFolder(dir: string, cwd: string, paths: readonly string[], options: LoadOptions): BaseLoad {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const bag = new DiagnosticBag();
  const present = paths.filter((p) => existsSync(resolve(dir, p)));
  const found = present.length > 0 ? findManifests(present, bag, { maxFiles: limits.maxFiles, cwd: dir }) : [];
  const sources: ManifestSource[] = [];
  for (const f of found) {
    const r = readRegularFile(f.path, limits.maxFileBytes);
    if (!r.ok) {
      if (r.reason === "too-large") bag.error("file-too-large", `file is ${r.size} bytes, larger than the limit of ${limits.maxFileBytes}`, { file: f.display, line: 1, column: 1 }, { hint: "split the file, or raise limits.maxFileBytes" });
      else if (r.reason === "not-regular") bag.warning("not-a-file", `${r.kind}, not a regular file: skipped`, { file: f.display, line: 1, column: 1 });
      else bag.error("unreadable-file", `cannot read file: ${r.code}`, { file: f.display, line: 1, column: 1 });
      continue;
    }
    const text = decodeText(r.bytes, f.display, bag);
    if (text !== undefined) sources.push({ file: f.display, text });
  }
  const result = loadSources(sources, { ...options, cwd });
  if (bag.items.length > 0) {
    const diagnostics: Diagnostic[] = [...bag.items, ...result.diagnostics];
    result.diagnostics = diagnostics;
    result.ok = result.ok && !bag.hasErrors();
  }
  return { result, texts: new Map(sources.map((s) => [s.file, s.text])) };
}

const DANGLING = new Set(["unknown-reference", "wrong-kind"]);

/**
 * Dangling references (warnings in imported catalogs) of the head that the base does not have:
 * a dependency the gate cannot see, added by the change. Compared by file and message.
 */
export function newDanglingReferences(head: readonly Diagnostic[], base: readonly Diagnostic[] | undefined): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.file ?? ""}\0${d.message}`;
  const known = new Set((base ?? []).filter((d) => DANGLING.has(d.code)).map(key));
  return head.filter((d) => d.severity === "warning" && DANGLING.has(d.code) && !known.has(key(d)));
}
