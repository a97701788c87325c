/**
 * Mesh and gateway routes in Kubernetes manifests (docs/importers.md): an Istio `VirtualService`
 * bound to a `Gateway` (`spec.http[]`, `tcp[]`, `tls[]` → `route[].destination.host`) and a
 * Gateway API route (`HTTPRoute`, `GRPCRoute`, `TCPRoute`, `TLSRoute`, `UDPRoute`:
 * `spec.rules[].backendRefs[]` under `spec.parentRefs[]`) are dependencies of the gateway on the
 * workloads the destination Services select (inferred, `route <name>`). The gateway is the
 * workload an Istio Gateway's `selector` picks; when that workload is not in the load (an
 * installed ingress gateway) and for a Gateway API Gateway (its proxy is provisioned by the
 * controller), the Gateway object itself is the node. A VirtualService bound only to `mesh`
 * (sidecars) reroutes calls that are already seen: not read as edges.
 *
 * A Kubernetes `Ingress` (`networking.k8s.io/v1`, and the legacy `networking.k8s.io/v1beta1`
 * and `extensions/v1beta1`) is read the same way: the Ingress object is the node (its
 * controller is installed apart and serves many Ingresses), and it depends on the workloads
 * each backend Service (`defaultBackend`/`backend`, `rules[].http.paths[].backend`) selects in
 * its own namespace. kustomize renames Ingress backends with the Services (its built-in
 * nameReference lists them); it does not rename route backends.
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";
import { asMap, asSeq, get, getString, scalarString, type YMap } from "../yaml/yaml-tree.js";
import type { DependencyEntry, RefEntry, ServiceEntity } from "../model/entities.js";
import { depOn, importedService, memberOf } from "./ids.js";
import type { ImportContext } from "./importer.js";
import { readIngress, INGRESS_API_VERSIONS } from "./ingress.js";
import { renamedIn, renamedTo, type KustomizeBuild } from "./kustomize.js";

export const ROUTE_KINDS = new Set(["VirtualService", "Gateway", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "Ingress"]);
const ISTIO = /^networking\.istio\.io\//;
const GATEWAY_API = /^gateway\.networking\.k8s\.io\//;

/** A route or gateway object as the Kubernetes importer read it (name and namespace after kustomize). */
export interface RouteObject {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  map: YMap;
  at: SourcePos;
  file: string;
  /** The kustomize build that made the object (Ingress backends are renamed with the Services). */
  build?: KustomizeBuild;
}

/** What the routes need of the workloads: their namespace, pod labels and service entity. */
export interface MeshWorkload {
  namespace: string;
  podLabels: ReadonlyMap<string, string>;
  svc: ServiceEntity;
}

export interface MeshContext {
  workloads: readonly MeshWorkload[];
  /** The workloads a Service selects; undefined when no such Service is in the load. */
  serviceTargets(namespace: string, name: string): readonly MeshWorkload[] | undefined;
  /** Namespaces of the load (to read `name.ns` hosts). */
  namespaces: ReadonlySet<string>;
}

const k = (ns: string, name: string) => `${ns}\u0000${name}`;

/** A Gateway or an Ingress as a node of its own: its proxy is provisioned by a controller the files do not hold. */
function objectNode(o: RouteObject, kind: "Gateway" | "Ingress", candidates: string[]): ServiceEntity {
  return importedService({
    name: o.name,
    type: kind,
    attributes: new Map([
      ["kubernetes.namespace", o.namespace],
      ["kubernetes.kind", kind],
      ["kubernetes.apiVersion", o.apiVersion],
    ]),
    origin: "kubernetes",
    at: o.at,
    candidates,
  });
}

