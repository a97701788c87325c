/**
 * Entities: what loading and importing hand to the model builder.
 * Every format (native, Backstage, Compose, Kubernetes) produces these; the builder
 * resolves references, checks the id space and builds the graph.
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";

export type Hosting = "in-house" | "public-cloud" | "third-party";
export const HOSTINGS: readonly Hosting[] = ["in-house", "public-cloud", "third-party"];

export type Tier = "critical" | "high" | "medium" | "low";
export const TIERS: readonly Tier[] = ["critical", "high", "medium", "low"];

/** Where an entity came from. */
export type Origin = "native" | "backstage" | "compose" | "kubernetes";

/** A reference to another node as written, with its place. `ref` may carry a `service:` or `location:` prefix. */
export interface RefEntry {
  ref: string;
  at: SourcePos;
}

/** One entry of `dependsOn`: a single reference or a group. */
export type DependencyEntry =
  | {
      kind: "ref";
      ref: string;
      soft: boolean;
      at: SourcePos;
      note?: string;
      /** True when an importer guessed the dependency (e.g. from an environment value). */
      inferred?: boolean;
    }
  | {
      kind: "group";
      members: RefEntry[];
      quorum: number;
      soft: boolean;
      at: SourcePos;
      note?: string;
      inferred?: boolean;
    };

export interface LocationEntity {
  kind: "location";
  /** Full id, e.g. `aws/us-east-1/use1-az1`. */
  id: string;
  name: string;
  /** Parent id, when this is not a root. */
  parent?: string;
  /** Where `spec.parent` was written, for unknown-parent diagnostics. */
  parentAt?: SourcePos;
  /** As written on this entity (roots must set it; children may repeat their root's). */
  hosting?: Hosting;
  hostingAt?: SourcePos;
  type?: string;
  labels: Map<string, string>;
  annotations: Map<string, string>;
  origin: Origin;
  at: SourcePos;
}

export interface ServiceEntity {
  kind: "service";
  id: string;
  name: string;
  type?: string;
  tier: Tier;
  owner?: string;
  runsOn: RefEntry[];
  minPlacements: number;
  minPlacementsAt?: SourcePos;
  dependsOn: DependencyEntry[];
  labels: Map<string, string>;
  annotations: Map<string, string>;
  /** Free-form attributes kept from foreign formats (Backstage system, lifecycle, Compose project, ...). */
  attributes: Map<string, string>;
  origin: Origin;
  at: SourcePos;
  /**
   * Severity of an unresolvable reference from this entity: native manifests are strict,
   * foreign catalogs often dangle (a warning unless `--strict`).
   */
  danglingSeverity: "error" | "warning";
}

export type Entity = LocationEntity | ServiceEntity;
