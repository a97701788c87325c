/**
 * Backstage catalog entities (`apiVersion: backstage.io/...`). Components and Resources
 * become services; an API is not something that fails by itself, so consuming an API is
 * a dependency on the components that provide it. Systems and Domains are attributes,
 * Groups and Users only owners, Locations are never followed. See docs/importers.md.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics/diagnostics.js";
import { suggest } from "./native.js";
import type { YDoc } from "../yaml/read-yaml.js";
import { asMap, describe, get, getString, type YMap, type YNode } from "../yaml/yaml-tree.js";
import type { DependencyEntry, Entity, ServiceEntity } from "../model/entities.js";
import { applyHints, hintsFromStrings, type HintItem } from "./hints.js";
import { depOn, importedService, memberOf } from "./ids.js";
import type { ImportContext, Importer } from "./importer.js";

const NODE_KINDS = new Set(["component", "resource"]);
const KNOWN_KINDS = new Set(["component", "resource", "system", "api", "domain", "group", "user", "location", "template"]);
const ANNOTATION_PREFIXES = ["faultline/"];

/** The Backstage catalog importer. */
export const backstageImporter: Importer = {
  format: "backstage",
  detect(doc) {
    const m = asMap(doc.root);
    const v = m && getString(m, "apiVersion");
    return v !== undefined && v.startsWith("backstage.io/");
  },
  importDocuments(docs, ctx) {
    return importCatalog(docs, ctx);
  },
};

interface CatalogEntity {
  kind: string;
  namespace: string;
  name: string;
  /** `kind:namespace/name`, lower case (Backstage compares references case-insensitively). */
  ref: string;
  meta: YMap;
  spec: YMap | undefined;
  at: SourcePos;
  svc?: ServiceEntity;
}

/** A parsed entity reference. */
export interface EntityRef {
  kind?: string;
  namespace: string;
  name: string;
}

/** Parses `[kind:][namespace/]name`; the kind and namespace default as given. Undefined when malformed. */
export function parseEntityRef(text: string, defaults: { kind?: string; namespace: string }): EntityRef | undefined {
  const t = text.trim();
  const colon = t.indexOf(":");
  const kind = colon >= 0 ? t.slice(0, colon) : defaults.kind;
  const rest = colon >= 0 ? t.slice(colon + 1) : t;
  const slash = rest.indexOf("/");
  const namespace = slash >= 0 ? rest.slice(0, slash) : defaults.namespace;
  const name = slash >= 0 ? rest.slice(slash + 1) : rest;
  if (name === "" || namespace === "" || kind === "" || name.includes("/") || name.includes(":")) return undefined;
  const r: EntityRef = { namespace: namespace.toLowerCase(), name: name.toLowerCase() };
  if (kind !== undefined) r.kind = kind.toLowerCase();
  return r;
}

const refKey = (r: { kind?: string; namespace: string; name: string }) => `${r.kind ?? ""}:${r.namespace}/${r.name}`;

