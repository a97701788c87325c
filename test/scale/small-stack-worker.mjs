// Runs faultline's built code (dist/, built by `pretest`) inside a worker_threads Worker whose
// stack is a fraction of the default (test/scale/no-deep-recursion.test.ts sets it): recursion
// one frame per service or per step of a dependency chain, or a spread of one argument per
// service, overflows here on inputs of a few thousand, where the default stack would need
// hundreds of thousands. Posts {ok, results} or {ok: false, error}.
import { parentPort, workerData } from "node:worker_threads";

const lib = await import(new URL("../../dist/index.js", import.meta.url).href);
const { table } = await import(new URL("../../dist/report/terminal.js", import.meta.url).href);

/** A native estate as YAML: one data center, `n` services; service i depends on `deps(i)`. */
function sources(n, deps) {
  const docs = ["apiVersion: faultline/v1\nkind: Location\nmetadata: {name: dc}\nspec: {hosting: in-house, children: [{name: hall-a}, {name: hall-b}]}"];
  for (let i = 0; i < n; i++) {
    const d = deps(i);
    docs.push(`apiVersion: faultline/v1\nkind: Service\nmetadata: {name: s${i}}\nspec:\n  tier: ${i % 7 === 0 ? "critical" : "medium"}\n  runsOn: [dc/${i % 2 ? "hall-a" : "hall-b"}]\n  dependsOn: [${d.map((j) => `s${j}`).join(", ")}]`);
  }
  return [{ file: "estate.yaml", text: docs.join("\n---\n") + "\n" }];
}

/** Everything a command does after loading, on one estate; returns sizes (the test checks them). */
async function everything(estate, failed, top, maxPathIds) {
  const out = {};
  const rep = (result, format, kind) => lib.report(result, format, { kind });
  try {
    const b = lib.blastRadius(estate, failed, { maxPathIds });
    out.blastDown = b.summary.services.down;
    out.blastText = (await rep(b, "text", "blast")).length;
  } catch (e) {
    if (!(e instanceof lib.ResultTooLargeError)) throw e;
    out.blastDown = "too-large";
  }
  const s = lib.spofRanking(estate);
  out.spofServices = s.summary.services;
  out.spofText = (await rep(s, "text", "spof")).length;
  const sc = lib.scenarios(estate);
  out.scenarios = sc.scenarios.length;
  out.scenariosText = (await rep(sc, "text", "scenarios")).length;
  const ex = lib.exposure(estate);
  out.exposureText = (await rep(ex, "text", "exposure")).length;
  const rg = lib.riskGroups(estate, top);
  out.riskText = (await rep(rg, "text", "risk")).length;
  out.validateText = (await rep({ ok: true, estate, diagnostics: [] }, "text", "load")).length;
  out.json = (await rep(estate, "json", "estate")).length;
  const view = lib.buildView(estate, { blast: lib.blastRadius(estate, ["dc/hall-a"]) });
  for (const f of ["svg", "dot", "mermaid"]) out[f] = (await rep(view, f, "view")).length;
  return out;
}

const tasks = {
  /** The stack really is small: a plain recursion of `depth` frames overflows. */
  recursion({ depth }) {
    const f = (d) => (d === 0 ? 0 : 1 + f(d - 1));
    return f(depth);
  },
  /** A dependency chain s0 → s1 → … → s(n-1), loaded from YAML. */
  async chain({ n }) {
    const r = lib.loadSources(sources(n, (i) => (i + 1 < n ? [i + 1] : [])));
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
    return { services: r.estate.graph.order, ...(await everything(r.estate, [`s${n - 1}`], "s0", n * 20)) };
  },
  /** A wide estate: every service depends on s0 (one blast row per service, one spread argument each). */
  async wide({ n }) {
    const r = lib.loadSources(sources(n, (i) => (i === 0 ? [] : [0])));
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
    return { services: r.estate.graph.order, ...(await everything(r.estate, ["s0"], "s1", undefined)) };
  },
  /** A text table of `rows` rows. */
  table({ rows }) {
    return table(["ID", "X"], Array.from({ length: rows }, (_, i) => [`s${i}`, "x"])).split("\n").length;
  },
  /** All of the above in one worker (the SVG reporter's d3-node and jsdom load once). */
  async all({ n, rows }) {
    return { chain: await tasks.chain({ n }), wide: await tasks.wide({ n }), table: tasks.table({ rows }) };
  },
};

try {
  parentPort.postMessage({ ok: true, result: await tasks[workerData.task](workerData.arg) });
} catch (e) {
  parentPort.postMessage({ ok: false, error: `${e?.name}: ${e?.message}`, stack: String(e?.stack) });
}
