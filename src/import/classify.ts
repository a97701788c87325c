/**
 * Hard or soft, by what the evidence means: the classification table of imported
 * dependencies (docs/importers.md, "Hard or soft"). Telemetry and observability endpoints,
 * feature-flag providers and health-check URLs are fail-open: the caller degrades, it does
 * not go down. Users override the table in faultline.config.yaml (`classify:`), by service or
 * by variable pattern, without editing the imported files.
 */
import type { Entity, ServiceEntity } from "../model/entities.js";
import { targetOf } from "./ids.js";

/** One row of the table: what it matches and the reason recorded on the edge. */
export interface ClassRule {
  reason: string;
  /** What kind of fail-open tool the row is about; a UI of that kind keeps its own calls hard. */
  category: "telemetry" | "flags" | "health";
  /** Matches the variable (or field) name, normalised to UPPER_SNAKE (`identityUrlHC` → `IDENTITY_URL_HC`). */
  variable?: RegExp;
  /** Matches the value (health-check paths). */
  value?: RegExp;
  /** Matches the target's name or image. */
  target?: RegExp;
  /** Matches the caller's name or image: every dependency of such a caller is soft. */
  caller?: RegExp;
}

const TELEMETRY_WORDS = "OTEL|OTLP|OPENTELEMETRY|JAEGER|ZIPKIN|TRACING|TRACER|TRACES?|TELEMETRY|METRICS?|STATSD|PROMETHEUS|LOKI|FLUENTD?|FLUENT_BIT|LOGSTASH|SENTRY|DATADOG|DD_AGENT|DD_TRACE|NEW_?RELIC|INSTANA|HONEYCOMB|APPLICATIONINSIGHTS|APPINSIGHTS|PYROSCOPE|OPAMP|TRACELOOP|SPANS?|EXPORTER";
const FLAG_WORDS = "FLAGD|FEATURE_?FLAGS?|OPENFEATURE|UNLEASH|LAUNCHDARKLY|FLAGSMITH|GROWTHBOOK|FLIPT|SPLIT_?IO|OFREP";

/**
 * The default table, first match wins. Callers that are dashboards or UIs of such a tool
 * (Grafana, Kibana, `*-ui`) keep their dependencies hard: a dashboard without its data source
 * is down, and `flagd-ui` without `flagd` has nothing to show.
 */
export const CLASSIFICATION_TABLE: readonly ClassRule[] = [
  { reason: "telemetry pipeline (a collector or agent exports and drops, it does not fail its callers' calls)", category: "telemetry", caller: /(^|[-_/.])(otel|opentelemetry)[-_]?collector|otelcol|(^|[-_/])(prometheus|jaeger)($|[-_:])|(jaeger|otel|datadog|dd|newrelic|instana|elastic|apm)[-_]?agent|(^|[-_/])(fluentd|fluent-bit|logstash|promtail|filebeat|metricbeat|telegraf|vector|alloy|logspout)($|[-_:.])/i },
  { reason: "telemetry endpoint", category: "telemetry", variable: new RegExp(`(^|_)(${TELEMETRY_WORDS})(_|$)`) },
  { reason: "feature flags (clients fall back to defaults)", category: "flags", variable: new RegExp(`(^|_)(${FLAG_WORDS})(_|$)`) },
  { reason: "health check", category: "health", variable: /(^|_)(HC|HEALTH|HEALTHZ|HEALTH_?CHECKS?|LIVENESS|READINESS)(_|$)/ },
  { reason: "health check", category: "health", value: /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/(.*\/)?(hc|health|healthz|healthcheck|readyz|livez)\/?$/i },
  { reason: "telemetry backend", category: "telemetry", target: /otel|opentelemetry|collector|jaeger|zipkin|(^|[-_/])tempo($|[-_:])|tracing|prometheus|grafana|(^|[-_/])loki($|[-_:])|fluent|logstash|log-?server|logspout|kibana|(^|[-_/])apm|datadog|statsd|graphite|telegraf|opamp|pyroscope|signoz|telemetry|sentry/i },
  { reason: "feature flags (clients fall back to defaults)", category: "flags", target: /flagd|feature-?flags?|unleash|launchdarkly|flagsmith|growthbook|flipt/i },
];

/** A dashboard or UI (of a fail-open tool, when its name says which: its calls to that kind stay hard). */
const UI_CALLER = /grafana|kibana|(^|[-_])ui($|[-_])|dashboard|console/i;

/** One user override from the config: `variable` is a glob (`*_FLAG_URL`), `service`/`from`/`to` are ids or names. */
export interface ClassOverride {
  variable?: string;
  /** The dependency's target (any dependency on it). */
  service?: string;
  from?: string;
  to?: string;
}

/** `classify:` of faultline.config.yaml. A dependency matched by both lists is hard (the safer mistake). */
export interface ClassificationOverrides {
  soft?: readonly ClassOverride[];
  hard?: readonly ClassOverride[];
}

/** `FOO_BAR`, `fooBar`, `foo.bar`, `foo-bar` → `FOO_BAR`. */
export function snakeUpper(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_");
}

