/**
 * kustomize folders, as far as faultline applies them (it is not kustomize; docs/importers.md):
 * a kustomization's `resources` (files, and folders holding a kustomization of their own: bases),
 * with `namespace`, `namePrefix` and `nameSuffix` applied through the chain of overlays as
 * `kustomize build` applies them, and the references kustomize itself rewrites (ConfigMap and
 * Secret names in pod specs) followed to the renamed objects. Env values are not rewritten by
 * kustomize, so an env host name keeps naming the unprefixed Service.
 *
 * A kustomization that another kustomization of the load uses (a base) is read only through
 * those that use it: loading a whole tree gives what each top overlay builds. The same object
 * built by two top overlays (overlays that only patch) is read once. Walks are loops, not
 * recursion; cycles are broken with a warning.
 */
import { posix } from "node:path";
import type { SourcePos } from "../diagnostics/diagnostics.js";
import type { YDoc } from "../yaml/read-yaml.js";
import { asMap, asSeq, get, getString, scalarString, type YMap } from "../yaml/yaml-tree.js";
import type { ImportContext } from "./importer.js";

export const KUSTOMIZATION_FILE = /(^|\/)kustomization\.ya?ml$/;
/** Kustomization fields faultline does not apply: said in one warning per kustomization. */
const NOT_APPLIED = ["patches", "patchesStrategicMerge", "patchesJson6902", "replacements", "images", "replicas", "components", "helmCharts", "commonAnnotations", "vars", "transformers", "generators", "crds", "openapi"];
/** Most object instances the builds of one load produce (a diamond of bases multiplies them). */
const MAX_INSTANCES = 200_000;

/** One kustomize build (of a top kustomization): original name → name after every transform, per kind. */
export interface KustomizeBuild {
  root: string;
  renames: Map<string, string>;
}

/** One object as a build produces it: the document's object with the transforms of its chain. */
export interface KustomizedObject {
  map: YMap;
  prefix: string;
  suffix: string;
  namespace?: string;
  build?: KustomizeBuild;
  /** Labels kustomize adds to pod templates and Service selectors (`commonLabels`, `labels` with `includeSelectors`). */
  selectorLabels?: Map<string, string>;
}

interface Kustomization {
  file: string;
  dir: string;
  root: YMap;
  prefix: string;
  suffix: string;
  namespace?: string;
  /** `commonLabels`, and `labels` entries with `includeSelectors: true`: added to selectors and pod templates. */
  selectorLabels: Map<string, string>;
  /** Resource files (as displayed) and base kustomizations, in order. */
  entries: Array<{ file?: string; base?: Kustomization; at: SourcePos }>;
  /** ConfigMaps and Secrets from generators' `literals`. */
  generated: Array<{ kind: "ConfigMap" | "Secret"; name: string; data: Map<string, { value: string; at: SourcePos }> }>;
}

const renameKey = (kind: string, name: string) => `${kind}\u0000${name}`;

/** The name a build gives `name` of `kind`, when the build renamed it (else the name itself). */
export function renamedIn(build: KustomizeBuild | undefined, kind: string, name: string): string {
  return build?.renames.get(renameKey(kind, name)) ?? name;
}

/** The original name a build renamed `finalName` from (for an env host that still says the old name). */
export function renamedTo(build: KustomizeBuild | undefined, kind: string, name: string): string | undefined {
  const n = build?.renames.get(renameKey(kind, name));
  return n !== undefined && n !== name ? n : undefined;
}

/** Generated ConfigMaps/Secrets: objects without a document, carried as data. */
export interface GeneratedObject {
  kind: "ConfigMap" | "Secret";
  name: string;
  namespace?: string;
  data: Map<string, { value: string; at: SourcePos }>;
  build: KustomizeBuild;
}

