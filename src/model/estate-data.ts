/**
 * A compact, plain-JSON form of an estate that rebuilds into the same graph: what the HTML
 * explorer embeds so the page runs the CLI's own analyses on it (bundled from src/, not
 * re-implemented). Everything the analyses and the view read is kept; source positions,
 * labels and annotations are not (the analyses do not read them).
 */
import type { Hosting, Origin, Tier } from "./entities.js";
import type { Estate, EdgeAttributes, GroupInfo, LocationAttributes, Relation, ServiceAttributes, ServiceHosting } from "./types.js";
import { createEstateGraph } from "./safe-graph.js";

/** A location: `[0, id, name or null when equal to the id, hosting, parent index or -1, type or null, origin, file]`. */
export type LocationRow = [0, string, string | null, Hosting, number, string | null, Origin, number];
/** A group: `[quorum, soft 0/1, note or null, member indices]`. */
export type GroupRow = [number, 0 | 1, string | null, number[]];
/**
 * A service: `[1, id, name or null, hosting, tier, type or null, owner or null, placement indices,
 * minPlacements, hostings, groups, origin, file, replicas per placement or null when each has one]`.
 */
export type ServiceRow = [1, string, string | null, ServiceHosting, Tier, string | null, string | null, number[], number, Hosting[], GroupRow[], Origin, number, number[] | null];

/** The estate as data: nodes sorted by id, edges as flat integer quadruples. */
export interface EstateData {
  v: 1;
  /** Files the estate was read from (as displayed); rows point into it. */
  files: string[];
  nodes: Array<LocationRow | ServiceRow>;
  /** `from, to, relation code, group index (-1)` per edge, in the graph's canonical order. */
  edges: number[];
  /** Notes and the inferred flag, by edge position: `[edge, note or null, inferred 0/1]`. */
  extras: Array<[number, string | null, 0 | 1]>;
}

const RELATIONS: readonly Relation[] = ["parent", "runsOn", "hard", "soft", "group"];
const REL_CODE: Record<Relation, number> = { parent: 0, runsOn: 1, hard: 2, soft: 3, group: 4 };
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Turns an estate into its data form (same estate, same data). */
export function estateToData(estate: Estate): EstateData {
  const g = estate.graph;
  const ids = g.nodes().sort(cmp);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const fileOf = (f: string) => {
    let i = fileIndex.get(f);
    if (i === undefined) {
      i = files.length;
      files.push(f);
      fileIndex.set(f, i);
    }
    return i;
  };
  const nodes = ids.map((id): LocationRow | ServiceRow => {
    const a = g.getNodeAttributes(id);
    const name = a.name === id ? null : a.name;
    if (a.kind === "location") {
      return [0, id, name, a.hosting, a.parent === undefined ? -1 : index.get(a.parent)!, a.type ?? null, a.origin, fileOf(a.at.file)];
    }
    const groups = a.groups.map((gr): GroupRow => [gr.quorum, gr.soft ? 1 : 0, gr.note ?? null, gr.members.map((m) => index.get(m)!)]);
    return [1, id, name, a.hosting, a.tier, a.type ?? null, a.owner ?? null, a.placements.map((p) => index.get(p)!), a.minPlacements, [...a.hostings], groups, a.origin, fileOf(a.at.file), a.replicas.some((x) => x !== 1) ? [...a.replicas] : null];
  });
  const rows: Array<[number, number, number, number, string | null, 0 | 1]> = [];
  g.forEachEdge((_k, a, from, to) => {
    rows.push([index.get(from)!, index.get(to)!, REL_CODE[a.relation], a.group ? a.group.index : -1, a.note ?? null, a.inferred ? 1 : 0]);
  });
  rows.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3] || cmp(x[4] ?? "", y[4] ?? "") || x[5] - y[5]);
  const edges: number[] = [];
  const extras: EstateData["extras"] = [];
  rows.forEach((r, i) => {
    edges.push(r[0], r[1], r[2], r[3]);
    if (r[4] !== null || r[5] === 1) extras.push([i, r[4], r[5]]);
  });
  return { v: 1, files, nodes, edges, extras };
}

/** Rebuilds the estate from its data form (in the page, or anywhere). */
export function estateFromData(data: EstateData): Estate {
  const graph = createEstateGraph();
  const ids = data.nodes.map((r) => r[1]);
  // One position object per file, shared (positions are not kept; 500,000 copies cost seconds in a page).
  const positions = data.files.map((file) => ({ file, line: 0, column: 0 }));
  const noFile = { file: "", line: 0, column: 0 };
  const at = (file: number) => positions[file] ?? noFile;
  const none = new Map<string, string>();
  const groupsOf: GroupInfo[][] = [];
  data.nodes.forEach((r, i) => {
    if (r[0] === 0) {
      const a: LocationAttributes = { kind: "location", id: r[1], name: r[2] ?? r[1], hosting: r[3], labels: none, annotations: none, origin: r[6], at: at(r[7]) };
      if (r[4] >= 0) a.parent = ids[r[4]]!;
      if (r[5] !== null) a.type = r[5];
      graph.addNode(r[1], a);
    } else {
      const groups = r[10].map((gr, index): GroupInfo => {
        const info: GroupInfo = { index, quorum: gr[0], soft: gr[1] === 1, members: gr[3].map((m) => ids[m]!), at: at(r[12]) };
        if (gr[2] !== null) info.note = gr[2];
        return info;
      });
      groupsOf[i] = groups;
      const a: ServiceAttributes = {
        kind: "service",
        id: r[1],
        name: r[2] ?? r[1],
        tier: r[4],
        hosting: r[3],
        hostings: [...r[9]],
        placements: r[7].map((p) => ids[p]!),
        replicas: r[13] ? [...r[13]] : r[7].map(() => 1),
        replicaTotal: r[13] ? r[13].reduce((x, y) => x + y, 0) : r[7].length,
        minPlacements: r[8],
        groups,
        labels: none,
        annotations: none,
        attributes: none,
        origin: r[11],
        at: at(r[12]),
      };
      if (r[5] !== null) a.type = r[5];
      if (r[6] !== null) a.owner = r[6];
      graph.addNode(r[1], a);
    }
  });
  const extra = new Map(data.extras.map((x) => [x[0], x]));
  for (let e = 0, k = 0; k + 3 < data.edges.length; e++, k += 4) {
    const from = data.edges[k]!;
    const rel = RELATIONS[data.edges[k + 2]!]!;
    const gi = data.edges[k + 3]!;
    const attr: EdgeAttributes = { relation: rel, at: at(0) };
    if (gi >= 0) {
      const gr = groupsOf[from]![gi]!;
      attr.group = { index: gi, quorum: gr.quorum, size: gr.members.length, soft: gr.soft };
    }
    if (rel === "runsOn") {
      const reps = data.nodes[from]![0] === 1 ? (data.nodes[from] as ServiceRow)[13] : null;
      if (reps) attr.replicas = reps[(data.nodes[from] as ServiceRow)[7].indexOf(data.edges[k + 1]!)] ?? 1;
    }
    const x = extra.get(e);
    if (x) {
      if (x[1] !== null) attr.note = x[1];
      if (x[2] === 1) attr.inferred = true;
    }
    graph.addEdge(ids[from]!, ids[data.edges[k + 1]!]!, attr);
  }
  return { graph, files: [...data.files] };
}
