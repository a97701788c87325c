// One measurement in its own process, so each figure comes with the peak memory of the
// process that produced it and no run warms the next. Usage:
//   node bench/worker.mjs <task> '<json args>'
// Prints one JSON object on stdout. Tasks: load, big, yaml.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import * as api from "../dist/index.js";
// The public API, and the internals the load rows time phase by phase.
import { DiagnosticBag } from "../dist/diagnostics/diagnostics.js";
import { findManifests } from "../dist/load/find-manifests.js";
import { readYamlFile, parseYamlText } from "../dist/yaml/read-yaml.js";
import { importDocuments } from "../dist/load/load.js";
import { buildModel } from "../dist/model/build-model.js";
import { compile, propagate } from "../dist/engine/index.js";
const fl = { ...api, DiagnosticBag, findManifests, readYamlFile, parseYamlText, importDocuments, buildModel, compile, propagate };
import { generateEstate, toEntities, toSources } from "./generate.mjs";

const require = createRequire(import.meta.url);
const now = () => performance.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Median wall time of `reps` calls of fn (after `warm` unmeasured calls), and its last value. */
function timeIt(fn, reps, warm = 1) {
  let value;
  for (let i = 0; i < warm; i++) value = fn();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t = now();
    value = fn();
    ts.push(now() - t);
  }
  return { ms: median(ts), max: Math.max(...ts), value };
}
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

/** The lower bound of any blast query: which nodes can reach `start` at all, over the same CSR. */
export function csrReverseBfs(c, start) {
  const seen = new Uint8Array(c.n);
  const queue = new Int32Array(c.n);
  const { revStart, revNode } = c;
  let head = 0;
  let tail = 0;
  seen[start] = 1;
  queue[tail++] = start;
  while (head < tail) {
    const x = queue[head++];
    for (let j = revStart[x], end = revStart[x + 1]; j < end; j++) {
      const y = revNode[j];
      if (seen[y] === 0) {
        seen[y] = 1;
        queue[tail++] = y;
      }
    }
  }
  return tail - 1;
}

/** The all-node single-point-of-failure ranking, when the library has it (issue [2/7]). */
function spofFn() {
  return typeof fl.spofRanking === "function" ? fl.spofRanking : undefined;
}

function bytesUnder(dir) {
  let b = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) b += bytesUnder(p);
    else if (/\.ya?ml$/.test(e.name)) b += statSync(p).size;
  }
  return b;
}

