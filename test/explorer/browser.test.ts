/**
 * The explorer in a real browser: headless Chromium (the one @sparticuz/chromium ships inside
 * the npm package) opens files written by `faultline graph --format html` and drives them by
 * clicks, the URL hash and the search box. Counts and states shown must equal `blast --json`
 * for the same ids; nothing may be fetched; hostile names render as text and run no script.
 * One browser for the whole file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "puppeteer-core";
// @ts-expect-error: a plain ESM script shared with the bench and the screenshot script
import { launchChromium } from "../../scripts/chromium.mjs";
import * as lib from "../helpers/internals.js";
import { REPO, runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-explorer-"));
let browser: Browser;
const requests: string[] = [];
const problems: string[] = [];

/** Runs the CLI in-process (the runs of a test file go in parallel with the browser's start). */
async function cli(args: string[]): Promise<string> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`faultline ${args.join(" ")}: exit ${r.code}\n${r.stderr}`);
  return r.stdout;
}
async function write(name: string, args: string[]): Promise<string> {
  const out = join(dir, name);
  await cli(["graph", ...args, "-f", "html", "-o", out]);
  return pathToFileURL(out).href;
}
let retailSvg: string;
let retailGl: string;
let hostileUrl: string;
/** Names from the hardening tests that are markup, an entity and bidi controls: Compose allows any service name. */
const names = ['</script><script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=2">', "evil\u202Egnp.exe\u202C", "a&amp;b\u2028c"];
const compose = `services:\n${names.map((n, i) => `  ${JSON.stringify(n)}:\n    image: x\n    labels: {"faultline.tier": critical, "faultline.type": ${JSON.stringify(`<b onmouseover="window.__pwned=3">${i}`)}}\n${i > 0 ? `    depends_on: [${JSON.stringify(names[i - 1])}]\n` : ""}`).join("")}`;
const m = join(dir, "hostile");
mkdirSync(m);
writeFileSync(join(m, "compose.yaml"), compose);

/** The id sets the tests fail, and `blast --json` of each, computed up front. */
const SETS = [["aws/us-east-1", "payflow"], ["meridian/ash/hall-2"], ["ledger-db-1"], ["ledger-db-1", "ledger-db-2"], ["payflow"], ["aws"], ["aws", "payflow"]];
const blasts = new Map<string, lib.BlastResult>();
function blastJson(ids: string[]): lib.BlastResult {
  const b = blasts.get(JSON.stringify(ids));
  if (!b) throw new Error(`add ${JSON.stringify(ids)} to SETS`);
  return b;
}

/** One tab for the whole file (a new tab costs more than a page load): each open loads a fresh document. */
let tab: Page | undefined;
let current = "";
async function open(url: string): Promise<Page> {
  current = url;
  if (!tab) {
    const page = (tab = await browser.newPage());
    await page.setViewport({ width: 1280, height: 800 });
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      if (req.url() !== "about:blank" && req.url().split("#")[0] !== current.split("#")[0]) {
        requests.push(req.url());
        void req.abort();
      } else void req.continue();
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${(e as Error).message}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") problems.push(`console: ${m.text()}`);
    });
    await page.evaluateOnNewDocument(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
  }
  // Through a blank document: the same file with another hash would otherwise not be loaded again.
  await tab.goto("about:blank");
  await tab.goto(url);
  await tab.waitForSelector("html[data-ready]");
  return tab;
}

/** What the page shows: the root's counts and every drawn node's state. */
async function shown(page: Page) {
  return page.evaluate(() => {
    const r = document.documentElement;
    const states: Record<string, string> = {};
    document.querySelectorAll("#stage g[data-id], #stage g[data-location]").forEach((g) => {
      states[g.getAttribute("data-id") ?? g.getAttribute("data-location")!] = g.getAttribute("data-state") ?? "none";
    });
    return {
      failed: JSON.parse(r.getAttribute("data-failed")!) as string[],
      down: Number(r.getAttribute("data-down")),
      degraded: Number(r.getAttribute("data-degraded")),
      servicesDown: Number(r.getAttribute("data-services-down")),
      servicesDegraded: Number(r.getAttribute("data-services-degraded")),
      criticalDown: Number(r.getAttribute("data-critical-down")),
      states,
      hash: location.hash,
    };
  });
}

