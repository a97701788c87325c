/**
 * Loading: find files, read YAML with positions, hand each document to the importer
 * of its format, build the model. All diagnostics are collected before failing.
 */
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostics.js";
import { excludeMatcher, findManifests } from "./find-manifests.js";
import { DEFAULT_LIMITS, type LoadLimits } from "../yaml/limits.js";
import { parseYamlText, readYamlFile, type ParseCache, type ReadBudget, type YDoc } from "../yaml/read-yaml.js";

export type { ParseCache } from "../yaml/read-yaml.js";
import { asMap, get, getString } from "../yaml/yaml-tree.js";
import { IMPORTERS } from "../import/registry.js";
import { nativeImporter, readNativeDocument } from "../import/native.js";
import { finalizeImportedIds } from "../import/ids.js";
import type { ImportOptions, ImportReport, Importer } from "../import/importer.js";
import { classifyDependencies, type ClassificationOverrides } from "../import/classify.js";
import { applyOverlays } from "../import/overlay.js";
import { readAppConfigs } from "../import/app-config.js";
import { computeCoverage } from "../import/coverage.js";
import { mergeDerived } from "../import/merge-derived.js";
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
  /** Globs of files and folders not to read (`--exclude`, `exclude:` in the config). */
  exclude?: readonly string[];
  /** Keep `possible` dependencies (addresses seen only through a bundle shared by many services) in the graph. */
  includePossible?: boolean;
  /** The user's hard/soft overrides (`classify:` in the config). */
  classification?: ClassificationOverrides;
  /**
   * Parses shared between loads: the first load records them (`record: true`), a later one
   * (`check --base` reading the base after the head) reuses those of files with the same text.
   */
  parses?: ParseCache;
  /** False: leave `estate.coverage` out (`check` shows neither side's). Default true. */
  coverage?: boolean;
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
  const report: ImportReport = { skipped: [], composeProjects: [] };
  const files = findManifests(paths, bag, { maxFiles: limits.maxFiles, ...(options.cwd ? { cwd: options.cwd } : {}), exclude: options.exclude ?? [], skipped: report.skipped });
  if (files.length === 0 && !bag.hasErrors()) {
    bag.error("no-manifests", `no manifest files (*.yaml, *.yml) found in ${paths.join(", ")}`, undefined, {
      expected: "at least one YAML manifest",
      found: "no files",
      hint: "point -m at the folder that holds your manifests",
    });
  }
  const budget: ReadBudget = options.parses ? { nodes: 0, parses: options.parses } : { nodes: 0 };
  const named = new Set(files.filter((f) => f.named).map((f) => f.display));
  const finishOptions = { ...options, namedFiles: options.namedFiles ?? named };
  const docs = new DocumentSink(bag, finishOptions, report);
  for (const f of files) docs.add(readYamlFile(f.path, f.display, limits, bag, budget));
  return finishLoad(docs, files.map((f) => f.display), bag, finishOptions, report);
}

/**
 * The documents read so far. Native documents need no other document to be read, so (when the
 * native importer comes first, as it does unless `options.importers` says otherwise) each is
 * imported as soon as its file is read and its YAML tree, with a position on every node, dies
 * young: holding every file's tree until the last was read took 661 MB of 100,000 services,
 * more than the estate. The other formats (Compose, Kubernetes, ...) relate documents across
 * files and are kept for `importDocuments`. The result is the same, in the same order.
 */
class DocumentSink {
  readonly docs: YDoc[] = [];
  readonly pre: PreImported | undefined;
  private readonly ctx: { bag: DiagnosticBag; options: LoadOptions; report: ImportReport };
  constructor(bag: DiagnosticBag, options: LoadOptions, report: ImportReport) {
    this.ctx = { bag, options, report };
    if ((options.importers ?? IMPORTERS)[0] === nativeImporter) this.pre = { entities: [], files: new Set() };
  }
  add(docs: readonly YDoc[]): void {
    const pre = this.pre;
    for (const doc of docs) {
      if (pre && nativeImporter.detect(doc)) {
        appendAll(pre.entities, readNativeDocument(doc, this.ctx));
        pre.files.add(doc.file);
      } else this.docs.push(doc);
    }
  }
}

/** Native documents imported while reading (see DocumentSink): their entities, in order, and their files. */
interface PreImported {
  entities: Entity[];
  files: Set<string>;
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
  const report: ImportReport = { skipped: [], composeProjects: [] };
  // As on disk: `.env` files are Compose's environment, not YAML; Helm charts and excluded
  // paths are skipped (so `check --base` reads the base as the head is read).
  const excluded = excludeMatcher(options.exclude ?? []);
  const charts = sources.filter((s) => /(^|\/)Chart\.yaml$/.test(s.file)).map((s) => s.file.slice(0, s.file.length - "Chart.yaml".length));
  const envFiles = new Map<string, string>();
  const yaml: ManifestSource[] = [];
  for (const s of sources) {
    if (/(^|\/)\.env$/.test(s.file)) envFiles.set(s.file, s.text);
    else if (excluded(s.file)) report.skipped.push({ file: s.file, why: "excluded" });
    else if (charts.some((c) => s.file.startsWith(c))) {
      if (s.file.endsWith("Chart.yaml")) report.skipped.push({ file: s.file.slice(0, -"/Chart.yaml".length) || ".", why: "helm-chart" });
    } else yaml.push(s);
  }
  const sorted = yaml.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const budget: ReadBudget = options.parses ? { nodes: 0, parses: options.parses } : { nodes: 0 };
  const finishOptions = envFiles.size > 0 ? { ...options, envFiles } : options;
  const docs = new DocumentSink(bag, finishOptions, report);
  for (const s of sorted) {
    if (s.text.length > limits.maxFileBytes) {
      bag.error("file-too-large", `file is larger than the limit of ${limits.maxFileBytes} bytes`, { file: s.file, line: 1, column: 1 }, { hint: "split the file, or raise limits.maxFileBytes" });
      continue;
    }
    const text = s.text.charCodeAt(0) === 0xfeff ? s.text.slice(1) : s.text;
    docs.add(parseYamlText(text, s.file, limits, bag, budget));
  }
  return finishLoad(docs, sorted.map((s) => s.file), bag, finishOptions, report);
}

