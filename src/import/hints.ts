/**
 * What foreign formats lack (placement, tier, soft dependencies, redundancy groups),
 * read from annotations, labels or an `x-faultline` extension. Every format reads the
 * same hint names; only where they are written differs. See docs/importers.md.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics/diagnostics.js";
import { nearest } from "./native.js";
import { describe, type YNode } from "../yaml/yaml-tree.js";
import { TIERS, type DependencyEntry, type RefEntry, type ServiceEntity, type Tier } from "../model/entities.js";
import { depOn, memberOf, targetOf } from "./ids.js";
import { parseAvailability } from "../model/availability-figure.js";

/** One value of a hint with where it is written. */
export interface HintItem {
  value: string;
  at: SourcePos;
}

/** A hint as a list of groups of values (`a,b; c` is two groups); scalar hints have one item. */
export interface RawHint {
  at: SourcePos;
  groups: HintItem[][];
}

/** The hint names, as written after the format's prefix (`faultline/`, `faultline.`) or in `x-faultline` (camelCase). */
export const HINT_NAMES = ["runs-on", "tier", "depends-on", "soft-depends-on", "any-of", "min-placements", "owner", "observed-as", "availability", "availability-target"] as const;
export type HintName = (typeof HINT_NAMES)[number];

const CAMEL: ReadonlyMap<string, HintName> = new Map([
  ["runsOn", "runs-on"],
  ["tier", "tier"],
  ["dependsOn", "depends-on"],
  ["softDependsOn", "soft-depends-on"],
  ["anyOf", "any-of"],
  ["minPlacements", "min-placements"],
  ["owner", "owner"],
  ["observedAs", "observed-as"],
  ["availability", "availability"],
  ["availabilityTarget", "availability-target"],
]);

/** Splits `a, b; c` into groups of items (`;` separates groups, `,` members). */
export function splitHint(value: string, at: SourcePos): HintItem[][] {
  return value
    .split(";")
    .map((g) =>
      g
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")
        .map((s) => ({ value: s, at })),
    )
    .filter((g) => g.length > 0);
}

/**
 * Picks the hints out of a string map (annotations or labels) whose keys start with `prefix`.
 * Unknown `prefix`-keys are reported, with the closest known name.
 */
export function hintsFromStrings(map: ReadonlyMap<string, HintItem>, prefixes: readonly string[], bag: DiagnosticBag): Map<HintName, RawHint> {
  const out = new Map<HintName, RawHint>();
  for (const [key, item] of map) {
    const prefix = prefixes.find((p) => key.startsWith(p));
    if (prefix === undefined) continue;
    const name = key.slice(prefix.length);
    if (!(HINT_NAMES as readonly string[]).includes(name)) {
      const near = nearest(name, HINT_NAMES);
      bag.warning("unknown-hint", `unknown faultline hint ${JSON.stringify(key)}: ignored`, item.at, {
        expected: `one of ${HINT_NAMES.map((n) => prefix + n).join(", ")}`,
        found: JSON.stringify(key),
        hint: near ? `did you mean \`${prefix}${near}\`?` : "remove it",
      });
      continue;
    }
    out.set(name as HintName, { at: item.at, groups: splitHint(item.value, item.at) });
  }
  return out;
}

/** Reads an `x-faultline` mapping (camelCase keys; values a string, a list, or for anyOf a list of lists). */
export function hintsFromNode(node: YNode, bag: DiagnosticBag, into: Map<HintName, RawHint> = new Map()): Map<HintName, RawHint> {
  if (node.kind === "scalar" && node.value === null) return into;
  if (node.kind !== "map") {
    bag.warning("bad-hint", "x-faultline must be a mapping: ignored", node.pos, { expected: "a mapping such as {runsOn: [aws/us-east-1], tier: high}", found: describe(node) });
    return into;
  }
  for (const e of node.entries) {
    const name = CAMEL.get(e.key) ?? ((HINT_NAMES as readonly string[]).includes(e.key) ? (e.key as HintName) : undefined);
    if (!name) {
      const near = nearest(e.key, [...CAMEL.keys()]);
      bag.warning("unknown-hint", `unknown x-faultline key ${JSON.stringify(e.key)}: ignored`, e.keyPos, {
        expected: `one of ${[...CAMEL.keys()].join(", ")}`,
        found: JSON.stringify(e.key),
        hint: near ? `did you mean \`${near}\`?` : "remove it",
      });
      continue;
    }
    const groups = nodeGroups(e.value, name === "any-of", bag);
    if (groups) into.set(name, { at: e.value.pos, groups });
  }
  return into;
}

function nodeGroups(node: YNode, nested: boolean, bag: DiagnosticBag): HintItem[][] | undefined {
  if (node.kind === "scalar") return node.value === null ? [] : splitHint(String(node.value), node.pos);
  if (node.kind === "seq") {
    const flat: HintItem[] = [];
    const groups: HintItem[][] = [];
    for (const it of node.items) {
      if (it.kind === "scalar" && it.value !== null) flat.push({ value: String(it.value), at: it.pos });
      else if (nested && it.kind === "seq") {
        const g = it.items.filter((x) => x.kind === "scalar" && x.value !== null).map((x) => ({ value: String((x as { value: unknown }).value), at: x.pos }));
        if (g.length > 0) groups.push(g);
      } else bag.warning("bad-hint", "hint entries must be plain values", it.pos, { expected: "a string", found: describe(it) });
    }
    if (flat.length > 0) groups.unshift(flat);
    return groups;
  }
  bag.warning("bad-hint", "a hint must be a string or a list", node.pos, { expected: "a string or a list", found: describe(node) });
  return undefined;
}

