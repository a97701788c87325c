/**
 * exposure's compact form (issue 18: the paths kept as trees into the compiled estate, each
 * service's entry built when a reporter asks, reports written in pieces) against the readable
 * one it replaced: the analysis as it was (one propagation per root, a path array per step,
 * sorted at the end) and the reporters as they were (every line in an array, joined once), on
 * random estates with observed calls, with and without named services.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exposure, type ExposureResult, type ExposureStep, type ServiceExposure } from "../../src/analysis/exposure.js";
import { resolveIds } from "../../src/analysis/blast-radius.js";
import { compile, DEGRADED, DOWN } from "../../src/engine/compile.js";
import { propagate } from "../../src/engine/propagate.js";
import { HOSTINGS, type Hosting } from "../../src/model/entities.js";
import type { Estate, ServiceHosting } from "../../src/model/types.js";
import { observedStepsOf, resolveObserved, withObserved } from "../../src/observed/resolve.js";
import { capMarkdown, capMarkdownLines, mdCode, mdCodeList, mdEscape } from "../../src/report/escape/markdown.js";
import { report } from "../../src/report/registry.js";
import { COLOR, PLAIN, safeText, table, type Style } from "../../src/report/terminal.js";
import { randomEstate } from "../helpers/random-estate.js";
import { loadSources } from "../../src/load/load.js";
// @ts-expect-error the bench's generator is plain JavaScript
import { generateEstate, toSources } from "../../bench/generate.mjs";

// ---- the readable exposure: the implementation before the compact form, unchanged ----

const SERVICE_HOSTINGS: readonly ServiceHosting[] = ["in-house", "public-cloud", "third-party", "hybrid", "unplaced"];

function readableExposure(estate: Estate, services?: readonly string[]): ExposureResult {
  const c = compile(estate);
  const g = estate.graph;
  const chosen: number[] = [];
  if (services && services.length > 0) chosen.push(...[...new Set(resolveIds(c, services))].sort((a, b) => a - b));
  else for (let x = 0; x < c.n; x++) if (c.isService[x]) chosen.push(x);
  const steps = new Map<number, ExposureStep[]>();
  for (const x of chosen) steps.set(x, []);
  for (const r of c.roots) {
    const p = propagate(c, [r]);
    const rootHosting = (g.getNodeAttributes(c.ids[r]!) as { hosting: Hosting }).hosting;
    for (const x of chosen) {
      const st = p.state[x]!;
      if (st !== DOWN && st !== DEGRADED) continue;
      const path = [c.ids[x]!];
      for (let cur = x; cur !== r && p.cause[cur]! >= 0; ) {
        cur = p.cause[cur]!;
        path.push(c.ids[cur]!);
      }
      const step: ExposureStep = { root: c.ids[r]!, rootHosting, state: st === DOWN ? "down" : "degraded", path };
      const observed = observedStepsOf(estate, path);
      if (observed.length > 0) step.observedSteps = observed;
      steps.get(x)!.push(step);
    }
  }
  const hostingCount = Object.fromEntries(SERVICE_HOSTINGS.map((h) => [h, 0])) as Record<ServiceHosting, number>;
  const crossDown = new Map<string, number>();
  const crossDegraded = new Map<string, number>();
  const out = chosen.map((x): ServiceExposure => {
    const a = g.getNodeAttributes(c.ids[x]!);
    if (a.kind !== "service") throw new Error("not a service");
    const list = steps.get(x)!;
    list.sort((u, v) => (u.state === v.state ? (u.root < v.root ? -1 : u.root > v.root ? 1 : 0) : u.state === "down" ? -1 : 1));
    hostingCount[a.hosting]++;
    for (const cls of HOSTINGS) {
      if (a.hostings.includes(cls)) continue;
      const key = `${a.hosting}\u0000${cls}`;
      if (list.some((s) => s.state === "down" && s.rootHosting === cls)) crossDown.set(key, (crossDown.get(key) ?? 0) + 1);
      else if (list.some((s) => s.rootHosting === cls)) crossDegraded.set(key, (crossDegraded.get(key) ?? 0) + 1);
    }
    return { id: a.id, hosting: a.hosting, tier: a.tier, hostings: [...a.hostings], downWith: list.filter((s) => s.state === "down").map((s) => s.root), degradedWith: list.filter((s) => s.state === "degraded").map((s) => s.root), exposures: list };
  });
  const crossings = [];
  for (const h of SERVICE_HOSTINGS) {
    if (hostingCount[h] === 0) continue;
    for (const cls of HOSTINGS) if (cls !== h) crossings.push({ hosting: h, exposedTo: cls, down: crossDown.get(`${h}\u0000${cls}`) ?? 0, degraded: crossDegraded.get(`${h}\u0000${cls}`) ?? 0 });
  }
  return {
    schemaVersion: 1,
    summary: { services: chosen.length, hosting: hostingCount, crossings },
    roots: c.roots.map((r) => {
      const a = g.getNodeAttributes(c.ids[r]!);
      const root: { id: string; hosting: Hosting; type?: string } = { id: a.id, hosting: a.hosting as Hosting };
      if (a.kind === "location" && a.type !== undefined) root.type = a.type;
      return root;
    }),
    services: out,
  };
}

// ---- the readable reporters: every line in an array, joined once ----

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
function summaryLines(r: ExposureResult): string[] {
  const h = r.summary.hosting;
  const lines = [`${plural(r.summary.services, "service")}: ${h["in-house"]} in-house, ${h["public-cloud"]} in public cloud, ${h["third-party"]} at vendors, ${h.hybrid} hybrid, ${h.unplaced} unplaced`];
  const byHosting = new Map<string, string[]>();
  for (const x of r.summary.crossings) {
    if (x.down === 0 && x.degraded === 0) continue;
    const parts = byHosting.get(x.hosting) ?? [];
    const what = x.exposedTo === "third-party" ? "a vendor" : x.exposedTo === "in-house" ? "an in-house root" : "a public cloud";
    const down = x.down > 0 ? `${x.down} go${x.down === 1 ? "es" : ""} down with ${what}` : "";
    const degraded = x.degraded > 0 ? `${x.degraded}${x.down > 0 ? " more" : ""} ${x.degraded === 1 ? "is" : "are"} degraded by ${what}` : "";
    parts.push([down, degraded].filter((p) => p !== "").join(", "));
    byHosting.set(x.hosting, parts);
  }
  for (const [hosting, parts] of byHosting) lines.push(`${hosting} services (${h[hosting as keyof typeof h]}): ${parts.join("; ")}`);
  if (byHosting.size === 0) lines.push("No service is exposed to a hosting class it does not run in.");
  return lines;
}
const crossingsOf = (s: ServiceExposure) => s.exposures.filter((e) => !s.hostings.includes(e.rootHosting));
function crossingText(s: ServiceExposure, e: ExposureStep): string {
  const through = e.path.slice(1, -1);
  const observed = e.observedSteps && e.observedSteps.length > 0 ? " (observed: " + e.observedSteps.map((i) => `${e.path[i]} → ${e.path[i + 1]}`).join(", ") + ")" : "";
  const runs = s.hosting === "unplaced" ? "has no placement" : s.hosting === "hybrid" ? `runs ${s.hostings.join(" + ")}` : `runs ${s.hosting}`;
  return `${s.id} ${runs}, but ${e.state === "down" ? "goes down with" : "is degraded by"} ${e.root} (${e.rootHosting})` + (through.length > 0 ? ` through ${through.join(" ← ")}` : "") + observed;
}
function readableText(r: ExposureResult, style: Style): string {
  const out = [style.bold("Exposure: what each service relies on, beyond where it runs"), ...summaryLines(r).map((l) => "  " + safeText(l)), ""];
  if (r.services.length === 0) return out.join("\n") + "No services.\n";
  const rows = r.services.map((s) => [s.id, s.tier, s.hosting, s.downWith.join(", ") || "—", s.degradedWith.join(", ") || "—"].map(safeText));
  out.push(table(["SERVICE", "TIER", "HOSTING", "DOWN WITH", "DEGRADED WITH"], rows, [(c, i) => (r.services[i]!.tier === "critical" ? style.bold(c) : c), undefined, undefined, (c) => (c.trim() === "—" ? style.dim(c) : style.red(c)), (c) => (c.trim() === "—" ? style.dim(c) : style.yellow(c))]));
  const cross = r.services.flatMap((s) => crossingsOf(s).map((e) => ({ s, e })));
  out.push("");
  if (cross.length === 0) return out.join("\n") + "\nNo service crosses a hosting boundary.\n";
  out.push(style.bold(`Boundary crossings (${cross.length}):`));
  for (const { s, e } of cross) out.push("  " + (e.state === "down" ? style.red("down     ") : style.yellow("degraded ")) + safeText(crossingText(s, e)));
  return out.join("\n") + "\n";
}
function readableMarkdown(r: ExposureResult): string {
  const out = ["## Exposure", "", ...summaryLines(r).map((l) => `- ${mdEscape(l)}`), "", "| Service | Tier | Hosting | Down with | Degraded with |", "|---|---|---|---|---|"];
  for (const s of r.services) out.push(`| ${mdCode(s.id)} | ${mdEscape(s.tier)} | ${mdEscape(s.hosting)} | ${mdCodeList(s.downWith, 20)} | ${mdCodeList(s.degradedWith, 20)} |`);
  const cross = r.services.flatMap((s) => crossingsOf(s).map((e) => ({ s, e })));
  if (cross.length > 0) out.push("", "### Boundary crossings", "", ...cross.map(({ s, e }) => `- **${e.state}**: ${mdEscape(crossingText(s, e))}`));
  return capMarkdown(out);
}

// ---- random estates, some with observed calls between services, some with services named ----

const scenario = randomEstate({ maxLocations: 7, maxServices: 12 }).chain((estate) => {
  const services = estate.graph.filterNodes((_id, a) => a.kind === "service").sort();
  return fc.record({
    estate: fc.constant(estate),
    calls: fc.array(fc.tuple(fc.constantFrom(...services), fc.constantFrom(...services)), { maxLength: 6 }),
    named: fc.subarray(services, { maxLength: Math.min(3, services.length) }),
  });
});

function withCalls(estate: Estate, calls: Array<[string, string]>): Estate {
  const pairs = calls.filter(([a, b]) => a !== b);
  if (pairs.length === 0) return estate;
  const at = { file: "observed.json", line: 1, column: 1 };
  const data = { files: ["observed.json"], calls: pairs.map(([client, server]) => ({ client: { name: client }, server: { name: server }, calls: 10, errors: 0, format: "otel" as const, at })) };
  return withObserved(estate, resolveObserved(estate, data as never));
}

/** A report written in pieces, joined, with the number of pieces. */
async function pieces(result: unknown, format: string, style?: Style): Promise<{ text: string; count: number; returned: string }> {
  const got: string[] = [];
  const returned = await report(result, format, { kind: "exposure", ...(style ? { style } : {}), write: (c) => void got.push(c) });
  return { text: got.join(""), count: got.length, returned };
}