function importCatalog(docs: readonly YDoc[], ctx: ImportContext): Entity[] {
  const bag = ctx.bag;
  const byRef = new Map<string, CatalogEntity>();
  const kindsSeen = new Set<string>();
  const all: CatalogEntity[] = [];
  for (const doc of docs) {
    const root = asMap(doc.root)!;
    const kindRaw = getString(root, "kind");
    const meta = asMap(get(root, "metadata"));
    const nameNode = meta && get(meta, "name");
    const name = meta ? getString(meta, "name") : undefined;
    if (kindRaw === undefined || !meta || name === undefined || name === "") {
      bag.warning("bad-backstage-entity", "Backstage entity without kind or metadata.name: skipped", (nameNode ?? root).pos, {
        expected: "kind and metadata.name",
        found: kindRaw === undefined ? "no kind" : "no metadata.name",
      });
      continue;
    }
    const kind = kindRaw.toLowerCase();
    if (!KNOWN_KINDS.has(kind)) {
      bag.warning("unknown-backstage-kind", `Backstage kind ${JSON.stringify(kindRaw)} is not read: skipped`, get(root, "kind")!.pos, {
        expected: "Component, Resource, System, API, Domain, Group, User (Location and Template are skipped quietly)",
        found: JSON.stringify(kindRaw),
      });
      continue;
    }
    // A Location points at other files or URLs: never followed, the folders given are what is read.
    if (kind === "location" || kind === "template") continue;
    const namespace = (getString(meta, "namespace") ?? "default").toLowerCase();
    const e: CatalogEntity = { kind, namespace, name, ref: refKey({ kind, namespace, name: name.toLowerCase() }), meta, spec: asMap(get(root, "spec")), at: nameNode!.pos };
    if (byRef.has(e.ref)) {
      const prev = byRef.get(e.ref)!;
      // The same Group or User in two org files changes nothing faultline reads.
      if (!NODE_KINDS.has(kind)) continue;
      bag.warning("duplicate-backstage-entity", `${kindRaw} ${JSON.stringify(e.ref)} is defined twice: the first is kept`, e.at, {
        found: `also defined at ${prev.at.file}:${prev.at.line}:${prev.at.column}`,
        hint: "remove one of them",
      });
      continue;
    }
    byRef.set(e.ref, e);
    kindsSeen.add(kind);
    all.push(e);
  }

  // Services first, so references can point at them.
  const services: CatalogEntity[] = [];
  for (const e of all) {
    if (!NODE_KINDS.has(e.kind)) continue;
    const svc = importedService({
      name: e.name,
      labels: stringValues(get(e.meta, "labels")),
      annotations: stringValues(get(e.meta, "annotations")),
      attributes: new Map([
        ["backstage.ref", `${e.kind}:${e.namespace}/${e.name}`],
        ["backstage.kind", e.kind],
        ["backstage.namespace", e.namespace],
      ]),
      origin: "backstage",
      at: e.at,
      candidates: [e.name, `${e.namespace}.${e.name}`, `${e.namespace}.${e.kind}.${e.name}`],
    });
    e.svc = svc;
    services.push(e);
  }

  // Providers of each API, by the API's reference.
  const providers = new Map<string, CatalogEntity[]>();
  for (const e of services) {
    for (const item of listItems(e.spec, "providesApis", bag)) {
      const r = parseRefAt(item, { kind: "api", namespace: e.namespace }, bag);
      if (!r) continue;
      const k = refKey(r);
      let list = providers.get(k);
      if (!list) providers.set(k, (list = []));
      list.push(e);
      if (!byRef.has(k)) dangling(bag, `provided API ${JSON.stringify(item.value)} is not in the catalog`, item.at, k, byRef);
    }
  }

  // Components and resources by namespace and lower-cased name, for references without a kind
  // (an index: a catalog of thousands of such references must not scan every entity each time).
  const byNameOnly = new Map<string, typeof services>();
  for (const s of services) {
    const key = `${s.namespace}\u0000${s.name.toLowerCase()}`;
    let list = byNameOnly.get(key);
    if (!list) byNameOnly.set(key, (list = []));
    list.push(s);
  }
  const nodeByNameOnly = (namespace: string, name: string) => byNameOnly.get(`${namespace}\u0000${name}`) ?? [];

  for (const e of services) {
    const svc = e.svc!;
    const spec = e.spec;
    const type = getString(spec, "type");
    if (type !== undefined) svc.type = type;
    const owner = getString(spec, "owner");
    if (owner !== undefined) {
      svc.owner = owner;
      const r = parseEntityRef(owner, { kind: "group", namespace: e.namespace });
      if (r && (kindsSeen.has("group") || kindsSeen.has("user")) && !byRef.has(refKey(r))) {
        dangling(bag, `owner ${JSON.stringify(owner)} is not in the catalog`, get(spec!, "owner")!.pos, refKey(r), byRef);
      }
    }
    for (const attr of ["lifecycle", "system", "subcomponentOf"]) {
      const v = getString(spec, attr);
      if (v !== undefined) svc.attributes.set(attr, v);
    }
    const system = getString(spec, "system");
    if (system !== undefined) {
      const r = parseEntityRef(system, { kind: "system", namespace: e.namespace });
      const sys = r && byRef.get(refKey(r));
      const domain = sys && getString(sys.spec, "domain");
      if (domain !== undefined) svc.attributes.set("domain", domain);
      if (r && !sys && kindsSeen.has("system")) dangling(bag, `system ${JSON.stringify(system)} is not in the catalog`, get(spec!, "system")!.pos, refKey(r), byRef);
    }

    // One edge per target, from the first entry that names it (dependsOn before consumesApis).
    const targets = new Set<CatalogEntity>();
    const once = (t: CatalogEntity) => !targets.has(t) && (targets.add(t), true);
    const apiDeps = (apiRef: EntityRef, item: HintItem, from: CatalogEntity) => {
      const k = refKey(apiRef);
      const provs = (providers.get(k) ?? []).filter((p) => p !== from);
      if (provs.length === 0) {
        if (byRef.has(k)) {
          bag.warning("no-provider", `API ${JSON.stringify(item.value)} has no provider in the catalog: no dependency recorded`, item.at, {
            expected: "a Component whose spec.providesApis lists it",
            found: "none",
            hint: "add the providing component to the catalog, or add providesApis to it",
          });
        } else dangling(bag, `consumed API ${JSON.stringify(item.value)} is not in the catalog`, item.at, k, byRef);
        return;
      }
      const note = `via API ${apiRef.name}`;
      if (provs.length === 1) {
        if (!once(provs[0]!)) return;
        from.svc!.dependsOn.push(depOn(provs[0]!.svc!, item.at, { note }));
      } else {
        // Several components provide the API: any one of them serves it.
        const dep: DependencyEntry = { kind: "group", members: provs.map((p) => memberOf(p.svc!, item.at)), quorum: 1, soft: false, at: item.at, note };
        from.svc!.dependsOn.push(dep);
      }
    };

    for (const item of listItems(spec, "dependsOn", bag)) {
      let r = parseRefAt(item, { namespace: e.namespace }, bag);
      if (!r) continue;
      if (r.kind === undefined) {
        const cands = nodeByNameOnly(r.namespace, r.name);
        bag.warning("backstage-ref-kind", `dependsOn entry ${JSON.stringify(item.value)} has no kind`, item.at, {
          expected: "a reference with a kind, such as component:name or resource:name",
          found: JSON.stringify(item.value),
          hint: cands.length === 1 ? `read as \`${cands[0]!.kind}:${cands[0]!.name}\`; write the kind, as Backstage requires` : "write the kind, as Backstage requires",
        });
        if (cands.length !== 1) continue;
        r = { ...r, kind: cands[0]!.kind };
      }
      if (r.kind === "api") {
        apiDeps(r, item, e);
        continue;
      }
      if (!NODE_KINDS.has(r.kind!)) {
        bag.warning("not-modelled", `dependsOn ${JSON.stringify(item.value)}: a ${r.kind} is not a service in faultline; ignored`, item.at, {
          expected: "a component, resource or api reference",
          found: JSON.stringify(item.value),
          hint: "depend on the components or resources themselves",
        });
        continue;
      }
      const target = byRef.get(refKey(r));
      if (target?.svc) {
        if (target !== e && once(target)) svc.dependsOn.push(depOn(target.svc, item.at));
      } else {
        // Not in the catalog: resolved by plain name against the whole load (a native
        // stand-in), otherwise the model builder warns that it dangles.
        svc.dependsOn.push({ kind: "ref", ref: r.name, soft: false, at: item.at });
      }
    }
    for (const item of listItems(spec, "consumesApis", bag)) {
      const r = parseRefAt(item, { kind: "api", namespace: e.namespace }, bag);
      if (r) apiDeps(r, item, e);
    }
    // dependencyOf: the other entity depends on this one.
    for (const item of listItems(spec, "dependencyOf", bag)) {
      const r = parseRefAt(item, { namespace: e.namespace }, bag);
      if (!r) continue;
      const target = r.kind !== undefined ? byRef.get(refKey(r)) : nodeByNameOnly(r.namespace, r.name)[0];
      if (target?.svc && target !== e) target.svc.dependsOn.push(depOn(svc, item.at));
      else if (!target) dangling(bag, `dependencyOf ${JSON.stringify(item.value)} is not in the catalog`, item.at, refKey(r), byRef);
    }
    const hints = hintsFromStrings(stringItems(get(e.meta, "annotations")), ANNOTATION_PREFIXES, bag);
    applyHints(
      svc,
      hints,
      (n) => {
        const r = parseEntityRef(n, { namespace: e.namespace });
        if (!r) return undefined;
        if (r.kind !== undefined) return byRef.get(refKey(r))?.svc;
        const c = nodeByNameOnly(r.namespace, r.name);
        return c.length === 1 ? c[0]!.svc : undefined;
      },
      bag,
    );
  }
  return services.map((s) => s.svc!);
}