function globRe(glob: string): RegExp {
  return new RegExp("^" + glob.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$", "i");
}

interface Party {
  id: string;
  name: string;
  image?: string;
}

/**
 * The part of an image reference that names the software: the last path segment without
 * registry, organisation or tag (`ghcr.io/open-telemetry/demo:latest-cart` → `demo`,
 * `quay.io/jaegertracing/jaeger:2.19` → `jaeger`): an organisation names who built it, not what it is.
 */
export function imageName(image: string): string {
  const noDigest = image.split("@")[0]!;
  const last = noDigest.slice(noDigest.lastIndexOf("/") + 1);
  return last.split(":")[0]!;
}

const partyOf = (s: ServiceEntity): Party => {
  const p: Party = { id: s.id, name: s.name };
  const image = s.attributes.get("image");
  if (image !== undefined && image !== "") p.image = imageName(image);
  return p;
};

function overrideMatches(o: ClassOverride, caller: Party, target: Party | undefined, targetRef: string, via: string | undefined): boolean {
  const is = (want: string, p: Party | undefined, ref?: string) => want === ref || (p !== undefined && (want === p.id || want === p.name));
  if (o.variable !== undefined && (via === undefined || !globRe(o.variable).test(via))) return false;
  if (o.service !== undefined && !is(o.service, target, targetRef)) return false;
  if (o.to !== undefined && !is(o.to, target, targetRef)) return false;
  if (o.from !== undefined && !is(o.from, caller)) return false;
  return o.variable !== undefined || o.service !== undefined || o.to !== undefined || o.from !== undefined;
}

/** The default table's verdict for one dependency: a soft reason, or undefined for hard. */
export function defaultSoftReason(caller: { name: string; image?: string }, target: { name: string; image?: string } | undefined, via: string | undefined, value: string | undefined): string | undefined {
  const callerNames = [caller.name, ...(caller.image !== undefined ? [caller.image] : [])];
  // A UI or dashboard of a fail-open tool (flagd-ui, Grafana) calls its own kind of backend hard.
  const uiOf = new Set<string>();
  if (callerNames.some((n) => UI_CALLER.test(n))) {
    for (const r of CLASSIFICATION_TABLE) if (r.target && callerNames.some((n) => r.target!.test(n))) uiOf.add(r.category);
  }
  // A route's or cluster's name (`route tracing-shop`) names a path, not a variable: the variable rows do not read it.
  const variable = via !== undefined && !/^(route|envoy cluster) /.test(via) ? snakeUpper(via) : undefined;
  for (const r of CLASSIFICATION_TABLE) {
    if (uiOf.has(r.category)) continue;
    if (r.caller && callerNames.some((n) => r.caller!.test(n))) return r.reason;
    if (r.variable && variable !== undefined && r.variable.test(variable)) return r.reason;
    if (r.value && value !== undefined && r.value.test(value.trim())) return r.reason;
    if (r.target && target && [target.name, ...(target.image !== undefined ? [target.image] : [])].some((n) => r.target!.test(n))) return r.reason;
  }
  return undefined;
}

/**
 * Applies the table (imported services only: native manifests say what they mean) and the
 * user's overrides (every service) to the dependencies of the load, in place.
 */
export function classifyDependencies(entities: readonly Entity[], overrides: ClassificationOverrides = {}): void {
  const byId = new Map<string, ServiceEntity>();
  for (const e of entities) if (e.kind === "service") byId.set(e.id, e);
  for (const e of entities) {
    if (e.kind !== "service") continue;
    const caller = partyOf(e);
    for (const dep of e.dependsOn) {
      const targetSvc = dep.kind === "ref" ? (targetOf(dep) ?? byId.get(dep.ref.replace(/^service:/, ""))) : undefined;
      const target = targetSvc ? partyOf(targetSvc) : undefined;
      const targetRef = dep.kind === "ref" ? dep.ref : "";
      const via = dep.evidence?.via;
      const overridden = (list: readonly ClassOverride[] | undefined) => (list ?? []).some((o) => overrideMatches(o, caller, target, targetRef, via) || (dep.kind === "group" && dep.members.some((m) => overrideMatches(o, caller, byId.get(m.ref) ? partyOf(byId.get(m.ref)!) : undefined, m.ref, via))));
      if (overridden(overrides.hard)) {
        dep.soft = false;
        if (dep.evidence) delete dep.evidence.reason;
        continue;
      }
      if (overridden(overrides.soft)) {
        dep.soft = true;
        (dep.evidence ??= { kind: "declared" }).reason = "config";
        continue;
      }
      if (e.origin === "native" || dep.soft || dep.evidence?.fixed) continue;
      const targets = dep.kind === "ref" ? (target ? [target] : [{ id: dep.ref, name: dep.ref }]) : dep.members.map((m) => (byId.get(m.ref) ? partyOf(byId.get(m.ref)!) : { id: m.ref, name: m.ref }));
      let reason: string | undefined;
      for (const t of targets) {
        reason = defaultSoftReason(caller, t, via, dep.evidence?.value);
        if (reason === undefined) break;
      }
      if (reason !== undefined) {
        dep.soft = true;
        (dep.evidence ??= { kind: "declared" }).reason = reason;
      }
    }
  }
}


/** True when the variable or value alone (whatever the target) reads as fail-open: such evidence yields to a plain address of the same target. */
export function weakEvidence(via: string, value: string): boolean {
  const variable = snakeUpper(via);
  return CLASSIFICATION_TABLE.some((r) => (r.variable && r.variable.test(variable)) || (r.value && r.value.test(value.trim())));
}