/** Reads the routes; adds their dependencies to the gateway workloads; returns the Gateway nodes it made. */
export function readMeshRoutes(objects: readonly RouteObject[], mc: MeshContext, ctx: ImportContext): ServiceEntity[] {
  const gateways = new Map<string, RouteObject>();
  for (const o of objects) if (o.kind === "Gateway") gateways.set(k(o.namespace, o.name), o);
  const made = new Map<RouteObject, ServiceEntity>();
  const sourcesCache = new Map<RouteObject, ServiceEntity[]>();
  /** The services a gateway object stands for: the workloads its selector picks, else the object itself. */
  const sourcesOf = (g: RouteObject): ServiceEntity[] => {
    let hit = sourcesCache.get(g);
    if (hit) return hit;
    const sel = ISTIO.test(g.apiVersion) ? asMap(get(asMap(get(g.map, "spec")) ?? g.map, "selector")) : undefined;
    const labels = new Map<string, string>();
    for (const e of sel?.entries ?? []) {
      const v = scalarString(e.value);
      if (v !== undefined) labels.set(e.key, v);
    }
    // Istio applies a Gateway's selector to gateway pods of every namespace.
    hit = labels.size > 0 ? mc.workloads.filter((w) => [...labels].every(([lk, lv]) => w.podLabels.get(lk) === lv)).map((w) => w.svc) : [];
    if (hit.length === 0) {
      let node = made.get(g);
      if (!node) {
        node = objectNode(g, "Gateway", [g.name, `${g.namespace}.${g.name}`, `${g.namespace}.gateway.${g.name}`]);
        made.set(g, node);
      }
      hit = [node];
    }
    sourcesCache.set(g, hit);
    return hit;
  };
  const seen = new Map<ServiceEntity, Set<string>>();
  const addRoute = (sources: readonly ServiceEntity[], route: RouteObject, dests: Array<{ ns: string; name: string; at: SourcePos; value: string }>) => {
    const targets: MeshWorkload[] = [];
    let at: SourcePos | undefined;
    for (const d of dests) {
      const t = mc.serviceTargets(d.ns, d.name);
      if (t === undefined || t.length === 0) {
        // kustomize renames Services but not the route backends that name them (no built-in nameReference).
        const renamed = t === undefined ? renamedTo(route.build, "Service", d.name) : undefined;
        const why =
          t !== undefined
            ? { why: `Service ${d.ns}/${d.name} leads to no workload of the load` }
            : renamed !== undefined && mc.serviceTargets(d.ns, renamed) !== undefined
              ? { why: `kustomize renamed it ${renamed}` }
              : {};
        for (const s of sources) if (ctx.report) (ctx.report.unresolved ??= []).push({ service: s, host: d.value, via: `route ${route.name}`, at: d.at, ...why });
        continue;
      }
      for (const w of t) if (!targets.includes(w)) targets.push(w);
      at ??= d.at;
    }
    if (targets.length === 0 || at === undefined) return;
    for (const s of sources) {
      const others = targets.filter((t) => t.svc !== s);
      if (others.length === 0) continue;
      const sig = others.map((t) => `${t.svc.attributes.get("kubernetes.namespace")}/${t.svc.name}/${t.svc.type}`).sort().join("|");
      let ss = seen.get(s);
      if (!ss) seen.set(s, (ss = new Set()));
      if (ss.has(sig)) continue;
      ss.add(sig);
      const evidence = { kind: "inferred" as const, via: `route ${route.name}` };
      const note = `from route ${route.name}`;
      if (others.length === 1) {
        const dep = depOn(others[0]!.svc, at, { inferred: true, note });
        dep.evidence = evidence;
        s.dependsOn.push(dep);
      } else {
        // A weighted split (canary and stable) load-balances: any destination serves the route.
        const members: RefEntry[] = others.map((t) => memberOf(t.svc, at!));
        const dep: DependencyEntry = { kind: "group", members, quorum: 1, soft: false, at, note, inferred: true, evidence };
        s.dependsOn.push(dep);
      }
    }
  };
  const gatewayNotFound = (route: RouteObject, ns: string, name: string) => ctx.report?.skipped.push({ file: route.file, why: `mesh: route ${route.name} names gateway ${ns}/${name}, not in the load` });

  // An Ingress named like a workload is qualified by its kind (`shop.ingress.web`) so that the
  // workload keeps its plain id (`web`): an Ingress is very often named after its Service.
  let workloadNames: Set<string> | undefined;
  const ingressNodes: ServiceEntity[] = [];
  const readIngressObject = (o: RouteObject) => {
    const v1 = INGRESS_API_VERSIONS.get(o.apiVersion);
    if (v1 === undefined) return; // an Ingress of another API group (a controller's own CRD): not read
    const read = readIngress(o.map, v1);
    for (const p of read.problems) {
      const times = p.count > 1 ? ` (${p.count} times; the first here)` : "";
      ctx.bag.warning("bad-ingress", `Ingress ${o.namespace}/${o.name}: ${p.field} ${p.what}${times}: no dependency recorded from it`, p.at, { expected: p.expected, found: p.found, hint: p.hint });
    }
    if (read.resources.length > 0) {
      const n = read.resources.length;
      const shown = read.resources.slice(0, 3).join(", ") + (n > 3 ? ` and ${n - 3} more` : "");
      ctx.report?.skipped.push({ file: o.file, why: `ingress: ${o.namespace}/${o.name} routes to ${n === 1 ? "a resource" : `${n} resources`} that ${n === 1 ? "is" : "are"} not a Service (${shown}): not followed` });
    }
    // An Ingress with a spec is an entry point, even when nothing behind it could be read (its
    // problems are warnings above): a node without edges, that `blast` and the pictures name.
    // Without a spec it is nothing yet.
    if (read.services.length === 0 && read.resources.length === 0 && get(o.map, "spec") === undefined) return;
    workloadNames ??= new Set(mc.workloads.map((w) => w.svc.name));
    const qualified = `${o.namespace}.ingress.${o.name}`;
    const node = objectNode(o, "Ingress", workloadNames.has(o.name) ? [qualified] : [o.name, `${o.namespace}.${o.name}`, qualified]);
    ingressNodes.push(node);
    // Backends name a Service of the Ingress's own namespace (the API has no namespace field).
    for (const b of read.services) {
      const name = renamedIn(o.build, "Service", b.name);
      addRoute([node], o, [{ ns: o.namespace, name, at: b.at, value: b.name }]);
    }
  };

  for (const o of objects) {
    if (o.kind === "Ingress") {
      readIngressObject(o);
      continue;
    }
    const spec = asMap(get(o.map, "spec"));
    if (!spec) continue;
    if (o.kind === "VirtualService" && ISTIO.test(o.apiVersion)) {
      const sources: ServiceEntity[] = [];
      for (const it of asSeq(get(spec, "gateways"))?.items ?? []) {
        const ref = scalarString(it);
        if (ref === undefined || ref === "mesh") continue;
        const [ns, name] = ref.includes("/") ? (ref.split("/", 2) as [string, string]) : [o.namespace, ref];
        const g = gateways.get(k(ns, name));
        if (!g) {
          gatewayNotFound(o, ns, name);
          continue;
        }
        for (const s of sourcesOf(g)) if (!sources.includes(s)) sources.push(s);
      }
      if (sources.length === 0) continue;
      for (const field of ["http", "tcp", "tls"]) {
        for (const rule of asSeq(get(spec, field))?.items ?? []) {
          const dests: Array<{ ns: string; name: string; at: SourcePos; value: string }> = [];
          const rm = asMap(rule);
          for (const r of (rm && asSeq(get(rm, "route"))?.items) ?? []) {
            const dm = asMap(r) && asMap(get(asMap(r)!, "destination"));
            const hostNode = dm && get(dm, "host");
            const host = scalarString(hostNode)?.toLowerCase();
            if (host === undefined || hostNode === undefined) continue;
            const d = serviceOfHost(host, o.namespace, mc.namespaces);
            if (d) dests.push({ ...d, at: hostNode.pos, value: host });
            else for (const s of sources) if (ctx.report) (ctx.report.unresolved ??= []).push({ service: s, host, via: `route ${o.name}`, at: hostNode.pos });
          }
          addRoute(sources, o, dests);
        }
      }
    } else if (o.kind !== "Gateway" && GATEWAY_API.test(o.apiVersion)) {
      const sources: ServiceEntity[] = [];
      for (const p of asSeq(get(spec, "parentRefs"))?.items ?? []) {
        const pm = asMap(p);
        const name = pm && getString(pm, "name");
        if (!pm || name === undefined) continue;
        const kind = getString(pm, "kind") ?? "Gateway";
        if (kind !== "Gateway") continue; // a Service parent (GAMMA): a mesh route, not an entry point
        const ns = getString(pm, "namespace") ?? o.namespace;
        const g = gateways.get(k(ns, name));
        if (!g || !GATEWAY_API.test(g.apiVersion)) {
          gatewayNotFound(o, ns, name);
          continue;
        }
        if (!acceptsRoute(g, o.namespace, getString(pm, "sectionName"))) {
          ctx.report?.skipped.push({ file: o.file, why: `mesh: route ${o.name} (namespace ${o.namespace}) is not allowed by the listeners of gateway ${ns}/${name} (allowedRoutes from: Same)` });
          continue;
        }
        for (const s of sourcesOf(g)) if (!sources.includes(s)) sources.push(s);
      }
      if (sources.length === 0) continue;
      for (const rule of asSeq(get(spec, "rules"))?.items ?? []) {
        const dests: Array<{ ns: string; name: string; at: SourcePos; value: string }> = [];
        const rm = asMap(rule);
        for (const b of (rm && asSeq(get(rm, "backendRefs"))?.items) ?? []) {
          const bm = asMap(b);
          const nameNode = bm && get(bm, "name");
          const name = scalarString(nameNode);
          if (!bm || name === undefined || nameNode === undefined) continue;
          const kind = getString(bm, "kind") ?? "Service";
          const group = getString(bm, "group") ?? "";
          if (kind !== "Service" || group !== "") continue;
          dests.push({ ns: getString(bm, "namespace") ?? o.namespace, name, at: nameNode.pos, value: name });
        }
        addRoute(sources, o, dests);
      }
    }
  }
  return [...made.values(), ...ingressNodes];
}

