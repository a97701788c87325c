/**
 * Reads observed-call exports: Jaeger and Zipkin dependency JSON, OpenTelemetry service-graph
 * and Istio metrics in Prometheus text. The format is told from the content; every problem
 * is a diagnostic with file, line and column. See docs/drift.md for the export commands.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { DiagnosticBag, sortDiagnostics, type Diagnostic, type SourcePos } from "../diagnostics/diagnostics.js";
import { DEFAULT_LIMITS, type LoadLimits } from "../yaml/limits.js";
import { parseYamlText } from "../yaml/read-yaml.js";
import { asMap, describe, get, type YNode } from "../yaml/yaml-tree.js";
import { parsePrometheusText, type PromSample } from "./prometheus-text.js";
import type { ObservedCall, ObservedData, ObservedEndpoint, ObservedFormat } from "./types.js";

/** An observed file given as text: its name as shown in diagnostics, and its content. */
export interface ObservedSource {
  file: string;
  text: string;
}

export interface ObservedReadResult {
  data: ObservedData;
  diagnostics: Diagnostic[];
  ok: boolean;
}

/** Reads observed files from disk (paths relative to `cwd`). Never throws for bad input. */
export function readObservedFiles(paths: readonly string[], options: { cwd?: string; limits?: Partial<LoadLimits> } = {}): ObservedReadResult {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const bag = new DiagnosticBag();
  const sources: ObservedSource[] = [];
  for (const p of [...new Set(paths)]) {
    const full = resolve(options.cwd ?? process.cwd(), p);
    try {
      const st = statSync(full);
      if (!st.isFile()) {
        bag.error("observed-file", "not a regular file", { file: p, line: 1, column: 1 }, { expected: "an exported dependencies JSON or metrics text file", hint: "pass the file itself to --observed, not a folder" });
        continue;
      }
      if (st.size > limits.maxFileBytes) {
        bag.error("file-too-large", `file is larger than the limit of ${limits.maxFileBytes} bytes`, { file: p, line: 1, column: 1 }, { hint: "export a shorter window or fewer labels, or raise limits.maxFileBytes" });
        continue;
      }
      sources.push({ file: p, text: readFileSync(full, "utf8") });
    } catch (err) {
      bag.error("observed-file", `cannot read the observed file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: p, line: 1, column: 1 }, { hint: "check the path given to --observed or under observed: in faultline.config.yaml" });
    }
  }
  return finish(sources, bag, limits);
}

/** Reads observed files given as text (tests, files read at a git ref). */
export function readObservedSources(sources: readonly ObservedSource[], options: { limits?: Partial<LoadLimits> } = {}): ObservedReadResult {
  return finish(sources, new DiagnosticBag(), { ...DEFAULT_LIMITS, ...options.limits });
}

function finish(sources: readonly ObservedSource[], bag: DiagnosticBag, limits: LoadLimits): ObservedReadResult {
  const calls: ObservedCall[] = [];
  const files: string[] = [];
  const sorted = [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const s of sorted) {
    files.push(s.file);
    for (const c of parseObserved(s.text, s.file, bag, limits)) calls.push(c);
  }
  const diagnostics = sortDiagnostics(bag.items);
  return { data: { calls, files }, diagnostics, ok: !diagnostics.some((d) => d.severity === "error") };
}

/** Parses one observed file, telling its format from the content. */
export function parseObserved(text0: string, file: string, bag: DiagnosticBag, limits: LoadLimits = DEFAULT_LIMITS): ObservedCall[] {
  const text = text0.charCodeAt(0) === 0xfeff ? text0.slice(1) : text0;
  const first = /\S/.exec(text);
  if (!first) {
    bag.error("observed-empty", "the observed file is empty", { file, line: 1, column: 1 }, { expected: "Jaeger or Zipkin dependencies JSON, or service-graph / Istio metrics in Prometheus text", hint: "check the export command in docs/drift.md" });
    return [];
  }
  if (first[0] === "[" || first[0] === "{") return readDependenciesJson(text, file, bag, limits);
  return readMetricsText(text, file, bag);
}

// ── Jaeger and Zipkin dependency links ───────────────────────────────────────

function readDependenciesJson(text: string, file: string, bag: DiagnosticBag, limits: LoadLimits): ObservedCall[] {
  const local = new DiagnosticBag();
  const docs = parseYamlText(text, file, limits, local, { nodes: 0 });
  for (const d of local.items) bag.add(d.code === "yaml-syntax" ? { ...d, code: "observed-syntax", hint: "the file must be the JSON of /api/dependencies (Jaeger) or /api/v2/dependencies (Zipkin)" } : d);
  if (local.hasErrors() || docs.length === 0) return [];
  const root = docs[0]!.root;
  let list: YNode | undefined = root;
  let format: ObservedFormat = "jaeger";
  if (root.kind === "map") {
    const errors = get(root, "errors");
    if (errors && !(errors.kind === "scalar" && errors.value === null) && !(errors.kind === "seq" && errors.items.length === 0)) {
      bag.error("observed-error-response", "the export is an error response of the Jaeger API", errors.pos, { found: describe(errors), hint: "run the export again; check endTs and lookback (milliseconds)" });
      return [];
    }
    list = get(root, "data");
    if (!list) {
      bag.error("observed-format", "unrecognised observed JSON", root.pos, {
        expected: "a list of {parent, child, callCount} (Zipkin /api/v2/dependencies), or {data: [...]} (Jaeger /api/dependencies)",
        found: "a mapping without `data`",
        hint: "see docs/drift.md for the export commands",
      });
      return [];
    }
  }
  if (list.kind !== "seq") {
    bag.error("observed-format", "the dependency links must be a list", list.pos, { expected: "a list of {parent, child, callCount}", found: describe(list) });
    return [];
  }
  if (root.kind === "seq" && list.items.some((it) => it.kind === "map" && get(it, "errorCount") !== undefined)) format = "zipkin";
  const out: ObservedCall[] = [];
  for (const it of list.items) {
    const m = asMap(it);
    if (!m) {
      bag.error("observed-format", "a dependency link must be a mapping", it.pos, { expected: "{parent, child, callCount}", found: describe(it) });
      continue;
    }
    const parent = nameAt(m, "parent", bag);
    const child = nameAt(m, "child", bag);
    const calls = countAt(m, "callCount", true, bag);
    const errors = countAt(m, "errorCount", false, bag);
    if (parent === undefined || child === undefined || calls === undefined || errors === undefined) continue;
    if (parent === child) continue; // a service calling itself is no dependency
    out.push({ client: { name: parent }, server: { name: child }, calls, errors, format, at: it.pos });
  }
  return sumPairs(out);
}

function nameAt(m: ReturnType<typeof asMap> & object, key: string, bag: DiagnosticBag): string | undefined {
  const v = get(m, key);
  if (v && v.kind === "scalar" && typeof v.value === "string" && v.value.trim() !== "") return v.value;
  bag.error("observed-format", v ? `${key} must be a service name` : `the dependency link has no ${key}`, v?.pos ?? m.pos, {
    expected: `${key}: a service name (a non-empty string)`,
    found: describe(v),
  });
  return undefined;
}

function countAt(m: ReturnType<typeof asMap> & object, key: string, required: boolean, bag: DiagnosticBag): number | undefined {
  const v = get(m, key);
  if (v === undefined || (v.kind === "scalar" && v.value === null)) {
    if (!required) return 0;
    bag.error("observed-format", `the dependency link has no ${key}`, m.pos, { expected: `${key}: a whole number ≥ 0`, found: "nothing" });
    return undefined;
  }
  if (v.kind === "scalar" && typeof v.value === "number" && Number.isFinite(v.value) && v.value >= 0) return v.value;
  bag.error("observed-format", `${key} must be a whole number ≥ 0`, v.pos, { expected: "a count such as 42", found: describe(v) });
  return undefined;
}

// ── Service-graph and Istio metrics ───────────────────────────────────────────

const SG_TOTAL = /(^|_)service_graph_request_total$/;
const SG_FAILED = /(^|_)service_graph_request_failed_total$/;
const ISTIO = "istio_requests_total";

function readMetricsText(text: string, file: string, bag: DiagnosticBag): ObservedCall[] {
  const before = bag.items.length;
  const samples = parsePrometheusText(text, file, bag, (name) => SG_TOTAL.test(name) || SG_FAILED.test(name) || name === ISTIO);
  if (samples.length === 0 && bag.items.length === before) {
    bag.error("observed-format", "no observed calls in this file", { file, line: 1, column: 1 }, {
      expected: "traces_service_graph_request_total{client,server} (OpenTelemetry / Tempo service graph) or istio_requests_total samples",
      found: "no such samples",
      hint: "see docs/drift.md for the export commands",
    });
    return [];
  }
  const out: ObservedCall[] = [];
  const failed: ObservedCall[] = [];
  const istio: PromSample[] = [];
  for (const s of samples) {
    if (!usableValue(s, bag)) continue;
    if (s.name === ISTIO) {
      istio.push(s);
      continue;
    }
    const client = labelAt(s, "client", bag);
    const server = labelAt(s, "server", bag);
    if (client === undefined || server === undefined || client === server) continue;
    const call: ObservedCall = { client: { name: client }, server: { name: server }, calls: SG_TOTAL.test(s.name) ? s.value : 0, errors: SG_FAILED.test(s.name) ? s.value : 0, format: "otel-servicegraph", at: s.at };
    (SG_FAILED.test(s.name) ? failed : out).push(call);
  }
  for (const c of failed) out.push(c);
  for (const c of istioCalls(istio, bag)) out.push(c);
  return sumPairs(out);
}

function usableValue(s: PromSample, bag: DiagnosticBag): boolean {
  if (Number.isFinite(s.value) && s.value >= 0) return true;
  bag.error("observed-format", `a request count must be a finite number ≥ 0, not ${s.value}`, s.at, { expected: "a counter value such as 1234", hint: "counters never go negative; NaN and Inf carry no count" });
  return false;
}

function labelAt(s: PromSample, label: string, bag: DiagnosticBag): string | undefined {
  const v = s.labels.get(label);
  if (v !== undefined && v !== "") return v;
  bag.error("observed-format", `${s.name} has no ${label} label`, s.at, { expected: `${label}="<service name>"`, hint: "export the series with their client and server labels (sum by (client, server))" });
  return undefined;
}

const UNKNOWN = "unknown";

/**
 * Istio reports each request twice when both ends run a proxy (reporter="source" and
 * "destination"). Per pair, the destination's reports are used when there are any, else the
 * source's, so no request is counted twice.
 */
function istioCalls(samples: readonly PromSample[], bag: DiagnosticBag): ObservedCall[] {
  interface Pair {
    client: ObservedEndpoint;
    server: ObservedEndpoint;
    at: SourcePos;
    byReporter: Map<string, { calls: number; errors: number }>;
  }
  const pairs = new Map<string, Pair>();
  for (const s of samples) {
    const srcName = s.labels.get("source_workload");
    if (srcName === undefined || srcName === "") {
      bag.error("observed-format", "istio_requests_total has no source_workload label", s.at, { expected: 'source_workload="<workload>"', hint: "keep source_workload and source_workload_namespace in the export" });
      continue;
    }
    if (srcName === UNKNOWN) continue; // traffic from outside the mesh: no caller to name
    const client: ObservedEndpoint = endpoint(srcName, s.labels.get("source_workload_namespace"));
    let dstName = s.labels.get("destination_workload");
    let dstNs = s.labels.get("destination_workload_namespace");
    if (dstName === undefined || dstName === "" || dstName === UNKNOWN) {
      // No workload behind it (an external host, a ServiceEntry): name it by its service.
      dstName = s.labels.get("destination_service_name") ?? s.labels.get("destination_service");
      dstNs = s.labels.get("destination_service_namespace");
    }
    if (dstName === undefined || dstName === "" || dstName === UNKNOWN) {
      bag.error("observed-format", "istio_requests_total names no destination", s.at, { expected: "destination_workload or destination_service_name", hint: "keep the destination labels in the export" });
      continue;
    }
    const server = endpoint(dstName, dstNs);
    if (client.name === server.name && client.namespace === server.namespace) continue;
    const key = JSON.stringify([client.name, client.namespace ?? null, server.name, server.namespace ?? null]);
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { client, server, at: s.at, byReporter: new Map() }));
    const reporter = s.labels.get("reporter") ?? "";
    let r = p.byReporter.get(reporter);
    if (!r) p.byReporter.set(reporter, (r = { calls: 0, errors: 0 }));
    r.calls += s.value;
    const code = s.labels.get("response_code");
    if (code !== undefined && /^5\d\d$/.test(code)) r.errors += s.value;
  }
  const out: ObservedCall[] = [];
  for (const p of pairs.values()) {
    const r = p.byReporter.get("destination") ?? p.byReporter.get("source") ?? [...p.byReporter.values()].reduce((a, b) => ({ calls: a.calls + b.calls, errors: a.errors + b.errors }));
    out.push({ client: p.client, server: p.server, calls: r.calls, errors: r.errors, format: "istio", at: p.at });
  }
  return out;
}

function endpoint(name: string, namespace: string | undefined): ObservedEndpoint {
  return namespace !== undefined && namespace !== "" && namespace !== UNKNOWN ? { name, namespace } : { name };
}

/** Sums calls of the same pair within one file; the first place is kept. */
function sumPairs(calls: readonly ObservedCall[]): ObservedCall[] {
  const byKey = new Map<string, ObservedCall>();
  for (const c of calls) {
    const key = JSON.stringify([c.client.name, c.client.namespace ?? null, c.server.name, c.server.namespace ?? null]);
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, { ...c });
    else {
      prev.calls += c.calls;
      prev.errors += c.errors;
      if (c.at.line < prev.at.line) prev.at = c.at;
    }
  }
  return [...byKey.values()];
}
