/**
 * Risk groups: the minimal sets of nodes whose joint failure takes a service down
 * (minimal cut sets of its fault tree). Exact search up to a size, inside the
 * service's dependency cone, with incremental propagation and pruning; see RISK.md.
 */
import { compile, REL_GROUP, REL_RUNSON, type CompiledEstate } from "../engine/compile.js";
import type { Estate, NodeDescriptor, NodeKind } from "../model/types.js";
import { resolveIds } from "./blast-radius.js";
import { DownState, downCone } from "../engine/down-state.js";
import { UsageError } from "./errors.js";

/** The largest `maxSize` accepted (the search grows as the cone size to this power). */
export const MAX_RISK_SIZE = 5;
/** Default work budget, in reverse edges scanned by the propagations. */
export const DEFAULT_RISK_BUDGET = 200_000_000;

export interface RiskOptions {
  /** Largest group size searched (default 2). */
  maxSize?: number;
  /** Work budget (reverse edges scanned); the search stops there with `complete: false`. */
  budget?: number;
}

/** A node named in some group, so reports need not reach back into the graph. */
export interface RiskNode extends NodeDescriptor {
  /** Location depth (0 for a root), for locations. */
  depth?: number;
  /** Location type as written (provider, region, zone, ...). */
  type?: string;
}

/** The result of `risk`: spec 5.1, plus added fields. */
export interface RiskResult {
  schemaVersion: 1;
  service: string;
  maxSize: number;
  /** False when the budget stopped the search before every set of size `maxSize` was examined. */
  complete: boolean;
  /**
   * Every minimal group of at most `maxSize` nodes found, each sorted by id; listed by size,
   * then in order of their ids (spec 5.1).
   */
  groups: string[][];
  /** The same groups ranked for people: by size, then kind (a whole provider before a region, a zone, a service), then ids. */
  ranked: string[][];
  /** The largest size for which every group is listed (equals `maxSize` when complete). */
  completeUpTo: number;
  /** Nodes in the dependency cone (what the search ranged over), the service excluded. */
  coneSize: number;
  /** Work done and budget, in reverse edges scanned. */
  work: number;
  budget: number;
  /** The nodes named in `groups`, sorted by id. */
  nodes: RiskNode[];
  /**
   * With observed calls: the groups (as in `groups`) that are risk groups only through observed
   * edges — the declared graph, searched as completely, does not have them.
   */
  observedOnly?: string[][];
}

/** Rank of a node's kind in the ordering of groups: whole roots first, services last. */
export function kindRank(kind: NodeKind, depth: number | undefined): number {
  if (kind === "service") return 4;
  return Math.min(depth ?? 3, 3);
}

class BudgetExceeded extends Error {}