/** How a format turns a name written in a hint into a reference: one of its own services, or a raw id. */
export type HintResolver = (name: string) => ServiceEntity | undefined;

/** Applies hints to a service: placement, tier, owner, min placements, soft dependencies and any-of groups. */
export function applyHints(svc: ServiceEntity, hints: ReadonlyMap<HintName, RawHint>, resolve: HintResolver, bag: DiagnosticBag): void {
  const runsOn = hints.get("runs-on");
  if (runsOn) {
    svc.runsOn = [];
    const seen = new Set<string>();
    for (const it of runsOn.groups.flat()) {
      if (seen.has(it.value)) continue;
      seen.add(it.value);
      svc.runsOn.push({ ref: it.value, at: it.at });
    }
  }
  const tier = hints.get("tier");
  const tierItem = tier?.groups.flat()[0];
  if (tier && tierItem) {
    if ((TIERS as readonly string[]).includes(tierItem.value)) svc.tier = tierItem.value as Tier;
    else {
      const near = nearest(tierItem.value, TIERS);
      bag.warning("bad-enum", `invalid tier ${JSON.stringify(tierItem.value)}: using ${svc.tier}`, tierItem.at, {
        expected: `one of ${TIERS.join(", ")}`,
        found: JSON.stringify(tierItem.value),
        hint: near ? `did you mean \`${near}\`?` : `use one of ${TIERS.join(", ")}`,
      });
    }
  }
  const owner = hints.get("owner")?.groups.flat()[0];
  if (owner) svc.owner = owner.value;
  // Hard and soft dependencies the files lack. A hint restating a dependency the importer
  // found replaces its hard/soft (the user knows); either way the table leaves it alone.
  for (const [name, soft] of [["depends-on", false], ["soft-depends-on", true]] as const) {
    const h = hints.get(name);
    if (!h) continue;
    for (const it of h.groups.flat()) {
      const t = resolve(it.value);
      if (t === svc) continue;
      const evidence = { kind: "declared" as const, via: `hint ${name}`, fixed: true, ...(soft ? { reason: "hint" } : {}) };
      const dep: DependencyEntry = t ? depOn(t, it.at, { soft }) : { kind: "ref", ref: it.value, soft, at: it.at };
      dep.evidence = evidence;
      const same = t ? svc.dependsOn.findIndex((d) => d.kind === "ref" && (targetOf(d) === t || d.ref === t.id)) : -1;
      if (same >= 0) svc.dependsOn.splice(same, 1, dep);
      else svc.dependsOn.push(dep);
    }
  }
  const anyOf = hints.get("any-of");
  if (anyOf) {
    for (const g of anyOf.groups) {
      const members: RefEntry[] = [];
      for (const it of g) {
        const t = resolve(it.value);
        if (t === svc) continue;
        members.push(t ? memberOf(t, it.at) : { ref: it.value, at: it.at });
      }
      if (members.length === 0) continue;
      const dep: DependencyEntry = { kind: "group", members, quorum: 1, soft: false, at: g[0]!.at };
      svc.dependsOn.push(dep);
    }
  }
  const observedAs = hints.get("observed-as");
  if (observedAs) {
    const names = [...new Set(observedAs.groups.flat().map((it) => it.value))];
    if (names.length > 0) svc.observedAs = names;
  }
  for (const [name, key] of [["availability", "availability"], ["availability-target", "availabilityTarget"]] as const) {
    const item = hints.get(name)?.groups.flat()[0];
    if (!item) continue;
    const r = parseAvailability(item.value);
    if ("value" in r) svc[key] = r.value;
    else bag.warning("bad-hint", `${name} hint: ${r.error}: ignored`, item.at, { expected: "a number in (0, 1] or a percentage such as 99.95%", found: JSON.stringify(item.value), hint: r.hint });
  }
  const minP = hints.get("min-placements")?.groups.flat()[0];
  if (minP) {
    const n = Number(minP.value);
    if (!Number.isInteger(n) || n < 1) {
      bag.warning("bad-hint", `min-placements must be a whole number of at least 1: ignored`, minP.at, { expected: "an integer ≥ 1", found: JSON.stringify(minP.value) });
    } else if (n > svc.runsOn.length) {
      bag.warning("min-placements", `min-placements is ${n} but the service has ${svc.runsOn.length} placement(s): ignored`, minP.at, {
        expected: `at most ${svc.runsOn.length}`,
        found: String(n),
        hint: "add placements with runs-on, or lower min-placements",
      });
    } else {
      svc.minPlacements = n;
      svc.minPlacementsAt = minP.at;
    }
  }
}
