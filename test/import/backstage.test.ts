import { describe, expect, it } from "vitest";
import { parseEntityRef } from "../../src/import/backstage.js";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf } from "../helpers/estate.js";

const entity = (kind: string, name: string, spec: string, meta = "") => `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata: {name: ${name}${meta ? ", " + meta : ""}}\nspec: ${spec}\n---\n`;
const edgeList = (r: ReturnType<typeof loadOf>) => graphToJson(r.estate).edges.filter((e) => e.relation !== "runsOn" && e.relation !== "parent").map((e) => `${e.from} -> ${e.to} ${e.relation}${e.group ? ` q${e.group.quorum}/${e.group.size}` : ""}`);

describe("import/backstage", () => {
  it("parses entity references in every form, with the field's default kind and the entity's namespace", () => {
    expect(parseEntityRef("db", { namespace: "default" })).toEqual({ namespace: "default", name: "db" });
    expect(parseEntityRef("Resource:DB", { namespace: "default" })).toEqual({ kind: "resource", namespace: "default", name: "db" });
    expect(parseEntityRef("resource:ops/db", { namespace: "default" })).toEqual({ kind: "resource", namespace: "ops", name: "db" });
    expect(parseEntityRef("ops/db", { kind: "api", namespace: "default" })).toEqual({ kind: "api", namespace: "ops", name: "db" });
    expect(parseEntityRef("team-a", { kind: "group", namespace: "x" })).toEqual({ kind: "group", namespace: "x", name: "team-a" });
    expect(parseEntityRef("a:b/c/d", { namespace: "default" })).toBeUndefined();
    expect(parseEntityRef(":x", { namespace: "default" })).toBeUndefined();
  });

  it("dependsOn with kind:name and kind:namespace/name; namespaces keep equal names apart", () => {
    const r = loadOf({
      "c.yaml":
        entity("Component", "web", "{type: website, owner: team, dependsOn: ['resource:db', 'component:ops/api', 'Component:Payments']}") +
        entity("Component", "payments", "{type: service, owner: team}") +
        entity("Component", "api", "{type: service, owner: team, dependsOn: [resource:db]}", "namespace: ops") +
        entity("Component", "api", "{type: service, owner: team}") +
        entity("Resource", "db", "{type: database, owner: team}") +
        entity("Resource", "db", "{type: database, owner: team}", "namespace: ops"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(graphToJson(r.estate).nodes.map((n) => n.id)).toEqual(["default.api", "default.db", "ops.api", "ops.db", "payments", "web"]);
    expect(edgeList(r)).toEqual(["ops.api -> ops.db hard", "web -> default.db hard", "web -> ops.api hard", "web -> payments hard"]);
  });

  it("consumesApis (default kind api) depends on the providers; several providers form an any-of group", () => {
    const r = loadOf({
      "c.yaml":
        entity("API", "search-api", "{type: openapi, owner: t, lifecycle: production, definition: x}") +
        entity("API", "geo-api", "{type: grpc, owner: t, lifecycle: production, definition: x}") +
        entity("Component", "search-a", "{type: service, owner: t, providesApis: [search-api]}") +
        entity("Component", "search-b", "{type: service, owner: t, providesApis: ['api:default/search-api']}") +
        entity("Component", "geo", "{type: service, owner: t, providesApis: [geo-api]}") +
        entity("Component", "web", "{type: website, owner: t, consumesApis: [search-api, 'api:geo-api'], dependsOn: ['api:geo-api']}"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(edgeList(r)).toEqual(["web -> geo hard", "web -> search-a group q1/2", "web -> search-b group q1/2"]);
  });

  it("an API without a provider, an unknown API, an unknown dependency and an unknown owner are warnings at their line", () => {
    const r = loadOf({
      "c.yaml":
        entity("API", "lonely", "{type: openapi, owner: t, lifecycle: production, definition: x}") +
        entity("Group", "t", "{type: team, children: []}") +
        entity("Component", "web", "{type: website, owner: nobody, consumesApis: [lonely, missing-api], dependsOn: ['resource:gone']}"),
    });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.every((d) => d.severity === "warning" && d.file === "c.yaml" && d.line === 14)).toBe(true);
    expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`).sort()).toEqual([
      'no-provider: API "lonely" has no provider in the catalog: no dependency recorded',
      'unknown-reference: consumed API "missing-api" is not in the catalog',
      'unknown-reference: owner "nobody" is not in the catalog',
      'unknown-reference: unknown dependency "gone"',
    ]);
  });

  it("dependsOn without a kind is warned (Backstage requires it) and read when the name is unambiguous", () => {
    const r = loadOf({ "c.yaml": entity("Component", "web", "{type: website, owner: t, dependsOn: [db]}") + entity("Resource", "db", "{type: database, owner: t}") });
    expect(r.diagnostics.map((d) => [d.code, d.hint])).toEqual([["backstage-ref-kind", "read as `resource:db`; write the kind, as Backstage requires"]]);
    expect(edgeList(r)).toEqual(["web -> db hard"]);
  });

  it("dependencyOf adds the reverse edge; a dependsOn on a System is not modelled and says so", () => {
    const r = loadOf({ "c.yaml": entity("Resource", "db", "{type: database, owner: t, dependencyOf: ['component:web']}") + entity("Component", "web", "{type: website, owner: t, dependsOn: ['system:shop']}") + entity("System", "shop", "{owner: t}") });
    expect(edgeList(r)).toEqual(["web -> db hard"]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["not-modelled"]);
  });

  it("Locations are not followed (no file or URL is read), Templates are skipped, unknown kinds are warned", () => {
    const r = loadOf({
      "c.yaml":
        entity("Location", "everything", "{targets: [../../../etc/passwd, 'https://example.com/catalog.yaml'], target: ./other.yaml}") +
        entity("Template", "t", "{steps: []}") +
        entity("Widget", "w", "{}") +
        entity("Component", "web", "{type: website, owner: t}"),
    });
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([["unknown-backstage-kind", 12]]);
    expect(graphToJson(r.estate).nodes.map((n) => n.id)).toEqual(["web"]);
  });

  it("annotations add placement, tier, soft dependencies and any-of groups", () => {
    const r = loadOf({
      "l.yaml": "apiVersion: faultline/v1\nkind: Location\nmetadata: {name: dc}\nspec: {hosting: in-house, children: [{name: hall1}, {name: hall2}]}\n",
      "c.yaml":
        entity("Component", "web", "{type: website, owner: t}", `annotations: {faultline/runs-on: "dc/hall1,dc/hall2", faultline/tier: critical, faultline/soft-depends-on: recs, faultline/any-of: "resource:db-a, resource:db-b"}`) +
        entity("Component", "recs", "{type: service, owner: t}") +
        entity("Resource", "db-a", "{type: database, owner: t}") +
        entity("Resource", "db-b", "{type: database, owner: t}"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(graphToJson(r.estate).nodes.find((n) => n.id === "web")).toMatchObject({ tier: "critical", placements: ["dc/hall1", "dc/hall2"], hosting: "in-house" });
    expect(edgeList(r)).toEqual(["web -> db-a group q1/2", "web -> db-b group q1/2", "web -> recs soft"]);
  });

  it("hostile names: a component called constructor depending on a resource called __proto__", () => {
    const r = loadOf({ "c.yaml": entity("Component", "constructor", "{type: service, owner: t, dependsOn: ['resource:__proto__']}", "labels: {__proto__: x}") + entity("Resource", "__proto__", "{type: database, owner: t}") });
    expect(r.diagnostics).toEqual([]);
    expect(edgeList(r)).toEqual(["constructor -> __proto__ hard"]);
  });
});
