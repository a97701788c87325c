// Availability bench (issue 17): exact availability of every service of the 1,000-service
// estate (target ≤ 5 s), of one critical service of the 10,000-service estate (target ≤ 2 s),
// and, past the diagram limit, bounds in the same time. Figures are config-style defaults by
// location type and service type (the generator writes none). Prints JSON on stdout.
// Usage: node bench/availability.mjs [services...]   (default 1000 10000)
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { generateEstate, toEntities } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { buildModel } = await import(join(root, "dist/model/build-model.js"));
const { DiagnosticBag } = await import(join(root, "dist/diagnostics/diagnostics.js"));
const { availability } = await import(join(root, "dist/analysis/availability/availability.js"));
const { compile } = await import(join(root, "dist/engine/compile.js"));
const { downCone } = await import(join(root, "dist/engine/down-state.js"));

export const DEFAULTS = {
  locationTypes: new Map([["region", 0.9999], ["zone", 0.999], ["datacenter", 0.99982], ["hall", 0.9999], ["vendor", 0.9995]]),
  serviceTypes: new Map([["service", 0.9995], ["database", 0.9995], ["cache", 0.999], ["queue", 0.999], ["storage", 0.999], ["load-balancer", 0.9999], ["external-api", 0.999]]),
};

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const out = {};
for (const S of sizes.length ? sizes : [1000, 10000]) {
  const est = generateEstate({ services: S, seed: 7 });
  const bag = new DiagnosticBag();
  const estate = buildModel(toEntities(est), bag);
  const c = compile(estate);
  // The critical service with the largest dependency cone.
  let critical;
  let coneMax = -1;
  estate.graph.forEachNode((id, a) => {
    if (a.kind !== "service" || a.tier !== "critical") return;
    const m = downCone(c, c.index.get(id));
    let n = 0;
    for (let i = 0; i < m.length; i++) n += m[i];
    if (n > coneMax || (n === coneMax && id < critical)) [critical, coneMax] = [id, n];
  });
  const row = { services: S, critical, criticalCone: coneMax };
  // Wall time, and CPU time of this process (the machine may be shared).
  const time = (f) => {
    const t = performance.now();
    const c0 = process.cpuUsage();
    const r = f();
    const c1 = process.cpuUsage(c0);
    return [performance.now() - t, r, (c1.user + c1.system) / 1000];
  };
  if (S <= 2000) {
    const [ms, r, cpu] = time(() => availability(estate, undefined, { defaults: DEFAULTS }));
    row.allExactMs = ms;
    row.allExactCpuMs = cpu;
    row.allMethods = r.services.reduce((m, s) => ((m[s.method] = (m[s.method] ?? 0) + 1), m), {});
    row.worstAvailability = Math.min(...r.services.map((s) => s.availability));
    const [bms, b, bcpu] = time(() => availability(estate, undefined, { defaults: DEFAULTS, maxNodes: 50 }));
    row.allBoundsMs = bms;
    row.allBoundsCpuMs = bcpu;
    row.boundsMethods = b.services.reduce((m, s) => ((m[s.method] = (m[s.method] ?? 0) + 1), m), {});
    row.widestBound = Math.max(...b.services.map((s) => s.upper - s.lower));
  }
  const [ms1, r1, cpu1] = time(() => availability(estate, [critical], { defaults: DEFAULTS }));
  const s1 = r1.services[0];
  Object.assign(row, { oneExactMs: ms1, oneExactCpuMs: cpu1, oneMethod: s1.method, oneAvailability: s1.availability, oneBddNodes: s1.bddNodes, oneContributors: s1.contributors.length });
  const [msb, rb, cpub] = time(() => availability(estate, [critical], { defaults: DEFAULTS, maxNodes: 50 }));
  const sb = rb.services[0];
  Object.assign(row, { oneBoundsMs: msb, oneBoundsCpuMs: cpub, oneBoundsMethod: sb.method, oneLower: sb.lower, oneUpper: sb.upper, boundsContainExact: sb.lower <= s1.availability + 1e-12 && s1.availability <= sb.upper + 1e-12 });
  out[S] = row;
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
