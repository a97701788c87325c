/**
 * The explorer's page script, bundled by esbuild (scripts/build-explorer.mjs) into one IIFE
 * that `graph --format html` inlines. It rebuilds the estate from the embedded data and runs
 * the CLI's own analyses on it (blastRadius, buildView, exposure, spofFor): nothing is
 * re-implemented here but the drawing updates. Manifest text only ever reaches the DOM through
 * textContent and attribute values, never as markup. See docs/explorer.md.
 */
import { estateFromData } from "../model/estate-data.js";
import { compile } from "../engine/compile.js";
import { blastRadius, type BlastResult } from "../analysis/blast-radius.js";
import { buildView } from "../picture/view.js";
import { exposure } from "../analysis/exposure.js";
import { spofFor } from "../analysis/spof.js";
import { hashOf, readHash, type PageState } from "./hash-state.js";
import type { PageData } from "./page-data.js";
import { createGlView, type GlView } from "./gl-view.js";

const t0 = performance.now();
const root = document.documentElement;
const dataEl = document.getElementById("faultline-data")!;
const data = JSON.parse(dataEl.textContent ?? "{}") as PageData;
const tParse = performance.now();
const estate = estateFromData(data.estate);
const tEstate = performance.now();
const c = compile(estate);
const tCompile = performance.now();
const g = estate.graph;
const n = c.n;

type St = 0 | 1 | 2;
const ST_NAMES = ["up", "degraded", "down"] as const;

/** Characters the SVG reporter replaces in attribute values (so its data-id can be matched to the real id). */
const cleanId = (s: string) =>
  s.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

// ---- the drawing: the SVG of `graph --format svg` (small estates) or a WebGL canvas (large)
const nodeEls: Array<Element[] | undefined> = new Array(n);
const edgeEls = new Map<string, Element[]>();
const pillEls: Array<{ el: Element; owner: number }> = [];
let svg: SVGSVGElement | null = null;
let gl: GlView | null = null;

if (data.mode === "svg") {
  svg = document.querySelector("#stage svg");
  const byClean = new Map<string, number>();
  c.ids.forEach((id, i) => byClean.set(cleanId(id), i));
  const add = (key: string | null, e: Element) => {
    const i = key === null ? undefined : byClean.get(key);
    if (i === undefined) return;
    (nodeEls[i] ??= []).push(e);
  };
  svg?.querySelectorAll("g[data-id]").forEach((e) => add(e.getAttribute("data-id"), e));
  svg?.querySelectorAll("g[data-location]").forEach((e) => add(e.getAttribute("data-location"), e));
  svg?.querySelectorAll("g[data-from]").forEach((e) => {
    const k = `${e.getAttribute("data-from")}\u0000${e.getAttribute("data-to")}`;
    const list = edgeEls.get(k);
    if (list) list.push(e);
    else edgeEls.set(k, [e]);
  });
  svg?.querySelectorAll("g[data-group]").forEach((e) => {
    const key = e.getAttribute("data-group") ?? "";
    const owner = byClean.get(key.slice(0, key.lastIndexOf("#")));
    if (owner !== undefined) pillEls.push({ el: e, owner });
  });
  if (svg) enablePanZoom(svg);
  svg?.addEventListener("click", (ev) => {
    if (dragged) return;
    const t = ev.target as Element;
    const hit = t.closest("g[data-id]") ?? t.closest("g[data-location]");
    if (!hit) return;
    const key = hit.getAttribute("data-id") ?? hit.getAttribute("data-location");
    const i = key === null ? undefined : byClean.get(key);
    if (i !== undefined) clickNode(i);
  });
} else {
  const pos = data.positions!;
  gl = createGlView($("stage"), c, pos, (i) => clickNode(i));
}

const tDrawn = performance.now();

// ---- state
let st: PageState = { fail: [], focus: undefined, depth: undefined, hosting: [], select: undefined, show: undefined };
let blast: BlastResult | undefined;
const state = new Uint8Array(n) as Uint8Array & { [i: number]: St };
const failedMask = new Uint8Array(n);
const pathOf = new Map<number, string[]>();
let visible: Uint8Array | null = null;
let marked = new Set<number>();

