/** The whole graph as JSON (spec section 5). */
import type { EvidenceKind } from "../model/entities.js";
import type { Estate, NodeDescriptor, Relation } from "../model/types.js";

export interface GraphJsonNode extends NodeDescriptor {
  parent?: string;
  type?: string;
  owner?: string;
  placements?: string[];
  /** Replicas per placement, parallel to `placements`; only when some placement names `replicas` (spec 2.2). */
  replicas?: number[];
  minPlacements?: number;
  /** For placements read from a cluster snapshot or a Terraform state: where `minPlacements` came from. */
  minPlacementsFrom?: string;
  origin: string;
  file: string;
  line: number;
}

export interface GraphJsonEdge {
  from: string;
  to: string;
  relation: Relation;
  group?: { index: number; quorum: number; size: number; soft: boolean };
  note?: string;
  inferred?: boolean;
  /**
   * How a dependency is known, with the file and line of the evidence (dependency relations);
   * kind `observed`, with the observed file, for an edge only observed calls show (`--observed`, docs/drift.md).
   */
  evidence?: GraphJsonEvidence;
  /** `runsOn` edges whose placement names `replicas`. */
  replicas?: number;
  observed?: { calls: number; errors: number; sources: string[] };
}

export interface GraphJsonEvidence {
  kind: EvidenceKind | "observed";
  file: string;
  /** The line of the evidence (absent for observed calls, which come from a metrics or trace export). */
  line?: number;
  /** The variable, field or route the address came from. */
  via?: string;
  /** Why the dependency is soft, when the classification table or the config made it so. */
  reason?: string;
}

/** A dependency kept out of the graph: `possible` (unless --include-possible) or start-up order only. */
export interface GraphJsonSetAside {
  from: string;
  to: string;
  why: "possible" | "startup-order";
  soft: boolean;
  via?: string;
  file: string;
  line: number;
}

export interface GraphJson {
  schemaVersion: 1;
  nodes: GraphJsonNode[];
  edges: GraphJsonEdge[];
  /** Present when some dependencies were left out of the graph. */
  setAside?: GraphJsonSetAside[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const REL_ORDER: Record<Relation, number> = { parent: 0, runsOn: 1, hard: 2, soft: 3, group: 4 };

/** Nodes sorted by id, edges by from, then to (then relation and group index, for stable bytes). */
export function graphToJson(estate: Estate): GraphJson {
  const g = estate.graph;
  const nodes: GraphJsonNode[] = [];
  g.forEachNode((id, a) => {
    const n: GraphJsonNode = { id, kind: a.kind, hosting: a.hosting } as GraphJsonNode;
    if (a.kind === "service") {
      n.tier = a.tier;
      if (a.type !== undefined) n.type = a.type;
      if (a.owner !== undefined) n.owner = a.owner;
      n.placements = [...a.placements];
      if (a.replicaTotal !== a.placements.length) n.replicas = [...a.replicas];
      n.minPlacements = a.minPlacements;
      const from = a.attributes.get("placement.minPlacementsFrom");
      if (from !== undefined) n.minPlacementsFrom = from;
    } else {
      if (a.parent !== undefined) n.parent = a.parent;
      if (a.type !== undefined) n.type = a.type;
    }
    n.origin = a.origin;
    n.file = a.at.file;
    n.line = a.at.line;
    nodes.push(n);
  });
  nodes.sort((x, y) => cmp(x.id, y.id));
  const edges: GraphJsonEdge[] = [];
  g.forEachEdge((_k, a, from, to) => {
    const e: GraphJsonEdge = { from, to, relation: a.relation };
    if (a.group) e.group = { ...a.group };
    if (a.note !== undefined) e.note = a.note;
    if (a.inferred) e.inferred = true;
    if (a.evidence) {
      const ev: GraphJsonEvidence = { kind: a.evidence.kind, file: a.at.file, line: a.at.line };
      if (a.evidence.via !== undefined) ev.via = a.evidence.via;
      if (a.evidence.reason !== undefined) ev.reason = a.evidence.reason;
      e.evidence = ev;
    }
    if (a.replicas !== undefined) e.replicas = a.replicas;
    if (a.observed) {
      e.evidence = { kind: "observed", file: a.observed.sources[0] ?? "" };
      e.observed = { calls: a.observed.calls, errors: a.observed.errors, sources: [...a.observed.sources] };
    }
    edges.push(e);
  });
  edges.sort((x, y) => cmp(x.from, y.from) || cmp(x.to, y.to) || REL_ORDER[x.relation] - REL_ORDER[y.relation] || (x.group?.index ?? -1) - (y.group?.index ?? -1));
  const out: GraphJson = { schemaVersion: 1, nodes, edges };
  if (estate.setAside && estate.setAside.length > 0) {
    out.setAside = estate.setAside
      .map((x) => {
        const a: GraphJsonSetAside = { from: x.from, to: x.to, why: x.why, soft: x.soft, file: x.at.file, line: x.at.line };
        if (x.via !== undefined) a.via = x.via;
        return a;
      })
      .sort((x, y) => cmp(x.from, y.from) || cmp(x.to, y.to) || cmp(x.why, y.why));
  }
  return out;
}
