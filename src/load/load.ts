/**
 * Loading: find files, read YAML with positions, hand each document to the importer
 * of its format, build the model. All diagnostics are collected before failing.
 */
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostics.js";
import { findManifests } from "./find-manifests.js";
import { DEFAULT_LIMITS, type LoadLimits } from "../yaml/limits.js";
import { parseYamlText, readYamlFile, type ReadBudget, type YDoc } from "../yaml/read-yaml.js";
import { asMap, getString } from "../yaml/yaml-tree.js";
import { IMPORTERS } from "../import/registry.js";
import { finalizeImportedIds } from "../import/ids.js";
import type { ImportOptions, Importer } from "../import/importer.js";
import { buildModel } from "../model/build-model.js";
import type { Entity } from "../model/entities.js";
import type { Estate } from "../model/types.js";

export interface LoadOptions extends ImportOptions {
  /** Unrecognised documents and dangling references in foreign formats become errors. */
  strict?: boolean;
  limits?: Partial<LoadLimits>;
  /** Resolve relative paths against this folder (default: the working directory). */
  cwd?: string;
  /** Importers to use (default: all registered). */
  importers?: readonly Importer[];
}

export interface LoadResult {
  /** The estate, built from everything that loaded without error. */
  estate: Estate;
  /** All diagnostics, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /** True when no diagnostic is an error. */
  ok: boolean;
}

/** Loads the manifests under `paths` into an estate. Never throws for bad input. */
export function loadEstate(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const limits: LoadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const bag = new DiagnosticBag();
  const files = findManifests(paths, bag, { maxFiles: limits.maxFiles, ...(options.cwd ? { cwd: options.cwd } : {}) });
  if (files.length === 0 && !bag.hasErrors()) {
    bag.error("no-manifests", `no manifest files (*.yaml, *.yml) found in ${paths.join(", ")}`, undefined, {
      expected: "at least one YAML manifest",
      found: "no files",
      hint: "point -m at the folder that holds your manifests",
    });
  }
  const budget: ReadBudget = { nodes: 0 };
  const docs: YDoc[] = [];
  for (const f of files) appendAll(docs, readYamlFile(f.path, f.display, limits, bag, budget));
  return finishLoad(docs, files.map((f) => f.display), bag, options);
}

/** An in-memory manifest file: its path as shown in diagnostics, and its text. */
export interface ManifestSource {
  file: string;
  text: string;
}

/**
 * Loads manifests given as text (tests, files read from git for `check --base`).
 * Sources are read in sorted path order, like files on disk.
 */
export function loadSources(sources: readonly ManifestSource[], options: LoadOptions = {}): LoadResult {
  const limits: LoadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const bag = new DiagnosticBag();
  const sorted = [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const budget: ReadBudget = { nodes: 0 };
  const docs: YDoc[] = [];
  for (const s of sorted) {
    if (s.text.length > limits.maxFileBytes) {
      bag.error("file-too-large", `file is larger than the limit of ${limits.maxFileBytes} bytes`, { file: s.file, line: 1, column: 1 }, { hint: "split the file, or raise limits.maxFileBytes" });
      continue;
    }
    const text = s.text.charCodeAt(0) === 0xfeff ? s.text.slice(1) : s.text;
    appendAll(docs, parseYamlText(text, s.file, limits, bag, budget));
  }
  return finishLoad(docs, sorted.map((s) => s.file), bag, options);
}

function finishLoad(docs: YDoc[], files: string[], bag: DiagnosticBag, options: LoadOptions): LoadResult {
  const entities = importDocuments(docs, bag, options);
  const estate = buildModel(entities, bag, files);
  if (options.strict) {
    for (const d of bag.items) if (d.severity === "warning") d.severity = "error";
  }
  const diagnostics = sortDiagnostics(bag.items);
  return { estate, diagnostics, ok: !diagnostics.some((d) => d.severity === "error") };
}

/** Past this many unrecognised documents in one file, the rest are counted in one warning. */
const MAX_UNRECOGNISED_SHOWN = 20;

/** Appends without spreading (a spread of 100,000s of items overflows the stack). */
function appendAll<T>(into: T[], items: readonly T[]): void {
  for (const x of items) into.push(x);
}

/** Hands every document to the importer of its format; unrecognised documents are reported. */
export function importDocuments(docs: readonly YDoc[], bag: DiagnosticBag, options: LoadOptions = {}): Entity[] {
  const importers = options.importers ?? IMPORTERS;
  const unrecognisedPerFile = new Map<string, number>();
  const buckets = new Map<Importer, YDoc[]>();
  for (const doc of docs) {
    const imp = importers.find((i) => i.detect(doc));
    if (imp) {
      let list = buckets.get(imp);
      if (!list) buckets.set(imp, (list = []));
      list.push(doc);
      continue;
    }
    if (importers.some((i) => i.ignore?.(doc))) continue;
    const seen = (unrecognisedPerFile.get(doc.file) ?? 0) + 1;
    unrecognisedPerFile.set(doc.file, seen);
    if (seen > MAX_UNRECOGNISED_SHOWN) continue;
    const map = asMap(doc.root);
    const apiVersion = map ? getString(map, "apiVersion") : undefined;
    bag.warning("unrecognised-document", "unrecognised document: skipped", doc.pos, {
      expected: "a faultline/v1 manifest, a Backstage entity, a Docker Compose file or a Kubernetes object",
      found: apiVersion ? `apiVersion ${JSON.stringify(apiVersion)}` : map ? "a mapping without apiVersion" : "not a mapping",
      hint: apiVersion?.startsWith("faultline") ? "the native apiVersion is faultline/v1" : "remove the file from the manifest paths, or use options.strict to make this an error",
    });
  }
  for (const [file, count] of unrecognisedPerFile) {
    if (count <= MAX_UNRECOGNISED_SHOWN) continue;
    bag.warning("unrecognised-document", `${count - MAX_UNRECOGNISED_SHOWN} more unrecognised documents in this file: skipped`, { file, line: 1, column: 1 }, {
      hint: `only the first ${MAX_UNRECOGNISED_SHOWN} are listed one by one`,
    });
  }
  const ctx = { bag, options };
  const entities: Entity[] = [];
  for (const imp of importers) {
    const list = buckets.get(imp);
    if (list) appendAll(entities, imp.importDocuments(list, ctx));
  }
  // Imported services get plain ids unless ambiguous across the whole load (src/import/ids.ts).
  finalizeImportedIds(entities);
  return entities;
}