function apply(next: PageState, push = true): void {
  const start = performance.now();
  const msg = $("message");
  msg.textContent = "";
  // Unknown ids (a hand-edited link) are dropped with a message, the rest still applies.
  const unknown = next.fail.filter((id) => !c.index.has(id.replace(/^(service|location):/, "")));
  if (next.focus !== undefined && !c.index.has(next.focus)) unknown.push(next.focus);
  if (next.select !== undefined && !c.index.has(next.select)) unknown.push(next.select);
  if (unknown.length > 0) msg.textContent = `unknown id${unknown.length > 1 ? "s" : ""} ignored: ${unknown.map((u) => JSON.stringify(u)).join(", ")}`;
  st = {
    ...next,
    fail: [...new Set(next.fail.filter((id) => !unknown.includes(id)))],
    focus: next.focus !== undefined && c.index.has(next.focus) ? next.focus : undefined,
    select: next.select !== undefined && c.index.has(next.select) ? next.select : undefined,
  };
  const e0 = performance.now();
  blast = st.fail.length > 0 ? blastRadius(estate, st.fail) : undefined;
  root.setAttribute("data-engine-ms", (performance.now() - e0).toFixed(1));
  state.fill(0);
  failedMask.fill(0);
  pathOf.clear();
  if (blast) {
    for (const id of blast.failed) {
      const i = c.index.get(id)!;
      state[i] = 2;
      failedMask[i] = 1;
    }
    for (const im of blast.impacts) {
      const i = c.index.get(im.id)!;
      state[i] = im.state === "down" ? 2 : 1;
      pathOf.set(i, im.path);
    }
  }
  visible = computeVisible();
  marked = new Set<number>();
  if (st.select !== undefined && st.show === "spof") {
    try {
      for (const d of spofFor(estate, st.select).details) marked.add(c.index.get(d.id)!);
    } catch {
      /* shown in the panel */
    }
  }
  const sel = st.select !== undefined ? c.index.get(st.select) : undefined;
  const onPath = new Set<number>();
  const path = sel !== undefined ? pathOf.get(sel) : undefined;
  if (path) for (const id of path) onPath.add(c.index.get(id)!);
  const p0 = performance.now();
  if (svg) paintSvg(sel, path);
  if (gl) gl.paint(state, failedMask, visible, sel, path ? path.map((id) => c.index.get(id)!) : [], marked);
  root.setAttribute("data-paint-ms", (performance.now() - p0).toFixed(1));
  showSummary();
  showPanel(sel);
  showScenarioMarks();
  syncControls();
  if (push) writeHash(st);
  root.setAttribute("data-compute-ms", (performance.now() - start).toFixed(1));
}

function computeVisible(): Uint8Array | null {
  if (st.focus === undefined && st.hosting.length === 0) return null;
  const opts: { focus?: string; depth?: number; hosting?: string[] } = {};
  if (st.focus !== undefined) opts.focus = st.focus;
  if (st.depth !== undefined) opts.depth = st.depth;
  if (st.hosting.length > 0) opts.hosting = st.hosting;
  const v = new Uint8Array(n);
  try {
    const view = buildView(estate, opts);
    for (const x of view.nodes) v[c.index.get(x.id)!] = 1;
    for (const l of view.locations) v[c.index.get(l.id)!] = 1;
  } catch (e) {
    $("message").textContent = e instanceof Error ? e.message : String(e);
    return null;
  }
  return v;
}

// What each element shows now, so a recompute touches only the elements that change (every
// attribute write invalidates style, and the SVG of a few thousand services is slow to restyle).
const shownNode = new Int8Array(n).fill(-1);
const shownHidden = new Uint8Array(n);
const shownEdge = new Map<string, number>();
let shownScenario = false;
let prevMarks: Element[] = [];

