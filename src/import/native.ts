/**
 * The native format (`apiVersion: faultline/v1`): validates each document against
 * spec section 2 and turns it into entities, with a diagnostic for every problem.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics/diagnostics.js";
import type { YDoc } from "../yaml/read-yaml.js";
import { asMap, describe, entry, get, type YMap, type YNode } from "../yaml/yaml-tree.js";
import { HOSTINGS, TIERS, type DependencyEntry, type Entity, type Hosting, type LocationEntity, type RefEntry, type ServiceEntity, type Tier } from "../model/entities.js";
import type { Overlay } from "../import/overlay.js";
import type { ImportContext, Importer } from "../import/importer.js";
import { parseAvailability } from "../model/availability-figure.js";

export const NATIVE_API_VERSION = "faultline/v1";
/** Longest name accepted (as DNS names): ids are shown in tables, pictures and annotations. */
export const MAX_NAME_LENGTH = 253;
import { NAME_PATTERN } from "./names.js";
export { NAME_PATTERN };

const ENVELOPE_KEYS = ["apiVersion", "kind", "metadata", "spec"];
const METADATA_KEYS = ["name", "labels", "annotations", "description"];
const LOCATION_SPEC_KEYS = ["hosting", "type", "children", "parent", "description", "availability"];
const CHILD_KEYS = ["name", "hosting", "type", "children", "description", "labels", "annotations", "availability"];
const SERVICE_SPEC_KEYS = ["type", "tier", "owner", "runsOn", "minPlacements", "dependsOn", "description", "observedAs", "availability", "availabilityTarget"];

/** The native format as an importer. */
export const nativeImporter: Importer = {
  format: "native",
  detect: (doc) => {
    const m = asMap(doc.root);
    const v = m && get(m, "apiVersion");
    return v?.kind === "scalar" && v.value === NATIVE_API_VERSION;
  },
  importDocuments(docs, ctx) {
    const out: Entity[] = [];
    for (const doc of docs) for (const e of readNativeDocument(doc, ctx)) out.push(e);
    return out;
  },
};

/** Validates one native document; returns its entities (none when the envelope is broken). */
export function readNativeDocument(doc: YDoc, ctx: ImportContext): Entity[] {
  const bag = ctx.bag;
  const root = asMap(doc.root)!;
  unknownKeys(root, ENVELOPE_KEYS, "document", bag);
  const kindNode = get(root, "kind");
  const kind = kindNode?.kind === "scalar" ? kindNode.value : undefined;
  if (kind !== "Location" && kind !== "Service" && kind !== "Overlay") {
    bag.error("bad-kind", "unknown kind", kindNode?.pos ?? root.pos, {
      expected: "kind: Location, Service or Overlay",
      found: kindNode ? describe(kindNode) : "no kind",
      hint: "faultline/v1 documents are Location, Service or Overlay",
    });
    return [];
  }
  const metaNode = get(root, "metadata");
  const meta = asMap(metaNode);
  if (!meta) {
    bag.error("bad-metadata", "metadata must be a mapping with a name", metaNode?.pos ?? root.pos, {
      expected: "metadata: {name: ...}",
      found: metaNode ? describe(metaNode) : "no metadata",
      hint: "add `metadata:` with `name:`",
    });
    return [];
  }
  unknownKeys(meta, METADATA_KEYS, "metadata", bag);
  const name = readName(meta, bag);
  const labels = readStringMap(meta, "labels", bag);
  const annotations = readStringMap(meta, "annotations", bag);
  const specNode = get(root, "spec");
  let spec: YMap;
  if (specNode === undefined || (specNode.kind === "scalar" && specNode.value === null)) {
    spec = { kind: "map", pos: specNode?.pos ?? root.pos, entries: [] };
  } else if (specNode.kind !== "map") {
    bag.error("bad-spec", "spec must be a mapping", specNode.pos, {
      expected: "a mapping",
      found: describe(specNode),
      hint: kind === "Service" ? "write `spec:` followed by indented keys such as `tier:` and `dependsOn:`" : "write `spec:` followed by indented keys such as `hosting:` and `children:`",
    });
    return [];
  } else spec = specNode;
  if (name === undefined) return [];
  if (kind === "Location") return readLocation(name, meta, spec, labels, annotations, bag);
  const svc = readService(name, meta, spec, labels, annotations, bag);
  if (kind === "Overlay") {
    // Additions to a service (usually an imported one, by its id): not an entity of its own.
    if (svc && ctx.report) {
      const o: Overlay = { target: name, at: svc.at, dependsOn: svc.dependsOn, quiet: false };
      if (get(spec, "runsOn") !== undefined) o.runsOn = svc.runsOn;
      if (get(spec, "tier") !== undefined) o.tier = svc.tier;
      if (svc.owner !== undefined) o.owner = svc.owner;
      (ctx.report.overlays ??= []).push(o);
    }
    return [];
  }
  return svc ? [svc] : [];
}

