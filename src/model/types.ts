/** The typed dependency graph: nodes are services and locations, edges point from dependent to dependency. */
import type { MultiDirectedGraph } from "graphology";
import type { SourcePos } from "../diagnostics/diagnostics.js";
import type { Hosting, Origin, Tier } from "./entities.js";

export type NodeKind = "service" | "location";
export type Relation = "parent" | "runsOn" | "hard" | "soft" | "group";
export const RELATIONS: readonly Relation[] = ["parent", "runsOn", "hard", "soft", "group"];

/** A service's hosting: one class, several (`hybrid`) or none (`unplaced`). */
export type ServiceHosting = Hosting | "hybrid" | "unplaced";

export interface LocationAttributes {
  kind: "location";
  id: string;
  name: string;
  parent?: string;
  hosting: Hosting;
  type?: string;
  /** Probability that the location itself has not failed (spec 7), when written. */
  availability?: number;
  labels: ReadonlyMap<string, string>;
  annotations: ReadonlyMap<string, string>;
  origin: Origin;
  at: SourcePos;
}

/**
 * How every result names a node: its id and kind, its hosting (a service's may be `hybrid` or
 * `unplaced`) and, for a service, its tier. Blast impacts, spof rows and details, risk nodes
 * and graph JSON nodes extend it; results that carry less (availability contributors, diff
 * node changes) take the part they need.
 */
export interface NodeDescriptor {
  id: string;
  kind: NodeKind;
  hosting: ServiceHosting | Hosting;
  tier?: Tier;
}

/** A redundancy group of a service, in the order written. */
export interface GroupInfo {
  index: number;
  quorum: number;
  soft: boolean;
  members: string[];
  note?: string;
  at: SourcePos;
}

export interface ServiceAttributes {
  kind: "service";
  id: string;
  name: string;
  type?: string;
  tier: Tier;
  owner?: string;
  hosting: ServiceHosting;
  /** The distinct hosting classes of its placements, sorted. */
  hostings: Hosting[];
  placements: string[];
  /** Replicas of each placement, parallel to `placements` (1 where none are written). */
  replicas: number[];
  /** Sum of `replicas`: `minPlacements` counts replicas (spec 3.2). */
  replicaTotal: number;
  minPlacements: number;
  groups: GroupInfo[];
  /** Probability that the service itself has not failed (spec 7), when written. */
  availability?: number;
  /** The availability the service is meant to reach. */
  availabilityTarget?: number;
  labels: ReadonlyMap<string, string>;
  annotations: ReadonlyMap<string, string>;
  attributes: ReadonlyMap<string, string>;
  origin: Origin;
  at: SourcePos;
  /** Names observed data knows this service by (see docs/drift.md). */
  observedAs?: string[];
}

export type NodeAttributes = LocationAttributes | ServiceAttributes;

export interface EdgeAttributes {
  relation: Relation;
  /** For `group` edges: which group of the service, and its shape. */
  group?: { index: number; quorum: number; size: number; soft: boolean };
  note?: string;
  inferred?: boolean;
  /** How a dependency is known (dependency relations only; see entities.ts `Evidence`). */
  evidence?: import("./entities.js").Evidence;
  /** For `runsOn` edges whose placement names `replicas` (spec 2.2). */
  replicas?: number;
  /** Set on edges added from observed calls (`--observed`) that no manifest declares. */
  observed?: ObservedEdgeInfo;
  /** Where the relation is written (the reference, the placement, the child). */
  at: SourcePos;
}

/** What an observed-only edge was seen as: calls and errors summed over its sources. */
export interface ObservedEdgeInfo {
  calls: number;
  errors: number;
  /** The observed files (and lines) that report the call, sorted. */
  sources: string[];
}

/** The graph: graphology's directed multigraph (a service may name the same id in several entries). */
export type EstateGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

/** A dependency kept out of the graph: a `possible` one (unless asked for) or start-up order only. */
export interface SetAsideEdge {
  from: string;
  to: string;
  why: "possible" | "startup-order";
  soft: boolean;
  via?: string;
  at: SourcePos;
}

/** What the load could not see (docs/importers.md, "Coverage"). */
export interface Coverage {
  /** Services that came from a foreign format (Backstage, Compose, Kubernetes). */
  imported: number;
  /** Imported workloads with no dependency faultline could see that are not recognised data stores or infrastructure. */
  unknown: string[];
  /** Imported workloads whose dependencies are only declared (start-up order, hints): calls made from code are not visible. */
  declaredOnly: string[];
  /** Addresses that name no service of the load (external or templated host names), per service. */
  unresolved: Array<{ service: string; host: string; via: string; file: string; line: number; why?: string }>;
  /** Dependency edges in the graph by evidence kind. */
  edges: { declared: number; inferred: number; possible: number };
  /** Files read but skipped, with why (`helm-template`, `not-a-manifest`, `compose-not-selected`, `excluded`). */
  skipped: Array<{ file: string; why: string }>;
  /** Compose projects and the files combined into each, in the order applied; the active profiles and the services they left out (not in the graph). */
  composeProjects: Array<{ folder: string; files: string[]; activeProfiles?: string[]; leftOut?: Array<{ service: string; profiles: string[] }> }>;
}

/** A loaded estate: the graph plus what it was read from. */
export interface Estate {
  graph: EstateGraph;
  /** Files read, as displayed. */
  files: string[];
  /** Dependencies left out of the graph (possible ones, start-up order). */
  setAside?: SetAsideEdge[];
  /** What could not be seen. */
  coverage?: Coverage;
  /** Set when observed calls were added (`--observed`): the estate as declared, and the counts. */
  observed?: { declared: Estate; files: string[]; edges: number; as: "hard" | "soft" };
}