function paintSvg(sel: number | undefined, path: string[] | undefined): void {
  const scenario = blast !== undefined;
  if (scenario !== shownScenario) root.classList.toggle("scenario", scenario);
  for (let i = 0; i < n; i++) {
    const els = nodeEls[i];
    if (!els) continue;
    // -1: no scenario; else state + 4 × failed.
    const code = scenario ? state[i]! + 4 * failedMask[i]! : -1;
    const hidden = visible !== null && visible[i] === 0 ? 1 : 0;
    if (code !== shownNode[i]) {
      shownNode[i] = code;
      for (const e of els) {
        if (code < 0) e.removeAttribute("data-state");
        else e.setAttribute("data-state", ST_NAMES[state[i]!]);
        if (failedMask[i]) e.setAttribute("data-failed", "true");
        else e.removeAttribute("data-failed");
      }
    }
    if (hidden !== shownHidden[i]) {
      shownHidden[i] = hidden;
      for (const e of els) e.classList.toggle("hidden", hidden === 1);
    }
  }
  for (const [key, list] of edgeEls) {
    const cut = key.indexOf("\u0000");
    const fi = c.index.get(key.slice(0, cut));
    const ti = c.index.get(key.slice(cut + 1));
    const p = fi !== undefined ? pathOf.get(fi) : undefined;
    const carried = p !== undefined && cleanId(p[1] ?? "") === key.slice(cut + 1);
    const hidden = visible !== null && ((fi !== undefined && !visible[fi]) || (ti !== undefined && !visible[ti])) ? 1 : 0;
    // Scenario: the state carried (0 up) + 4 × hidden; none: −1 − 4 × hidden.
    const code = scenario ? (carried ? state[fi!]! : 0) + 4 * hidden : -1 - 4 * hidden;
    if (shownEdge.get(key) === code) continue;
    shownEdge.set(key, code);
    for (const e of list) {
      if (scenario) e.setAttribute("data-state", carried ? ST_NAMES[state[fi!]!] : "up");
      else e.removeAttribute("data-state");
      e.classList.toggle("hidden", hidden === 1);
    }
  }
  shownScenario = scenario;
  for (const p of pillEls) p.el.classList.toggle("hidden", visible !== null && !visible[p.owner]);
  for (const e of prevMarks) e.classList.remove("selected", "on-path", "spof");
  prevMarks = [];
  const mark = (i: number, cls: string) => {
    for (const e of nodeEls[i] ?? []) {
      e.classList.add(cls);
      prevMarks.push(e);
    }
  };
  if (path) {
    path.forEach((id, k) => {
      mark(c.index.get(id)!, "on-path");
      const next = path[k + 1];
      if (next !== undefined) for (const e of edgeEls.get(`${cleanId(id)}\u0000${cleanId(next)}`) ?? []) (e.classList.add("on-path"), prevMarks.push(e));
    });
  }
  for (const i of marked) mark(i, "spof");
  if (sel !== undefined) mark(sel, "selected");
}

// ---- summary, panel, scenarios
function showSummary(): void {
  const s = blast?.summary;
  root.setAttribute("data-failed", JSON.stringify(st.fail));
  root.setAttribute("data-down", String(s?.down ?? 0));
  root.setAttribute("data-degraded", String(s?.degraded ?? 0));
  root.setAttribute("data-services-down", String(s?.services.down ?? 0));
  root.setAttribute("data-services-degraded", String(s?.services.degraded ?? 0));
  root.setAttribute("data-critical-down", String(s?.services.criticalDown ?? 0));
  const head = $("summary");
  head.replaceChildren();
  if (!s) {
    head.append(el("span", `${c.isService.reduce((a, b) => a + b, 0)} services, ${n - c.isService.reduce((a, b) => a + b, 0)} locations — click a node, a box or a scenario to fail it`));
  } else {
    head.append(el("b", `${s.services.down} down`, "down"), el("span", " · "), el("b", `${s.services.degraded} degraded`, "degraded"), el("span", ` of ${s.services.total} services · ${s.services.criticalDown} critical down · ${s.down - s.services.down} locations down with it`));
  }
  const failedList = $("failed");
  failedList.replaceChildren();
  for (const id of st.fail) {
    const b = el("button", `✕ ${id}`, "chip");
    b.title = `restore ${id}`;
    b.addEventListener("click", () => apply({ ...st, fail: st.fail.filter((x) => x !== id) }));
    failedList.append(b);
  }
  const list = $("casualties");
  list.replaceChildren();
  if (blast) {
    const shown = blast.impacts.slice(0, 300);
    for (const im of shown) {
      const li = el("li");
      li.setAttribute("data-id", im.id);
      li.setAttribute("data-state", im.state);
      const b = el("button", im.id, `link ${im.state}`);
      b.addEventListener("click", () => apply({ ...st, select: im.id }));
      li.append(b, el("span", ` ${im.state}${im.tier ? ` · ${im.tier}` : ""}`));
      list.append(li);
    }
    if (blast.impacts.length > shown.length) list.append(el("li", `… and ${blast.impacts.length - shown.length} more`));
  }
  $("casualties-title").textContent = blast ? `Casualties (${blast.impacts.length})` : "Casualties";
}

