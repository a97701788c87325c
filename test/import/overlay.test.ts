import { describe, expect, it } from "vitest";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf } from "../helpers/estate.js";

const COMPOSE = "services:\n  web: {image: w, environment: {API_URL: 'http://api:80', FLAGD_HOST: flags}}\n  api: {image: a}\n  flags: {image: flagd}\n  db: {image: pg}\n";
const edges = (files: Record<string, string>) => graphToJson(loadOf(files).estate).edges.map((e) => `${e.from} -> ${e.to} ${e.relation} ${e.evidence?.kind}${e.evidence?.via ? ` ${e.evidence.via}` : ""}`);

describe("import/overlay and the depends-on hint: adding what the files lack", () => {
  it("faultline.depends-on (Compose label), faultline/depends-on (Kubernetes, Backstage annotation) and x-faultline dependsOn are hard, declared", () => {
    expect(edges({ "p/compose.yaml": "services:\n  a: {image: a, labels: {faultline.depends-on: b}}\n  b: {image: b, x-faultline: {dependsOn: [c]}}\n  c: {image: c}\n" })).toEqual(["a -> b hard declared hint depends-on", "b -> c hard declared hint depends-on"]);
    const k8s = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, annotations: {faultline/depends-on: db}}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: []}}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db}\nspec: {template: {metadata: {labels: {app: db}}, spec: {containers: []}}}\n";
    expect(edges({ "k.yaml": k8s })).toEqual(["web -> db hard declared hint depends-on"]);
    const bs = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: site, annotations: {faultline/depends-on: store}}\nspec: {type: website, owner: me, lifecycle: production}\n---\napiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: store}\nspec: {type: database, owner: me}\n";
    expect(edges({ "c.yaml": bs })).toEqual(["site -> store hard declared hint depends-on"]);
  });
  it("a hint restating a soft-classified dependency makes it hard; the table leaves it alone", () => {
    expect(edges({ "p/compose.yaml": COMPOSE.replace("  api: {image: a}", "  api: {image: a}").replace("web: {image: w,", "web: {image: w, labels: {faultline.depends-on: flags},") })).toEqual(["web -> api hard inferred API_URL", "web -> flags hard declared hint depends-on"]);
  });
  it("a native Overlay keyed by the imported id adds dependencies, tier, placement and hard/soft overrides", () => {
    const overlay = `apiVersion: faultline/v1
kind: Location
metadata: {name: dc1}
spec: {hosting: in-house}
---
apiVersion: faultline/v1
kind: Overlay
metadata: {name: web}
spec:
  tier: critical
  runsOn: [dc1]
  dependsOn:
    - db
    - {ref: api, soft: true}
`;
    const r = loadOf({ "p/compose.yaml": COMPOSE, "team/web.yaml": overlay });
    expect(r.diagnostics).toEqual([]);
    expect(edges({ "p/compose.yaml": COMPOSE, "team/web.yaml": overlay })).toEqual(["web -> api soft inferred API_URL", "web -> db hard declared overlay", "web -> dc1 runsOn undefined", "web -> flags soft inferred FLAGD_HOST"]);
    expect(r.estate.graph.getNodeAttributes("web")).toMatchObject({ tier: "critical", placements: ["dc1"] });
  });
  it("an overlay for an unknown id warns and suggests the qualified forms (db → a.db, b.db)", () => {
    const two = { "a/compose.yaml": "services:\n  db: {image: pg}\n", "b/compose.yaml": "services:\n  db: {image: pg}\n" };
    const r = loadOf({ ...two, "o.yaml": "apiVersion: faultline/v1\nkind: Overlay\nmetadata: {name: db}\nspec: {tier: high}\n" });
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line, d.hint])).toEqual([["unknown-overlay-target", "o.yaml", 3, "did you mean `a.db` or `b.db`?"]]);
  });
});