describe("exposure (property): the compact form equals the readable one", () => {
  it("gives the result of the readable analysis, for every service and for services named", () => {
    fc.assert(
      fc.property(scenario, ({ estate, calls, named }) => {
        const e = withCalls(estate, calls);
        expect(exposure(e)).toEqual(readableExposure(e));
        expect(exposure(e, named)).toEqual(readableExposure(e, named));
      }),
      { numRuns: 50 },
    );
  });

  it("the table builds each service's entry as the result has it, and serialises to the same JSON", () => {
    fc.assert(
      fc.property(scenario, ({ estate, calls, named }) => {
        const e = withCalls(estate, calls);
        const result = readableExposure(e, named);
        const t = exposure(e, named, { table: true });
        expect(t.serviceCount).toBe(result.services.length);
        expect(t.summary).toEqual(result.summary);
        expect(t.roots).toEqual(result.roots);
        for (let i = 0; i < t.serviceCount; i++) expect(t.service(i)).toEqual(result.services[i]);
        expect(() => t.service(t.serviceCount)).toThrow(RangeError);
        expect(JSON.stringify(t, null, 2)).toBe(JSON.stringify(result, null, 2));
      }),
      { numRuns: 50 },
    );
  });

  it("text, JSON and Markdown written in pieces from the table are the readable reporters' bytes", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.boolean(), async ({ estate, calls, named }, colour) => {
        const e = withCalls(estate, calls);
        const result = readableExposure(e, named);
        const t = exposure(e, named, { table: true });
        const style = colour ? COLOR : PLAIN;
        const text = readableText(result, style);
        const json = JSON.stringify(result, null, 2) + "\n";
        const md = readableMarkdown(result);
        for (const r of [t, result]) {
          expect(await report(r, "text", { style })).toBe(text);
          expect(await report(r, "json")).toBe(json);
          expect(await report(r, "markdown")).toBe(md);
          const [pt, pj, pm] = [await pieces(r, "text", style), await pieces(r, "json"), await pieces(r, "markdown")];
          expect([pt.text, pj.text, pm.text]).toEqual([text, json, md]);
          expect([pt.returned, pj.returned, pm.returned]).toEqual(["", "", ""]);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("exposure: a report of many pieces", () => {
  it("250 generated services: text and JSON come in several pieces of whole lines or entries, joined the readable bytes", async () => {
    const { estate } = loadSources(toSources(generateEstate({ services: 250, seed: 7 })));
    const result = readableExposure(estate);
    const t = exposure(estate, undefined, { table: true });
    const got: Record<string, string[]> = { text: [], json: [] };
    for (const f of ["text", "json"]) await report(t, f, { write: (c) => void got[f]!.push(c) });
    expect(got.text!.length).toBeGreaterThan(1);
    expect(got.json!.length).toBeGreaterThan(3);
    // (250 services: 2 text pieces, 5 of JSON.)
    expect(got.text!.join("")).toBe(readableText(result, PLAIN));
    expect(got.json!.join("")).toBe(JSON.stringify(result, null, 2) + "\n");
    // Each piece ends a line (text) or a service's entry (JSON): about 64 KiB, never far past.
    for (const p of got.text!.slice(0, -1)) expect([p.endsWith("\n"), p.length > 1 << 16, p.length < (1 << 16) + 4096]).toEqual([true, true, true]);
    for (const p of got.json!.slice(1, -1)) expect(p.endsWith("\n    }")).toBe(true);
    expect(await report(t, "markdown")).toBe(readableMarkdown(result));
  });
});

describe("capMarkdownLines", () => {
  it("is capMarkdown of the same lines, asking only for the lines it shows", () => {
    const lines = fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("<details>", "</details>", "")), { maxLength: 60 });
    fc.assert(
      fc.property(lines, fc.integer({ min: 420, max: 900 }), (ls, limit) => {
        let asked = 0;
        function* lazy() {
          for (const l of ls) {
            asked++;
            yield l;
          }
        }
        expect(capMarkdownLines(lazy(), ls.length, limit)).toBe(capMarkdown(ls, limit));
        // Past the limit, it stops at the first line that goes over.
        let size = 0;
        let need = 0;
        for (const l of ls) {
          need++;
          size += l.length + 1;
          if (size > limit) break;
        }
        expect(asked).toBe(need);
      }),
      { numRuns: 300 },
    );
  });
});