/** `reviews`, `reviews.ns`, `reviews.ns.svc[.cluster.local]` → the Service; other names are outside the cluster. */
function serviceOfHost(host: string, ns: string, namespaces: ReadonlySet<string>): { ns: string; name: string } | undefined {
  if (host.includes("*")) return undefined;
  const labels = host.split(".");
  if (labels.length === 1) return { ns, name: host };
  if (labels.length === 2) return namespaces.has(labels[1]!) ? { ns: labels[1]!, name: labels[0]! } : undefined;
  if (labels[2] === "svc") return { ns: labels[1]!, name: labels[0]! };
  return undefined;
}

/**
 * Whether a Gateway API Gateway accepts a route of namespace `routeNs` (through its listener
 * `section`, else any): `allowedRoutes.namespaces.from` is `Same` by default, so a route of
 * another namespace attaches only through a listener with `from: All` or `Selector` (the
 * namespaces' labels are not read: a selector is taken to allow it).
 */
function acceptsRoute(gateway: RouteObject, routeNs: string, section: string | undefined): boolean {
  if (routeNs === gateway.namespace) return true;
  const spec = asMap(get(gateway.map, "spec"));
  const listeners = (spec && asSeq(get(spec, "listeners"))?.items) ?? [];
  for (const l of listeners) {
    const lm = asMap(l);
    if (!lm || (section !== undefined && getString(lm, "name") !== section)) continue;
    const ar = asMap(get(lm, "allowedRoutes"));
    const nsm = ar && asMap(get(ar, "namespaces"));
    const from = (nsm && getString(nsm, "from")) ?? "Same";
    if (from === "All" || from === "Selector") return true;
  }
  return false;
}