function readName(map: YMap, bag: DiagnosticBag): string | undefined {
  const node = get(map, "name");
  if (node === undefined) {
    bag.error("missing-name", "missing name", map.pos, { expected: "name: <id>", found: "no name", hint: "add `name:`" });
    return undefined;
  }
  if (node.kind !== "scalar" || node.value === null || typeof node.value === "boolean" || typeof node.value === "number") {
    bag.error("bad-name", "name must be a string", node.pos, {
      expected: "a name matching [A-Za-z0-9][A-Za-z0-9._-]*",
      found: describe(node),
      hint: node.kind === "scalar" ? "YAML reads this unquoted value as a number, a boolean or null, not as the text written: quote it (name: \"...\")" : "give the name as text",
    });
    return undefined;
  }
  const name = String(node.value);
  if (name.length > MAX_NAME_LENGTH) {
    bag.error("bad-name", `name is ${name.length} characters long`, node.pos, {
      expected: `at most ${MAX_NAME_LENGTH} characters`,
      found: `${name.length} characters`,
      hint: "use a shorter name",
    });
    return undefined;
  }
  if (!NAME_PATTERN.test(name)) {
    bag.error("bad-name", `invalid name ${JSON.stringify(name)}`, node.pos, {
      expected: "letters, digits, `.`, `_` and `-`, starting with a letter or digit",
      found: JSON.stringify(name),
      hint: name.includes("/") ? "`/` only joins location names into ids: use `children:` or `spec.parent`" : "rename it",
    });
    return undefined;
  }
  return name;
}

function readStringMap(map: YMap, key: string, bag: DiagnosticBag): Map<string, string> {
  const out = new Map<string, string>();
  const node = get(map, key);
  if (node === undefined || (node.kind === "scalar" && node.value === null)) return out;
  if (node.kind !== "map") {
    bag.error("bad-field", `${key} must be a mapping of strings`, node.pos, { expected: "a mapping", found: describe(node) });
    return out;
  }
  for (const e of node.entries) {
    if (e.value.kind !== "scalar" || e.value.value === null) {
      bag.error("bad-field", `${key}.${e.key} must be a string`, e.value.pos, { expected: "a string", found: describe(e.value) });
      continue;
    }
    out.set(e.key, String(e.value.value));
  }
  return out;
}

function unknownKeys(map: YMap, allowed: readonly string[], where: string, bag: DiagnosticBag): void {
  for (const e of map.entries) {
    if (allowed.includes(e.key)) continue;
    const near = nearest(e.key, allowed);
    bag.error("unknown-field", `unknown field ${JSON.stringify(e.key)} in ${where}`, e.keyPos, {
      expected: `one of ${allowed.join(", ")}`,
      found: JSON.stringify(e.key),
      hint: near ? `did you mean \`${near}\`?` : `remove it`,
    });
  }
}

import { nearest } from "../diagnostics/suggest.js";
export { nearest, canSuggest, suggest, editDistance, SUGGESTION_WORK } from "../diagnostics/suggest.js";

function readHosting(map: YMap, bag: DiagnosticBag): { hosting?: Hosting; at?: SourcePos } {
  const node = get(map, "hosting");
  if (node === undefined) return {};
  if (node.kind === "scalar" && typeof node.value === "string" && (HOSTINGS as readonly string[]).includes(node.value)) {
    return { hosting: node.value as Hosting, at: node.pos };
  }
  const found = node.kind === "scalar" ? String(node.value) : "";
  const near = nearest(found, HOSTINGS);
  bag.error("bad-enum", "invalid hosting", node.pos, {
    expected: `one of ${HOSTINGS.join(", ")}`,
    found: describe(node),
    hint: near ? `did you mean \`${near}\`?` : `use one of ${HOSTINGS.join(", ")}`,
  });
  return {};
}

