/**
 * Runs in a worker_threads Worker with a small stack (test/hardening/huge-inputs.test.ts): a
 * Compose file whose services extend each other in a chain `n` long, loaded by the built
 * library. A recursion as deep as the chain overflows this stack. Posts what loaded.
 */
import { parentPort, workerData } from "node:worker_threads";

const { dist, n } = workerData;
// Only the loader: the whole public index is more modules to start than the chain costs.
const { loadSources } = await import(`${dist}/load/load.js`);
let compose = "services:\n";
for (let i = 0; i < n; i++) compose += `  s${i}: {image: x${i < n - 1 ? `, extends: s${i + 1}` : ", labels: {faultline.tier: critical}"}}\n`;
try {
  const r = loadSources([{ file: "shop/compose.yaml", text: compose }]);
  parentPort.postMessage({ errors: r.diagnostics.filter((d) => d.severity === "error").length, order: r.estate.graph.order, tier: r.estate.graph.getNodeAttributes("s0").tier });
} catch (err) {
  parentPort.postMessage({ error: `${err?.name}: ${err?.message}` });
}
