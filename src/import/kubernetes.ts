/**
 * Kubernetes manifests: workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
 * CronJob, Pod) become services; a Service is not a node but the name other workloads
 * reach a workload by: an environment value that names a Service (`name`, `name:port`,
 * `name.ns`, `name.ns.svc.cluster.local`, URLs) becomes a dependency on the workloads the
 * Service selects (several: a redundancy group, any one is enough). See docs/importers.md.
 */
import { posix } from "node:path";
import type { SourcePos } from "../diagnostics/diagnostics.js";
import { editDistance } from "./native.js";
import type { YDoc } from "../yaml/read-yaml.js";
import { asMap, asSeq, get, getString, scalarString, type YMap, type YNode } from "../yaml/yaml-tree.js";
import type { DependencyEntry, Entity, EvidenceKind, RefEntry, ServiceEntity } from "../model/entities.js";
import { hostsInValue, keyNamesHost } from "./env-hosts.js";
import { applyHints, hintsFromStrings, type HintItem } from "./hints.js";
import { depOn, importedService, memberOf } from "./ids.js";
import type { ImportContext, Importer } from "./importer.js";
import { readMeshRoutes, ROUTE_KINDS, type RouteObject } from "./mesh-routes.js";
import { KUSTOMIZATION_FILE, readKustomize, renamedIn, renamedTo, type KustomizeBuild } from "./kustomize.js";

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "Pod"]);
const READ_KINDS = new Set([...WORKLOAD_KINDS, ...ROUTE_KINDS, "Service", "ConfigMap", "Secret", "List"]);
const K8S_API_VERSION = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\/)?v\d+((alpha|beta)\d+)?$/;
const ANNOTATION_PREFIXES = ["faultline/"];
function k8sHeader(doc: YNode): { apiVersion: string; kind: string; map: YMap } | undefined {
  const map = asMap(doc);
  if (!map) return undefined;
  const apiVersion = getString(map, "apiVersion");
  const kind = getString(map, "kind");
  if (apiVersion === undefined || kind === undefined) return undefined;
  if (!K8S_API_VERSION.test(apiVersion) || /^(faultline|backstage)/.test(apiVersion)) return undefined;
  // A near miss of the native or Backstage apiVersion is a typo to report, not a Kubernetes kind to skip.
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  if (group !== "" && (editDistance(group, "faultline", 3) <= 2 || editDistance(group, "backstage.io", 3) <= 2)) return undefined;
  return { apiVersion, kind, map };
}

/** The Kubernetes importer. */
export const kubernetesImporter: Importer = {
  format: "kubernetes",
  detect(doc) {
    if (KUSTOMIZATION_FILE.test(doc.file) && asMap(doc.root) !== undefined) return true;
    const h = k8sHeader(doc.root);
    return h !== undefined && READ_KINDS.has(h.kind) && !h.apiVersion.startsWith("kustomize.");
  },
  ignore(doc) {
    // kustomization.yaml and every other Kubernetes kind (ServiceAccount, NetworkPolicy, IngressClass, ...): nothing to model.
    if (/(^|\/)kustomization\.ya?ml$/.test(doc.file)) return true;
    return k8sHeader(doc.root) !== undefined;
  },
  importDocuments(docs, ctx) {
    return importObjects(docs, ctx);
  },
};

interface Workload {
  kind: string;
  namespace: string;
  name: string;
  meta: YMap;
  podLabels: Map<string, string>;
  podSpec?: YMap;
  annotations: Map<string, HintItem>;
  svc: ServiceEntity;
}

interface K8sService {
  namespace: string;
  name: string;
  selector?: Map<string, string>;
  external: boolean;
  at: SourcePos;
}

const key = (ns: string, name: string) => `${ns}\u0000${name}`;

function stringMap(node: YNode | undefined): Map<string, HintItem> {
  const out = new Map<string, HintItem>();
  for (const e of asMap(node)?.entries ?? []) {
    if (e.value.kind === "scalar" && e.value.value !== null) out.set(e.key, { value: String(e.value.value), at: e.value.pos });
  }
  return out;
}

/** The containers (init containers first) of a workload's pod template. */
function containersOf(w: { podSpec?: YMap }): YMap[] {
  const out: YMap[] = [];
  for (const listName of ["initContainers", "containers"]) {
    for (const c of asSeq(w.podSpec && get(w.podSpec, listName))?.items ?? []) {
      const cm = asMap(c);
      if (cm) out.push(cm);
    }
  }
  return out;
}

