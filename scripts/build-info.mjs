// tsc builds incrementally (dist/.tsbuildinfo), so the `pretest` build after `npm install` costs
// seconds, not a full compile. Incremental tsc trusts its record: a file deleted from dist/ by
// hand would stay missing. Before each build, forget the record when any output is missing.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

const info = "dist/.tsbuildinfo";
// Bundled into dist/explorer/page.js by esbuild, not compiled by tsc (tsconfig.json excludes them).
const NOT_TSC = new Set(["src/explorer/page.ts", "src/explorer/gl-view.ts"]);

function* sources(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) yield p;
  }
}

if (existsSync(info)) {
  for (const src of sources("src")) {
    if (NOT_TSC.has(src.split("\\").join("/"))) continue;
    const out = join("dist", relative("src", src)).replace(/\.ts$/, ".js");
    if (!existsSync(out)) {
      rmSync(info);
      break;
    }
  }
}
