/** The contract between loading and the per-format importers. */
import type { DiagnosticBag } from "../diagnostics/diagnostics.js";
import type { YDoc } from "../yaml/read-yaml.js";
import type { Entity, Origin } from "../model/entities.js";
import type { PlacementOptions } from "./placement-locations.js";

/** Options that importers read. */
export interface ImportOptions {
  /** Location id that every Kubernetes workload without its own annotation runs on. */
  k8sLocation?: string;
  /** Files named one by one (with -m or in the config), as displayed: Compose reads these even when they are variants. */
  namedFiles?: ReadonlySet<string>;
  /** In-memory `.env` files by shown path (loads from text, e.g. a git ref): used instead of the disk. */
  envFiles?: ReadonlyMap<string, string>;
  /** Active Compose profiles (`--profile`, `compose.profiles` in the config); unset: `COMPOSE_PROFILES` of each project's `.env`. `*` activates all. */
  composeProfiles?: readonly string[];
  /** Namespace of Kubernetes objects that name none (default `default`). */
  namespace?: string;
  /** How the placement importers (Kubernetes snapshot, Terraform state) name locations; see docs/placement.md. */
  placement?: PlacementOptions;
}

/** What importers tell the coverage summary. */
export interface ImportReport {
  skipped: Array<{ file: string; why: string }>;
  composeProjects: ComposeProjectReport[];
  /** Additions to imported services (overlays, app configs), applied once every importer ran. */
  overlays?: import("./overlay.js").Overlay[];
  /** Folders or files that belong to one service (a Compose build context or bind mount), as displayed. */
  configOwners?: Array<{ path: string; service: import("../model/entities.js").ServiceEntity }>;
  /** Addresses that name no service of the load (an external or templated host name). */
  unresolved?: Array<{ service: import("../model/entities.js").ServiceEntity; host: string; via: string; at: import("../diagnostics/diagnostics.js").SourcePos; why?: string }>;
}

/** One Compose project: its folder, the files combined, the active profiles and the services they left out. */
export interface ComposeProjectReport {
  folder: string;
  files: string[];
  activeProfiles?: string[];
  leftOut?: Array<{ service: string; profiles: string[] }>;
}

export interface ImportContext {
  bag: DiagnosticBag;
  options: ImportOptions;
  report?: ImportReport;
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
