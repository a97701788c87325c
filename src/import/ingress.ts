/**
 * What a Kubernetes `Ingress` routes to (docs/importers.md, "Gateway and mesh routes"): the
 * Service names of its default backend and of every `rules[].http.paths[].backend`, in the
 * form of its apiVersion — `service: {name}` and `defaultBackend` in `networking.k8s.io/v1`,
 * `serviceName` and `backend` in `networking.k8s.io/v1beta1` and `extensions/v1beta1` — the
 * `resource` backends (not Services, not followed), and what is malformed, grouped so that
 * thousands of bad paths give one problem with a count. One pass over the paths, no recursion.
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";
import { asMap, asSeq, describe, get, scalarString, type YMap, type YNode } from "../yaml/yaml-tree.js";

/** The Ingress apiVersions read; `true` for the v1 form of backends. */
export const INGRESS_API_VERSIONS: ReadonlyMap<string, boolean> = new Map([
  ["networking.k8s.io/v1", true],
  ["networking.k8s.io/v1beta1", false],
  ["extensions/v1beta1", false],
]);

/** A malformed part of an Ingress: where first, how many times, what was expected and found. */
export interface IngressProblem {
  field: string;
  /** What is wrong, after the field: `is not a list of rules`, `is the v1beta1 form`. */
  what: string;
  at: SourcePos;
  count: number;
  expected: string;
  found: string;
  hint: string;
}

export interface IngressRead {
  /** Distinct backend Service names as written, in order, each at its first mention. */
  services: Array<{ name: string; at: SourcePos }>;
  /** Distinct `resource` backends (`apiGroup/Kind name`), in order. */
  resources: string[];
  /** Malformed fields, in order of first appearance. */
  problems: IngressProblem[];
}

/** The value of `key`, with YAML null read as absent (as the API server reads it). */
function val(map: YMap, key: string): YNode | undefined {
  const n = get(map, key);
  return n?.kind === "scalar" && n.value === null ? undefined : n;
}

