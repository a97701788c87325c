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
/** `k8s-snapshot` and `terraform` are live or deployed state (placements), see docs/placement.md. */
export type Origin = "native" | "backstage" | "compose" | "kubernetes" | "k8s-snapshot" | "terraform";

/** A reference to another node as written, with its place. `ref` may carry a `service:` or `location:` prefix. */
export interface RefEntry {
  ref: string;
  at: SourcePos;
  /** Placements only (spec 2.2): copies of the service running there, a whole number ≥ 1; absent means 1. */
  replicas?: number;
}

/**
 * How a dependency is known (docs/importers.md, "Evidence"): `declared` (written as a
 * dependency: native `dependsOn`, Backstage relations, Compose `depends_on`, a hint),
 * `inferred` (an address in an environment value, a connection string, an env file, a route),
 * `possible` (an address that reaches the service only through a bundle shared by many
 * services, such as one ConfigMap loaded whole by `envFrom`).
 */
export type EvidenceKind = "declared" | "inferred" | "possible";
export const EVIDENCE_KINDS: readonly EvidenceKind[] = ["declared", "inferred", "possible"];

/** The evidence of one dependency: its kind, the variable or field it came from, and why it is soft. */
export interface Evidence {
  kind: EvidenceKind;
  /** The variable, field or route the address was read from (`VALKEY_ADDR`, `depends_on`, `route vets-service`). */
  via?: string;
  /** Why the dependency is soft (a row of the classification table, or `config`), when it is. */
  reason?: string;
  /** A Compose `depends_on` that only orders start-up: kept out of the outage paths. */
  startupOnly?: boolean;
  /** Hard or soft was said by the user (a hint, an overlay): the classification table leaves it alone. */
  fixed?: boolean;
  /** The value the address was read from, for the classification only: never printed (it may hold a password). */
  value?: string;
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
      evidence?: Evidence;
    }
  | {
      kind: "group";
      members: RefEntry[];
      quorum: number;
      soft: boolean;
      at: SourcePos;
      note?: string;
      inferred?: boolean;
      evidence?: Evidence;
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
  /** Probability that the location itself has not failed (spec 7), when written. */
  availability?: number;
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
  /** Probability that the service itself has not failed (spec 7), when written. */
  availability?: number;
  /** The availability the service is meant to reach (checked by the availability-target rule). */
  availabilityTarget?: number;
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
  /** Names observed data (traces, meshes) knows this service by: `observedAs`, `faultline/observed-as`. */
  observedAs?: string[];
}

export type Entity = LocationEntity | ServiceEntity;
