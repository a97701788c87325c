/**
 * `graph --format html`: the estate explorer, one self-contained HTML file. It embeds the
 * estate as data, the standard scenarios, the drawing (the SVG picture for estates up to
 * `SVG_MAX_SERVICES`, precomputed positions for sigma/WebGL above) and the page script that
 * esbuild bundled from src/ at build time (dist/explorer/page.js). A Content-Security-Policy
 * meta tag allows only that script and that style sheet (by hash) and nothing remote.
 * Same estate and options, same bytes. See docs/explorer.md. It lives beside the page script,
 * not in report/, because it runs analyses (scenarios, the view) on the estate, as a command does.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Estate } from "../model/types.js";
import { estateToData } from "../model/estate-data.js";
import { compile } from "../engine/compile.js";
import { buildView } from "../picture/view.js";
import { resolveIds } from "../analysis/blast-radius.js";
import { scenarios } from "../analysis/scenarios.js";
import { gridLayout } from "../picture/grid.js";
import { renderSvg } from "../report/svg.js";
import type { PageData } from "./page-data.js";
import { EXPLORER_CSS } from "./html-style.js";

/** Above this many services the page draws on WebGL (sigma) instead of inline SVG. */
export const SVG_MAX_SERVICES = 2500;

export interface HtmlOptions {
  /** `auto` (default): SVG up to SVG_MAX_SERVICES services, WebGL above. */
  renderer?: "auto" | "svg" | "webgl";
  /** The state the page opens in when its URL has no hash. */
  fail?: string[];
  focus?: string;
  depth?: number;
  hosting?: string[];
  /** Most edges drawn (`ViewOptions.maxEdges`). */
  maxEdges?: number;
}

/** Escapes JSON for a script element: no `<`, `>`, `&`, U+2028 or U+2029 reaches the markup. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}

const sha256 = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

let bundleCache: string | undefined;
/** The page script bundled at build time (dist/explorer/page.js, beside this module once built). */
export function explorerBundle(): string {
  if (bundleCache !== undefined) return bundleCache;
  for (const rel of ["./page.js", "../../dist/explorer/page.js"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return (bundleCache = readFileSync(p, "utf8"));
  }
  throw new Error("the explorer's page script (dist/explorer/page.js) is missing: run `npm run build`");
}

/** Renders the explorer page for `estate`. Throws UnknownIdError for unknown ids in the options. */
export async function renderHtml(estate: Estate, options: HtmlOptions = {}): Promise<string> {
  const c = compile(estate);
  const fail = options.fail ? resolveIds(c, options.fail).map((i) => c.ids[i]!) : [];
  if (options.focus !== undefined) resolveIds(c, [options.focus]);
  let services = 0;
  for (let i = 0; i < c.n; i++) services += c.isService[i]!;
  const renderer = options.renderer ?? "auto";
  const mode: PageData["mode"] = renderer === "svg" || (renderer === "auto" && services <= SVG_MAX_SERVICES) ? "svg" : "webgl";
  const view = buildView(estate, options.maxEdges !== undefined ? { maxEdges: options.maxEdges } : {});
  let stage: string;
  let positions: number[] | undefined;
  if (mode === "svg") {
    const svg = await renderSvg(view);
    // Inline in HTML the XML declaration goes, and so does the namespace (implied by the HTML
    // parser), so the file names no URL at all; the rest is the SVG document as written.
    stage = svg.replace(/^<\?xml[^>]*\?>\s*/, "").replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, "<svg").trimEnd();
  } else {
    const grid = gridLayout(view);
    positions = new Array<number>(2 * c.n).fill(NaN);
    view.nodes.forEach((nd, k) => {
      const i = c.index.get(nd.id)!;
      positions![2 * i] = grid.nodes[k]![0];
      positions![2 * i + 1] = grid.nodes[k]![1];
    });
    view.locations.forEach((l, k) => {
      const i = c.index.get(l.id)!;
      positions![2 * i] = Math.round(grid.locations[k]![0] * 10) / 10;
      positions![2 * i + 1] = Math.round(grid.locations[k]![1] * 10) / 10;
    });
    stage = "";
  }
  const data: PageData = {
    v: 1,
    mode,
    estate: estateToData(estate),
    scenarios: scenarios(estate).scenarios,
    initial: { fail, focus: options.focus, depth: options.depth, hosting: options.hosting ? [...options.hosting] : [], select: undefined, show: undefined },
  };
  // NaN is not JSON: nodes that are not drawn get null.
  if (positions) data.positions = positions.map((x) => (Number.isNaN(x) ? (null as unknown as number) : x));
  const script = explorerBundle();
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(EXPLORER_CSS)}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const title = `faultline explorer — ${services} services, ${c.n - services} locations`;
  const hosting = ["in-house", "public-cloud", "third-party", "unplaced"]
    .map((h) => `<label><input type="checkbox" data-hosting="${h}" checked> ${h}</label>`)
    .join(" ");
  return [
    "<!DOCTYPE html>",
    `<html lang="en" data-mode="${mode}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlText(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${htmlText(title)}</title>`,
    `<style>${EXPLORER_CSS}</style>`,
    "</head>",
    "<body>",
    '<header id="bar">',
    '<form id="search-form" autocomplete="off"><input id="search" list="ids" placeholder="fail a node by id…" aria-label="node id"><datalist id="ids"></datalist><button type="submit">Fail</button></form>',
    '<button id="clear" type="button">Clear</button>',
    `<span id="filters">${hosting} <label>depth <input id="depth" type="number" min="0" max="50" value="2"></label> <span id="focus-label"></span></span>`,
    '<div id="summary" role="status"></div>',
    '<div id="failed"></div>',
    '<div id="message" role="alert"></div>',
    "</header>",
    '<aside id="side">',
    '<section><h2>Selected</h2><div id="details"></div></section>',
    '<section><h2 id="casualties-title">Casualties</h2><ol id="casualties"></ol></section>',
    '<section><h2>Scenarios</h2><ul id="scenarios"></ul></section>',
    "</aside>",
    `<main id="stage">${stage}</main>`,
    `<script type="application/json" id="faultline-data">${jsonForScript(data)}</script>`,
    `<script>${script}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
