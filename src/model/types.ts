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
  labels: ReadonlyMap<string, string>;
  annotations: ReadonlyMap<string, string>;
  origin: Origin;
  at: SourcePos;
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
  minPlacements: number;
  groups: GroupInfo[];
  labels: ReadonlyMap<string, string>;
  annotations: ReadonlyMap<string, string>;
  attributes: ReadonlyMap<string, string>;
  origin: Origin;
  at: SourcePos;
}

export type NodeAttributes = LocationAttributes | ServiceAttributes;

export interface EdgeAttributes {
  relation: Relation;
  /** For `group` edges: which group of the service, and its shape. */
  group?: { index: number; quorum: number; size: number; soft: boolean };
  note?: string;
  inferred?: boolean;
  /** Where the relation is written (the reference, the placement, the child). */
  at: SourcePos;
}

/** The graph: graphology's directed multigraph (a service may name the same id in several entries). */
export type EstateGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

/** A loaded estate: the graph plus what it was read from. */
export interface Estate {
  graph: EstateGraph;
  /** Files read, as displayed. */
  files: string[];
}
