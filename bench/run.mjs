// `npm run bench`: generates estates, measures faultline against its baselines in the same
// run, prints one table and writes it to output/bench.json. Every measurement runs in its own
// process (bench/worker.mjs, the CLI, Python), so each comes with that process's peak memory.
//
// Environment: BENCH_SIZES=1000,10000 (estate sizes), BENCH_BIG=100000 (services of the big
// graph, 0 to skip), BENCH_NO_PYTHON=1 (skip networkx). See docs/bench.md.
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateEstate, toSources, writeSources } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist", "cli", "bin.js");
const out = join(root, "output");
const estatesDir = join(out, "bench-estates");
const SEED = 42;
const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,50000").split(",").map(Number).filter((n) => n > 0);
const BIG = Number(process.env.BENCH_BIG ?? 100000);
// The all-node SPOF ranking on the big graph takes minutes today (see docs/bench.md); BENCH_BIG_SPOF=0 skips it.
const BIG_SPOF = process.env.BENCH_BIG_SPOF !== "0";
// Dependencies per service of the big graph, scaled so it has about 1,000,000 edges (issue 7).
const BIG_DEPS = Number(process.env.BENCH_BIG_DEPS ?? 2.1);
const started = performance.now();

if (!existsSync(bin)) {
  process.stderr.write(`bench: ${bin} is missing; run \`npm install\` (or \`npm run build\`) first\n`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const hasTime = existsSync("/usr/bin/time");
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

/** Runs a command; wall time from here, peak memory from /usr/bin/time when there is one. */
function run(cmd, args, opts = {}) {
  const okCodes = opts.okCodes ?? [0];
  delete opts.okCodes;
  const full = hasTime ? ["/usr/bin/time", ["-f", "__maxrss_kb=%M __cpu=%U+%S", cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const r = spawnSync(full[0], full[1], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30, ...opts });
  const ms = performance.now() - t;
  if (!okCodes.includes(r.status)) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal}): ${(r.stderr ?? "").slice(-2000)}`);
  const m = /__maxrss_kb=(\d+) __cpu=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? "");
  // CPU time (user + system) of the child: less disturbed than wall time on a shared machine.
  return { ms, maxRssMB: m ? Number(m[1]) / 1024 : undefined, cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : undefined, stdout: r.stdout };
}
/** Median time and peak memory of `reps` runs. */
function runMany(cmd, args, reps, opts = {}) {
  const rs = [];
  for (let i = 0; i < reps; i++) rs.push(run(cmd, args, { ...opts }));
  return { ms: median(rs.map((r) => r.ms)), cpuMs: median(rs.map((r) => r.cpuMs ?? NaN)), maxRssMB: median(rs.map((r) => r.maxRssMB ?? NaN)), runs: reps, last: rs[rs.length - 1] };
}
/** Runs a worker task `reps` times (fresh process each); medians of every numeric field. */
function worker(task, args, reps = 1) {
  const results = [];
  for (let i = 0; i < reps; i++) {
    const r = run(process.execPath, ["--max-old-space-size=4096", "--expose-gc", join(root, "bench", "worker.mjs"), task, JSON.stringify(args)]);
    results.push(JSON.parse(r.stdout.trim().split("\n").pop()));
  }
  const med = {};
  for (const k of Object.keys(results[0])) {
    const vs = results.map((x) => x[k]);
    med[k] = vs.every((v) => typeof v === "number") ? median(vs) : vs[vs.length - 1];
  }
  med.runs = reps;
  return med;
}

const rows = [];
const notes = [];
const row = (section, measure, value, unit, extra = "") => rows.push({ section, measure, value, unit, extra });
const r1 = (x) => (x === undefined || Number.isNaN(x) ? "n/a" : x >= 100 ? Math.round(x) : x >= 10 ? Number(x.toFixed(1)) : Number(x.toFixed(2)));
const raw = {};

// ---- estates ----
const estates = [];
for (const S of SIZES) {
  const t = performance.now();
  const est = generateEstate({ services: S, seed: SEED });
  const dir = join(estatesDir, String(S));
  const w = writeSources(dir, toSources(est));
  estates.push({ S, dir, target: est.platformTop, ...w });
  log(`generated ${S} services: ${w.files} files, ${(w.bytes / 1048576).toFixed(1)} MB in ${Math.round(performance.now() - t)} ms`);
}

// ---- CLI start ----
{
  const reps = 9;
  const base = [];
  const help = [];
  for (let i = 0; i < reps; i++) {
    base.push(run(process.execPath, ["-e", "0"]));
    help.push(run(process.execPath, [bin, "--help"]));
  }
  const b = median(base.map((r) => r.ms));
  const h = median(help.map((r) => r.ms));
  const bc = median(base.map((r) => r.cpuMs ?? NaN));
  const hc = median(help.map((r) => r.cpuMs ?? NaN));
  raw.start = { nodeMs: b, helpMs: h, nodeCpuMs: bc, helpCpuMs: hc };
  row("start", "node -e 0", r1(b), "ms", `peak ${r1(median(base.map((r) => r.maxRssMB)))} MB`);
  row("start", "faultline --help", r1(h), "ms", `${(h / b).toFixed(2)}× node -e 0 (target ≤ 2×); CPU ${r1(hc)} vs ${r1(bc)} ms; peak ${r1(median(help.map((r) => r.maxRssMB)))} MB`);
  log("measured CLI start");
}

// ---- load, in-process query, end-to-end blast, per estate size ----
const spofAvailable = (() => {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `import * as f from ${JSON.stringify(join(root, "dist", "index.js"))}; process.stdout.write(String(typeof f.spofRanking))`], { encoding: "utf8" });
  return r.stdout === "function";
})();
if (!spofAvailable) notes.push("spofRanking is not exported by dist/index.js (yet): the single-point-of-failure rows are skipped.");
for (const e of estates) {
  const reps = e.S >= 50000 ? 3 : 5;
  const mb = e.bytes / 1048576;
  const L = worker("load", { dir: e.dir, target: e.target, spof: spofAvailable && e.S <= 10000 }, reps);
  raw[`load${e.S}`] = L;
  const sec = `${e.S} services`;
  row(sec, "estate", `${L.nodes} nodes, ${L.edges} edges`, "", `${e.files} files, ${mb.toFixed(1)} MB YAML`);
  row(sec, "load (find+parse+validate+build)", r1(L.loadMs), "ms", `${(mb / (L.loadMs / 1000)).toFixed(2)} MB/s; parse ${r1(L.parseMs)} ms (${(mb / (L.parseMs / 1000)).toFixed(2)} MB/s), import ${r1(L.importMs)}, build ${r1(L.buildMs)}; peak ${r1(L.maxRssMB)} MB`);
  row(sec, "compile (CSR)", r1(L.compileMs), "ms");
  row(sec, `blast ${e.target} in-process`, r1(L.blastMs), "ms", `${L.blastImpacts} impacts; engine (propagate) ${r1(L.propagateMs)} ms; CSR reverse BFS ${r1(L.bfsMs)} ms (${L.bfsReached} reached); first call ${r1(L.blastFirstMs)} ms`);
  if (L.spofMs !== undefined) row(sec, "spof ranking, all nodes", r1(L.spofMs), "ms", `target ≤ ${e.S <= 10000 ? "500 ms at 10,000" : "10 s at 100,000"}`);
  const B = runMany(process.execPath, [bin, "blast", e.target, "-m", e.dir], reps);
  raw[`blast${e.S}`] = { ms: B.ms, cpuMs: B.cpuMs, maxRssMB: B.maxRssMB };
  row(sec, `faultline blast ${e.target} (process)`, r1(B.ms), "ms", `${e.S === 10000 ? "target ≤ 2000 ms; " : ""}CPU ${r1(B.cpuMs)} ms; peak ${r1(B.maxRssMB)} MB`);
  log(`measured ${e.S} services`);
}

// ---- the big graph: the slowest query against CSR BFS, graphology and networkx ----
if (BIG > 0) {
  const exportFile = join(out, "bench-big-graph.txt");
  const G = worker("big", { services: BIG, deps: BIG_DEPS, seed: SEED, exportFile, spof: spofAvailable && BIG_SPOF });
  raw.big = G;
  const sec = `${Math.round(G.nodes / 1000)}k nodes`;
  const slow = G.queries.find((q) => q.id === G.slowest);
  const worstBfs = Math.max(...G.queries.map((q) => q.bfsMs));
  const worstRatio = Math.max(...G.queries.map((q) => q.blastMs / q.bfsMs));
  const worstEngineRatio = Math.max(...G.queries.map((q) => q.propagateMs / q.bfsMs));
  row(sec, "graph", `${G.nodes} nodes, ${G.edges} edges`, "", `entities → graphology model ${r1(G.buildMs)} ms, compile ${r1(G.compileMs)} ms`);
  for (const q of G.queries) row(sec, `blast ${q.id}`, r1(q.blastMs), "ms", `${q.down} down, ${q.degraded} degraded; engine ${r1(q.propagateMs)} ms; CSR BFS ${r1(q.bfsMs)} ms (${q.reached} reached)`);
  row(sec, "blast engine / CSR BFS, worst query", Number(worstEngineRatio.toFixed(2)), "×", `the query (propagate: states and causes) against a reverse BFS over the same CSR (target ≤ 2×); with the result objects and their paths ${worstRatio.toFixed(2)}× (slowest query ${(slow.blastMs / slow.bfsMs).toFixed(2)}×)`);
  if (G.graphologyBfsMs !== undefined) {
    row(sec, `graphology-traversal inbound BFS ${G.slowest}`, r1(G.graphologyBfsMs), "ms", `${G.graphologyReached} reached; ${(G.graphologyBfsMs / slow.propagateMs).toFixed(0)}× the blast engine on the same query (target ≥ 50×), ${(G.graphologyBfsMs / slow.blastMs).toFixed(0)}× with result objects and paths`);
  } else notes.push(G.graphologyNote);
  if (G.spofMs !== undefined) row(sec, "spof ranking, all nodes", r1(G.spofMs), "ms", "target ≤ 10 s");
  row(sec, "peak memory of faultline's work", r1(G.maxRssFaultlineMB ?? G.maxRssMB), "MB", `input entities, model, CSR, one blast radius per query (${r1(G.maxRssBeforeSpofMB)} MB), then the spof ranking; target < 1024 MB; the whole process, with the timing loops and the baselines, ${r1(G.maxRssMB)} MB`);
  row(sec, "live heap: entities / graphology model / CSR", `${r1(G.heapEntitiesMB)} / ${r1(G.heapGraphologyModelMB)} / ${r1(G.heapCompiledMB)}`, "MB", "after a full GC; entities are freed once the model is built");
  raw.bigWorstBfsMs = worstBfs;
  log("measured the big graph");
  const py = spawnSync("python3", ["-c", "import networkx"], { encoding: "utf8" });
  if (process.env.BENCH_NO_PYTHON) notes.push("networkx skipped (BENCH_NO_PYTHON).");
  else if (py.error || py.status !== 0) notes.push("python3 with networkx is not installed: the networkx rows are skipped (apt-get install python3-networkx).");
  else {
    try {
      const P = run("python3", [join(root, "bench", "networkx_query.py"), exportFile, "2"]);
      const res = JSON.parse(P.stdout.trim().split("\n").pop());
      raw.networkx = res;
      const worstA = Math.max(...res.queries.map((q) => q.ancestorsMs));
      const worstP = Math.max(...res.queries.map((q) => q.propagateMs));
      const mism = res.queries.filter((q, i) => q.down !== G.queries[i].down || q.degraded !== G.queries[i].degraded);
      row(sec, `networkx ${res.networkx}: load the graph`, r1(res.loadMs), "ms", `peak ${r1(P.maxRssMB)} MB`);
      row(sec, "networkx ancestors, slowest query", r1(worstA), "ms", `${(worstA / slow.blastMs).toFixed(0)}× faultline's slowest blast`);
      row(sec, "networkx propagation (Python), slowest query", r1(worstP), "ms", `${(worstP / slow.blastMs).toFixed(0)}× faultline's slowest blast; ${mism.length === 0 ? "same down/degraded counts as faultline on every query" : `DIFFERS from faultline on ${mism.map((q) => q.node).join(", ")}`}`);
      if (mism.length) notes.push("the Python propagation disagrees with faultline on some queries: see raw.networkx in output/bench.json");
    } catch (err) {
      notes.push(`networkx run failed: ${err.message.split("\n")[0]}`);
    }
    log("measured networkx");
  }
  rmSync(exportFile, { force: true });
}

