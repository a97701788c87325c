/**
 * Runs in a worker_threads Worker with a small stack (test/hardening/hostile-sizes.test.ts):
 * builds a location chain `depth` levels deep (each level names its parent with `spec.parent`)
 * with a service at the bottom and one at the top depending on it, and passes it through the
 * built library: load, blast, spof --for, risk, the picture's view and layout, DOT, Mermaid, SVG.
 * Any recursion as deep as the chain overflows this stack. Posts what each step produced.
 */
import { parentPort, workerData } from "node:worker_threads";

const { dist, depth, steps } = workerData;
const lib = await import(`${dist}/index.js`);
const parts = [];
let id = "";
for (let i = 0; i < depth; i++) {
  parts.push(`apiVersion: faultline/v1\nkind: Location\nmetadata: {name: l}\nspec: {${i > 0 ? `parent: ${id}` : "hosting: public-cloud"}}\n---\n`);
  id = i > 0 ? `${id}/l` : "l";
}
parts.push(`apiVersion: faultline/v1\nkind: Service\nmetadata: {name: bottom}\nspec: {runsOn: [${id}]}\n---\n`);
parts.push(`apiVersion: faultline/v1\nkind: Service\nmetadata: {name: top}\nspec: {runsOn: [l], dependsOn: [bottom]}\n`);
const out = {};
try {
  const r = lib.loadSources([{ file: "chain.yaml", text: parts.join("") }]);
  out.ok = r.ok;
  out.locations = r.estate.graph.order - 2;
  // Paths of a chain this deep are small in ids but large in characters: blast answers or refuses by its limits.
  if (steps.includes("blast")) out.blast = lib.blastRadius(r.estate, ["l"]).summary.down;
  if (steps.includes("spof")) out.spof = lib.spofFor(r.estate, "bottom").singlePointsOfFailure.length;
  // risk ranks its sets by location depth: the depth of the deepest location, measured once.
  if (steps.includes("risk")) out.riskGroups = lib.riskGroups(r.estate, "bottom", { maxSize: 1 }).groups.length;
  const view = lib.buildView(r.estate);
  out.boxes = view.locations.length;
  out.maxDepth = Math.max(...view.locations.map((l) => l.depth));
  out.topBoxServices = view.locations.find((l) => l.id === "l")?.services;
  if (steps.includes("layout")) {
    const { layoutView } = await import(`${dist}/picture/layered.js`);
    const layout = layoutView(view);
    out.layoutBoxes = layout.boxes.size;
    const bottomBox = layout.boxes.get(id);
    const topBox = layout.boxes.get("l");
    out.nested = bottomBox.x > topBox.x && bottomBox.x + bottomBox.w < topBox.x + topBox.w && bottomBox.y > topBox.y;
  }
  if (steps.includes("dot")) {
    const dot = await lib.report(view, "dot", { kind: "view" });
    out.dotClusters = (dot.match(/subgraph /g) ?? []).length;
    out.dotBalanced = (dot.match(/\{/g) ?? []).length === (dot.match(/\}/g) ?? []).length;
  }
  if (steps.includes("mermaid")) {
    const m = await lib.report(view, "mermaid", { kind: "view" });
    out.mermaidSubgraphs = (m.match(/^\s*subgraph /gm) ?? []).length;
    out.mermaidEnds = (m.match(/^\s*end$/gm) ?? []).length;
  }
  if (steps.includes("svg")) {
    const svg = await lib.report(view, "svg", { kind: "view" });
    out.svg = svg.includes("</svg>");
  }
} catch (err) {
  out.error = `${err?.name}: ${err?.message}`;
}
parentPort.postMessage(out);
