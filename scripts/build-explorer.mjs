// Bundles the explorer's page script (src/explorer/page.ts with the engine it imports from
// src/, graphology and sigma) into dist/explorer/page.js, which `graph --format html` inlines.
// Part of `npm run build`, so `npm install` (prepare) leaves it ready.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "explorer", "page.js");
const result = await build({
  entryPoints: [join(root, "src", "explorer", "page.ts")],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["chrome110", "firefox110", "safari16"],
  minify: true,
  legalComments: "none",
  charset: "ascii",
  write: false,
  logLevel: "warning",
});
const text = result.outputFiles[0].text;
// The bundle is inlined in a <script> element: these sequences would end or confuse it.
for (const bad of [/<\/script/i, /<!--/, /<script/i]) {
  if (bad.test(text)) {
    process.stderr.write(`build-explorer: the bundle contains ${bad}, which cannot be inlined in a script element\n`);
    process.exit(1);
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
if (process.env.FAULTLINE_BUILD_VERBOSE) process.stdout.write(`build-explorer: ${out} (${text.length} bytes)\n`);