/** Decodes a Secret's base64 value (invalid input gives what Node's decoder gives: never throws). */
function decodeBase64(v: string): string {
  return Buffer.from(v.replace(/\s+/g, ""), "base64").toString("utf8");
}

function plain(m: Map<string, HintItem>): Map<string, string> {
  return new Map([...m].map(([k, v]) => [k, v.value]));
}

function importObjects(docs: readonly YDoc[], ctx: ImportContext): Entity[] {
  const bag = ctx.bag;
  const kz = readKustomize(docs, ctx);
  const objects: Array<{ map: YMap; prefix: string; suffix: string; namespace?: string; build?: KustomizeBuild; selectorLabels?: Map<string, string> }> = [];
  for (const d of docs) {
    if (KUSTOMIZATION_FILE.test(d.file) || kz.skip.has(d.file)) continue;
    // A file a kustomization lists is read as its builds make it (none: a base no top overlay reaches).
    const instances = kz.listed.has(d.file) ? (kz.objects.get(d) ?? []) : [{ map: asMap(d.root)!, prefix: "", suffix: "" }];
    for (const inst of instances) {
      const h = k8sHeader(inst.map);
      if (!h) continue;
      if (h.kind === "List") {
        for (const it of asSeq(get(h.map, "items"))?.items ?? []) {
          const ih = k8sHeader(it);
          if (ih && READ_KINDS.has(ih.kind) && ih.kind !== "List") objects.push({ ...inst, map: ih.map });
        }
      } else if (READ_KINDS.has(h.kind)) objects.push(inst);
    }
  }
  const workloads: Workload[] = [];
  const services = new Map<string, K8sService>();
  const configMaps = new Map<string, Map<string, HintItem>>();
  const secrets = new Map<string, Map<string, HintItem>>();
  const defaultNs = ctx.options.namespace ?? "default";
  const namespaces = new Set<string>();
  for (const g of kz.generated) {
    const ns = g.namespace ?? defaultNs;
    namespaces.add(ns);
    (g.kind === "ConfigMap" ? configMaps : secrets).set(key(ns, g.name), new Map([...g.data].map(([k, v]) => [k, { value: v.value, at: v.at }])));
  }
  const buildOf = new Map<Workload, KustomizeBuild>();
  const routes: RouteObject[] = [];
  const firstDefinition = new Map<string, SourcePos>();
  const definedAgain = new Map<string, { at: SourcePos; names: string[]; firstFolders: Set<string>; workloadsOnly: boolean }>();
  // The same workload (or Ingress) in a file of another folder (the source manifests and a rendered
  // release bundle side by side) is one object in a cluster: `kubectl apply` keeps one. Read once,
  // warned. In the same folder it stays a duplicate-id error (a folder is one rendering of the app).
  const definedElsewhere = (kind: string, namespace: string, name: string, at: SourcePos): boolean => {
    const objKey = `${kind}\u0000${key(namespace, name)}`;
    const first = firstDefinition.get(objKey);
    if (first && posix.dirname(first.file) !== posix.dirname(at.file)) {
      let again = definedAgain.get(at.file);
      if (!again) definedAgain.set(at.file, (again = { at, names: [], firstFolders: new Set(), workloadsOnly: true }));
      again.names.push(`${namespace}/${name}`);
      again.firstFolders.add(posix.dirname(first.file));
      if (!WORKLOAD_KINDS.has(kind)) again.workloadsOnly = false;
      return true;
    }
    if (!first) firstDefinition.set(objKey, at);
    return false;
  };
  for (const inst of objects) {
    const obj = inst.map;
    const kind = getString(obj, "kind")!;
    const meta = asMap(get(obj, "metadata"));
    const nameNode = meta && get(meta, "name");
    const rawName = meta ? getString(meta, "name") : undefined;
    if (!meta || rawName === undefined || rawName === "") {
      bag.warning("bad-k8s-object", `${kind} without metadata.name: skipped`, (nameNode ?? obj).pos, { expected: "metadata.name", found: "none", hint: "give the object a name" });
      continue;
    }
    const name = inst.prefix + rawName + inst.suffix;
    const namespace = inst.namespace ?? getString(meta, "namespace") ?? defaultNs;
    namespaces.add(namespace);
    const spec = asMap(get(obj, "spec"));
    if (ROUTE_KINDS.has(kind)) {
      // An Ingress is a node: defined again in another folder it is read once, as a workload is (below).
      if (kind === "Ingress" && definedElsewhere(kind, namespace, name, nameNode!.pos)) continue;
      const route: RouteObject = { kind, apiVersion: getString(obj, "apiVersion")!, namespace, name, map: obj, at: nameNode!.pos, file: nameNode!.pos.file };
      if (inst.build) route.build = inst.build;
      routes.push(route);
      continue;
    }
    if (kind === "Service") {
      const selNode = spec && get(spec, "selector");
      const s: K8sService = { namespace, name, external: getString(spec, "type") === "ExternalName", at: nameNode!.pos };
      if (selNode) s.selector = plain(stringMap(selNode));
      // kustomize's commonLabels go into the Service's selector too (when it has one, as kustomize does).
      if (inst.selectorLabels && s.selector) s.selector = new Map([...s.selector, ...inst.selectorLabels]);
      services.set(key(namespace, name), s);
      continue;
    }
    if (kind === "ConfigMap") {
      configMaps.set(key(namespace, name), stringMap(get(obj, "data")));
      continue;
    }
    if (kind === "Secret") {
      // Values are read for addresses only, never printed.
      const data = new Map<string, HintItem>();
      for (const [k, v] of stringMap(get(obj, "data"))) data.set(k, { value: decodeBase64(v.value), at: v.at });
      for (const [k, v] of stringMap(get(obj, "stringData"))) data.set(k, v);
      secrets.set(key(namespace, name), data);
      continue;
    }
    if (definedElsewhere(kind, namespace, name, nameNode!.pos)) continue;
    // Pod template: spec.template, or spec.jobTemplate.spec.template for a CronJob; a Pod is its own template.
    let template: YMap | undefined;
    if (kind === "Pod") template = obj;
    else if (kind === "CronJob") template = asMap(get(asMap(get(asMap(get(spec ?? obj, "jobTemplate")) ?? obj, "spec")) ?? obj, "template"));
    else template = spec && asMap(get(spec, "template"));
    const tmeta = template && asMap(get(template, "metadata"));
    const podSpec = template && asMap(get(template, "spec"));
    const annotations = stringMap(tmeta && get(tmeta, "annotations"));
    for (const [k, v] of stringMap(get(meta, "annotations"))) annotations.set(k, v);
    const labels = stringMap(get(meta, "labels"));
    const svc = importedService({
      name,
      type: kind,
      labels: plain(labels),
      annotations: plain(annotations),
      attributes: new Map([
        ["kubernetes.namespace", namespace],
        ["kubernetes.kind", kind],
      ]),
      origin: "kubernetes",
      at: nameNode!.pos,
      candidates: [name, `${namespace}.${name}`, `${namespace}.${kind.toLowerCase()}.${name}`],
    });
    const w: Workload = { kind, namespace, name, meta, podLabels: new Map([...plain(stringMap(tmeta && get(tmeta, "labels"))), ...(inst.selectorLabels ?? [])]), annotations, svc };
    if (podSpec) w.podSpec = podSpec;
    if (inst.build) buildOf.set(w, inst.build);
    workloads.push(w);
  }

  for (const again of definedAgain.values()) {
    const n = again.names.length;
    const shown = again.names.slice(0, 5).join(", ") + (n > 5 ? ` and ${n - 5} more` : "");
    const noun = again.workloadsOnly ? "workload" : "object";
    bag.warning("k8s-defined-again", `${n} ${noun}${n === 1 ? " is" : "s are"} defined again here, first in ${[...again.firstFolders].sort().join(", ")} (${shown}): read once, as \`kubectl apply\` keeps one`, again.at, {
      hint: "load one rendering of the app (the source folder or the release bundle), or --exclude the other",
    });
  }
  const inNamespace = new Map<string, Workload[]>();
  for (const w of workloads) {
    let list = inNamespace.get(w.namespace);
    if (!list) inNamespace.set(w.namespace, (list = []));
    list.push(w);
  }
  const selectedCache = new Map<K8sService, Workload[]>();
  const selected = (s: K8sService): Workload[] => {
    let hit = selectedCache.get(s);
    if (hit) return hit;
    const sel = s.selector;
    hit = !sel || sel.size === 0 ? [] : (inNamespace.get(s.namespace) ?? []).filter((w) => [...sel].every(([k, v]) => w.podLabels.get(k) === v));
    selectedCache.set(s, hit);
    return hit;
  };
  const byName = new Map<string, Workload[]>();
  for (const w of workloads) {
    const k = key(w.namespace, w.name);
    let list = byName.get(k);
    if (!list) byName.set(k, (list = []));
    list.push(w);
  }

  // A ConfigMap or Secret loaded whole (envFrom) into several workloads is a bundle: an
  // address in it reaches each consumer only possibly (most consumers read a few keys).
  const bundleUsers = new Map<string, Set<Workload>>();
  for (const w of workloads) {
    for (const c of containersOf(w)) {
      for (const e of asSeq(get(c, "envFrom"))?.items ?? []) {
        const em = asMap(e);
        if (!em) continue;
        for (const [refKey, kindTag] of [["configMapRef", "cm"], ["secretRef", "secret"]] as const) {
          const raw = getString(asMap(get(em, refKey)), "name");
          if (raw === undefined) continue;
          const n = renamedIn(buildOf.get(w), kindTag === "cm" ? "ConfigMap" : "Secret", raw);
          const k = `${kindTag}\u0000${key(w.namespace, n)}`;
          let set = bundleUsers.get(k);
          if (!set) bundleUsers.set(k, (set = new Set()));
          set.add(w);
        }
      }
    }
  }

  for (const w of workloads) {
    const seen = new Set<string>();
    const addTargets = (targets: Workload[], at: SourcePos, note: string, ev: { kind: EvidenceKind; via: string; value: string }) => {
      const others = targets.filter((t) => t !== w);
      if (others.length === 0) return;
      const sig = others.map((t) => key(t.namespace, t.name) + t.kind).sort().join("|");
      if (seen.has(sig)) {
        // A possible edge is upgraded when the same target is also named directly.
        if (ev.kind !== "possible") {
          for (const d of w.svc.dependsOn) if (d.evidence?.kind === "possible" && (d as { sig?: string }).sig === sig) d.evidence = { ...ev };
        }
        return;
      }
      seen.add(sig);
      if (others.length === 1) {
        const d = depOn(others[0]!.svc, at, { inferred: true, note });
        d.evidence = { ...ev };
        Object.defineProperty(d, "sig", { value: sig, enumerable: false });
        w.svc.dependsOn.push(d);
        return;
      }
      const members: RefEntry[] = others.map((t) => memberOf(t.svc, at));
      const dep: DependencyEntry = { kind: "group", members, quorum: 1, soft: false, at, note, inferred: true, evidence: { ...ev } };
      Object.defineProperty(dep, "sig", { value: sig, enumerable: false });
      w.svc.dependsOn.push(dep);
    };
    const consider = (envKey: string, value: string, at: SourcePos, kind: EvidenceKind = "inferred") => {
      const svcForm = /\.svc(\.|$|:|\/)/.test(value);
      for (const m of hostsInValue(value, keyNamesHost(envKey) || svcForm)) {
        const labels = m.host.split(".");
        let ns = w.namespace;
        if (labels.length === 2) {
          if (!namespaces.has(labels[1]!)) continue; // `example.com`: outside the cluster
          ns = labels[1]!;
        } else if (labels.length > 2) {
          if (labels[2] !== "svc") continue;
          ns = labels[1]!;
        }
        const name = labels[0]!;
        const strong = m.explicit || labels.length > 1;
        const s = services.get(key(ns, name));
        const note = `from ${envKey}`;
        if (s) {
          if (s.external) continue;
          const targets = selected(s);
          if (targets.length === 0) {
            if (s.selector && s.selector.size > 0) {
              bag.warning("selects-nothing", `Service ${JSON.stringify(name)} selects no workload in this load: no dependency recorded`, at, {
                expected: `a workload in namespace ${ns} whose pod labels match the Service's selector`,
                found: "none",
                hint: "add the workload's manifest to the paths, or fix the selector",
              });
            }
            continue;
          }
          addTargets(targets, at, note, { kind, via: envKey, value });
        } else if (renamedTo(buildOf.get(w), "Service", name) !== undefined && services.has(key(ns, renamedTo(buildOf.get(w), "Service", name)!))) {
          // kustomize renamed the Service (namePrefix/nameSuffix) but does not rewrite env values:
          // in the cluster this name reaches nothing.
          if (kind === "possible" || seen.has(`?${ns}/${name}`)) continue;
          seen.add(`?${ns}/${name}`);
          const renamed = renamedTo(buildOf.get(w), "Service", name)!;
          bag.warning("kustomize-renamed-host", `${envKey} names Service ${JSON.stringify(name)}, which this kustomize build renames ${JSON.stringify(renamed)}: kustomize does not rewrite env values, so the address reaches no Service`, at, {
            hint: `write ${JSON.stringify(renamed)} (or use kustomize replacements); no dependency recorded`,
          });
          if (ctx.report) (ctx.report.unresolved ??= []).push({ service: w.svc, host: name, via: envKey, at, why: `kustomize renamed it ${renamed}` });
        } else if (strong && !(ns === w.namespace && name === w.name)) {
          if (seen.has(`?${ns}/${name}`)) continue;
          seen.add(`?${ns}/${name}`);
          // No Service by that name: the model builder resolves the plain name against the
          // whole id space (a native stand-in for something outside the cluster) or warns.
          // A possible one (from a shared bundle) is not worth a warning: it is only listed.
          if (kind === "possible") continue;
          w.svc.dependsOn.push({ kind: "ref", ref: name, soft: false, at, inferred: true, note: `${note}: no Service ${JSON.stringify(name)} in namespace ${ns}`, evidence: { kind, via: envKey, value } });
        }
      }
    };
    for (const cm of containersOf(w)) {
      // The container's variables in the order Kubernetes defines them (envFrom, then env),
      // so `$(VAR)` expands to what came before.
      const vars = new Map<string, string>();
      const expand = (v: string) => (v.includes("$(") ? v.replace(/\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, n?: string) => (n === undefined ? "$(" : (vars.get(n) ?? m))) : v);
      for (const e of asSeq(get(cm, "envFrom"))?.items ?? []) {
        const em = asMap(e);
        if (!em) continue;
        const prefix = getString(em, "prefix") ?? "";
        for (const [refKey, kindTag, store] of [["configMapRef", "cm", configMaps], ["secretRef", "secret", secrets]] as const) {
          const raw = getString(asMap(get(em, refKey)), "name");
          // kustomize rewrites configMapRef/secretRef names to the objects it renamed.
          const n = raw === undefined ? undefined : renamedIn(buildOf.get(w), kindTag === "cm" ? "ConfigMap" : "Secret", raw);
          const data = n !== undefined ? store.get(key(w.namespace, n)) : undefined;
          if (!data) continue;
          const shared = (bundleUsers.get(`${kindTag}\u0000${key(w.namespace, n!)}`)?.size ?? 0) > 1;
          for (const [k, item] of data) {
            vars.set(prefix + k, item.value);
            consider(prefix + k, item.value, item.at, shared ? "possible" : "inferred");
          }
        }
      }
      for (const e of asSeq(get(cm, "env"))?.items ?? []) {
        const em = asMap(e);
        const envKey = em && getString(em, "name");
        if (!em || envKey === undefined) continue;
        const v = get(em, "value");
        if (v?.kind === "scalar" && v.value !== null) {
          const value = expand(String(v.value));
          vars.set(envKey, value);
          consider(envKey, value, v.pos);
          continue;
        }
        const vf = asMap(get(em, "valueFrom")) ?? em;
        for (const [refKey, store] of [["configMapKeyRef", configMaps], ["secretKeyRef", secrets]] as const) {
          const ref = asMap(get(vf, refKey));
          const rawName = ref && getString(ref, "name");
          const cmName = rawName === undefined ? undefined : renamedIn(buildOf.get(w), refKey === "configMapKeyRef" ? "ConfigMap" : "Secret", rawName);
          const cmKey = ref && getString(ref, "key");
          const item = cmName !== undefined && cmKey !== undefined ? store.get(key(w.namespace, cmName))?.get(cmKey) : undefined;
          if (item) {
            vars.set(envKey, item.value);
            consider(envKey, item.value, item.at);
          }
        }
      }
    }
    // Hints: names in soft-depends-on / any-of are Services (or workloads) of the same namespace, else raw ids.
    const hints = hintsFromStrings(w.annotations, ANNOTATION_PREFIXES, bag);
    if (!hints.has("runs-on") && ctx.options.k8sLocation) {
      hints.set("runs-on", { at: w.svc.at, groups: [[{ value: ctx.options.k8sLocation, at: w.svc.at }]] });
    }
    applyHints(
      w.svc,
      hints,
      (n) => {
        const s = services.get(key(w.namespace, n));
        const t = s ? selected(s) : [];
        if (t.length === 1) return t[0]!.svc;
        const direct = byName.get(key(w.namespace, n));
        return direct && direct.length === 1 ? direct[0]!.svc : undefined;
      },
      bag,
    );
  }
  // Gateway and mesh routes: the gateway depends on the workloads the destination Services select.
  const gatewayNodes = routes.length === 0 ? [] : readMeshRoutes(routes, {
    workloads,
    namespaces,
    serviceTargets: (ns, name) => {
      const s = services.get(key(ns, name));
      return s === undefined ? undefined : s.external ? [] : selected(s);
    },
  }, ctx);
  return [...workloads.map((w) => w.svc), ...gatewayNodes];
}