/** The minimal risk groups of `service` up to `maxSize` nodes (spec 5.1 `risk`). */
export function riskGroups(estate: Estate, service: string, options: RiskOptions = {}): RiskResult {
  const maxSize = options.maxSize ?? 2;
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > MAX_RISK_SIZE) {
    throw new UsageError(`options.maxSize takes a whole number from 1 to ${MAX_RISK_SIZE}, not ${JSON.stringify(options.maxSize)}`);
  }
  const budget = options.budget ?? DEFAULT_RISK_BUDGET;
  const c = compile(estate);
  const [s] = resolveIds(c, [service]);
  const found = minimalCuts(c, s!, maxSize, budget);
  const g = estate.graph;
  const depthOf = new Map<number, number>();
  const depth = (x: number): number => {
    let d = depthOf.get(x);
    if (d !== undefined) return d;
    const a = g.getNodeAttributes(c.ids[x]!);
    d = a.kind === "location" && a.parent !== undefined ? depth(c.index.get(a.parent)!) + 1 : 0;
    depthOf.set(x, d);
    return d;
  };
  const rank = (x: number) => kindRank(c.isService[x] ? "service" : "location", c.isService[x] ? undefined : depth(x));
  const sets = found.cuts.map((cut) => {
    const sorted = [...cut].sort((a, b) => a - b);
    return { sorted, ranks: sorted.map(rank).sort((a, b) => a - b) };
  });
  sets.sort((a, b) => {
    if (a.sorted.length !== b.sorted.length) return a.sorted.length - b.sorted.length;
    for (let i = 0; i < a.ranks.length; i++) if (a.ranks[i] !== b.ranks[i]) return a.ranks[i]! - b.ranks[i]!;
    for (let i = 0; i < a.sorted.length; i++) if (a.sorted[i] !== b.sorted[i]) return a.sorted[i]! - b.sorted[i]!;
    return 0;
  });
  const named = new Set<number>();
  for (const set of sets) for (const x of set.sorted) named.add(x);
  const nodes = [...named]
    .sort((a, b) => a - b)
    .map((x): RiskNode => {
      const a = g.getNodeAttributes(c.ids[x]!);
      const node: RiskNode = { id: a.id, kind: a.kind, hosting: a.hosting };
      if (a.kind === "location") {
        node.depth = depth(x);
        if (a.type !== undefined) node.type = a.type;
      } else node.tier = a.tier;
      return node;
    });
  const result: RiskResult = {
    schemaVersion: 1,
    service: c.ids[s!]!,
    maxSize,
    complete: found.completeUpTo >= maxSize,
    // Node indices follow sorted id order, so comparing indices compares ids.
    groups: [...sets]
      .sort((a, b) => {
        if (a.sorted.length !== b.sorted.length) return a.sorted.length - b.sorted.length;
        for (let i = 0; i < a.sorted.length; i++) if (a.sorted[i] !== b.sorted[i]) return a.sorted[i]! - b.sorted[i]!;
        return 0;
      })
      .map((set) => set.sorted.map((x) => c.ids[x]!)),
    ranked: sets.map((set) => set.sorted.map((x) => c.ids[x]!)),
    completeUpTo: found.completeUpTo,
    coneSize: found.coneSize,
    work: found.work,
    budget,
    nodes,
  };
  if (estate.observed) {
    // The same search on the declared graph; a group counts as observed-only when that
    // search covered its size and did not find it.
    const declared = riskGroups(estate.observed.declared, service, options);
    const known = new Set(declared.groups.map((g) => g.join("\u0000")));
    result.observedOnly = result.groups.filter((g) => g.length <= declared.completeUpTo && !known.has(g.join("\u0000")));
  }
  return result;
}

/**
 * The search itself, on integer ids. Returns the minimal cuts found (each unsorted),
 * and the largest size searched to the end.
 *
 * Facts it relies on (proofs in RISK.md):
 * 1. Only nodes in the cone of `s` matter, and states inside the cone are exact.
 * 2. A set containing a smaller cut is not minimal; a set one of whose members is
 *    already down after the others is not minimal.
 * 3. A threshold gate (a runsOn with spare placements, a hard group with spare members)
 *    is "partial" in a state when some inputs are down but not enough. The last member z
 *    added to a non-cut prefix P can only complete a cut if down(z) touches a gate that is
 *    partial in down(P): otherwise down(P ∪ {z}) = down(P) ∪ down(z).
 */
