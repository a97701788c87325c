// `npm run bench:explorer`: the figures of the HTML explorer (`graph --format html`) in the
// headless Chromium of @sparticuz/chromium on this machine, for 1,000, 10,000 and 100,000
// services (the bench generator's estates; `1000:webgl` forces a renderer): time to write the file, its size, time until the
// page is open and drawn, and the time of a click that fails a node and recomputes the blast
// radius in the page. Targets (issue 16): 1k open ≤ 1 s, click ≤ 50 ms; 10k ≤ 3 s, ≤ 100 ms,
// file < 10 MB; 100k ≤ 15 s, ≤ 1 s. `node bench/explorer.mjs 1000` runs one size.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateEstate, toEntities } from "./generate.mjs";
import { launchChromium } from "../scripts/chromium.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fl = await import(pathToFileURL(join(root, "dist", "index.js")).href);
// Arguments: sizes, each optionally with a renderer (`1000:webgl`).
const args = process.argv.slice(2).map((a) => ({ n: Number(a.split(":")[0]), renderer: a.split(":")[1] ?? "auto" })).filter((x) => x.n > 0);
const RUNS = args.length > 0 ? args : [1000, 10_000, 100_000].map((n) => ({ n, renderer: "auto" }));
const TARGETS = { 1000: [1000, 50], 10000: [3000, 100], 100000: [15000, 1000] };
const dir = mkdtempSync(join(tmpdir(), "faultline-bench-explorer-"));
const browser = await launchChromium();
const rows = [];
try {
  for (const { n, renderer } of RUNS) {
    const est = generateEstate({ services: n, seed: 42 });
    const bag = new fl.DiagnosticBag();
    const estate = fl.buildModel(toEntities(est), bag);
    let t = performance.now();
    const html = await fl.renderHtml(estate, { renderer });
    const writeMs = performance.now() - t;
    const file = join(dir, `estate-${n}-${renderer}.html`);
    writeFileSync(file, html);
    const mb = statSync(file).size / 1e6;
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    t = performance.now();
    await page.goto(pathToFileURL(file).href, { timeout: 120_000 });
    await page.waitForSelector("html[data-ready]", { timeout: 120_000 });
    const openMs = performance.now() - t;
    const mode = await page.evaluate(() => document.documentElement.getAttribute("data-mode"));
    // Clicks: a zone, a busy platform service, a data center, then one more service on top.
    const c = fl.compile(estate);
    const svcIds = c.ids.filter((_, i) => c.isService[i] === 1);
    const zone = est.locations.find((l) => l.type === "zone")?.id;
    const dc = est.locations.find((l) => l.type === "data-center" || l.type === "datacenter")?.id ?? est.locations[0].id;
    const targets = [zone, svcIds.find((s) => s.includes("platform")) ?? svcIds[0], dc, svcIds[Math.floor(svcIds.length / 2)]].filter(Boolean);
    const clicks = [];
    for (const id of targets) {
      const ms = await page.evaluate(async (id, mode) => {
        const t0 = performance.now();
        if (mode === "svg") {
          const g = [...document.querySelectorAll("#stage g[data-id], #stage g[data-location]")].find((e) => (e.getAttribute("data-id") ?? e.getAttribute("data-location")) === id);
          if (!g) throw new Error(`no element for ${id}`);
          g.dispatchEvent(new MouseEvent("click", { bubbles: true }));
        } else {
          document.getElementById("search").value = id;
          document.getElementById("search-form").requestSubmit();
        }
        await new Promise((r) => requestAnimationFrame(() => r()));
        return performance.now() - t0;
      }, id, mode);
      const down = await page.evaluate(() => document.documentElement.getAttribute("data-services-down"));
      clicks.push({ id, ms, down: Number(down) });
    }
    await page.close();
    const [openTarget, clickTarget] = TARGETS[n] ?? [Infinity, Infinity];
    const worst = Math.max(...clicks.map((x) => x.ms));
    rows.push({ n, mode, writeMs, mb, openMs, clicks, worst, ok: openMs <= openTarget && worst <= clickTarget && (n !== 10000 || mb < 10) });
    process.stdout.write(
      `${String(n).padStart(7)} services  ${mode.padEnd(5)}  write ${(writeMs / 1000).toFixed(2)} s  file ${mb.toFixed(2)} MB  open+draw ${(openMs / 1000).toFixed(2)} s (≤ ${openTarget / 1000} s)  ` +
        `clicks ${clicks.map((x) => `${x.ms.toFixed(0)} ms`).join(", ")} (≤ ${clickTarget} ms; ${clicks.map((x) => x.down).join("/")} down)  ${rows.at(-1).ok ? "ok" : "MISSED"}\n`,
    );
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(root, "output"), { recursive: true });
writeFileSync(join(root, "output", "bench-explorer.json"), JSON.stringify(rows, null, 2) + "\n");