/** Reads an Ingress object of one of INGRESS_API_VERSIONS (`v1`: the v1 form). */
export function readIngress(map: YMap, v1: boolean): IngressRead {
  const services = new Map<string, SourcePos>();
  const resources = new Set<string>();
  const problems = new Map<string, IngressProblem>();
  const problem = (field: string, node: YNode | undefined, at: SourcePos, expected: string, hint: string, what = node === undefined ? "is missing" : `is not ${expected}`) => {
    const key = `${field}\u0000${what}`;
    const p = problems.get(key);
    if (p) p.count++;
    else problems.set(key, { field, what, at: node?.pos ?? at, count: 1, expected, found: describe(node), hint });
  };
  const form = v1 ? "service: {name: web, port: {number: 80}}" : "serviceName: web";
  const backend = (node: YNode | undefined, field: string, at: SourcePos) => {
    const bm = asMap(node);
    if (!bm) return problem(field, node, at, `a backend mapping (${form})`, "write the backend as the Ingress API defines it");
    const resource = val(bm, "resource");
    const service = val(bm, "service");
    const serviceName = val(bm, "serviceName");
    if (resource !== undefined && (service ?? serviceName) !== undefined)
      return problem(field, bm, at, "either a service or a resource", "the API server refuses a backend with both", "names both a service and a resource");
    if (resource !== undefined) {
      const rm = asMap(resource);
      const kind = rm && scalarString(val(rm, "kind"));
      const name = rm && scalarString(val(rm, "name"));
      const group = (rm && scalarString(val(rm, "apiGroup"))) ?? "";
      if (kind === undefined || name === undefined) return problem(`${field}.resource`, resource, at, "a resource reference {apiGroup, kind, name}", "name the resource's kind and name");
      resources.add(`${group === "" ? "" : group + "/"}${kind} ${name}`);
      return;
    }
    // The other version's form: the API server refuses it (an unknown field), so no backend is there.
    if (v1 && serviceName !== undefined && service === undefined)
      return problem(`${field}.serviceName`, serviceName, at, "service: {name, port}", "write service: {name: …, port: {number: …}} (the API server refuses serviceName in v1)", "is the v1beta1 form");
    if (!v1 && service !== undefined && serviceName === undefined)
      return problem(`${field}.service`, service, at, "serviceName", "write serviceName: …, or apiVersion: networking.k8s.io/v1 (the API server refuses service in v1beta1)", "is the networking.k8s.io/v1 form");
    const nameNode = v1 ? asMap(service) && val(asMap(service)!, "name") : serviceName;
    const nameField = v1 ? `${field}.service.name` : `${field}.serviceName`;
    if (v1 && service !== undefined && !asMap(service)) return problem(`${field}.service`, service, at, "a mapping {name, port}", "write service: {name: web, port: {number: 80}}");
    if (nameNode === undefined) return problem(nameField, undefined, bm.pos, "the name of a Service", `write ${form}`);
    if (nameNode.kind !== "scalar" || typeof nameNode.value !== "string" || nameNode.value === "")
      return problem(nameField, nameNode, at, "the name of a Service (a string)", "a Service name is a DNS label such as web-api");
    if (!services.has(nameNode.value)) services.set(nameNode.value, nameNode.pos);
  };

  const defaultKey = v1 ? "defaultBackend" : "backend";
  const otherKey = v1 ? "backend" : "defaultBackend";
  const specNode = val(map, "spec");
  const spec = asMap(specNode);
  // No spec at all (a stub, or an object written for another tool): nothing to read, nothing to say.
  if (specNode === undefined) return done();
  if (!spec) {
    problem("spec", specNode, map.pos, `a mapping with ${defaultKey} or rules`, "an Ingress needs a spec that routes somewhere");
    return done();
  }
  const def = val(spec, defaultKey);
  if (def !== undefined) backend(def, `spec.${defaultKey}`, spec.pos);
  const other = val(spec, otherKey);
  if (other !== undefined)
    problem(`spec.${otherKey}`, other, spec.pos, `spec.${defaultKey}`, `write spec.${defaultKey} (the API server refuses spec.${otherKey} in this apiVersion)`, `is the ${v1 ? "v1beta1" : "networking.k8s.io/v1"} name of the default backend`);
  const rulesNode = val(spec, "rules");
  if (def === undefined && other === undefined && rulesNode === undefined) problem("spec", spec, spec.pos, `${defaultKey} or rules`, "the API server refuses an Ingress with neither", `has neither ${defaultKey} nor rules`);
  if (rulesNode !== undefined) {
    const rules = asSeq(rulesNode);
    if (!rules) problem("spec.rules", rulesNode, spec.pos, "a list of rules", "write rules: [{host: …, http: {paths: […]}}]");
    for (const r of rules?.items ?? []) {
      const rm = asMap(r);
      if (!rm) {
        problem("spec.rules[]", r, spec.pos, "a rule mapping {host, http}", "write each rule as {host: …, http: {paths: […]}}");
        continue;
      }
      const httpNode = val(rm, "http");
      if (httpNode === undefined) continue; // a rule without http: its host goes to the default backend
      const http = asMap(httpNode);
      const pathsNode = http && val(http, "paths");
      const paths = asSeq(pathsNode);
      if (!paths) {
        problem(http ? "spec.rules[].http.paths" : "spec.rules[].http", http ? pathsNode : httpNode, rm.pos, http ? "a list of paths" : "a mapping {paths: […]}", "write http: {paths: [{path: /, pathType: Prefix, backend: …}]}");
        continue;
      }
      for (const p of paths.items) {
        const pm = asMap(p);
        if (!pm) {
          problem("spec.rules[].http.paths[]", p, paths.pos, "a path mapping {path, pathType, backend}", "write each path as {path: /, pathType: Prefix, backend: …}");
          continue;
        }
        backend(val(pm, "backend"), "spec.rules[].http.paths[].backend", pm.pos);
      }
    }
  }
  return done();

  function done(): IngressRead {
    return { services: [...services].map(([name, at]) => ({ name, at })), resources: [...resources], problems: [...problems.values()] };
  }
}