function readOptionalString(map: YMap, key: string, bag: DiagnosticBag): string | undefined {
  const node = get(map, key);
  if (node === undefined || (node.kind === "scalar" && node.value === null)) return undefined;
  if (node.kind !== "scalar") {
    bag.error("bad-field", `${key} must be a string`, node.pos, { expected: "a string", found: describe(node) });
    return undefined;
  }
  return String(node.value);
}

/** An availability figure (spec 7): a number in (0, 1] or a percentage string. */
function readAvailability(map: YMap, key: string, bag: DiagnosticBag): number | undefined {
  const node = get(map, key);
  if (node === undefined) return undefined;
  const r = node.kind === "scalar" ? parseAvailability(node.value) : { error: `${key} must be a number or a percentage`, hint: "write a probability such as 0.9995 or a percentage such as 99.95%" };
  if ("value" in r) return r.value;
  bag.error("bad-availability", `invalid ${key}: ${r.error}`, node.pos, { expected: "a number in (0, 1] or a percentage such as 99.95%", found: describe(node), hint: r.hint });
  return undefined;
}

function readLocation(name: string, meta: YMap, spec: YMap, labels: Map<string, string>, annotations: Map<string, string>, bag: DiagnosticBag): LocationEntity[] {
  unknownKeys(spec, LOCATION_SPEC_KEYS, "Location spec", bag);
  const out: LocationEntity[] = [];
  const parentNode = get(spec, "parent");
  let parent: string | undefined;
  if (parentNode !== undefined) {
    if (parentNode.kind !== "scalar" || typeof parentNode.value !== "string" || parentNode.value === "") {
      bag.error("bad-field", "parent must be a location id", parentNode.pos, { expected: "a location id such as aws/us-east-1", found: describe(parentNode) });
    } else parent = parentNode.value.replace(/^location:/, "");
  }
  const { hosting, at: hostingAt } = readHosting(spec, bag);
  const id = parent ? `${parent}/${name}` : name;
  const self: LocationEntity = {
    kind: "location",
    id,
    name,
    labels,
    annotations,
    origin: "native",
    at: get(meta, "name")!.pos,
  };
  if (parent) {
    self.parent = parent;
    self.parentAt = parentNode!.pos;
  }
  if (hosting) {
    self.hosting = hosting;
    self.hostingAt = hostingAt!;
  }
  const type = readOptionalString(spec, "type", bag);
  if (type !== undefined) self.type = type;
  const availability = readAvailability(spec, "availability", bag);
  if (availability !== undefined) self.availability = availability;
  out.push(self);
  readChildren(self, spec, bag, out, 1);
  return out;
}

function readChildren(parent: LocationEntity, spec: YMap, bag: DiagnosticBag, out: LocationEntity[], depth: number): void {
  const node = get(spec, "children");
  if (node === undefined || (node.kind === "scalar" && node.value === null)) return;
  if (node.kind !== "seq") {
    bag.error("bad-field", "children must be a list of locations", node.pos, { expected: "a list of {name, type, children}", found: describe(node) });
    return;
  }
  for (const item of node.items) {
    const m = asMap(item);
    if (!m) {
      bag.error("bad-field", "each child must be a mapping with a name", item.pos, { expected: "{name: ..., type: ...}", found: describe(item), hint: "write `- name: zone-a`" });
      continue;
    }
    unknownKeys(m, CHILD_KEYS, "child location", bag);
    const name = readName(m, bag);
    if (name === undefined) continue;
    const { hosting, at } = readHosting(m, bag);
    const child: LocationEntity = {
      kind: "location",
      id: `${parent.id}/${name}`,
      name,
      parent: parent.id,
      labels: readStringMap(m, "labels", bag),
      annotations: readStringMap(m, "annotations", bag),
      origin: "native",
      at: get(m, "name")!.pos,
    };
    if (hosting) {
      child.hosting = hosting;
      child.hostingAt = at!;
    }
    const type = readOptionalString(m, "type", bag);
    if (type !== undefined) child.type = type;
    const availability = readAvailability(m, "availability", bag);
    if (availability !== undefined) child.availability = availability;
    out.push(child);
    readChildren(child, m, bag, out, depth + 1);
  }
}