function idButton(id: string, cls = "link"): HTMLButtonElement {
  const b = el("button", id, cls);
  b.addEventListener("click", () => apply({ ...st, select: id }));
  return b;
}

function showPanel(sel: number | undefined): void {
  const p = $("details");
  p.replaceChildren();
  if (sel === undefined) {
    p.append(el("p", "Click a node to fail it; click a casualty to see why it is down.", "hint"));
    return;
  }
  const id = c.ids[sel]!;
  const a = g.getNodeAttributes(id);
  p.append(el("h3", id));
  const dl = el("dl");
  const row = (k: string, v: string) => dl.append(el("dt", k), el("dd", v));
  row("kind", a.kind + (a.type ? ` (${a.type})` : ""));
  row("hosting", a.hosting);
  if (a.kind === "service") {
    row("tier", a.tier);
    if (a.owner) row("owner", a.owner);
    if (a.placements.length > 0) row("runs on", a.placements.join(", ") + (a.minPlacements > 1 ? ` (needs ${a.minPlacements})` : ""));
  } else if (a.parent) row("inside", a.parent);
  row("state", failedMask[sel] ? "down (failed)" : ST_NAMES[state[sel]!]);
  p.append(dl);
  const actions = el("div", undefined, "actions");
  const failBtn = el("button", failedMask[sel] ? "Restore" : "Fail");
  failBtn.id = "act-fail";
  failBtn.addEventListener("click", () => toggleFail(sel));
  const focusBtn = el("button", st.focus === id ? "Unfocus" : "Focus");
  focusBtn.id = "act-focus";
  focusBtn.addEventListener("click", () => apply({ ...st, focus: st.focus === id ? undefined : id }));
  actions.append(failBtn, focusBtn);
  if (a.kind === "service") {
    const ex = el("button", "Exposure");
    ex.id = "act-exposure";
    ex.addEventListener("click", () => apply({ ...st, show: st.show === "exposure" ? undefined : "exposure" }));
    const sp = el("button", "Single points of failure");
    sp.id = "act-spof";
    sp.addEventListener("click", () => apply({ ...st, show: st.show === "spof" ? undefined : "spof" }));
    actions.append(ex, sp);
  }
  p.append(actions);
  const path = pathOf.get(sel);
  if (path) {
    p.append(el("h4", `Why it is ${ST_NAMES[state[sel]!]}`));
    const ol = el("ol", undefined, "path");
    ol.id = "path";
    for (const step of path) {
      const li = el("li");
      li.append(idButton(step));
      ol.append(li);
    }
    p.append(ol);
  }
  if (a.kind === "service" && st.show === "exposure") {
    const ex = exposure(estate, [id]).services[0]!;
    p.append(el("h4", "Exposure: roots whose failure alone…"));
    const ul = el("ul", undefined, "exposure");
    ul.id = "exposure";
    for (const step of ex.exposures) {
      const li = el("li");
      const b = el("button", step.root, `link ${step.state}`);
      b.title = `fail ${step.root}`;
      b.addEventListener("click", () => apply({ ...st, fail: [step.root] }));
      li.append(b, el("span", ` takes it ${step.state} (${step.rootHosting})`));
      ul.append(li);
    }
    if (ex.exposures.length === 0) ul.append(el("li", "no single root location takes it down or degrades it"));
    p.append(ul);
  }
  if (a.kind === "service" && st.show === "spof") {
    p.append(el("h4", "Single points of failure"));
    const ul = el("ul", undefined, "spof");
    ul.id = "spof";
    try {
      const r = spofFor(estate, id);
      for (const d of r.details) {
        const li = el("li");
        const b = el("button", d.id, "link");
        b.title = `fail ${d.id}`;
        b.addEventListener("click", () => apply({ ...st, fail: [d.id] }));
        li.append(b, el("span", ` ${d.kind}, ${d.hosting}`));
        ul.append(li);
      }
      if (r.details.length === 0) ul.append(el("li", "none: no single failure takes it down"));
    } catch (e) {
      ul.append(el("li", e instanceof Error ? e.message : String(e)));
    }
    p.append(ul);
  }
}

