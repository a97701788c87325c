/**
 * Kubernetes manifests: workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
 * CronJob, Pod) become services; a Service is not a node but the name other workloads
 * reach a workload by: an environment value that names a Service (`name`, `name:port`,
 * `name.ns`, `name.ns.svc.cluster.local`, URLs) becomes a dependency on the workloads the
 * Service selects (several: a redundancy group, any one is enough). See docs/importers.md.
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";
import { editDistance } from "./native.js";
import type { YDoc } from "../yaml/read-yaml.js";
import { asMap, asSeq, get, getString, type YMap, type YNode } from "../yaml/yaml-tree.js";
import type { DependencyEntry, Entity, RefEntry, ServiceEntity } from "../model/entities.js";
import { hostsInValue, keyNamesHost } from "./env-hosts.js";
import { applyHints, hintsFromStrings, type HintItem } from "./hints.js";
import { depOn, memberOf, setCandidates } from "./ids.js";
import type { ImportContext, Importer } from "./importer.js";

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]);
const READ_KINDS = new Set([...WORKLOAD_KINDS, "Service", "ConfigMap", "List"]);
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
    const h = k8sHeader(doc.root);
    return h !== undefined && READ_KINDS.has(h.kind) && !h.apiVersion.startsWith("kustomize.");
  },
  ignore(doc) {
    // kustomization.yaml and every other Kubernetes kind (ConfigMap, ServiceAccount, Ingress, ...): nothing to model.
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

function plain(m: Map<string, HintItem>): Map<string, string> {
  return new Map([...m].map(([k, v]) => [k, v.value]));
}

function importObjects(docs: readonly YDoc[], ctx: ImportContext): Entity[] {
  const bag = ctx.bag;
  const objects: YMap[] = [];
  for (const d of docs) {
    const h = k8sHeader(d.root)!;
    if (h.kind === "List") {
      for (const it of asSeq(get(h.map, "items"))?.items ?? []) {
        const ih = k8sHeader(it);
        if (ih && READ_KINDS.has(ih.kind) && ih.kind !== "List") objects.push(ih.map);
      }
    } else objects.push(h.map);
  }
  const workloads: Workload[] = [];
  const services = new Map<string, K8sService>();
  const configMaps = new Map<string, Map<string, HintItem>>();
  const namespaces = new Set<string>();
  for (const obj of objects) {
    const kind = getString(obj, "kind")!;
    const meta = asMap(get(obj, "metadata"));
    const nameNode = meta && get(meta, "name");
    const name = meta ? getString(meta, "name") : undefined;
    if (!meta || name === undefined || name === "") {
      bag.warning("bad-k8s-object", `${kind} without metadata.name: skipped`, (nameNode ?? obj).pos, { expected: "metadata.name", found: "none", hint: "give the object a name" });
      continue;
    }
    const namespace = getString(meta, "namespace") ?? "default";
    namespaces.add(namespace);
    const spec = asMap(get(obj, "spec"));
    if (kind === "Service") {
      const selNode = spec && get(spec, "selector");
      const s: K8sService = { namespace, name, external: getString(spec, "type") === "ExternalName", at: nameNode!.pos };
      if (selNode) s.selector = plain(stringMap(selNode));
      services.set(key(namespace, name), s);
      continue;
    }
    if (kind === "ConfigMap") {
      configMaps.set(key(namespace, name), stringMap(get(obj, "data")));
      continue;
    }
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
    const svc: ServiceEntity = {
      kind: "service",
      id: name,
      name,
      type: kind,
      tier: "medium",
      runsOn: [],
      minPlacements: 1,
      dependsOn: [],
      labels: plain(labels),
      annotations: plain(annotations),
      attributes: new Map([
        ["kubernetes.namespace", namespace],
        ["kubernetes.kind", kind],
      ]),
      origin: "kubernetes",
      at: nameNode!.pos,
      danglingSeverity: "warning",
    };
    setCandidates(svc, [name, `${namespace}.${name}`, `${namespace}.${kind.toLowerCase()}.${name}`]);
    const w: Workload = { kind, namespace, name, meta, podLabels: plain(stringMap(tmeta && get(tmeta, "labels"))), annotations, svc };
    if (podSpec) w.podSpec = podSpec;
    workloads.push(w);
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

  for (const w of workloads) {
    const seen = new Set<string>();
    const addTargets = (targets: Workload[], at: SourcePos, note: string) => {
      const others = targets.filter((t) => t !== w);
      if (others.length === 0) return;
      const sig = others.map((t) => key(t.namespace, t.name) + t.kind).sort().join("|");
      if (seen.has(sig)) return;
      seen.add(sig);
      if (others.length === 1) {
        w.svc.dependsOn.push(depOn(others[0]!.svc, at, { inferred: true, note }));
        return;
      }
      const members: RefEntry[] = others.map((t) => memberOf(t.svc, at));
      const dep: DependencyEntry = { kind: "group", members, quorum: 1, soft: false, at, note, inferred: true };
      w.svc.dependsOn.push(dep);
    };
    const consider = (envKey: string, value: string, at: SourcePos) => {
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
          addTargets(targets, at, note);
        } else if (strong && !(ns === w.namespace && name === w.name)) {
          if (seen.has(`?${ns}/${name}`)) continue;
          seen.add(`?${ns}/${name}`);
          // No Service by that name: the model builder resolves the plain name against the
          // whole id space (a native stand-in for something outside the cluster) or warns.
          w.svc.dependsOn.push({ kind: "ref", ref: name, soft: false, at, inferred: true, note: `${note}: no Service ${JSON.stringify(name)} in namespace ${ns}` });
        }
      }
    };
    for (const listName of ["initContainers", "containers"]) {
      for (const c of asSeq(w.podSpec && get(w.podSpec, listName))?.items ?? []) {
        const cm = asMap(c);
        if (!cm) continue;
        for (const e of asSeq(get(cm, "env"))?.items ?? []) {
          const em = asMap(e);
          const envKey = em && getString(em, "name");
          if (!em || envKey === undefined) continue;
          const v = get(em, "value");
          if (v?.kind === "scalar" && v.value !== null) {
            consider(envKey, String(v.value), v.pos);
            continue;
          }
          const ref = asMap(get(asMap(get(em, "valueFrom")) ?? em, "configMapKeyRef"));
          const cmName = ref && getString(ref, "name");
          const cmKey = ref && getString(ref, "key");
          const item = cmName !== undefined && cmKey !== undefined ? configMaps.get(key(w.namespace, cmName))?.get(cmKey) : undefined;
          if (item) consider(envKey, item.value, item.at);
        }
        for (const e of asSeq(get(cm, "envFrom"))?.items ?? []) {
          const em = asMap(e);
          const cmName = em && getString(asMap(get(em, "configMapRef")), "name");
          const prefix = (em && getString(em, "prefix")) ?? "";
          const data = cmName !== undefined ? configMaps.get(key(w.namespace, cmName)) : undefined;
          for (const [k, item] of data ?? []) consider(prefix + k, item.value, item.at);
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
  return workloads.map((w) => w.svc);
}