function finishLoad(sink: DocumentSink, files: string[], bag: DiagnosticBag, options: LoadOptions, report: ImportReport): LoadResult {
  const entities = importDocuments(sink.docs, bag, options, report, sink.pre);
  const estate = buildModel(entities, bag, files, options.includePossible ? { includePossible: true } : {});
  if (options.coverage !== false) estate.coverage = computeCoverage(entities, estate, report);
  if (options.strict) {
    for (const d of bag.items) if (d.severity === "warning") d.severity = "error";
  }
  // The same diagnostic at the same place once: a kustomize base built by several overlays is read once per build.
  const diagnostics = sortDiagnostics(bag.items).filter((d, i, all) => i === 0 || !sameDiagnostic(all[i - 1]!, d));
  return { estate, diagnostics, ok: !diagnostics.some((d) => d.severity === "error") };
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.code === b.code && a.message === b.message && a.severity === b.severity && a.hint === b.hint;
}

/** Past this many unrecognised documents in one file, the rest are counted in one warning. */
const MAX_UNRECOGNISED_SHOWN = 20;

/** Appends without spreading (a spread of 100,000s of items overflows the stack). */
function appendAll<T>(into: T[], items: readonly T[]): void {
  for (const x of items) into.push(x);
}

/** Hands every document to the importer of its format; unrecognised documents are reported. */
export function importDocuments(docs: readonly YDoc[], bag: DiagnosticBag, options: LoadOptions = {}, report: ImportReport = { skipped: [], composeProjects: [] }, pre?: PreImported): Entity[] {
  const importers = options.importers ?? IMPORTERS;
  const unrecognisedPerFile = new Map<string, number>();
  // Files found by walking a folder whose documents carry no apiVersion at all (app configs,
  // CI files, mkdocs, Grafana provisioning, ...) are not manifests: skipped quietly, counted.
  const quietFiles = new Set<string>();
  const buckets = new Map<Importer, YDoc[]>();
  const unclaimed: YDoc[] = [];
  // Files with at least one document of a known format: a stray document there is a mistake to warn about.
  const manifestFiles = new Set<string>(pre?.files);
  for (const doc of docs) {
    const imp = importers.find((i) => i.detect(doc));
    if (imp) manifestFiles.add(doc.file);
    if (imp) {
      let list = buckets.get(imp);
      if (!list) buckets.set(imp, (list = []));
      list.push(doc);
      continue;
    }
    if (importers.some((i) => i.ignore?.(doc))) continue;
    unclaimed.push(doc);
  }
  const ctx = { bag, options, report };
  const entities: Entity[] = [];
  for (const imp of importers) {
    if (pre && imp === nativeImporter) appendAll(entities, pre.entities);
    const list = buckets.get(imp);
    if (list) appendAll(entities, imp.importDocuments(list, ctx));
  }
  // Imported services get plain ids unless ambiguous across the whole load (src/import/ids.ts).
  finalizeImportedIds(entities);
  // App configs (Spring, files in a Compose service's build context) say whom a service calls.
  const claimed = readAppConfigs(unclaimed, report);
  for (const doc of unclaimed) {
    if (claimed.has(doc.file)) continue;
    const root = asMap(doc.root);
    if (options.namedFiles && !options.namedFiles.has(doc.file) && !manifestFiles.has(doc.file) && !(root && get(root, "apiVersion") !== undefined)) {
      if (!quietFiles.has(doc.file)) report.skipped.push({ file: doc.file, why: "not-a-manifest" });
      quietFiles.add(doc.file);
      continue;
    }
    const seen = (unrecognisedPerFile.get(doc.file) ?? 0) + 1;
    unrecognisedPerFile.set(doc.file, seen);
    if (seen > MAX_UNRECOGNISED_SHOWN) continue;
    const apiVersion = root ? getString(root, "apiVersion") : undefined;
    bag.warning("unrecognised-document", "unrecognised document: skipped", doc.pos, {
      expected: "a faultline/v1 manifest, a Backstage entity, a Docker Compose file or a Kubernetes object",
      found: apiVersion ? `apiVersion ${JSON.stringify(apiVersion)}` : root ? "a mapping without apiVersion" : "not a mapping",
      hint: apiVersion?.startsWith("faultline") ? "the native apiVersion is faultline/v1" : "remove the file from the manifest paths, or use options.strict to make this an error",
    });
  }
  for (const [file, count] of unrecognisedPerFile) {
    if (count <= MAX_UNRECOGNISED_SHOWN) continue;
    bag.warning("unrecognised-document", `${count - MAX_UNRECOGNISED_SHOWN} more unrecognised documents in this file: skipped`, { file, line: 1, column: 1 }, {
      hint: `only the first ${MAX_UNRECOGNISED_SHOWN} are listed one by one`,
    });
  }
  // Placements from live or deployed state fold into the services and locations of the same ids.
  const derived = mergeDerived(entities, bag);
  // Overlays (app configs; native overlay files) add what the foreign files lack.
  const merged = applyOverlays(derived, bag, report.overlays);
  // Hard or soft by what the evidence means (src/import/classify.ts), then the user's overrides.
  classifyDependencies(merged, options.classification);
  return merged;
}