function toggleFail(i: number): void {
  const id = c.ids[i]!;
  const fail = failedMask[i] ? st.fail.filter((x) => x !== id && x.replace(/^(service|location):/, "") !== id) : [...st.fail, id];
  apply({ ...st, fail, select: id });
}

/** A click on a casualty explains it; on anything else it fails (or restores) it. */
function clickNode(i: number): void {
  if (state[i] !== 0 && !failedMask[i]) apply({ ...st, select: c.ids[i]! });
  else toggleFail(i);
}

const scenarioButtons: Array<{ b: HTMLElement; key: string }> = [];
function buildScenarios(): void {
  const ul = $("scenarios");
  for (const s of data.scenarios) {
    const li = el("li");
    const b = el("button", s.name, "scenario");
    b.setAttribute("data-scenario", s.name);
    b.title = `${s.scope}: fail ${s.failed.join(", ")}`;
    b.addEventListener("click", () => apply({ ...st, fail: [...s.failed], select: undefined }));
    li.append(b, el("span", ` ${s.servicesDown} down · ${s.servicesDegraded} degraded${s.criticalDown ? ` · ${s.criticalDown} critical` : ""}`, "counts"));
    ul.append(li);
    scenarioButtons.push({ b, key: JSON.stringify([...s.failed].sort()) });
  }
}
function showScenarioMarks(): void {
  const key = JSON.stringify([...st.fail].sort());
  for (const s of scenarioButtons) s.b.classList.toggle("active", s.key === key);
}

// ---- controls: search with completion, hosting filter, depth
function buildControls(): void {
  const input = $<HTMLInputElement>("search");
  const list = $("ids");
  input.addEventListener("input", () => {
    const q = input.value.trim().toLowerCase();
    list.replaceChildren();
    if (q === "") return;
    const starts: string[] = [];
    const contains: string[] = [];
    for (const id of c.ids) {
      const l = id.toLowerCase();
      if (l.startsWith(q)) starts.push(id);
      else if (contains.length < 30 && l.includes(q)) contains.push(id);
      if (starts.length >= 30) break;
    }
    for (const id of [...starts, ...contains].slice(0, 30)) {
      const o = document.createElement("option");
      o.value = id;
      list.append(o);
    }
  });
  $("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = input.value.trim();
    const i = c.index.get(id);
    if (i === undefined) {
      $("message").textContent = `no node ${JSON.stringify(id)} in this estate`;
      return;
    }
    input.value = "";
    list.replaceChildren();
    toggleFail(i);
  });
  $("clear").addEventListener("click", () => apply({ fail: [], focus: undefined, depth: undefined, hosting: [], select: undefined, show: undefined }));
  document.querySelectorAll<HTMLInputElement>("input[data-hosting]").forEach((box) =>
    box.addEventListener("change", () => {
      const hosting = [...document.querySelectorAll<HTMLInputElement>("input[data-hosting]")].filter((b) => b.checked).map((b) => b.getAttribute("data-hosting")!);
      apply({ ...st, hosting: hosting.length === 4 ? [] : hosting });
    }),
  );
  $<HTMLInputElement>("depth").addEventListener("change", (ev) => {
    const v = Number((ev.target as HTMLInputElement).value);
    apply({ ...st, depth: Number.isInteger(v) && v >= 0 ? v : undefined });
  });
}
function syncControls(): void {
  document.querySelectorAll<HTMLInputElement>("input[data-hosting]").forEach((b) => (b.checked = st.hosting.length === 0 || st.hosting.includes(b.getAttribute("data-hosting")!)));
  $<HTMLInputElement>("depth").value = String(st.depth ?? 2);
  $("focus-label").textContent = st.focus !== undefined ? `focus: ${st.focus}` : "";
}