function readService(name: string, meta: YMap, spec: YMap, labels: Map<string, string>, annotations: Map<string, string>, bag: DiagnosticBag): ServiceEntity | undefined {
  unknownKeys(spec, SERVICE_SPEC_KEYS, "Service spec", bag);
  const svc: ServiceEntity = {
    kind: "service",
    id: name,
    name,
    tier: "medium",
    runsOn: [],
    minPlacements: 1,
    dependsOn: [],
    labels,
    annotations,
    attributes: new Map(),
    origin: "native",
    at: get(meta, "name")!.pos,
    danglingSeverity: "error",
  };
  const type = readOptionalString(spec, "type", bag);
  if (type !== undefined) svc.type = type;
  const owner = readOptionalString(spec, "owner", bag);
  if (owner !== undefined) svc.owner = owner;
  const availability = readAvailability(spec, "availability", bag);
  if (availability !== undefined) svc.availability = availability;
  const target = readAvailability(spec, "availabilityTarget", bag);
  if (target !== undefined) svc.availabilityTarget = target;
  const tierNode = get(spec, "tier");
  if (tierNode !== undefined) {
    if (tierNode.kind === "scalar" && typeof tierNode.value === "string" && (TIERS as readonly string[]).includes(tierNode.value)) {
      svc.tier = tierNode.value as Tier;
    } else {
      const near = nearest(tierNode.kind === "scalar" ? String(tierNode.value) : "", TIERS);
      bag.error("bad-enum", "invalid tier", tierNode.pos, {
        expected: `one of ${TIERS.join(", ")}`,
        found: describe(tierNode),
        hint: near ? `did you mean \`${near}\`?` : `use one of ${TIERS.join(", ")} (default medium)`,
      });
    }
  }
  const runsOnNode = get(spec, "runsOn");
  if (runsOnNode !== undefined && !(runsOnNode.kind === "scalar" && runsOnNode.value === null)) {
    const items = runsOnNode.kind === "seq" ? runsOnNode.items : runsOnNode.kind === "scalar" ? [runsOnNode] : undefined;
    if (!items) {
      bag.error("bad-field", "runsOn must be a list of location ids", runsOnNode.pos, { expected: "a list such as [aws/us-east-1/use1-az1]", found: describe(runsOnNode) });
    } else {
      const seen = new Set<string>(); // a set: a list of 60,000 placements must not cost 60,000² comparisons
      for (const it of items) {
        const p = readPlacement(it, bag);
        if (p === undefined) continue;
        if (seen.has(p.ref)) {
          bag.error("duplicate-placement", `placement ${JSON.stringify(p.ref)} is listed twice`, p.at, { hint: "remove the repeated entry (use `replicas:` to say how many copies run there)" });
          continue;
        }
        seen.add(p.ref);
        svc.runsOn.push(p);
      }
    }
  }
  const minNode = get(spec, "minPlacements");
  if (minNode !== undefined) {
    if (minNode.kind !== "scalar" || typeof minNode.value !== "number" || !Number.isInteger(minNode.value) || minNode.value < 1) {
      bag.error("bad-field", "minPlacements must be a whole number of at least 1", minNode.pos, { expected: "an integer ≥ 1", found: describe(minNode) });
    } else {
      svc.minPlacements = minNode.value;
      svc.minPlacementsAt = minNode.pos;
      // minPlacements counts replicas (spec 3.2); without `replicas` each placement counts 1.
      const total = svc.runsOn.reduce((t, p) => t + (p.replicas ?? 1), 0);
      const withReplicas = svc.runsOn.some((p) => p.replicas !== undefined);
      if (svc.runsOn.length > 0 && minNode.value > total) {
        bag.error("min-placements", `minPlacements is ${minNode.value} but the service has ${withReplicas ? `${total} replica(s) in ${svc.runsOn.length} placement(s)` : `${svc.runsOn.length} placement(s)`}`, minNode.pos, {
          expected: `at most ${total}`,
          found: String(minNode.value),
          hint: withReplicas ? "the service could never be up: add replicas or placements, or lower minPlacements" : "the service could never be up: add placements or lower minPlacements",
        });
      }
    }
  }
  readObservedAs(spec, svc, bag);
  const depNode = get(spec, "dependsOn");
  if (depNode !== undefined && !(depNode.kind === "scalar" && depNode.value === null)) {
    if (depNode.kind !== "seq") {
      bag.error("bad-field", "dependsOn must be a list", depNode.pos, { expected: "a list of ids, {ref: ...}, {anyOf: [...]} or {quorum: k, of: [...]}", found: describe(depNode) });
    } else {
      for (const item of depNode.items) {
        const dep = readDependency(item, name, bag);
        if (dep) svc.dependsOn.push(dep);
      }
    }
  }
  return svc;
}