// ---- scale (issue 18): check on a one-line change, SVG, the analyses, very big estates ----
// Every row names its target; a missed target says MISS (and is listed at the end). Figures
// are the process's wall time, CPU time (user + system: less disturbed on a shared machine)
// and peak memory (max RSS). BENCH_SCALE=0 skips this section; BENCH_CHECK_SIZES (default:
// sizes ≥ 10,000), BENCH_SVG_SIZES (default 1000,10000,50000 among BENCH_SIZES),
// BENCH_HUGE=100000,200000 (0 skips), BENCH_ANALYSES=exposure,scenarios,spof,risk,validate.
const misses = [];
const GB = 1024;
/** "target ≤ …: ok" or "MISS target ≤ …" for each [what, value, limit, unit] given. */
function verdict(name, checks) {
  const parts = [];
  for (const [what, value, limit, unit] of checks) {
    const shown = unit === "ms" ? `${(limit / 1000).toFixed(0)} s` : unit === "MB" ? (limit >= GB ? `${(limit / GB).toFixed(limit % GB ? 1 : 0)} GB` : `${limit} MB`) : `${limit}${unit}`;
    if (value === undefined || Number.isNaN(value)) parts.push(`${what} target ≤ ${shown}: not measured`);
    else if (value <= limit) parts.push(`${what} ≤ ${shown}: ok`);
    else {
      parts.push(`MISS ${what} ≤ ${shown}`);
      misses.push(`${name}: ${what} ${r1(value)} ${unit === "×" ? "×" : unit} > ${shown}`);
    }
  }
  return parts.join("; ");
}
const figures = (X) => `CPU ${r1(X.cpuMs)} ms; peak ${r1(X.maxRssMB)} MB`;
if (process.env.BENCH_SCALE !== "0") {
  const listOf = (v, dflt) => (v === undefined ? dflt : v.split(",").map(Number).filter((n) => n > 0));
  const checkSizes = listOf(process.env.BENCH_CHECK_SIZES, SIZES.filter((S) => S >= 10000));
  const svgSizes = listOf(process.env.BENCH_SVG_SIZES, [1000, 10000, 50000]).filter((S) => SIZES.includes(S));
  const huge = listOf(process.env.BENCH_HUGE, [100000, 200000]);
  // `name:format` runs the command with `--format format` (exposure writes every format in pieces).
  const analyses = (process.env.BENCH_ANALYSES ?? "exposure,exposure:json,exposure:markdown,scenarios,spof,risk,validate").split(",").filter(Boolean);
  const estateOf = (S) => estates.find((e) => e.S === S);

  // `check` on a one-line change (bench/check.mjs): ≤ 2× blast of the same estate, by CPU, interleaved runs.
  Object.assign(raw, (await import("./check.mjs")).benchCheck({ estates: checkSizes.map(estateOf).filter(Boolean), out, log, rows }).raw);
  for (const S of checkSizes) {
    const c = raw[`check${S}`];
    const b = raw[`checkBlast${S}`];
    if (c && b) verdict(`check ${S}`, [["CPU/blast", c.cpuMs / b.cpuMs, 2, "×"]]);
  }

  // SVG: 10,000 services within 5 s and 500 MB, 50,000 within 30 s and 2 GB (wall time, on a quiet machine).
  const SVG_TARGET = { 10000: [5000, 500], 50000: [30000, 2 * GB] };
  for (const S of svgSizes) {
    const e = estateOf(S);
    const file = join(out, `bench-${S}.svg`);
    try {
      const V = runMany(process.execPath, [bin, "graph", "--format", "svg", "-m", e.dir, "-o", file], S >= 10000 ? 1 : 3);
      raw[`svg${S}`] = { ms: V.ms, cpuMs: V.cpuMs, maxRssMB: V.maxRssMB };
      const t = SVG_TARGET[S];
      const v = t ? verdict(`SVG ${S}`, [["wall", V.ms, t[0], "ms"], ["peak", V.maxRssMB, t[1], "MB"]]) + "; " : "";
      const B = raw[`blast${S}`];
      row(`${S} services`, "faultline graph --format svg (process)", r1(V.ms), "ms", `${v}${figures(V)}${B ? `; CPU ${(V.cpuMs / B.cpuMs).toFixed(2)}× blast's` : ""}`);
    } catch (err) {
      row(`${S} services`, "faultline graph --format svg (process)", "failed", "", err.message.split("\n")[0].slice(0, 200));
      misses.push(`SVG ${S}: failed`);
    }
    rmSync(file, { force: true });
  }

  // The analyses at 50,000 services: peak memory within 1.5× blast's on the same estate.
  const e50 = estateOf(50000);
  if (e50 && raw.blast50000) {
    for (const name of analyses) {
      const [cmd, format] = name.split(":");
      const args = cmd === "risk" ? [bin, "risk", e50.target, "-m", e50.dir] : [bin, cmd, "-m", e50.dir];
      if (format) args.push("--format", format);
      const shown = `${cmd}${cmd === "risk" ? ` ${e50.target}` : ""}${format ? ` --format ${format}` : ""}`;
      try {
        const A = runMany(process.execPath, args, 1);
        raw[`${cmd}${format ? `-${format}` : ""}50000`] = { ms: A.ms, cpuMs: A.cpuMs, maxRssMB: A.maxRssMB };
        const ratio = A.maxRssMB / raw.blast50000.maxRssMB;
        row("50000 services", `faultline ${shown} (process)`, r1(A.ms), "ms", `peak ${ratio.toFixed(2)}× blast's (${verdict(`${cmd}${format ? ` --format ${format}` : ""} 50000`, [["peak/blast", ratio, 1.5, "×"]])}); ${figures(A)}`);
      } catch (err) {
        row("50000 services", `faultline ${shown} (process)`, "failed", "", err.message.split("\n")[0].slice(0, 200));
        misses.push(`${name} 50000: failed`);
      }
    }
  }

  // Very big estates from YAML: 100,000 services' blast within 1 GB; 200,000 services answered by blast, spof, scenarios and validate (no exit 3).
  for (const S of huge) {
    const dir = join(estatesDir, String(S));
    const est = generateEstate({ services: S, seed: SEED });
    if (!existsSync(dir)) writeSources(dir, toSources(est));
    const target = est.platformTop;
    for (const cmd of S >= 200000 ? ["blast", "spof", "scenarios", "validate"] : ["blast"]) {
      const args = cmd === "blast" ? [bin, "blast", target, "-m", dir] : [bin, cmd, "-m", dir];
      try {
        const H = run(process.execPath, args);
        raw[`${cmd}${S}`] = { ms: H.ms, cpuMs: H.cpuMs, maxRssMB: H.maxRssMB };
        const v = S === 100000 ? verdict(`${cmd} ${S}`, [["peak", H.maxRssMB, 1 * GB, "MB"]]) : "answers (exit 0): ok";
        row(`${S} services`, `faultline ${cmd}${cmd === "blast" ? ` ${target}` : ""} (process, from YAML)`, r1(H.ms), "ms", `${v}; ${figures(H)}`);
      } catch (err) {
        row(`${S} services`, `faultline ${cmd} (process, from YAML)`, "failed", "", `MISS: ${err.message.split("\n")[0].slice(0, 200)}`);
        misses.push(`${cmd} ${S}: ${err.message.split("\n")[0].slice(0, 120)}`);
      }
    }
    log(`measured ${S} services`);
  }
}

// ---- YAML parse cost ----
{
  const S = SIZES.includes(10000) ? 10000 : SIZES[0];
  const Y = worker("yaml", { services: S, seed: SEED, reps: 3 });
  raw.yaml = Y;
  const sec = `YAML (${S} services)`;
  const f = (x) => `${r1(x.msPerMB)} ms/MB (${x.mbPerS.toFixed(2)} MB/s)`;
  row(sec, "faultline parseYamlText (positions, tree)", r1(Y.faultline.msPerMB), "ms/MB", f(Y.faultline));
  row(sec, "yaml parseAllDocuments (Document, ranges)", r1(Y.yamlDocuments.msPerMB), "ms/MB", f(Y.yamlDocuments));
  row(sec, "  … with a LineCounter", r1(Y.yamlDocumentsLineCounter.msPerMB), "ms/MB", f(Y.yamlDocumentsLineCounter));
  row(sec, "yaml parseAllDocuments + toJS (no positions kept)", r1(Y.yamlToJS.msPerMB), "ms/MB", f(Y.yamlToJS));
  row(sec, "yaml Parser, CST only", r1(Y.yamlCstOnly.msPerMB), "ms/MB", f(Y.yamlCstOnly));
  row(sec, "yaml Lexer only", r1(Y.yamlLexOnly.msPerMB), "ms/MB", f(Y.yamlLexOnly));
  if (Y.jsYaml) row(sec, "js-yaml loadAll (no positions)", r1(Y.jsYaml.msPerMB), "ms/MB", f(Y.jsYaml));
  row(sec, "JSON.parse of the same data", r1(Y.jsonParse.msPerYamlMB), "ms per YAML MB", `${(Y.jsonParse.jsonBytes / 1048576).toFixed(1)} MB of JSON at ${Y.jsonParse.mbPerS.toFixed(0)} MB/s`);
  log("measured YAML");
}

// ---- report ----
// ---- availability (issue 17): exact for every service of 1,000, one critical of 10,000, bounds ----
{
  const r = spawnSync(process.execPath, [join(root, "bench", "availability.mjs"), "1000", "10000"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) notes.push(`availability bench failed: ${r.stderr.split("\n")[0]}`);
  else {
    const A = JSON.parse(r.stdout);
    raw.availability = A;
    const a1 = A["1000"];
    const a10 = A["10000"];
    const methods = (m) => Object.entries(m).map(([k, v]) => `${v} ${k}`).join(", ");
    row("availability", "1,000 services: every service", r1(a1.allExactMs), "ms", `CPU ${r1(a1.allExactCpuMs)} ms; ${methods(a1.allMethods)}; target ≤ 5000 ms`);
    row("availability", "1,000 services: every service, bounds forced", r1(a1.allBoundsMs), "ms", `CPU ${r1(a1.allBoundsCpuMs)} ms; --bdd-limit 50: ${methods(a1.boundsMethods)}; widest bound ${a1.widestBound.toExponential(2)}`);
    row("availability", `1,000 services: ${a1.critical} (cone ${a1.criticalCone})`, r1(a1.oneExactMs), "ms", `CPU ${r1(a1.oneExactCpuMs)} ms; ${a1.oneMethod}, ${a1.oneBddNodes} diagram nodes; bounds ${r1(a1.oneBoundsMs)} ms, contain it: ${a1.boundsContainExact}`);
    row("availability", `10,000 services: ${a10.critical} (cone ${a10.criticalCone})`, r1(a10.oneExactMs), "ms", `CPU ${r1(a10.oneExactCpuMs)} ms; ${a10.oneMethod}${a10.oneMethod === "bounds" ? ` [${a10.oneLower.toFixed(6)}, ${a10.oneUpper.toFixed(6)}]` : ""}; target ≤ 2000 ms`);
    log("measured availability");
  }
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGB: Number((totalmem() / 1073741824).toFixed(1)),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtEnd: (await import("node:os")).loadavg().map((x) => Number(x.toFixed(2))),
};
const totalS = (performance.now() - started) / 1000;
const headers = ["SECTION", "MEASURE", "VALUE", "UNIT", "NOTES"];
const cells = rows.map((r) => [r.section, r.measure, String(r.value), r.unit, r.extra]);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (i < 4 ? c[i].length : 0))));
const fmt = (c) => c.map((x, i) => (i === 2 ? x.padStart(widths[i]) : i < 4 ? x.padEnd(widths[i]) : x)).join("  ").trimEnd();
let text = fmt(headers) + "\n" + cells.map(fmt).join("\n") + "\n";
text += `\nmachine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, node ${machine.node}; load average at end ${machine.loadAverageAtEnd.join(" ")}; bench took ${totalS.toFixed(0)} s\n`;
for (const n of notes) text += `note: ${n}\n`;
text += misses.length === 0 ? "targets: all met\n" : `targets MISSED (${misses.length}):\n${misses.map((m) => `  MISS ${m}`).join("\n")}\n`;
process.stdout.write(text);
// No timestamp: same machine and code, comparable files (the run time is in `machine`).
writeFileSync(join(out, "bench.json"), JSON.stringify({ schemaVersion: 1, seed: SEED, sizes: SIZES, machine, benchSeconds: Number(totalS.toFixed(1)), rows, notes, misses, raw }, null, 2) + "\n");