export interface KustomizeResult {
  /** Files that are not objects of their own (patches): never read as objects. */
  skip: Set<string>;
  /** Files some kustomization lists: read only through the builds. */
  listed: Set<string>;
  /** Per listed file, the objects the builds make of its documents, by document. */
  objects: Map<YDoc, KustomizedObject[]>;
  generated: GeneratedObject[];
}

/** Reads the kustomizations among `docs` and what each top one builds. */
export function readKustomize(docs: readonly YDoc[], ctx: ImportContext): KustomizeResult {
  const bag = ctx.bag;
  const byFile = new Map<string, YDoc[]>();
  for (const d of docs) {
    let l = byFile.get(d.file);
    if (!l) byFile.set(d.file, (l = []));
    l.push(d);
  }
  const skip = new Set<string>();
  const kusts = new Map<string, Kustomization>();
  const byDir = new Map<string, Kustomization>();
  for (const d of docs) {
    if (!KUSTOMIZATION_FILE.test(d.file) || kusts.has(d.file)) continue;
    const root = asMap(d.root);
    if (!root) continue;
    const dir = posix.dirname(d.file);
    const k: Kustomization = { file: d.file, dir, root, prefix: getString(root, "namePrefix") ?? "", suffix: getString(root, "nameSuffix") ?? "", selectorLabels: new Map(), entries: [], generated: [] };
    const addLabels = (node: YMap | undefined) => {
      for (const e of node?.entries ?? []) {
        const v = scalarString(e.value);
        if (v !== undefined) k.selectorLabels.set(e.key, v);
      }
    };
    addLabels(asMap(get(root, "commonLabels")));
    for (const it of asSeq(get(root, "labels"))?.items ?? []) {
      const lm = asMap(it);
      const inc = lm && get(lm, "includeSelectors");
      if (lm && inc?.kind === "scalar" && (inc.value === true || inc.value === "true")) addLabels(asMap(get(lm, "pairs")));
    }
    const ns = getString(root, "namespace");
    if (ns !== undefined && ns !== "") k.namespace = ns;
    kusts.set(d.file, k);
    if (!byDir.has(dir)) byDir.set(dir, k);
  }
  const used = new Set<Kustomization>();
  for (const k of kusts.values()) {
    const rel = (p: string) => posix.normalize(posix.join(k.dir, p)).replace(/\/+$/, "");
    const notApplied = NOT_APPLIED.filter((f) => get(k.root, f) !== undefined);
    for (const field of ["patchesStrategicMerge", "patches", "patchesJson6902"]) {
      for (const it of asSeq(get(k.root, field))?.items ?? []) {
        const path = it.kind === "scalar" ? scalarString(it) : getString(asMap(it), "path");
        if (path !== undefined && /\.ya?ml$/.test(path)) skip.add(rel(path));
      }
    }
    const outside: string[] = [];
    let outsideAt: SourcePos | undefined;
    const resources = [...(asSeq(get(k.root, "resources"))?.items ?? []), ...(asSeq(get(k.root, "bases"))?.items ?? [])];
    for (const it of resources) {
      const path = scalarString(it);
      if (path === undefined || path === "") continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(path) || path.includes("?ref=")) {
        outside.push(`${path} (remote, not fetched)`);
        outsideAt ??= it.pos;
        continue;
      }
      const p = rel(path);
      if (/\.ya?ml$/.test(p)) {
        if (byFile.has(p)) k.entries.push({ file: p, at: it.pos });
        else {
          outside.push(path);
          outsideAt ??= it.pos;
        }
        continue;
      }
      const base = byDir.get(p);
      if (base) {
        k.entries.push({ base, at: it.pos });
        used.add(base);
      } else {
        outside.push(path);
        outsideAt ??= it.pos;
      }
    }
    for (const [field, kind] of [["configMapGenerator", "ConfigMap"], ["secretGenerator", "Secret"]] as const) {
      let partly = false;
      for (const g of asSeq(get(k.root, field))?.items ?? []) {
        const gm = asMap(g);
        const name = gm && getString(gm, "name");
        if (!gm || name === undefined) continue;
        if (get(gm, "envs") !== undefined || get(gm, "env") !== undefined || get(gm, "files") !== undefined) partly = true;
        const data = new Map<string, { value: string; at: SourcePos }>();
        for (const lit of asSeq(get(gm, "literals"))?.items ?? []) {
          const s = scalarString(lit);
          const eq = s?.indexOf("=") ?? -1;
          if (s !== undefined && eq > 0) data.set(s.slice(0, eq), { value: s.slice(eq + 1), at: lit.pos });
        }
        k.generated.push({ kind, name, data });
      }
      if (partly) notApplied.push(`${field} envs/files`);
    }
    const hint = "faultline applies resources, namespace, namePrefix, nameSuffix, selector labels and generator literals only; load `kustomize build` output for the exact result";
    if (notApplied.length > 0) {
      const first = NOT_APPLIED.map((f) => k.root.entries.find((e) => e.key === f)).find((e) => e !== undefined);
      bag.warning("kustomize-not-applied", `kustomization: ${notApplied.join(", ")} not applied`, first?.keyPos ?? k.root.pos, { hint });
    }
    if (outside.length > 0)
      // At the first such entry: a file that does not exist, is excluded or lies outside the paths given, a remote base.
      bag.warning("kustomize-not-applied", `kustomization: resources not in the load: ${outside.join(", ")}`, outsideAt ?? k.root.pos, {
        hint: "a resource must exist under the paths given (-m) and not be excluded; remote bases are never fetched — load `kustomize build` output for the exact result",
      });
  }
  for (const f of skip) ctx.report?.skipped.push({ file: f, why: "kustomize-patch" });

  // Each top kustomization (one no other kustomization of the load uses) is one build.
  const objects = new Map<YDoc, KustomizedObject[]>();
  const generated: GeneratedObject[] = [];
  const listed = new Set<string>();
  const builtBy = new Map<string, string>();
  const duplicateOf = new Map<string, Set<string>>();
  let instances = 0;
  let capped = false;
  for (const top of topKustomizations([...kusts.values()], used)) {
    const build: KustomizeBuild = { root: top.file, renames: new Map() };
    const made: Array<{ obj: KustomizedObject; doc: YDoc; kind: string; rawName: string }> = [];
    // Depth-first in resource order, with an explicit stack: [kustomization, chain from the top].
    const stack: Array<{ k: Kustomization; chain: Kustomization[] }> = [{ k: top, chain: [top] }];
    while (stack.length > 0) {
      const { k, chain } = stack.pop()!;
      const pending: Array<{ k: Kustomization; chain: Kustomization[] }> = [];
      const transform = (rawName: string, ownNs: string | undefined) => {
        let name = rawName;
        for (let i = chain.length - 1; i >= 0; i--) name = chain[i]!.prefix + name + chain[i]!.suffix;
        const ns = chain.find((c) => c.namespace !== undefined)?.namespace ?? ownNs;
        // Labels from the innermost kustomization out: an outer one wins on the same key.
        let labels: Map<string, string> | undefined;
        for (let i = chain.length - 1; i >= 0; i--) for (const [lk, lv] of chain[i]!.selectorLabels) (labels ??= new Map()).set(lk, lv);
        return { name, ns, labels, prefix: name.slice(0, name.length - rawName.length - suffixOf(chain).length), suffix: suffixOf(chain) };
      };
      for (const e of k.entries) {
        if (e.base) {
          if (chain.includes(e.base)) {
            bag.warning("kustomize-cycle", `kustomization ${JSON.stringify(k.file)} uses ${JSON.stringify(e.base.dir)}, which uses it back: not followed`, e.at, { hint: "a base must not list an overlay of its own under resources" });
            continue;
          }
          pending.push({ k: e.base, chain: [...chain, e.base] });
          continue;
        }
        listed.add(e.file!);
        for (const doc of byFile.get(e.file!) ?? []) {
          if (++instances > MAX_INSTANCES) {
            capped = true;
            break;
          }
          const root = asMap(doc.root);
          // A List is its items, as kustomize reads it.
          const maps = root && getString(root, "kind") === "List" ? (asSeq(get(root, "items"))?.items ?? []).map(asMap) : [root];
          for (const m of maps) {
            const kind = m ? getString(m, "kind") : undefined;
            const meta = m && asMap(get(m, "metadata"));
            const rawName = meta ? getString(meta, "name") : undefined;
            if (!m || kind === undefined) continue;
            if (rawName === undefined) {
              // Left for the importer to warn about (an object without metadata.name).
              made.push({ obj: { map: m, prefix: "", suffix: "", build }, doc, kind, rawName: "" });
              continue;
            }
            const t = transform(rawName, getString(meta, "namespace"));
            const obj: KustomizedObject = { map: m, prefix: t.prefix, suffix: t.suffix, build };
            if (t.ns !== undefined) obj.namespace = t.ns;
            if (t.labels) obj.selectorLabels = t.labels;
            made.push({ obj, doc, kind, rawName });
            if (!build.renames.has(renameKey(kind, rawName))) build.renames.set(renameKey(kind, rawName), t.name);
          }
        }
      }
      for (const g of k.generated) {
        const t = transform(g.name, undefined);
        const go: GeneratedObject = { kind: g.kind, name: t.name, data: g.data, build };
        if (t.ns !== undefined) go.namespace = t.ns;
        generated.push(go);
        if (!build.renames.has(renameKey(g.kind, g.name))) build.renames.set(renameKey(g.kind, g.name), t.name);
      }
      // Bases in resource order: the stack pops the last pushed first.
      for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]!);
    }
    for (const x of made) {
      const id = `${x.kind}\u0000${x.obj.namespace ?? ""}\u0000${x.obj.prefix}${x.rawName}${x.obj.suffix}`;
      const first = builtBy.get(id);
      if (first !== undefined && first !== top.file) {
        // Two top overlays build the same object (they differ only in what faultline does not apply): read once.
        let s = duplicateOf.get(top.file);
        if (!s) duplicateOf.set(top.file, (s = new Set()));
        s.add(first);
        continue;
      }
      builtBy.set(id, top.file);
      let l = objects.get(x.doc);
      if (!l) objects.set(x.doc, (l = []));
      l.push(x.obj);
    }
  }
  if (capped) bag.warning("kustomize-too-many", `kustomize builds make more than ${MAX_INSTANCES} objects: the rest are not read`, undefined, { hint: "load `kustomize build` output of the overlay you deploy instead" });
  for (const [file, firsts] of duplicateOf) ctx.report?.skipped.push({ file, why: `kustomize: builds objects ${[...firsts].sort().join(", ")} already builds (read once)` });
  return { skip, listed, objects, generated };
}

function suffixOf(chain: readonly Kustomization[]): string {
  let s = "";
  for (let i = chain.length - 1; i >= 0; i--) s = s + chain[i]!.suffix;
  return s;
}

/**
 * The kustomizations to build, in file order: each one no other kustomization uses, then, for
 * kustomizations reached from none of those (they use one another, or themselves, in a cycle),
 * the first in file order of each such group: its build warns about the cycle and builds the rest.
 */
function topKustomizations(all: readonly Kustomization[], used: ReadonlySet<Kustomization>): Kustomization[] {
  const byFile = [...all].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const tops = byFile.filter((k) => !used.has(k));
  const reached = new Set<Kustomization>();
  const reach = (from: Kustomization) => {
    const stack = [from];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (reached.has(k)) continue;
      reached.add(k);
      for (const e of k.entries) if (e.base && !reached.has(e.base)) stack.push(e.base);
    }
  };
  for (const t of tops) reach(t);
  for (const k of byFile) {
    if (reached.has(k)) continue;
    tops.push(k);
    reach(k);
  }
  return tops.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