// ---- pan and zoom of the SVG (the WebGL view has sigma's own)
let dragged = false;
function enablePanZoom(s: SVGSVGElement): void {
  const vb0 = s.viewBox.baseVal;
  let vb = { x: vb0.x, y: vb0.y, w: vb0.width, h: vb0.height };
  s.removeAttribute("width");
  s.removeAttribute("height");
  const set = () => s.setAttribute("viewBox", `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
  s.addEventListener(
    "wheel",
    (ev) => {
      ev.preventDefault();
      const r = s.getBoundingClientRect();
      const k = Math.exp(ev.deltaY * 0.0015);
      const fx = (ev.clientX - r.left) / r.width;
      const fy = (ev.clientY - r.top) / r.height;
      const w = vb.w * k;
      const h = vb.h * k;
      vb = { x: vb.x + (vb.w - w) * fx, y: vb.y + (vb.h - h) * fy, w, h };
      set();
    },
    { passive: false },
  );
  let start: { x: number; y: number; vx: number; vy: number } | null = null;
  s.addEventListener("pointerdown", (ev) => {
    start = { x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y };
    dragged = false;
  });
  s.addEventListener("pointermove", (ev) => {
    if (!start) return;
    const dx = ev.clientX - start.x;
    const dy = ev.clientY - start.y;
    if (!dragged && Math.hypot(dx, dy) < 4) return;
    dragged = true;
    const r = s.getBoundingClientRect();
    const scale = Math.max(vb.w / r.width, vb.h / r.height);
    vb = { ...vb, x: start.vx - dx * scale, y: start.vy - dy * scale };
    set();
  });
  const end = () => {
    start = null;
    setTimeout(() => (dragged = false), 0);
  };
  s.addEventListener("pointerup", end);
  s.addEventListener("pointerleave", end);
}

/** Writes the state into the address bar without adding a history entry per click. */
function writeHash(st: PageState): void {
  const h = hashOf(st);
  if (h === location.hash || (h === "" && location.hash === "")) return;
  try {
    history.replaceState(null, "", h === "" ? location.pathname + location.search : h);
  } catch {
    location.hash = h;
  }
}

buildScenarios();
buildControls();
const initial = readHash(location.hash);
apply(initial ?? data.initial, initial === undefined && (data.initial.fail.length > 0 || data.initial.focus !== undefined));
window.addEventListener("hashchange", () => {
  const next = readHash(location.hash);
  apply(next ?? { fail: [], focus: undefined, depth: undefined, hosting: [], select: undefined, show: undefined }, false);
});
const tApplied = performance.now();
requestAnimationFrame(() => {
  const f = (x: number) => x.toFixed(0);
  root.setAttribute("data-open-stages", `parse ${f(tParse - t0)}, estate ${f(tEstate - tParse)}, compile ${f(tCompile - tEstate)}, draw ${f(tDrawn - tCompile)}, apply ${f(tApplied - tDrawn)}, frame ${f(performance.now() - tApplied)}`);
  root.setAttribute("data-open-ms", (performance.now() - t0).toFixed(1));
  root.setAttribute("data-ready", "true");
});
