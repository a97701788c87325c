import { describe, expect, it } from "vitest";
import { exposure } from "../../src/analysis/exposure.js";
import { UnknownIdError, UsageError } from "../../src/analysis/errors.js";
import { loadEstate } from "../../src/load/load.js";
import { formatExposureMarkdown, formatExposureText } from "../../src/report/exposure.js";
import { estateOf, loc, svc } from "../helpers/estate.js";
import { hand } from "./hand-estate.js";

describe("exposure: hand-worked estate (see hand-estate.ts)", () => {
  const r = exposure(hand());
  const of = (id: string) => r.services.find((s) => s.id === id)!;

  it("gives downWith / degradedWith per service over root locations (spec 5.1)", () => {
    // db runs in both zones: only aws (or its region) takes it down. api runs in dc and needs db: aws and dc.
    // shop runs in aws, needs api (dc) and has a soft dependency on pay (vend): down with aws, dc; degraded by vend.
    expect(r.services.map((s) => [s.id, s.hosting, s.downWith, s.degradedWith])).toEqual([
      ["api", "in-house", ["aws", "dc"], []],
      ["cache", "public-cloud", ["aws"], []],
      ["db", "public-cloud", ["aws"], []],
      ["hsm", "in-house", ["dc"], []],
      ["pay", "third-party", ["vend"], []],
      ["shop", "public-cloud", ["aws", "dc"], ["vend"]],
      ["tax-a", "public-cloud", ["aws"], []],
      ["tax-b", "in-house", ["dc"], []],
    ]);
  });

  it("keeps the path that crosses the boundary", () => {
    // aws takes db down when its second zone (z2, in id order) goes: api ← db ← z2 ← r1 ← aws.
    expect(of("api").exposures.find((e) => e.root === "aws")).toEqual({ root: "aws", rootHosting: "public-cloud", state: "down", path: ["api", "db", "aws/r1/z2", "aws/r1", "aws"] });
    expect(of("shop").exposures.find((e) => e.root === "vend")).toEqual({ root: "vend", rootHosting: "third-party", state: "degraded", path: ["shop", "pay", "vend"] });
  });

  it("summarises hostings and crossings", () => {
    expect(r.summary.hosting).toEqual({ "in-house": 3, "public-cloud": 4, "third-party": 1, hybrid: 0, unplaced: 0 });
    const cross = (h: string, to: string) => r.summary.crossings.find((x) => x.hosting === h && x.exposedTo === to);
    // In-house api goes down with aws; cloud shop goes down with dc and is degraded by the vendor.
    expect(cross("in-house", "public-cloud")).toEqual({ hosting: "in-house", exposedTo: "public-cloud", down: 1, degraded: 0 });
    expect(cross("in-house", "third-party")).toMatchObject({ down: 0, degraded: 0 });
    expect(cross("public-cloud", "in-house")).toMatchObject({ down: 1, degraded: 0 });
    expect(cross("public-cloud", "third-party")).toMatchObject({ down: 0, degraded: 1 });
    expect(cross("third-party", "in-house")).toMatchObject({ down: 0, degraded: 0 });
  });

  it("prints the summary, the table and each crossing with its path", () => {
    const text = formatExposureText(r);
    expect(text).toContain("8 services: 3 in-house, 4 in public cloud, 1 at vendors, 0 hybrid, 0 unplaced");
    expect(text).toContain("in-house services (3): 1 goes down with a public cloud");
    expect(text).toContain("api runs in-house, but goes down with aws (public-cloud) through db ← aws/r1/z2 ← aws/r1");
    expect(text).toContain("shop runs public-cloud, but is degraded by vend (third-party) through pay");
    // Same-class exposure is in the table, not among the crossings.
    expect(text).not.toContain("api runs in-house, but goes down with dc");
  });

  it("reports only the services named, and rejects locations and unknown ids", () => {
    expect(exposure(hand(), ["shop", "api"]).services.map((s) => s.id)).toEqual(["api", "shop"]);
    expect(exposure(hand(), ["shop"]).summary.services).toBe(1);
    expect(() => exposure(hand(), ["aws"])).toThrow(UsageError);
    expect(() => exposure(hand(), ["shopp"])).toThrow(UnknownIdError);
  });

  it("escapes manifest text in Markdown", () => {
    const e = estateOf(loc("x", "in-house") + svc("a_b", "{runsOn: [x]}"));
    const md = formatExposureMarkdown(exposure(e));
    expect(md).toContain("| `a_b` | medium | in-house | `x` | — |");
  });
});

describe("exposure: the fixture estate (fixtures/retail)", () => {
  const { estate } = loadEstate(["fixtures/retail"]);
  it("shows that cloud checkout still goes down with the in-house estate", () => {
    const r = exposure(estate, ["checkout"]);
    expect(r.services[0]).toMatchObject({ id: "checkout", hosting: "public-cloud", downWith: ["aws", "meridian", "payflow"], degradedWith: [] });
    const m = r.services[0]!.exposures.find((e) => e.root === "meridian")!;
    expect(m.path[0]).toBe("checkout");
    expect(m.path.at(-1)).toBe("meridian");
  });
});
