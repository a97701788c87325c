import { describe, expect, it } from "vitest";
import { Resvg } from "@resvg/resvg-js";
import { buildView } from "../../src/picture/view.js";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { renderSvg } from "../../src/report/svg.js";
import { estateOf, svc, loc } from "../helpers/estate.js";
import { HOSTILE, LOCATIONS, PICTURE_FILES, SERVICES, pictureEstate } from "./picture-estate.js";
import { attrsOf, parseSvg } from "./svg-dom.js";

const render = (opts: Parameters<typeof buildView>[1] = {}, estate = pictureEstate()) => renderSvg(buildView(estate, opts));

describe("report/svg", { timeout: 30_000 }, () => {
  it("draws every service and every location with its data attributes and a title", async () => {
    const estate = pictureEstate();
    const doc = parseSvg(await render({}, estate));
    const nodes = attrsOf(doc, "g[data-id]");
    expect(nodes.map((a) => a.get("data-id")).sort()).toEqual(SERVICES);
    for (const a of nodes) {
      const attrs = estate.graph.getNodeAttributes(a.get("data-id")!);
      expect(a.get("data-hosting")).toBe(attrs.hosting);
      expect(a.has("data-state")).toBe(false);
    }
    const boxes = attrsOf(doc, "g[data-location]");
    expect(boxes.map((a) => a.get("data-location")).sort()).toEqual(LOCATIONS);
    for (const a of boxes) expect(a.get("data-hosting")).toBe(estate.graph.getNodeAttributes(a.get("data-location")!).hosting);
    // Hover text: id, tier, hosting.
    const api = doc.querySelector('g[data-id="api"] > title')!.textContent!;
    expect(api).toContain("api\ntier: high\nhosting: public cloud");
    expect(api).toContain("runs on: aws/us-east-1/az1, aws/us-east-1/az2");
    // The multi-placed service is drawn once, in the nearest common box, with its placements listed.
    expect(doc.querySelectorAll('g[data-id="api"]')).toHaveLength(1);
    expect(doc.querySelector('g[data-id="api"]')!.getAttribute("data-home")).toBe("aws/us-east-1");
    expect(doc.querySelector('g[data-id="api"]')!.textContent).toContain("on az1, az2");
    expect(doc.querySelector('g[data-id="recs"]')!.hasAttribute("data-home")).toBe(false);
    // Hard, soft and group edges are distinguishable; the group shows its quorum.
    expect(doc.querySelector('g[data-from="web"][data-to="recs"] > path')!.getAttribute("stroke-dasharray")).toBeTruthy();
    expect(doc.querySelector('g[data-from="web"][data-to="api"] > path')!.hasAttribute("stroke-dasharray")).toBe(false);
    expect(doc.querySelector('g[data-group="api#0"]')!.textContent).toBe(`api: needs 2 of 3 (hard group)2/3`);
    expect(doc.querySelectorAll('g[data-from="api"][data-relation="group"]')).toHaveLength(3);
    // A dependency on a location is drawn (to its box).
    expect(doc.querySelector('g[data-from="loop-b"][data-to="aws/us-east-1"]')).not.toBeNull();
    // Legend and title.
    expect(doc.querySelector("g.legend")!.textContent).toContain("public cloud");
    expect(doc.querySelector("svg > title")!.textContent).toContain("10 of 10 services");
  });

  it("colours states exactly as blastRadius computes them, marks the failed ids and says the scenario in the title", async () => {
    const estate = pictureEstate();
    for (const failed of [["aws/us-east-1/az1"], ["db-a", "db-c"], ["vendor"], ["acme"], ["loop-a"]]) {
      const blast = blastRadius(estate, failed);
      const doc = parseSvg(await render({ blast }, estate));
      const want = new Map<string, string>();
      estate.graph.forEachNode((id) => want.set(id, "up"));
      for (const f of blast.failed) want.set(f, "down");
      for (const i of blast.impacts) want.set(i.id, i.state);
      for (const a of attrsOf(doc, "g[data-id]")) {
        expect(a.get("data-state"), `${failed} ${a.get("data-id")}`).toBe(want.get(a.get("data-id")!));
        expect(a.get("data-failed") === "true").toBe(blast.failed.includes(a.get("data-id")!));
      }
      for (const a of attrsOf(doc, "g[data-location]")) expect(a.get("data-state")).toBe(want.get(a.get("data-location")!));
      const title = doc.querySelector("svg > title")!.textContent!;
      expect(title).toContain(`Scenario: ${blast.failed.join(", ")} fail`);
      expect(title).toContain(`${blast.summary.services.down} service${blast.summary.services.down === 1 ? "" : "s"} down, ${blast.summary.services.degraded} degraded`);
      // Each impacted service's hover text gives the path the failure took.
      for (const i of blast.impacts.filter((x) => x.kind === "service")) {
        expect(doc.querySelector(`g[data-id="${i.id}"] > title`)!.textContent).toContain(`path: ${i.path.join(" → ")}`);
      }
    }
  });

  it("is deterministic: the same input gives the same bytes, whatever the file order", async () => {
    const a = await render({ blast: blastRadius(pictureEstate(), ["aws/us-east-1/az1"]) });
    const reversed = Object.fromEntries(Object.entries(PICTURE_FILES).reverse());
    const e2 = estateOf(reversed);
    const b = await render({ blast: blastRadius(e2, ["aws/us-east-1/az1"]) }, e2);
    expect(b).toBe(a);
    expect(await render({ blast: blastRadius(pictureEstate(), ["aws/us-east-1/az1"]) })).toBe(a);
  });

  it("escapes every piece of manifest text and has no script, event attribute or external reference", async () => {
    const svg = await render({ blast: blastRadius(pictureEstate(), ["api"]) });
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/<[^>]*\son[a-z]+\s*=/i); // inside a tag; escaped text may say anything
    expect(svg).not.toMatch(/href/i);
    expect(svg).not.toMatch(/url\(/i);
    expect(svg).not.toMatch(/@import|<foreignObject|<image/i);
    expect(svg).not.toContain("]]>");
    // The hostile text survives as text: the owner, the type and the note show in hover titles.
    const doc = parseSvg(svg);
    expect(doc.querySelector('g[data-id="web"] > title')!.textContent).toContain(`owner: ${HOSTILE}`);
    expect(doc.querySelector('g[data-id="api"] > title')!.textContent).toContain(`type: ${HOSTILE}`);
    expect(doc.querySelector('g[data-from="web"][data-to="recs"] > title')!.textContent).toContain(`note: ${HOSTILE}`);
    expect(doc.querySelector('g[data-location="acme"] > title')!.textContent).toContain(`type: ${HOSTILE}`);
    expect(doc.querySelectorAll("script")).toHaveLength(0);
    // No event attributes, and no attribute points anywhere (the only URL is the SVG namespace).
    for (const el of doc.querySelectorAll("*"))
      for (const at of el.attributes) {
        expect(at.name).not.toMatch(/^on/i);
        if (at.name !== "xmlns") expect(at.value).not.toMatch(/https?:|url\(|javascript:/i);
      }
  });

  it("replaces characters XML cannot hold, so the document always parses", async () => {
    const e = estateOf(loc("dc", "in-house") + svc("s", `{runsOn: [dc], type: "bell\\a nul\\0 \\uFFFF"}`));
    const svg = await render({}, e);
    expect(() => parseSvg(svg)).not.toThrow();
    expect(parseSvg(svg).querySelector('g[data-id="s"] > title')!.textContent).toContain("type: bell\uFFFD nul\uFFFD \uFFFD");
  });

  it("--focus keeps only what is within --depth steps, both directions", async () => {
    const ids = async (opts: Parameters<typeof buildView>[1]) => attrsOf(parseSvg(await render(opts)), "g[data-id]").map((a) => a.get("data-id")).sort();
    expect(await ids({ focus: "api", depth: 0 })).toEqual(["api"]);
    expect(await ids({ focus: "api", depth: 1 })).toEqual(["api", "db-a", "db-b", "db-c", "pay", "web"]);
    expect(await ids({ focus: "api", depth: 2 })).toEqual(["api", "constructor", "db-a", "db-b", "db-c", "pay", "recs", "web"]);
    expect(await ids({ focus: "vendor", depth: 1 })).toEqual(["pay"]);
    expect(await ids({ focus: "vendor", depth: 2 })).toEqual(["api", "pay"]);
    const doc = parseSvg(await render({ focus: "api", depth: 0 }));
    // Only the boxes that hold what is drawn.
    expect(attrsOf(doc, "g[data-location]").map((a) => a.get("data-location"))).toEqual(["aws", "aws/us-east-1"]);
    expect(doc.querySelector("svg > title")!.textContent).toContain("around api (depth 0)");
  });

  it("--collapse draws one summary per location with counts of services, down and degraded", async () => {
    const estate = pictureEstate();
    const blast = blastRadius(estate, ["aws/us-east-1/az1"]);
    const doc = parseSvg(await render({ collapse: true, blast }, estate));
    expect(doc.querySelectorAll('g[data-kind="service"]')).toHaveLength(0);
    const summaries = attrsOf(doc, 'g[data-kind="summary"]');
    const state = new Map(blast.impacts.map((i) => [i.id, i.state]));
    const homes = new Map<string, string[]>([
      ["summary:acme/dc1", ["db-c", "loop-a", "loop-b", "web"]],
      ["summary:aws/us-east-1", ["api"]],
      ["summary:aws/us-east-1/az1", ["db-a"]],
      ["summary:aws/us-east-1/az2", ["db-b"]],
      ["summary:aws/us-east-1/az3", ["constructor"]],
      ["summary:vendor", ["pay"]],
      ["summary:", ["recs"]],
    ]);
    expect(summaries.map((a) => a.get("data-id")).sort()).toEqual([...homes.keys()].sort());
    for (const a of summaries) {
      const members = homes.get(a.get("data-id")!)!;
      expect(Number(a.get("data-services"))).toBe(members.length);
      expect(Number(a.get("data-down"))).toBe(members.filter((m) => state.get(m) === "down").length);
      expect(Number(a.get("data-degraded"))).toBe(members.filter((m) => state.get(m) === "degraded").length);
    }
    const aws = attrsOf(doc, 'g[data-location="aws"]')[0]!;
    expect(aws.get("data-services")).toBe("4"); // api, constructor, db-a, db-b
  });

  it("--hosting draws only services and boxes of those classes", async () => {
    const doc = parseSvg(await render({ hosting: ["third-party", "unplaced"] }));
    expect(attrsOf(doc, "g[data-id]").map((a) => a.get("data-id"))).toEqual(["pay", "recs"]);
    expect(attrsOf(doc, "g[data-location]").map((a) => a.get("data-location"))).toEqual(["vendor"]);
  });

  it("renders to a PNG (a broken document fails here)", async () => {
    for (const opts of [{}, { collapse: true }, { blast: blastRadius(pictureEstate(), ["acme"]) }]) {
      const svg = await render(opts);
      // A quarter of the size: every element is still parsed and drawn, with a sixteenth of the pixels.
      const png = new Resvg(svg, { font: { loadSystemFonts: true }, fitTo: { mode: "zoom", value: 0.25 } }).render();
      const [, w, h] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
      expect(w).toBeGreaterThan(300);
      expect(h).toBeGreaterThan(200);
      expect(Math.abs(png.width - w! / 4)).toBeLessThanOrEqual(1);
      expect(Math.abs(png.height - h! / 4)).toBeLessThanOrEqual(1);
      expect([...png.asPng().subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    }
  });

  it("draws an empty estate as a picture with only title and legend", async () => {
    const svg = await render({}, estateOf(loc("dc", "in-house")));
    const doc = parseSvg(svg);
    expect(doc.querySelectorAll("g[data-id]")).toHaveLength(0);
    expect(attrsOf(doc, "g[data-location]").map((a) => a.get("data-location"))).toEqual(["dc"]);
    expect(new Resvg(svg).render().width).toBeGreaterThan(0);
  });
});
