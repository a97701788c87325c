/** The contract between loading and the per-format importers. */
import type { DiagnosticBag } from "../diagnostics/diagnostics.js";
import type { YDoc } from "../yaml/read-yaml.js";
import type { Entity, Origin } from "../model/entities.js";

/** Options that importers read. */
export interface ImportOptions {
  /** Location id that every Kubernetes workload without its own annotation runs on. */
  k8sLocation?: string;
}

export interface ImportContext {
  bag: DiagnosticBag;
  options: ImportOptions;
}

/** One foreign (or the native) format: recognises its documents and turns them into entities. */
export interface Importer {
  format: Origin;
  /** True when the document belongs to this format. Called in registry order; the first match wins. */
  detect(doc: YDoc): boolean;
  /** Turns all documents of this format (in sorted file order) into entities. */
  importDocuments(docs: readonly YDoc[], ctx: ImportContext): Entity[];
  /** Documents this format recognises but deliberately ignores (e.g. kustomization.yaml). Optional. */
  ignore?(doc: YDoc): boolean;
}
