import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readObservedFiles, readObservedSources } from "../../src/observed/read-observed.js";
import type { ObservedCall } from "../../src/observed/types.js";
import { REPO } from "../helpers/cli.js";

const FIX = "test/fixtures/observed";
const read = (file: string) => readObservedFiles([join(FIX, file)], { cwd: REPO });
const pairs = (calls: readonly ObservedCall[]) =>
  calls.map((c) => `${c.client.name}${c.client.namespace ? "." + c.client.namespace : ""} -> ${c.server.name}${c.server.namespace ? "." + c.server.namespace : ""} ${c.calls}/${c.errors}`).sort();
const one = (text: string, file = "obs.txt") => readObservedSources([{ file, text }]);
const diag = (text: string, file = "obs.txt") => one(text, file).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`);

describe("observed readers on real export shapes", () => {
  it("Jaeger /api/dependencies ({data: [...]}): every link, self-calls dropped, with the line of each", () => {
    const r = read("jaeger-hotrod.json");
    expect(r.ok).toBe(true);
    expect(pairs(r.data.calls)).toEqual(["customer -> mysql 1264/0", "driver -> redis 17696/0", "frontend -> customer 1264/0", "frontend -> driver 1264/0", "frontend -> route 12640/0"]);
    expect(r.data.calls.every((c) => c.format === "jaeger")).toBe(true);
    const route = r.data.calls.find((c) => c.server.name === "route")!;
    const lines = readFileSync(join(REPO, FIX, "jaeger-hotrod.json"), "utf8").split("\n");
    expect(lines[route.at.line - 1]).toContain('"child": "route"');
  });

  it("Zipkin /api/v2/dependencies (a bare list): errorCount read, repeated pairs summed", () => {
    const r = read("zipkin-v2.json");
    expect(r.ok).toBe(true);
    expect(pairs(r.data.calls)).toEqual(["backend -> mysql 862/0", "frontend -> backend 440/4"]);
    expect(r.data.calls[0]!.format).toBe("zipkin");
  });

  it("OpenTelemetry / Tempo service graph: request totals, failed totals as errors, histograms ignored", () => {
    const r = read("otel-servicegraph.prom");
    expect(r.diagnostics).toEqual([]);
    expect(pairs(r.data.calls)).toEqual([
      "cart -> valkey-cart 10642/0",
      "checkout -> cart 5321/0",
      "checkout -> kafka 5290/0",
      "checkout -> payment 5290/31",
      "frontend -> checkout 5321/0",
      "frontend -> product-catalog 88310/0",
    ]);
  });

  it("Istio istio_requests_total: one reporter per pair (destination first), 5xx as errors, namespaces kept, external hosts by service name, unknown sources skipped", () => {
    const r = read("istio-bookinfo.prom");
    expect(r.diagnostics).toEqual([]);
    expect(pairs(r.data.calls)).toEqual([
      // 1,200 from the destination proxy, not 1,201 + 1,200 counted twice
      "productpage-v1.bookinfo -> details-v1.bookinfo 1200/0",
      "productpage-v1.bookinfo -> reviews-v2.bookinfo 407/7",
      "reviews-v2.bookinfo -> api.ratings-vendor.example 55/0",
      "reviews-v2.bookinfo -> ratings-v1.bookinfo 400/0",
    ]);
  });

  it("only the source reporter: its counts are used", () => {
    const r = one('istio_requests_total{reporter="source",source_workload="a",source_workload_namespace="n",destination_workload="b",destination_workload_namespace="n",response_code="500"} 4\n');
    expect(pairs(r.data.calls)).toEqual(["a.n -> b.n 4/4"]);
  });

  it("Prometheus text details: escapes in label values, trailing comma, timestamps, CRLF, OpenMetrics # EOF", () => {
    const r = one('traces_service_graph_request_total{client="we\\"ird\\\\name",server="b",} 3 1700000000000\r\n# EOF\r\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.data.calls[0]!.client.name).toBe('we"ird\\name');
    expect(r.data.calls[0]!.calls).toBe(3);
  });
});

describe("observed readers on malformed files: file:line:column, all problems at once", () => {
  it("JSON syntax error", () => {
    expect(diag('{"data": [\n  {"parent": "a", "child": "b", "callCount": 1},\n  {"parent": "a" "child": "c"}\n]}\n', "deps.json")[0]).toMatch(/^deps\.json:3:\d+ error observed-syntax/);
  });

  it("links without a child, with a negative or textual count, not a mapping", () => {
    const text = '[\n  {"parent": "a", "callCount": 1},\n  {"parent": "a", "child": "b", "callCount": -2},\n  {"parent": "a", "child": "c", "callCount": "many"},\n  "a->b"\n]\n';
    expect(diag(text, "deps.json")).toEqual([
      "deps.json:2:3 error observed-format: the dependency link has no child",
      "deps.json:3:46 error observed-format: callCount must be a whole number ≥ 0",
      "deps.json:4:46 error observed-format: callCount must be a whole number ≥ 0",
      "deps.json:5:3 error observed-format: a dependency link must be a mapping",
    ]);
  });

  it("a Jaeger error response, and JSON of another shape", () => {
    expect(diag('{"data": null, "errors": [{"code": 500, "msg": "storage down"}]}', "j.json")).toEqual(["j.json:1:26 error observed-error-response: the export is an error response of the Jaeger API"]);
    expect(diag('{"services": ["a"]}', "j.json")).toEqual(["j.json:1:1 error observed-format: unrecognised observed JSON"]);
  });

  it("Prometheus text: bad lines reported with line and column, good lines do not hide them", () => {
    const text = [
      "# TYPE traces_service_graph_request_total counter",
      'traces_service_graph_request_total{client="a",server="b"} 1',
      'traces_service_graph_request_total{client="a",server="b} 1',
      'traces_service_graph_request_total{client="a" server="c"} 1',
      'traces_service_graph_request_total{client="a",server="d"} lots',
      '{client="a"} 1',
      'traces_service_graph_request_total{client="a",server="e"}',
    ].join("\n");
    expect(diag(text, "sg.prom")).toEqual([
      "sg.prom:3:59 error observed-syntax: unterminated value of label server",
      "sg.prom:4:47 error observed-syntax: expected `,` or `}` after a label",
      "sg.prom:5:59 error observed-syntax: invalid sample value \"lots\"",
      "sg.prom:6:1 error observed-syntax: expected a metric name",
      "sg.prom:7:58 error observed-syntax: expected a value after traces_service_graph_request_total",
    ]);
  });

  it("missing labels, NaN and negative counts, no relevant samples, an empty file", () => {
    expect(diag('traces_service_graph_request_total{server="b"} 1\ntraces_service_graph_request_total{client="a",server="b"} NaN\ntraces_service_graph_request_total{client="a",server="c"} -1\n')).toEqual([
      "obs.txt:1:1 error observed-format: traces_service_graph_request_total has no client label",
      "obs.txt:2:1 error observed-format: a request count must be a finite number ≥ 0, not NaN",
      "obs.txt:3:1 error observed-format: a request count must be a finite number ≥ 0, not -1",
    ]);
    expect(diag('istio_requests_total{destination_workload="b"} 1\nistio_requests_total{source_workload="a",destination_workload="b"} +Inf\n')).toEqual([
      "obs.txt:1:1 error observed-format: istio_requests_total has no source_workload label",
      "obs.txt:2:1 error observed-format: a request count must be a finite number ≥ 0, not Infinity",
    ]);
    expect(diag("# HELP up whether up\nup 1\n")).toEqual(["obs.txt:1:1 error observed-format: no observed calls in this file"]);
    expect(diag("  \n")).toEqual(["obs.txt:1:1 error observed-empty: the observed file is empty"]);
  });

  it("hostile input: a 50,000-line file with one bad line reads fast, and the bad line is found", () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `traces_service_graph_request_total{client="c${i % 500}",server="s${i % 701}"} ${i}`);
    lines[43_210] = 'traces_service_graph_request_total{client="x",server="y"} 1 2 3';
    const t = Date.now();
    const d = diag(lines.join("\n"));
    expect(Date.now() - t).toBeLessThan(20_000);
    expect(d).toEqual(["obs.txt:43211:61 error observed-syntax: unexpected text after the value"]);
  });

  it("the manifest size limit applies (--max-file-size)", () => {
    const r = readObservedFiles([join(FIX, "istio-bookinfo.prom")], { cwd: REPO, limits: { maxFileBytes: 1000 } });
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["file-too-large file is larger than the limit of 1000 bytes"]);
  });

  it("a folder and a missing file are errors, not crashes", () => {
    const r = readObservedFiles([FIX, "no/such.json"], { cwd: REPO });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(["no/such.json observed-file", `${FIX} observed-file`]);
  });
});