const tasks = {
  /** Load an estate from disk phase by phase (what loadEstate does), then query it in-process. */
  load({ dir, target, queryReps = 5, spof = false }) {
    const out = { bytes: bytesUnder(dir) };
    const t0 = now();
    const bag = new fl.DiagnosticBag();
    const files = fl.findManifests([dir], bag);
    const t1 = now();
    const budget = { nodes: 0 };
    const docs = [];
    for (const f of files) docs.push(...fl.readYamlFile(f.path, f.display, fl.DEFAULT_LIMITS, bag, budget));
    const t2 = now();
    const entities = fl.importDocuments(docs, bag);
    const t3 = now();
    const estate = fl.buildModel(entities, bag, files.map((f) => f.display));
    const t4 = now();
    const c = fl.compile(estate);
    const t5 = now();
    if (bag.hasErrors()) throw new Error(`generated estate does not load: ${bag.items.find((d) => d.severity === "error").message}`);
    Object.assign(out, {
      files: files.length,
      nodes: c.n,
      edges: c.revNode.length,
      findMs: t1 - t0,
      parseMs: t2 - t1,
      importMs: t3 - t2,
      buildMs: t4 - t3,
      compileMs: t5 - t4,
      loadMs: t4 - t0,
    });
    const first = now();
    let r = fl.blastRadius(estate, [target]);
    out.blastFirstMs = now() - first;
    out.blastImpacts = r.impacts.length;
    out.blastMs = timeIt(() => fl.blastRadius(estate, [target]), queryReps).ms;
    const ti = c.index.get(target);
    out.propagateMs = timeIt(() => fl.propagate(c, [ti]), queryReps).ms;
    out.bfsMs = timeIt(() => csrReverseBfs(c, ti), queryReps).ms;
    out.bfsReached = csrReverseBfs(c, ti);
    const s = spofFn();
    if (spof && s) {
      const t = now();
      const ranking = s(estate);
      out.spofMs = now() - t;
      out.spofEntries = Array.isArray(ranking) ? ranking.length : Array.isArray(ranking?.ranking) ? ranking.ranking.length : undefined;
    }
    r = undefined;
    out.maxRssMB = maxRssMB();
    return out;
  },

  /**
   * The 100,000-node, 1,000,000-edge graph: generated, handed to the model builder as
   * entities (no YAML), then the slowest query compared with a CSR BFS and graphology.
   */
  big({ services, deps, seed, queries: nQueries = 6, reps = 5, graphologyReps = 2, exportFile, spof = false }) {
    const out = {};
    // Heap after a full GC (when run with --expose-gc), to say where the memory goes.
    const heapMB = () => (globalThis.gc?.(), process.memoryUsage().heapUsed / 1048576);
    const heapStart = heapMB();
    let t = now();
    let est = generateEstate({ services, seed, deps });
    let entities = toEntities(est);
    out.generateMs = now() - t;
    const { hubs, clouds } = est;
    const firstStore = est.services.find((s) => s.layer === "store").name;
    est = undefined;
    out.heapEntitiesMB = heapMB() - heapStart;
    t = now();
    const bag = new fl.DiagnosticBag();
    const estate = fl.buildModel(entities, bag);
    out.buildMs = now() - t;
    entities = undefined;
    out.heapGraphologyModelMB = heapMB() - heapStart;
    if (bag.hasErrors()) throw new Error(`generated graph does not build: ${bag.items.find((d) => d.severity === "error").message}`);
    t = now();
    const c = fl.compile(estate);
    out.compileMs = now() - t;
    out.nodes = c.n;
    out.edges = c.revNode.length;
    out.heapCompiledMB = heapMB() - heapStart - out.heapGraphologyModelMB;
    out.rssAfterBuildMB = process.memoryUsage().rss / 1048576;
    // Queries: the nodes with the largest reverse reachability among the most shared platform
    // services, a store, the cloud providers. The slowest one is the figure of the issue.
    const cands = [...new Set([...hubs, ...clouds, firstStore])].filter((id) => c.index.has(id));
    const queries = cands.slice(0, nQueries);
    out.queries = queries.map((id) => ({ id, i: c.index.get(id) }));
    // 1. The work itself, once: one blast radius per query, then the all-node spof ranking.
    //    Peak memory is read here, before any timing loop piles up garbage (V8 grows the heap
    //    rather than collect when results are thrown away at this rate) and before the
    //    baselines, whose data (graphology-traversal's queue, the export for Python) would
    //    otherwise count against faultline.
    for (const q of out.queries) {
      const r = fl.blastRadius(estate, [q.id]);
      q.down = r.summary.down;
      q.degraded = r.summary.degraded;
    }
    out.maxRssBeforeSpofMB = maxRssMB();
    const s = spofFn();
    if (spof && s) {
      t = now();
      s(estate);
      out.spofMs = now() - t;
    }
    out.maxRssFaultlineMB = maxRssMB();
    // 2. Timings. The engine and the CSR BFS alternate, query by query, before any full
    //    result is built, so neither pays for the other's garbage; then the full results.
    for (const q of out.queries) {
      q.reached = csrReverseBfs(c, q.i);
      const bfs = [];
      const prop = [];
      for (let r = 0; r < reps; r++) {
        bfs.push(timeIt(() => csrReverseBfs(c, q.i), 1).ms);
        prop.push(timeIt(() => fl.propagate(c, [q.i]), 1).ms);
      }
      q.bfsMs = median(bfs);
      q.propagateMs = median(prop);
    }
    for (const q of out.queries) q.blastMs = timeIt(() => fl.blastRadius(estate, [q.id]), reps).ms;
    for (const q of out.queries) delete q.i;
    // graphology-traversal's inbound BFS: the slow baseline, only on the slowest query.
    const slowest = out.queries.reduce((a, b) => (b.blastMs > a.blastMs ? b : a));
    out.slowest = slowest.id;
    try {
      const { bfsFromNode } = require("graphology-traversal");
      const g = timeIt(() => {
        let k = 0;
        bfsFromNode(estate.graph, slowest.id, () => void k++, { mode: "inbound" });
        return k - 1;
      }, graphologyReps, 0);
      out.graphologyBfsMs = g.ms;
      out.graphologyReached = g.value;
    } catch (e) {
      out.graphologyNote = `graphology-traversal not available: ${e.message}`;
    }
    if (exportFile) {
      // The same graph for the Python baseline: integer ids, the compiled semantics.
      const lines = [`${c.n} ${c.revNode.length} ${c.groupOwner.length}`];
      for (let i = 0; i < c.n; i++) lines.push(`${c.isService[i]} ${c.placeCount[i]} ${c.minPlace[i]}`);
      for (let g = 0; g < c.groupOwner.length; g++) lines.push(`${c.groupQuorum[g]} ${c.groupSize[g]} ${c.groupSoft[g]}`);
      for (let s = 0; s < c.n; s++) for (let j = c.fwdStart[s]; j < c.fwdStart[s + 1]; j++) lines.push(`${s} ${c.fwdNode[j]} ${c.fwdKind[j]} ${c.fwdGroup[j]}`);
      lines.push(out.queries.map((q) => c.index.get(q.id)).join(" "));
      writeFileSync(exportFile, lines.join("\n") + "\n");
    }
    out.maxRssMB = maxRssMB();
    return out;
  },

  /** The cost of YAML per MB, with positions and without, against JSON of the same data. */
  async yaml({ services, seed, reps = 3 }) {
    const yaml = await import("yaml");
    const sources = toSources(generateEstate({ services, seed }));
    const bytes = sources.reduce((a, s) => a + Buffer.byteLength(s.text), 0);
    const mb = bytes / 1048576;
    const out = { bytes, files: sources.length };
    const rate = (ms) => ({ ms, mbPerS: mb / (ms / 1000), msPerMB: ms / mb });
    const bag = new fl.DiagnosticBag();
    out.faultline = rate(timeIt(() => { const budget = { nodes: 0 }; for (const s of sources) fl.parseYamlText(s.text, s.file, fl.DEFAULT_LIMITS, bag, budget); }, reps).ms);
    out.yamlDocuments = rate(timeIt(() => { for (const s of sources) yaml.parseAllDocuments(s.text); }, reps).ms);
    out.yamlDocumentsLineCounter = rate(timeIt(() => { for (const s of sources) yaml.parseAllDocuments(s.text, { lineCounter: new yaml.LineCounter() }); }, reps).ms);
    out.yamlToJS = rate(timeIt(() => { for (const s of sources) for (const d of yaml.parseAllDocuments(s.text)) d.toJS(); }, reps).ms);
    out.yamlCstOnly = rate(timeIt(() => { for (const s of sources) for (const _ of new yaml.Parser().parse(s.text)); }, reps).ms);
    out.yamlLexOnly = rate(timeIt(() => { for (const s of sources) for (const _ of new yaml.Lexer().lex(s.text)); }, reps).ms);
    const data = sources.map((s) => yaml.parseAllDocuments(s.text).map((d) => d.toJS()));
    const json = data.map((d) => JSON.stringify(d));
    const jsonMb = json.reduce((a, j) => a + Buffer.byteLength(j), 0) / 1048576;
    const jt = timeIt(() => { for (const j of json) JSON.parse(j); }, reps).ms;
    out.jsonParse = { ms: jt, mbPerS: jsonMb / (jt / 1000), msPerYamlMB: jt / mb, jsonBytes: Math.round(jsonMb * 1048576) };
    try {
      const jsyaml = require("js-yaml");
      out.jsYaml = rate(timeIt(() => { for (const s of sources) jsyaml.loadAll(s.text); }, reps).ms);
    } catch {
      out.jsYaml = null;
    }
    out.maxRssMB = maxRssMB();
    return out;
  },
};

const [task, args] = process.argv.slice(2);
if (!tasks[task]) {
  process.stderr.write(`usage: node bench/worker.mjs <${Object.keys(tasks).join("|")}> '<json>'\n`);
  process.exit(2);
}
const result = await tasks[task](JSON.parse(args ?? "{}"));
process.stdout.write(JSON.stringify(result) + "\n");