export function minimalCuts(c: CompiledEstate, s: number, maxSize: number, budget: number): { cuts: number[][]; completeUpTo: number; coneSize: number; work: number } {
  const n = c.n;
  const cone = downCone(c, s);
  const st = new DownState(c, cone);
  const { revStart, revNode, revKind, revGroup, groupOwner, groupSoft, replicaTotal, minPlace, groupQuorum, groupSize } = c;
  const candidates: number[] = [];
  for (let x = 0; x < n; x++) if (cone[x] && x !== s) candidates.push(x);
  const cuts: number[][] = [];
  // Gates are numbered: a service's placements y → y; its group g → n + g.
  const gateStamp = new Int32Array(n + groupOwner.length).fill(-1);
  let stampNo = 0;
  /** Threshold gates partial in the current state, touched by queue[from..size). */
  const partialGates = (from: number, out: number[]) => {
    const stamp = stampNo++;
    const { down, downPlaced, gDown, queue } = st;
    for (let q = from; q < st.size; q++) {
      const x = queue[q]!;
      for (let j = revStart[x]!, end = revStart[x + 1]!; j < end; j++) {
        const y = revNode[j]!;
        if (!cone[y] || down[y]) continue;
        const k = revKind[j];
        let gate = -1;
        if (k === REL_RUNSON) {
          if (downPlaced[y]! > 0 && replicaTotal[y]! - downPlaced[y]! >= minPlace[y]!) gate = y;
        } else if (k === REL_GROUP) {
          const gr = revGroup[j]!;
          if (!groupSoft[gr] && gDown[gr]! > 0 && groupSize[gr]! - gDown[gr]! >= groupQuorum[gr]!) gate = n + gr;
        }
        if (gate >= 0 && gateStamp[gate] !== stamp) {
          gateStamp[gate] = stamp;
          out.push(gate);
        }
      }
    }
  };
  const still = (gate: number) => (gate < n ? !st.down[gate] : !st.down[groupOwner[gate - n]!]);
  const checkBudget = () => {
    if (st.work > budget) throw new BudgetExceeded();
  };

  // Size 1, and what each node touches.
  const isCut1 = new Uint8Array(n);
  const touches = new Map<number, number[]>();
  const touchers = new Map<number, number[]>();
  let completeUpTo = 0;
  try {
    for (const x of candidates) {
      const from = st.add([x]);
      if (st.down[s]) {
        isCut1[x] = 1;
        cuts.push([x]);
      } else {
        const gates: number[] = [];
        partialGates(from, gates);
        if (gates.length > 0) {
          touches.set(x, gates);
          for (const gate of gates) {
            let list = touchers.get(gate);
            if (!list) touchers.set(gate, (list = []));
            list.push(x);
          }
        }
      }
      st.undo(from);
      checkBudget();
    }
    completeUpTo = 1;
    // Only nodes that touch some gate can be in a larger minimal cut (fact 3, see RISK.md).
    const useful = candidates.filter((x) => touches.has(x));
    const inSet = new Uint8Array(n);
    const cutsWith = new Map<number, number[][]>();
    const addCut = (cut: number[]) => {
      cuts.push(cut);
      for (const x of cut) {
        let list = cutsWith.get(x);
        if (!list) cutsWith.set(x, (list = []));
        list.push(cut);
      }
    };
    /** True when prefix ∪ {x} (prefix marked in inSet) contains a cut found earlier. */
    const containsCut = (x: number) => {
      const list = cutsWith.get(x);
      if (!list) return false;
      for (const cut of list) if (cut.every((y) => y === x || inSet[y])) return true;
      return false;
    };
    const zStamp = new Int32Array(n).fill(-1);
    let zNo = 0;
    for (let size = 2; size <= maxSize; size++) {
      const prefix: number[] = [];
      const gatesAt: number[][] = [];
      const extend = (startAt: number) => {
        const depth = prefix.length;
        if (depth === size - 1) {
          // The last member: only touchers of gates partial in the prefix's state.
          const last = prefix[depth - 1]!;
          const stamp = zNo++;
          const zs: number[] = [];
          for (const gates of gatesAt) {
            for (const gate of gates) {
              if (!still(gate)) continue;
              for (const z of touchers.get(gate) ?? []) {
                if (z <= last || zStamp[z] === stamp) continue;
                zStamp[z] = stamp;
                zs.push(z);
              }
            }
          }
          for (const z of zs) {
            if (st.down[z] || containsCut(z)) continue;
            const from = st.add([z]);
            if (st.down[s]) addCut([...prefix, z]);
            st.undo(from);
          }
          checkBudget();
          return;
        }
        for (let i = startAt; i < useful.length; i++) {
          const x = useful[i]!;
          if (st.down[x] || containsCut(x)) continue;
          const from = st.add([x]);
          if (st.down[s]) {
            // Cannot happen when smaller sizes were searched to the end (containsCut caught it); kept as a guard.
            st.undo(from);
            continue;
          }
          const gates: number[] = [];
          partialGates(from, gates);
          prefix.push(x);
          gatesAt.push(gates);
          inSet[x] = 1;
          extend(i + 1);
          inSet[x] = 0;
          gatesAt.pop();
          prefix.pop();
          st.undo(from);
          checkBudget();
        }
      };
      if (useful.length > 0) extend(0);
      completeUpTo = size;
    }
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    st.undo(0);
  }
  return { cuts, completeUpTo, coneSize: candidates.length, work: st.work };
}
