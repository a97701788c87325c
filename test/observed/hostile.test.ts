import { describe, expect, it } from "vitest";
import { readObservedSources } from "../../src/observed/read-observed.js";

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const PIECES = ["traces_service_graph_request_total", "istio_requests_total", "{", "}", '"', "\\", ",", "=", " ", "\n", "\r\n", "client", "server", "source_workload", "destination_workload", "12", "-1", "NaN", "+Inf", "1e400", "#", "[", "]", ":", "parent", "child", "callCount", "__proto__", "\u0000", "\u202e", "é"];

describe("observed readers on hostile input", () => {
  it("random mixes of the formats' tokens never throw; every diagnostic has a file, line and column; good calls are finite", () => {
    const next = rng(15);
    for (let round = 0; round < 400; round++) {
      const n = 1 + Math.floor(next() * 60);
      let text = "";
      for (let i = 0; i < n; i++) text += PIECES[Math.floor(next() * PIECES.length)];
      const r = readObservedSources([{ file: `f${round}`, text }]);
      for (const d of r.diagnostics) {
        expect(d.file, text).toBe(`f${round}`);
        expect(d.line! >= 1 && d.column! >= 1, text).toBe(true);
      }
      for (const c of r.data.calls) expect(Number.isFinite(c.calls) && c.calls >= 0 && c.client.name !== "" && c.server.name !== "").toBe(true);
      if (!r.ok) expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
    }
  });

  it("deeply nested JSON is refused by the YAML reader's depth limit, not by a stack overflow", () => {
    const r = readObservedSources([{ file: "deep.json", text: "[".repeat(100_000) + "]".repeat(100_000) }]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.file).toBe("deep.json");
  });

  it("a 1e400 count is not finite: refused", () => {
    const r = readObservedSources([{ file: "x.prom", text: 'traces_service_graph_request_total{client="a",server="b"} 1e400\n' }]);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["a request count must be a finite number ≥ 0, not Infinity"]);
  });
});
