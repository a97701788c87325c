/**
 * The coverage summary (docs/importers.md, "What faultline cannot see"): imported workloads
 * with no dependency faultline could see (data stores and telemetry backends excepted: they
 * usually call nothing), workloads whose dependencies are only declared (start-up order,
 * hints: calls made from code are invisible), edges by evidence, files skipped and why,
 * and which Compose files were combined.
 */
import type { Entity } from "../model/entities.js";
import type { Coverage, Estate } from "../model/types.js";
import { CLASSIFICATION_TABLE, imageName } from "./classify.js";
import type { ImportReport } from "./importer.js";

/** Images and names of services that usually depend on nothing: data stores, brokers, registries, telemetry backends. */
export const LEAF_INFRASTRUCTURE = /redis|valkey|memcache|mongo|mysql|mariadb|postgres|postgis|(^|[-_/])pg($|[-_:])|mssql|sql-?server|sqldata|oracle|cassandra|scylla|couch|elasticsearch|opensearch|rabbitmq|kafka|zookeeper|(^|[-_/])nats($|[-_:])|activemq|artemis|pulsar|etcd|consul|minio|localstack|azurite|dynamo|neo4j|influx|clickhouse|cockroach|(^|[-_/])vault($|[-_:])|(^|[-_/])seq($|[-_:])|-db($|[-_:])|(^|[-_/])db($|[-_:])|database|cache|queue|storage|eureka|config-?server|discovery/i;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Computes the coverage of a built estate from the imported entities and the importers' report. */
export function computeCoverage(entities: readonly Entity[], estate: Estate, report: ImportReport): Coverage {
  const g = estate.graph;
  const edges = { declared: 0, inferred: 0, possible: 0 };
  const outKinds = new Map<string, Set<string>>();
  g.forEachEdge((_k, a, from) => {
    if (a.relation !== "hard" && a.relation !== "soft" && a.relation !== "group") return;
    const kind = a.evidence?.kind ?? (a.inferred ? "inferred" : "declared");
    edges[kind]++;
    let s = outKinds.get(from);
    if (!s) outKinds.set(from, (s = new Set()));
    s.add(kind);
  });
  for (const x of estate.setAside ?? []) {
    let s = outKinds.get(x.from);
    if (!s) outKinds.set(x.from, (s = new Set()));
    if (x.why === "possible") {
      edges.possible++;
      s.add("possible");
    } else s.add("startup");
  }
  const telemetry = CLASSIFICATION_TABLE.filter((r) => r.target).map((r) => r.target!);
  const unknown: string[] = [];
  const declaredOnly: string[] = [];
  let imported = 0;
  for (const e of entities) {
    if (e.kind !== "service" || e.origin === "native" || !g.hasNode(e.id)) continue;
    imported++;
    const kinds = outKinds.get(e.id);
    const names = [e.name, imageName(e.attributes.get("image") ?? "")];
    if (!kinds || kinds.size === 0) {
      if (names.some((n) => n !== "" && (LEAF_INFRASTRUCTURE.test(n) || telemetry.some((t) => t.test(n))))) continue;
      unknown.push(e.id);
    } else if ((e.origin === "compose" || e.origin === "kubernetes") && !kinds.has("inferred") && !kinds.has("possible")) declaredOnly.push(e.id);
  }
  const seen = new Set<string>();
  // Once per file and reason: a file can hold several skipped objects (routes to gateways not loaded).
  const skipped = report.skipped
    .filter((s) => {
      const key = `${s.file}\u0000${s.why}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => cmp(a.file, b.file) || cmp(a.why, b.why));
  const un = new Map<string, Coverage["unresolved"][number]>();
  for (const u of report.unresolved ?? []) {
    const k = `${u.service.id}\u0000${u.host}`;
    if (!un.has(k) && g.hasNode(u.service.id)) un.set(k, { service: u.service.id, host: u.host, via: u.via, file: u.at.file, line: u.at.line, ...(u.why !== undefined ? { why: u.why } : {}) });
  }
  return {
    imported,
    unknown: unknown.sort(cmp),
    unresolved: [...un.values()].sort((a, b) => cmp(a.service, b.service) || cmp(a.host, b.host)),
    declaredOnly: declaredOnly.sort(cmp),
    edges,
    skipped,
    composeProjects: [...report.composeProjects].sort((a, b) => cmp(a.folder, b.folder)),
  };
}