const PLACEMENT_KEYS = ["location", "replicas"];

/** A `runsOn` entry: a location id, or `{location: ID, replicas: N}` (spec 2.2). */
function readPlacement(node: YNode, bag: DiagnosticBag): RefEntry | undefined {
  const m = asMap(node);
  if (!m) {
    const ref = refString(node, bag, "runsOn entry");
    return ref === undefined ? undefined : { ref, at: node.pos };
  }
  unknownKeys(m, PLACEMENT_KEYS, "placement", bag);
  const locNode = get(m, "location");
  if (locNode === undefined) {
    bag.error("bad-placement", "a placement mapping needs `location`", m.pos, { expected: "{location: ID, replicas: N}", found: describe(m), hint: "write the location id under `location:`" });
    return undefined;
  }
  const ref = refString(locNode, bag, "placement location");
  if (ref === undefined) return undefined;
  const out: RefEntry = { ref, at: locNode.pos };
  const repNode = get(m, "replicas");
  if (repNode !== undefined) {
    if (repNode.kind !== "scalar" || typeof repNode.value !== "number" || !Number.isInteger(repNode.value) || repNode.value < 1) {
      bag.error("bad-field", "replicas must be a whole number of at least 1", repNode.pos, { expected: "an integer ≥ 1", found: describe(repNode), hint: "leave `replicas` out for one copy" });
      return undefined;
    }
    out.replicas = repNode.value;
  }
  return out;
}

/** `observedAs`: the names traces and meshes know the service by (one name or a list), for `--observed` (docs/drift.md). */
function readObservedAs(spec: YMap, svc: ServiceEntity, bag: DiagnosticBag): void {
  const node = get(spec, "observedAs");
  if (node === undefined || (node.kind === "scalar" && node.value === null)) return;
  const items = node.kind === "seq" ? node.items : [node];
  const names: string[] = [];
  for (const it of items) {
    if (it.kind !== "scalar" || typeof it.value !== "string" || it.value.trim() === "") {
      bag.error("bad-field", "observedAs must be a name or a list of names", it.pos, { expected: "a name as traces or the mesh show it, e.g. checkout-api or checkout.shop", found: describe(it) });
      continue;
    }
    if (!names.includes(it.value)) names.push(it.value);
  }
  if (names.length > 0) svc.observedAs = names;
}

function refString(node: YNode, bag: DiagnosticBag, what: string): string | undefined {
  if (node.kind !== "scalar" || node.value === null || typeof node.value === "boolean" || typeof node.value === "number" || node.value === "") {
    bag.error("bad-reference", `${what} must be an id`, node.pos, {
      expected: "a service or location id",
      found: describe(node),
      ...(node.kind === "scalar" && node.value !== "" ? { hint: "YAML reads this unquoted value as a number, a boolean or null, not as the text written: quote it" } : {}),
    });
    return undefined;
  }
  return String(node.value);
}

const DEP_KEYS = ["ref", "soft", "note", "anyOf", "quorum", "of"];

