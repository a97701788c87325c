/**
 * Issue 18: the SVG root comes from d3-node loaded in a worker thread (jsdom's loading off the
 * path of the layout). In one child process of the built code (so this test loads no jsdom):
 * the worker's roots equal those of d3-node imported in the same thread (what is done when no
 * worker can be had), it answers several pictures asked at once, and the process ends by
 * itself once they are written (the worker keeps nothing alive).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SPECS = [
  { width: 10, height: 20, attrs: { viewBox: "0 0 10 20", "font-family": "DejaVu Sans, Verdana", "font-size": 12 } },
  { width: 123456, height: 7, attrs: { viewBox: "0 0 123456 7", "font-family": 'a "quoted" <font> & more', "font-size": 10.5 } },
];

describe("SVG root from d3-node in a worker", { timeout: 30_000 }, () => {
  it("is the root d3-node makes in this thread, for pictures asked at once, and lets the process end", () => {
    const dist = join(import.meta.dirname, "..", "..", "dist", "report", "svg-root.js");
    const code = `import(${JSON.stringify(dist)}).then(async (m) => {
      const specs = ${JSON.stringify(SPECS)};
      const viaWorker = Promise.all(specs.map((s) => m.prepareRoot()(s)));
      const here = await Promise.all(specs.map((s) => m.prepareRoot(false)(s)));
      process.stdout.write(JSON.stringify({ worker: await viaWorker, here }));
    })`;
    const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8", timeout: 25_000 });
    expect(r.status, r.stderr).toBe(0);
    const { worker, here } = JSON.parse(r.stdout) as { worker: string[]; here: string[] };
    expect(here[0]).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20" viewBox="0 0 10 20" font-family="DejaVu Sans, Verdana" font-size="12"/>');
    expect(here[1]).toContain('font-family="a &quot;quoted&quot; &lt;font&gt; &amp; more"');
    expect(worker).toEqual(here);
  });
});
