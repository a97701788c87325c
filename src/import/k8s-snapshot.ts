/**
 * Kubernetes live state: a snapshot taken with
 * `kubectl get nodes,pods,deployments,statefulsets,daemonsets,replicasets,poddisruptionbudgets,services -A -o yaml`
 * (one `kind: List`, or several files). Each ready pod is followed to its workload
 * (ReplicaSet → Deployment, StatefulSet, DaemonSet) and to its node's zone; each workload
 * gets one placement per zone with the number of its ready pods there as `replicas`, and
 * `minPlacements` from its PodDisruptionBudget. Dependencies come from the workloads' pod
 * templates exactly as for manifests (the Kubernetes importer reads them), so a workload
 * has the same id as in the manifests and the two merge (merge-derived.ts).
 * See docs/placement.md.
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";
import type { YDoc } from "../yaml/read-yaml.js";
import { asMap, asSeq, get, getString, type YMap, type YNode } from "../yaml/yaml-tree.js";
import type { Entity, RefEntry, ServiceEntity } from "../model/entities.js";
import type { ImportContext, Importer } from "./importer.js";
import { kubernetesImporter } from "./kubernetes.js";
import { cloudLocation, LocationTree, type CloudProvider, type PlacementOptions } from "./placement-locations.js";

/** Kinds a snapshot is made of. */
const SNAPSHOT_KINDS = new Set(["Node", "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "PodDisruptionBudget", "Service", "ConfigMap"]);
/** Workloads that get placements. */
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod"]);

export const ZONE_LABELS = ["topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"];
export const REGION_LABELS = ["topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"];
/** EKS puts the AWS zone id on nodes beside the zone name. */
export const ZONE_ID_LABEL = "topology.k8s.aws/zone-id";

function header(node: YNode): { kind: string; map: YMap } | undefined {
  const map = asMap(node);
  const apiVersion = map && getString(map, "apiVersion");
  const kind = map && getString(map, "kind");
  if (!map || apiVersion === undefined || kind === undefined || apiVersion.startsWith("faultline") || apiVersion.startsWith("backstage")) return undefined;
  return { kind, map };
}

/** True for an object read from a cluster (the API server gives every object a uid), or a Node. */
function isLiveObject(h: { kind: string; map: YMap }): boolean {
  if (!SNAPSHOT_KINDS.has(h.kind)) return false;
  if (h.kind === "Node") return true;
  return getString(asMap(get(h.map, "metadata")), "uid") !== undefined;
}

/** The Kubernetes live-snapshot importer (registered before the manifest importer). */
export const k8sSnapshotImporter: Importer = {
  format: "k8s-snapshot",
  detect(doc) {
    const h = header(doc.root);
    if (!h) return false;
    if (h.kind === "List") {
      // A List is a snapshot when it holds objects read from a cluster; an empty one too
      // when kubectl wrote it (resourceVersion on the List itself).
      const items = asSeq(get(h.map, "items"))?.items ?? [];
      if (items.length === 0) return getString(asMap(get(h.map, "metadata")), "resourceVersion") !== undefined;
      return items.some((it) => {
        const ih = header(it);
        return ih !== undefined && isLiveObject(ih);
      });
    }
    return isLiveObject(h);
  },
  importDocuments(docs, ctx) {
    return importSnapshot(docs, ctx);
  },
};

interface Obj {
  kind: string;
  map: YMap;
  meta: YMap;
  namespace: string;
  name: string;
  at: SourcePos;
}

interface OwnerRef {
  kind: string;
  name: string;
}

const nsKey = (kind: string, ns: string, name: string) => `${kind}\u0000${ns}\u0000${name}`;

function labelsOf(map: YMap | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of asMap(map && get(map, "labels"))?.entries ?? []) {
    if (e.value.kind === "scalar" && e.value.value !== null) out.set(e.key, String(e.value.value));
  }
  return out;
}

function firstLabel(labels: Map<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = labels.get(k);
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

function controllerOf(meta: YMap): OwnerRef | undefined {
  const refs = (asSeq(get(meta, "ownerReferences"))?.items ?? []).map(asMap).filter((m): m is YMap => m !== undefined);
  const pick = refs.find((r) => get(r, "controller")?.kind === "scalar" && (get(r, "controller") as { value: unknown }).value === true) ?? refs[0];
  if (!pick) return undefined;
  const kind = getString(pick, "kind");
  const name = getString(pick, "name");
  return kind !== undefined && name !== undefined ? { kind, name } : undefined;
}

function intOf(node: YNode | undefined): number | undefined {
  return node?.kind === "scalar" && typeof node.value === "number" && Number.isInteger(node.value) ? node.value : undefined;
}

/** A pod counts as a placement when it runs on a node and is Ready (not pending, not failing its readiness probe, not being deleted). */
export function podIsReady(pod: YMap): boolean {
  const meta = asMap(get(pod, "metadata"));
  if (meta && get(meta, "deletionTimestamp") !== undefined && getString(meta, "deletionTimestamp") !== undefined) return false;
  if (getString(asMap(get(pod, "spec")), "nodeName") === undefined) return false;
  const status = asMap(get(pod, "status"));
  if (getString(status, "phase") !== "Running") return false;
  const ready = (asSeq(status && get(status, "conditions"))?.items ?? []).map(asMap).find((c) => c && getString(c, "type") === "Ready");
  return ready !== undefined && getString(ready, "status") === "True";
}

/** The cloud provider of a node's `spec.providerID`, and the zone it names (AWS and GCE put it there). */
export function parseProviderId(id: string | undefined): { provider: CloudProvider; zone?: string } | undefined {
  if (id === undefined) return undefined;
  let m = /^aws:\/\/\/([^/]*)\//.exec(id);
  if (m) return m[1] ? { provider: "aws", zone: m[1] } : { provider: "aws" };
  m = /^gce:\/\/[^/]+\/([^/]+)\//.exec(id);
  if (m) return { provider: "gcp", zone: m[1]! };
  if (/^azure:\/\//.test(id)) return { provider: "azure" };
  return undefined;
}

function importSnapshot(docs: readonly YDoc[], ctx: ImportContext): Entity[] {
  const { bag } = ctx;
  const options: PlacementOptions = ctx.options.placement ?? {};
  const objects: Obj[] = [];
  for (const d of docs) {
    const h = header(d.root)!;
    const maps = h.kind === "List" ? (asSeq(get(h.map, "items"))?.items ?? []).map((it) => header(it)).filter((x) => x !== undefined) : [h];
    for (const o of maps) {
      if (!SNAPSHOT_KINDS.has(o.kind)) continue;
      const meta = asMap(get(o.map, "metadata"));
      const name = meta && getString(meta, "name");
      if (!meta || name === undefined || name === "") {
        bag.warning("bad-k8s-object", `${o.kind} without metadata.name: skipped`, o.map.pos, { expected: "metadata.name", found: "none", hint: "take the snapshot with `kubectl get ... -o yaml`" });
        continue;
      }
      objects.push({ kind: o.kind, map: o.map, meta, namespace: getString(meta, "namespace") ?? "default", name, at: (get(meta, "name") ?? meta).pos });
    }
  }

  // Nodes → locations.
  const tree = new LocationTree("k8s-snapshot", (name, at) =>
    bag.warning("bad-location-name", `node label value ${JSON.stringify(name)} is not a valid location name: the node's pods are not placed`, at, { expected: "letters, digits, `.`, `_`, `-`", found: JSON.stringify(name) }),
  );
  const estate = options.estate ?? "on-prem";
  const dcLabel = options.datacenterLabel ?? REGION_LABELS[0]!;
  const rackLabel = options.rackLabel ?? ZONE_LABELS[0]!;
  const nodeLoc = new Map<string, string | undefined>();
  for (const o of objects) {
    if (o.kind !== "Node") continue;
    const labels = labelsOf(o.meta);
    const cloud = parseProviderId(getString(asMap(get(o.map, "spec")), "providerID"));
    let id: string | undefined;
    if (cloud) {
      const zone = firstLabel(labels, ZONE_LABELS) ?? cloud.zone;
      id = cloudLocation(tree, cloud.provider, firstLabel(labels, REGION_LABELS), zone, labels.get(ZONE_ID_LABEL), options, o.at);
    } else {
      const chain = [{ name: estate, type: "estate" }];
      const dc = labels.get(dcLabel);
      if (dc) {
        chain.push({ name: dc, type: "datacenter" });
        const rack = labels.get(rackLabel);
        if (rack) chain.push({ name: rack, type: "rack" });
      }
      id = tree.ensure("in-house", chain, o.at);
    }
    nodeLoc.set(o.name, id);
  }

  // Owners: ReplicaSet → Deployment; the workload of a pod is the top of that chain.
  const byKey = new Map<string, Obj>();
  for (const o of objects) byKey.set(nsKey(o.kind, o.namespace, o.name), o);
  const workloadOf = (o: Obj): Obj | undefined => {
    let cur = o;
    for (let hops = 0; hops < 3; hops++) {
      const ref = controllerOf(cur.meta);
      if (!ref) return WORKLOADS.has(cur.kind) ? cur : undefined;
      if (!WORKLOADS.has(ref.kind)) return undefined; // a Job, a CronJob, an operator's custom resource: not a service here
      const owner = byKey.get(nsKey(ref.kind, cur.namespace, ref.name));
      if (!owner) return cur.kind === "Pod" ? undefined : cur; // the owner is not in the snapshot: the nearest object stands for it
      cur = owner;
    }
    return cur;
  };

  // Ready pods per workload and location.
  const counts = new Map<Obj, Map<string, number>>();
  const seenWorkloads = new Set<Obj>();
  let unknownNodes = 0;
  for (const o of objects) {
    if (o.kind === "Pod") {
      const w = workloadOf(o);
      if (!w) continue;
      seenWorkloads.add(w);
      if (!podIsReady(o.map)) continue;
      const nodeName = getString(asMap(get(o.map, "spec")), "nodeName")!;
      if (!nodeLoc.has(nodeName)) {
        if (unknownNodes++ === 0) {
          bag.warning("unknown-node", `pod ${o.namespace}/${o.name} runs on node ${JSON.stringify(nodeName)}, which is not in the snapshot: not placed`, o.at, {
            expected: "the node among the snapshot's objects",
            found: "no such Node",
            hint: "take the snapshot with `kubectl get nodes,pods,... -A -o yaml` so nodes come with their pods",
          });
        }
        continue;
      }
      const loc = nodeLoc.get(nodeName);
      if (loc === undefined) continue;
      let m = counts.get(w);
      if (!m) counts.set(w, (m = new Map()));
      m.set(loc, (m.get(loc) ?? 0) + 1);
    } else if (o.kind === "Deployment" || o.kind === "StatefulSet" || o.kind === "DaemonSet") {
      seenWorkloads.add(o);
    } else if (o.kind === "ReplicaSet" && controllerOf(o.meta) === undefined) {
      seenWorkloads.add(o);
    }
  }

  // Services with their dependencies, read from the workloads exactly as the manifest importer reads them.
  const workloadList = [...seenWorkloads].sort((a, b) => (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : a.at.line - b.at.line || a.at.column - b.at.column));
  const asDocs: YDoc[] = [];
  for (const w of workloadList) asDocs.push({ file: w.at.file, index: 0, root: w.map, pos: w.map.pos });
  for (const o of objects) if (o.kind === "Service" || o.kind === "ConfigMap") asDocs.push({ file: o.at.file, index: 0, root: o.map, pos: o.map.pos });
  const services = kubernetesImporter.importDocuments(asDocs, { bag, options: omitK8sLocation(ctx.options) }).filter((e): e is ServiceEntity => e.kind === "service");
  const svcOf = new Map<string, ServiceEntity>();
  for (const s of services) svcOf.set(nsKey(s.attributes.get("kubernetes.kind") ?? "", s.attributes.get("kubernetes.namespace") ?? "", s.name), s);

  const pdbs = objects.filter((o) => o.kind === "PodDisruptionBudget");
  for (const w of workloadList) {
    const svc = svcOf.get(nsKey(w.kind, w.namespace, w.name));
    if (!svc) continue;
    svc.origin = "k8s-snapshot";
    const perLoc = counts.get(w);
    const runsOn: RefEntry[] = [...(perLoc ?? [])].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([id, n]) => ({ ref: `location:${id}`, at: w.at, replicas: n }));
    svc.runsOn = runsOn;
    const ready = runsOn.reduce((t, p) => t + p.replicas!, 0);
    svc.attributes.set("placement.readyPods", String(ready));
    if (ready === 0) {
      svc.minPlacements = 1;
      delete svc.minPlacementsAt;
      svc.attributes.set("placement.minPlacementsFrom", "no ready pod");
      bag.warning("no-ready-pods", `${w.kind} ${w.namespace}/${w.name} has no ready pod in the snapshot: unplaced`, w.at, { hint: "check the workload (`kubectl get pods`), or take the snapshot again" });
      continue;
    }
    const { k, from } = minAvailable(w, pdbs, ready, bag);
    svc.minPlacements = k;
    delete svc.minPlacementsAt;
    svc.attributes.set("placement.minPlacementsFrom", from);
  }
  const out: Entity[] = tree.entities();
  for (const s of services) out.push(s);
  return out;
}

function omitK8sLocation(o: ImportContext["options"]): ImportContext["options"] {
  const { k8sLocation: _drop, ...rest } = o;
  return rest;
}

/** The pod template labels of a workload (a Pod's own labels). */
function podLabels(w: Obj): Map<string, string> {
  if (w.kind === "Pod") return labelsOf(w.meta);
  const spec = asMap(get(w.map, "spec"));
  const template = spec && asMap(get(spec, "template"));
  return labelsOf(template && asMap(get(template, "metadata")));
}

/** Desired pods of a workload: `spec.replicas` (default 1), a DaemonSet's `status.desiredNumberScheduled`. */
function desiredOf(w: Obj, ready: number): number {
  if (w.kind === "DaemonSet") return intOf(get(asMap(get(w.map, "status")) ?? w.map, "desiredNumberScheduled")) ?? ready;
  if (w.kind === "Pod") return 1;
  return intOf(get(asMap(get(w.map, "spec")) ?? w.map, "replicas")) ?? 1;
}

/** `minPlacements` of a workload from the PodDisruptionBudget that selects its pods: `minAvailable`, or desired − `maxUnavailable`; else 1. */
function minAvailable(w: Obj, pdbs: readonly Obj[], ready: number, bag: ImportContext["bag"]): { k: number; from: string } {
  const labels = podLabels(w);
  for (const p of pdbs) {
    if (p.namespace !== w.namespace) continue;
    const spec = asMap(get(p.map, "spec"));
    const sel = asMap(spec && get(spec, "selector"));
    const match = asMap(sel && get(sel, "matchLabels"));
    if (!match || match.entries.length === 0) continue;
    if (!match.entries.every((e) => e.value.kind === "scalar" && labels.get(e.key) === String(e.value.value))) continue;
    const desired = desiredOf(w, ready);
    const value = (key: string): number | undefined => {
      const n = spec && get(spec, key);
      if (n?.kind !== "scalar" || n.value === null) return undefined;
      if (typeof n.value === "number" && Number.isInteger(n.value) && n.value >= 0) return n.value;
      const pct = typeof n.value === "string" ? /^(\d{1,3})%$/.exec(n.value) : null;
      // Kubernetes rounds a percentage up, for minAvailable and maxUnavailable alike.
      if (pct && Number(pct[1]) <= 100) return Math.ceil((desired * Number(pct[1])) / 100);
      bag.warning("bad-pdb", `PodDisruptionBudget ${p.namespace}/${p.name}: ${key} ${JSON.stringify(n.value)} is not a count or a percentage: ignored`, n.pos, { expected: "a whole number or a percentage such as 50%" });
      return undefined;
    };
    const minA = value("minAvailable");
    const maxU = minA === undefined ? value("maxUnavailable") : undefined;
    let k: number;
    let from: string;
    if (minA !== undefined) {
      k = minA;
      from = `PodDisruptionBudget ${p.name}: minAvailable ${String((get(spec!, "minAvailable") as { value: unknown }).value)}`;
    } else if (maxU !== undefined) {
      k = desired - maxU;
      from = `PodDisruptionBudget ${p.name}: ${desired} replicas − maxUnavailable ${String((get(spec!, "maxUnavailable") as { value: unknown }).value)}`;
    } else continue;
    if (k < 1) return { k: 1, from: `${from} (at least 1)` };
    if (k > ready) {
      bag.warning("below-disruption-budget", `${w.kind} ${w.namespace}/${w.name} has ${ready} ready pod(s), fewer than the ${k} its PodDisruptionBudget ${p.name} requires: minPlacements is ${ready}`, w.at, {
        expected: `at least ${k} ready pods`,
        found: String(ready),
        hint: "any further loss takes it below its budget; check why pods are not ready",
      });
      return { k: ready, from: `${from} (capped at the ${ready} ready pods)` };
    }
    return { k, from };
  }
  return { k: 1, from: "default 1 (no PodDisruptionBudget selects its pods)" };
}