function expectMatches(s: Awaited<ReturnType<typeof shown>>, b: lib.BlastResult, all = true): void {
  expect(s.failed).toEqual(b.failed);
  expect([s.down, s.degraded]).toEqual([b.summary.down, b.summary.degraded]);
  expect([s.servicesDown, s.servicesDegraded, s.criticalDown]).toEqual([b.summary.services.down, b.summary.services.degraded, b.summary.services.criticalDown]);
  if (!all) return;
  const want: Record<string, string> = {};
  for (const id of Object.keys(s.states)) want[id] = "up";
  for (const id of b.failed) want[id] = "down";
  for (const im of b.impacts) want[im.id] = im.state;
  expect(s.states).toEqual(want);
}

beforeAll(async () => {
  const { estate } = await lib.loadEstate([join(REPO, "fixtures/retail")]);
  const cloud = lib.scenarios(estate).scenarios.find((r) => r.name === "hosting:public-cloud")!.failed;
  const sets = [...SETS, cloud];
  const [b, svgUrl, glUrl, hostile, ...outs] = await Promise.all([
    launchChromium() as Promise<Browser>,
    write("retail.html", ["-m", "fixtures/retail"]),
    write("retail-gl.html", ["-m", "fixtures/retail", "--renderer", "webgl"]),
    write("hostile.html", ["-m", m]),
    ...sets.map((ids) => cli(["blast", ...ids, "-m", "fixtures/retail", "--json"])),
  ]);
  browser = b;
  retailSvg = svgUrl;
  retailGl = glUrl;
  hostileUrl = hostile;
  sets.forEach((ids, i) => blasts.set(JSON.stringify(ids), JSON.parse(outs[i]!) as lib.BlastResult));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("explorer page (inline SVG)", () => {
  it("opens a scenario from the URL hash: counts and every node's state equal blast --json", async () => {
    const page = await open(`${retailSvg}#fail=aws/us-east-1,payflow`);
    expectMatches(await shown(page), blastJson(["aws/us-east-1", "payflow"]));
    // A hash change applies too, without reloading.
    await page.evaluate(() => (location.hash = "#fail=meridian/ash/hall-2"));
    await page.waitForFunction(() => document.documentElement.getAttribute("data-failed") === '["meridian/ash/hall-2"]');
    expectMatches(await shown(page), blastJson(["meridian/ash/hall-2"]));
    // Unknown ids in a hand-edited hash are dropped with a message; the rest applies.
    await page.evaluate(() => (location.hash = "#fail=no-such-id,payflow&bogus=1"));
    await page.waitForFunction(() => document.documentElement.getAttribute("data-failed") === '["payflow"]');
    expectMatches(await shown(page), blastJson(["payflow"]));
    expect(await page.$eval("#message", (m) => m.textContent)).toContain('"no-such-id"');
  });

  it("fails nodes by clicking them, several at once, and writes them into the hash", async () => {
    const page = await open(retailSvg);
    const before = await shown(page);
    expect(before.down).toBe(0);
    expect(Object.values(before.states).every((x) => x === "none")).toBe(true);
    await page.click('#stage g[data-id="ledger-db-1"] > rect');
    expectMatches(await shown(page), blastJson(["ledger-db-1"]));
    await page.click('#stage g[data-id="ledger-db-2"] > rect');
    const s = await shown(page);
    expectMatches(s, blastJson(["ledger-db-1", "ledger-db-2"]));
    expect(s.hash).toBe("#fail=ledger-db-1,ledger-db-2&select=ledger-db-2");
    // Clicking a failed node restores it.
    await page.click('#stage g[data-id="ledger-db-2"] > rect');
    expectMatches(await shown(page), blastJson(["ledger-db-1"]));
    // So does its chip in the bar.
    await page.click("#failed button");
    expect((await shown(page)).failed).toEqual([]);
  });

  it("explains a casualty on click with the path of blast --json", async () => {
    const page = await open(`${retailSvg}#fail=meridian/ash/hall-2`);
    const b = blastJson(["meridian/ash/hall-2"]);
    const checkout = b.impacts.find((i) => i.id === "checkout")!;
    await page.click('#stage g[data-id="checkout"] > rect');
    const path = await page.$$eval("#path li", (lis) => lis.map((li) => li.textContent));
    expect(path).toEqual(checkout.path);
    const s = await shown(page);
    expect(s.failed).toEqual(["meridian/ash/hall-2"]); // explaining is not failing
    expect(s.hash).toContain("select=checkout");
    const marked = await page.$$eval("#stage g.on-path", (gs) => gs.map((g) => g.getAttribute("data-id") ?? g.getAttribute("data-location") ?? `${g.getAttribute("data-from")}→${g.getAttribute("data-to")}`));
    for (const id of checkout.path) expect(marked).toContain(id);
  });

  it("searches ids with completion and fails the one chosen; a scenario fails in one click", async () => {
    const page = await open(retailSvg);
    await page.type("#search", "payf");
    const options = await page.$$eval("#ids option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options[0]).toBe("payflow");
    await page.$eval("#search", (i) => ((i as HTMLInputElement).value = "payflow"));
    await page.click("#search-form button[type=submit]");
    expectMatches(await shown(page), blastJson(["payflow"]));
    const row = lib.scenarios((await lib.loadEstate([join(REPO, "fixtures/retail")])).estate).scenarios.find((r) => r.name === "hosting:public-cloud")!;
    await page.click('button[data-scenario="hosting:public-cloud"]');
    expectMatches(await shown(page), blastJson(row.failed));
    expect((await shown(page)).servicesDown).toBe(row.servicesDown);
  });

  it("focuses with a depth, filters by hosting, shows exposure and single points of failure as the engine does", async () => {
    const { estate } = await lib.loadEstate([join(REPO, "fixtures/retail")]);
    const page = await open(`${retailSvg}#focus=checkout&depth=1`);
    const visible = () => page.$$eval("#stage g[data-id]:not(.hidden)", (gs) => gs.map((g) => g.getAttribute("data-id")!).sort());
    expect(await visible()).toEqual(lib.buildView(estate, { focus: "checkout", depth: 1 }).nodes.map((x) => x.id).sort());
    await page.evaluate(() => (location.hash = "#hosting=in-house"));
    await page.waitForFunction(() => !location.hash.includes("focus"));
    expect(await visible()).toEqual(lib.buildView(estate, { hosting: ["in-house"] }).nodes.map((x) => x.id).sort());
    await page.evaluate(() => (location.hash = "#select=checkout&show=exposure"));
    await page.waitForSelector("#exposure");
    const ex = lib.exposure(estate, ["checkout"]).services[0]!;
    expect(await page.$$eval("#exposure li button", (bs) => bs.map((b) => b.textContent))).toEqual(ex.exposures.map((e) => e.root));
    await page.click("#act-spof");
    await page.waitForSelector("#spof");
    const spof = lib.spofFor(estate, "checkout").singlePointsOfFailure;
    expect(await page.$$eval("#spof li button", (bs) => bs.map((b) => b.textContent))).toEqual(spof);
    expect((await shown(page)).hash).toBe("#select=checkout&show=spof");
  });
});

describe("explorer page (WebGL)", () => {
  it("draws on a canvas and shows the counts of blast --json for a hash and a search", async () => {
    const page = await open(`${retailGl}#fail=aws`);
    expect(await page.$$eval("#stage canvas", (cs) => cs.length)).toBeGreaterThan(0);
    expectMatches(await shown(page), blastJson(["aws"]), false);
    await page.$eval("#search", (i) => ((i as HTMLInputElement).value = "payflow"));
    await page.click("#search-form button[type=submit]");
    expectMatches(await shown(page), blastJson(["aws", "payflow"]), false);
    const listed = await page.$$eval("#casualties li[data-id]", (lis) => lis.map((li) => [li.getAttribute("data-id"), li.getAttribute("data-state")]));
    expect(listed).toEqual(blastJson(["aws", "payflow"]).impacts.slice(0, 300).map((i) => [i.id, i.state]));
  });
});

describe("explorer page (hostile names)", () => {
  it("renders names that are markup as text and runs no script from them", async () => {
    const page = await open(`${hostileUrl}#fail=${encodeURIComponent(names[0]!)}&select=${encodeURIComponent(names[3]!)}`);
    const s = await shown(page);
    expect(s.failed).toEqual([names[0]]);
    expect(s.servicesDown).toBe(3);
    const r = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      imgs: document.querySelectorAll("img").length,
      scripts: document.querySelectorAll("script").length,
      bold: document.querySelectorAll("b[onmouseover]").length,
      chips: [...document.querySelectorAll("#failed button")].map((b) => b.textContent),
      casualties: [...document.querySelectorAll("#casualties li[data-id]")].map((li) => li.getAttribute("data-id")),
      title: document.querySelector("#details h3")?.textContent,
    }));
    expect(r.pwned).toBeUndefined();
    expect([r.imgs, r.scripts, r.bold]).toEqual([0, 2, 0]);
    expect(r.chips).toEqual([`✕ ${names[0]}`]);
    expect(r.casualties!.sort()).toEqual(names.slice(1).sort());
    expect(r.title).toBe(names[3]);
    // Clicking the drawn hostile node works on its real id.
    await page.click(`#stage g[data-kind="service"]:not([data-failed]) > rect`);
    expect((await shown(page)).failed.length).toBeGreaterThanOrEqual(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

describe("explorer pages, all of them", () => {
  it("fetched nothing from the network and logged no error or CSP violation", () => {
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });
});
