/**
 * A service's fault tree ("the service is down", spec 3 and 7) as plain data, for export in
 * the Open-PSA Model Exchange Format: one basic event per node with a figure, one gate per
 * node that can go down (OR of its own failure, its parent, its hard dependencies, and
 * AT-LEAST gates for placements and hard groups). Fault trees have no cycles: a dependency
 * cycle is unrolled into as many copies as it has members, which reaches the least fixed
 * point of spec 3 (each round can only add down nodes, and there are that many to add).
 */
import { compile, REL_GROUP, REL_HARD, REL_PARENT, REL_RUNSON, type CompiledEstate } from "../../engine/compile.js";
import type { Estate } from "../../model/types.js";
import { resolveIds } from "../blast-radius.js";
import { DownComponents } from "../../engine/down-components.js";
import { UsageError } from "../errors.js";
import { figuresOf, type Assumptions, type AvailabilityDefaults } from "./figures.js";

/** An input of a gate: another gate, or a basic event. */
export interface FtRef {
  type: "gate" | "basic-event";
  name: string;
}

export interface FtGate {
  name: string;
  /** The node the gate stands for (its id). */
  label: string;
  /** `atleast` with `min`; `or` / `and` otherwise; `pass` forwards its single input. */
  kind: "or" | "and" | "atleast" | "pass";
  min?: number;
  inputs: FtRef[];
}

export interface FtEvent {
  name: string;
  label: string;
  /** Probability of failure: 1 − availability. */
  probability: number;
}

/** A service's fault tree; `top` is the gate "service down". */
export interface FaultTree {
  service: string;
  top: string;
  /** True when nothing can take the service down (no node in its cone has a figure): the top gate is constant false. */
  neverDown: boolean;
  gates: FtGate[];
  events: FtEvent[];
}