function readDependency(item: YNode, self: string, bag: DiagnosticBag): DependencyEntry | undefined {
  if (item.kind === "scalar") {
    const ref = refString(item, bag, "dependency");
    if (ref === undefined) return undefined;
    if (stripPrefix(ref) === self && !ref.startsWith("location:")) {
      bag.error("self-dependency", `service ${JSON.stringify(self)} depends on itself`, item.pos, { hint: "remove the entry" });
      return undefined;
    }
    return { kind: "ref", ref, soft: false, at: item.pos };
  }
  if (item.kind !== "map") {
    bag.error("bad-dependency", "a dependency must be an id or a mapping", item.pos, {
      expected: "an id, {ref: id, soft: true}, {anyOf: [...]} or {quorum: k, of: [...]}",
      found: describe(item),
    });
    return undefined;
  }
  unknownKeys(item, DEP_KEYS, "dependency", bag);
  let soft = false;
  const softNode = get(item, "soft");
  if (softNode !== undefined) {
    if (softNode.kind !== "scalar" || typeof softNode.value !== "boolean") {
      bag.error("bad-field", "soft must be true or false", softNode.pos, { expected: "true or false", found: describe(softNode) });
    } else soft = softNode.value;
  }
  let note: string | undefined;
  const noteNode = get(item, "note");
  if (noteNode !== undefined) {
    if (noteNode.kind !== "scalar" || noteNode.value === null) bag.error("bad-field", "note must be a string", noteNode.pos, { expected: "a string", found: describe(noteNode) });
    else note = String(noteNode.value);
  }
  const refNode = get(item, "ref");
  const anyOf = entry(item, "anyOf");
  const quorum = entry(item, "quorum");
  const of = entry(item, "of");
  const forms = [refNode ? "ref" : "", anyOf ? "anyOf" : "", quorum || of ? "quorum/of" : ""].filter(Boolean);
  if (forms.length !== 1) {
    bag.error("bad-dependency", forms.length === 0 ? "dependency has no ref, anyOf or quorum" : `dependency mixes ${forms.join(" and ")}`, item.pos, {
      expected: "exactly one of ref, anyOf, quorum + of",
      found: forms.length === 0 ? "none" : forms.join(", "),
      hint: "split it into separate entries",
    });
    return undefined;
  }
  if (refNode) {
    const ref = refString(refNode, bag, "ref");
    if (ref === undefined) return undefined;
    if (stripPrefix(ref) === self && !ref.startsWith("location:")) {
      bag.error("self-dependency", `service ${JSON.stringify(self)} depends on itself`, refNode.pos, { hint: "remove the entry" });
      return undefined;
    }
    const dep: DependencyEntry = { kind: "ref", ref, soft, at: refNode.pos };
    if (note !== undefined) dep.note = note;
    return dep;
  }
  let k = 1;
  let membersNode: YNode | undefined;
  let quorumPos: SourcePos = item.pos;
  if (anyOf) membersNode = anyOf.value;
  else {
    if (!quorum || !of) {
      bag.error("bad-dependency", quorum ? "quorum without `of`" : "`of` without quorum", item.pos, { expected: "quorum: k and of: [...]", hint: "write both `quorum:` and `of:`" });
      return undefined;
    }
    const qn = quorum.value;
    quorumPos = qn.pos;
    if (qn.kind !== "scalar" || typeof qn.value !== "number" || !Number.isInteger(qn.value) || qn.value < 1) {
      bag.error("bad-quorum", "quorum must be a whole number of at least 1", qn.pos, { expected: "an integer ≥ 1", found: describe(qn) });
      return undefined;
    }
    k = qn.value;
    membersNode = of.value;
  }
  if (membersNode.kind !== "seq" || membersNode.items.length === 0) {
    bag.error("bad-group", "a group needs a non-empty list of members", membersNode.pos, { expected: "a list of ids", found: describe(membersNode) });
    return undefined;
  }
  const members: RefEntry[] = [];
  let ok = true;
  const memberIds = new Set<string>();
  for (const m of membersNode.items) {
    const ref = refString(m, bag, "group member");
    if (ref === undefined) {
      ok = false;
      continue;
    }
    if (stripPrefix(ref) === self && !ref.startsWith("location:")) {
      bag.error("self-dependency", `service ${JSON.stringify(self)} is a member of its own group`, m.pos, { hint: "remove the member" });
      ok = false;
      continue;
    }
    if (memberIds.has(stripPrefix(ref))) {
      bag.error("duplicate-member", `group names ${JSON.stringify(ref)} twice`, m.pos, { hint: "remove the repeated member" });
      ok = false;
      continue;
    }
    memberIds.add(stripPrefix(ref));
    members.push({ ref, at: m.pos });
  }
  if (!ok) return undefined;
  if (k > members.length) {
    bag.error("bad-quorum", `quorum ${k} is larger than the group's ${members.length} member(s)`, quorumPos, {
      expected: `a quorum from 1 to ${members.length}`,
      found: String(k),
      hint: "the group could never be up: lower the quorum or add members",
    });
    return undefined;
  }
  const dep: DependencyEntry = { kind: "group", members, quorum: k, soft, at: item.pos };
  if (note !== undefined) dep.note = note;
  return dep;
}

function stripPrefix(ref: string): string {
  return ref.replace(/^(service|location):/, "");
}
