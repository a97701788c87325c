/**
 * App configs: YAML that is not a manifest but says whom a service calls. A Spring Boot
 * `application*.yml` / `bootstrap*.yml` names its service (`spring.application.name`) and
 * may hold gateway routes (`uri: lb://customers-service`), a config server
 * (`spring.config.import: configserver:http://config-server:8888`) or other addresses; a file
 * inside a Compose service's build context or bind-mounted folder (a Grafana data source, a
 * proxy config) belongs to that service. Addresses become quiet overlays: only services in
 * the load are kept, and nothing is warned. See docs/importers.md.
 */
import { basename } from "node:path";
import type { YDoc } from "../yaml/read-yaml.js";
import { asMap, get, type YNode } from "../yaml/yaml-tree.js";
import type { DependencyEntry, ServiceEntity } from "../model/entities.js";
import { hostsInValue, keyNamesHost } from "./env-hosts.js";
import type { ImportReport } from "./importer.js";
import type { Overlay } from "./overlay.js";

const SPRING_FILE = /^(application|bootstrap)([-.][A-Za-z0-9_.-]+)?\.ya?ml$/;
/** Most scalars looked at in one file (app configs can be large; addresses are near the top). */
const MAX_SCALARS = 20_000;

function scalarString(n: YNode | undefined): string | undefined {
  return n?.kind === "scalar" && n.value !== null ? String(n.value) : undefined;
}

/** The Spring application name of a file's documents (`spring.application.name`, or the flat `spring.application.name:` key). */
function springName(docs: readonly YDoc[]): string | undefined {
  for (const d of docs) {
    const root = asMap(d.root);
    if (!root) continue;
    const flat = scalarString(get(root, "spring.application.name"));
    if (flat) return flat;
    const app = asMap(get(asMap(get(root, "spring")) ?? root, "application"));
    const n = app && get(root, "spring") ? scalarString(get(app, "name")) : undefined;
    if (n) return n;
  }
  return undefined;
}

/** A gateway route with a circuit breaker that has a fallback degrades instead of failing. */
function hasFallback(route: YNode): boolean {
  const filters = asMap(route) && get(asMap(route)!, "filters");
  const items = filters?.kind === "seq" ? filters.items : [];
  return items.some((f) => {
    const s = scalarString(f);
    if (s !== undefined) return /^CircuitBreaker=.*fallbackUri=/i.test(s);
    const m = asMap(f);
    return m !== undefined && /circuitbreaker/i.test(scalarString(get(m, "name")) ?? "") && asMap(get(m, "args")) !== undefined && get(asMap(get(m, "args"))!, "fallbackUri") !== undefined;
  });
}

/**
 * Reads the app configs among `docs` (documents no importer took). Returns the files it
 * claimed; their addresses are added to `report.overlays`.
 */
export function readAppConfigs(docs: readonly YDoc[], report: ImportReport): Set<string> {
  const claimed = new Set<string>();
  const byFile = new Map<string, YDoc[]>();
  for (const d of docs) {
    let list = byFile.get(d.file);
    if (!list) byFile.set(d.file, (list = []));
    list.push(d);
  }
  const owners = [...(report.configOwners ?? [])].sort((a, b) => b.path.length - a.path.length);
  const ownerOf = (file: string): ServiceEntity | undefined => owners.find((o) => file === o.path || file.startsWith(o.path.endsWith("/") ? o.path : o.path + "/"))?.service;
  for (const [file, fileDocs] of byFile) {
    let caller: string | undefined;
    if (SPRING_FILE.test(basename(file))) caller = springName(fileDocs);
    if (caller === undefined) caller = ownerOf(file)?.id;
    if (caller === undefined) continue;
    // Test resources configure a test run, not the deployment.
    if (/(^|\/)src\/test\//.test(file)) {
      claimed.add(file);
      report.skipped.push({ file, why: "app-config: test resources" });
      continue;
    }
    claimed.add(file);
    const overlay: Overlay = { target: caller, at: fileDocs[0]!.pos, dependsOn: [], quiet: true };
    let budget = MAX_SCALARS;
    for (const d of fileDocs) {
      // Iterative walk: the depth of the file never becomes the depth of the stack.
      const stack: Array<{ node: YNode; path: string; route?: { id: string; soft: boolean; cluster?: boolean } }> = [{ node: d.root, path: "" }];
      while (stack.length > 0 && budget > 0) {
        const { node, path, route } = stack.pop()!;
        if (node.kind === "map") {
          const isRoute = /(^|\.)routes\[\]$/.test(path) && get(node, "uri") !== undefined;
          // An Envoy static cluster (`static_resources.clusters[]` with a name): its endpoints are the proxy's upstreams.
          const isCluster = !isRoute && /(^|\.)clusters\[\]$/.test(path) && scalarString(get(node, "name")) !== undefined;
          const r = isRoute ? { id: scalarString(get(node, "id")) ?? scalarString(get(node, "uri"))!, soft: hasFallback(node) } : isCluster ? { id: scalarString(get(node, "name"))!, soft: false, cluster: true } : route;
          for (let i = node.entries.length - 1; i >= 0; i--) {
            const e = node.entries[i]!;
            if (isRoute && e.key !== "uri") continue;
            stack.push({ node: e.value, path: path === "" ? e.key : `${path}.${e.key}`, ...(r ? { route: r } : {}) });
          }
        } else if (node.kind === "seq") {
          for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i]!, path: `${path}[]`, ...(route ? { route } : {}) });
        } else {
          budget--;
          const raw = scalarString(node);
          if (raw === undefined) continue;
          const key = path.slice(path.lastIndexOf(".") + 1).replace(/\[\]$/, "");
          // `optional:configserver:http://config-server:8888/` → the URL
          const value = raw.replace(/(^|,)\s*(optional:)?(configserver:|configtree:)?/g, "$1").replace(/\$\{[^}]*:(https?:[^}]*)\}/g, "$1");
          for (const m of hostsInValue(value, keyNamesHost(key) || key === "defaultZone")) {
            if (m.host.includes(".")) continue;
            const dep: DependencyEntry = {
              kind: "ref",
              ref: m.host,
              soft: route?.soft ?? false,
              at: node.pos,
              inferred: true,
              evidence: { kind: "inferred", via: route ? `${route.cluster ? "envoy cluster" : "route"} ${route.id}` : path, value: raw, ...(route?.soft ? { reason: "gateway route with a circuit-breaker fallback" } : {}) },
            };
            overlay.dependsOn.push(dep);
          }
        }
      }
    }
    if (overlay.dependsOn.length > 0) (report.overlays ??= []).push(overlay);
  }
  return claimed;
}