/** The fault tree of `service` (spec 7 figures, defaults and `assume` as in `availability`). */
export function faultTree(estate: Estate, service: string, options: { defaults?: AvailabilityDefaults; assume?: Assumptions } = {}): FaultTree {
  const c = compile(estate);
  const [s] = resolveIds(c, [service]);
  if (!c.isService[s!]) throw new UsageError(`${c.ids[s!]} is a location, not a service: a fault tree is exported for a service`);
  const figures = figuresOf(c, options.defaults, options.assume);
  const names = new Names();
  const gates: FtGate[] = [];
  const events: FtEvent[] = [];
  const eventOf = new Map<number, FtRef>();
  const event = (x: number): FtRef | null => {
    const f = figures[x];
    if (!f || f.availability >= 1) return null;
    let r = eventOf.get(x);
    if (!r) {
      r = { type: "basic-event", name: names.make(`fail-${c.ids[x]}`) };
      events.push({ name: r.name, label: c.ids[x]!, probability: 1 - f.availability });
      eventOf.set(x, r);
    }
    return r;
  };
  // ref[x]: the final "x is down" input (null: x never goes down).
  const ref = new Map<number, FtRef | null>();
  const gate = (label: string, base: string, kind: FtGate["kind"], inputs: FtRef[], min?: number): FtRef => {
    const g: FtGate = { name: names.make(base), label, kind, inputs };
    if (min !== undefined) g.min = min;
    gates.push(g);
    return { type: "gate", name: g.name };
  };
  /** "At least `need` of these are down" over the inputs that can go down. */
  const threshold = (label: string, base: string, inputs: Array<FtRef | null>, need: number): FtRef | null => {
    const live = inputs.filter((r): r is FtRef => r !== null);
    if (need <= 0 || live.length < need) return null;
    // Two placements may come down to the same gate (a zone without a figure is its
    // region): each still counts, but Open-PSA forbids an argument twice, so copies pass through.
    const seen = new Set<string>();
    for (let i = 0; i < live.length; i++) {
      const r = live[i]!;
      if (!seen.has(r.name)) {
        seen.add(r.name);
        continue;
      }
      live[i] = gate(label, `${r.name}-copy`, "pass", [r]);
    }
    if (live.length === 1) return live[0]!;
    if (need === 1) return gate(label, base, "or", live);
    if (need === live.length) return gate(label, base, "and", live);
    return gate(label, base, "atleast", live, need);
  };
  const build = (x: number, refOf: (d: number) => FtRef | null, suffix: string): FtRef | null => {
    const id = c.ids[x]!;
    const parts: FtRef[] = [];
    const own = event(x);
    if (own) parts.push(own);
    const placements: Array<FtRef | null> = [];
    const groups = new Map<number, Array<FtRef | null>>();
    for (let j = c.fwdStart[x]!; j < c.fwdStart[x + 1]!; j++) {
      const k = c.fwdKind[j];
      const d = c.fwdNode[j]!;
      if (k === REL_PARENT || k === REL_HARD) {
        const r = refOf(d);
        if (r && !parts.some((p) => p.name === r.name)) parts.push(r);
      } else if (k === REL_RUNSON) {
        // A placement of r replicas is r inputs of the threshold (copies pass through, as below).
        const r = refOf(d);
        for (let w = c.fwdWeight[j]!; w > 0; w--) placements.push(r);
      }
      else if (k === REL_GROUP && !c.groupSoft[c.fwdGroup[j]!]) {
        const gi = c.fwdGroup[j]!;
        let list = groups.get(gi);
        if (!list) groups.set(gi, (list = []));
        list.push(refOf(d));
      }
    }
    // Spec 3.2: down when fewer than minPlacements replicas are up, i.e. when the down
    // placements hold at least (total replicas − minPlacements + 1) of them.
    if (placements.length > 0) {
      const r = threshold(id, `down-${id}-placements${suffix}`, placements, c.replicaTotal[x]! - c.minPlace[x]! + 1);
      if (r && !parts.some((p) => p.name === r.name)) parts.push(r);
    }
    for (const [gi, members] of [...groups].sort((a, b) => a[0] - b[0])) {
      const r = threshold(id, `down-${id}-group${gi - firstGroup(c, x)}${suffix}`, members, c.groupSize[gi]! - c.groupQuorum[gi]! + 1);
      // OR is idempotent: the same input twice (a group of one that is also a hard dependency) is written once.
      if (r && !parts.some((p) => p.name === r.name)) parts.push(r);
    }
    if (parts.length === 0) return null;
    if (parts.length === 1 && parts[0]!.type === "gate") return parts[0]!;
    return gate(id, `down-${id}${suffix}`, parts.length === 1 ? "pass" : "or", parts);
  };
  for (const scc of sccsOf(c, s!)) {
    if (scc.length === 1) {
      ref.set(scc[0]!, build(scc[0]!, (d) => ref.get(d) ?? null, ""));
      continue;
    }
    // Unroll the cycle: round k reads the members' round k − 1 (round 0: nothing down).
    const inScc = new Set(scc);
    let prev = new Map<number, FtRef | null>(scc.map((m) => [m, null]));
    for (let k = 1; k <= scc.length; k++) {
      const next = new Map<number, FtRef | null>();
      for (const m of scc) next.set(m, build(m, (d) => (inScc.has(d) ? (prev.get(d) ?? null) : (ref.get(d) ?? null)), k === scc.length ? "" : `-round${k}`));
      prev = next;
    }
    for (const m of scc) ref.set(m, prev.get(m) ?? null);
  }
  const topRef = ref.get(s!) ?? null;
  let top: string;
  if (topRef === null) top = gate(c.ids[s!]!, `down-${c.ids[s!]}`, "or", []).name;
  else if (topRef.type === "gate") top = topRef.name;
  else top = gate(c.ids[s!]!, `down-${c.ids[s!]}`, "pass", [topRef]).name;
  // Only what the top event reads: an unrolled cycle leaves earlier rounds of members the
  // service does not reach, and a fault-tree tool takes every unread gate for a top event.
  const byName = new Map(gates.map((g) => [g.name, g]));
  const keep = new Set<string>([top]);
  const stack = [top];
  while (stack.length > 0) {
    for (const r of byName.get(stack.pop()!)!.inputs) {
      const key = r.type === "gate" ? r.name : `event:${r.name}`;
      if (keep.has(key)) continue;
      keep.add(key);
      if (r.type === "gate") stack.push(r.name);
    }
  }
  return {
    service: c.ids[s!]!,
    top,
    neverDown: topRef === null,
    gates: gates.filter((g) => keep.has(g.name)),
    events: events.filter((e) => keep.has(`event:${e.name}`)),
  };
}

function firstGroup(c: CompiledEstate, x: number): number {
  let first = Infinity;
  for (let j = c.fwdStart[x]!; j < c.fwdStart[x + 1]!; j++) if (c.fwdKind[j] === REL_GROUP) first = Math.min(first, c.fwdGroup[j]!);
  return first === Infinity ? 0 : first;
}

/** Strongly connected components of the down relations from s, dependencies first, each sorted. */
function sccsOf(c: CompiledEstate, s: number): number[][] {
  const out: number[][] = [];
  new DownComponents(c).walk(s, (members) => out.push(members.sort((a, b) => a - b)));
  return out;
}

/** Open-PSA names: letters, digits, `_` and `-`, starting with a letter; unique. */
class Names {
  private used = new Set<string>();
  make(base: string): string {
    let n = base.replace(/[^A-Za-z0-9_-]/g, "_");
    if (!/^[A-Za-z]/.test(n)) n = `n-${n}`;
    let out = n;
    for (let i = 2; this.used.has(out); i++) out = `${n}-${i}`;
    this.used.add(out);
    return out;
  }
}