function dangling(bag: DiagnosticBag, message: string, at: SourcePos, key: string, byRef: Map<string, CatalogEntity>): void {
  const near = suggest(bag, key, byRef.keys(), byRef.size);
  bag.warning("unknown-reference", message, at, {
    expected: "a reference to an entity in the catalog",
    found: JSON.stringify(key),
    hint: near ? `did you mean \`${near}\`?` : "add the entity's file to the manifest paths, or fix the reference",
  });
}

function parseRefAt(item: HintItem, defaults: { kind?: string; namespace: string }, bag: DiagnosticBag): EntityRef | undefined {
  const r = parseEntityRef(item.value, defaults);
  if (!r) {
    bag.warning("bad-entity-ref", `malformed entity reference ${JSON.stringify(item.value)}: ignored`, item.at, {
      expected: "[kind:][namespace/]name",
      found: JSON.stringify(item.value),
    });
  }
  return r;
}

function listItems(spec: YMap | undefined, key: string, bag: DiagnosticBag): HintItem[] {
  const node = spec && get(spec, key);
  if (node === undefined || (node.kind === "scalar" && node.value === null)) return [];
  const items: YNode[] = node.kind === "seq" ? node.items : node.kind === "scalar" ? [node] : [];
  if (node.kind === "map") {
    bag.warning("bad-backstage-field", `spec.${key} must be a list of entity references`, node.pos, { expected: "a list", found: describe(node) });
  }
  const out: HintItem[] = [];
  for (const it of items) {
    if (it.kind === "scalar" && it.value !== null && it.value !== "") out.push({ value: String(it.value), at: it.pos });
    else bag.warning("bad-entity-ref", `spec.${key} entries must be entity references`, it.pos, { expected: "[kind:][namespace/]name", found: describe(it) });
  }
  return out;
}

function stringItems(node: YNode | undefined): Map<string, HintItem> {
  const out = new Map<string, HintItem>();
  for (const e of asMap(node)?.entries ?? []) {
    if (e.value.kind === "scalar" && e.value.value !== null) out.set(e.key, { value: String(e.value.value), at: e.value.pos });
  }
  return out;
}

function stringValues(node: YNode | undefined): Map<string, string> {
  return new Map([...stringItems(node)].map(([k, v]) => [k, v.value]));
}
