/**
 * kustomize and route objects written to hurt: a chain of thousands of bases is walked with a
 * loop (run under a small stack: a recursive walk would overflow), and malformed fields
 * (mappings for lists, numbers for names, self-references) never crash the load.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadOf } from "../helpers/estate.js";
import { REPO } from "../helpers/cli.js";

describe("import/kubernetes: hostile kustomize and route objects", () => {
  it("a chain of 4,000 bases loads under a 200 KB stack, every prefix applied", () => {
    const script = `
      const { loadSources } = await import(${JSON.stringify(`${REPO}/dist/load/load.js`)});
      const n = 4000, sources = [];
      for (let i = 0; i < n; i++) sources.push({ file: "k" + i + "/kustomization.yaml", text: "namePrefix: p\\nresources: [" + (i + 1 < n ? "../k" + (i + 1) : "app.yaml") + "]\\n" });
      sources.push({ file: "k" + (n - 1) + "/app.yaml", text: "apiVersion: apps/v1\\nkind: Deployment\\nmetadata: {name: a}\\nspec: {template: {spec: {containers: []}}}\\n" });
      const r = loadSources(sources);
      const ids = r.estate.graph.nodes();
      console.log(JSON.stringify({ ok: r.ok, n: ids.length, len: ids[0]?.length }));`;
    const r = spawnSync(process.execPath, ["--stack-size=200", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, n: 1, len: 4001 });
  });

  it("malformed kustomizations and routes are read as far as they make sense, never a crash", () => {
    const r = loadOf({
      "a/kustomization.yaml": "namePrefix: [x]\nnameSuffix: 5\nnamespace: {a: b}\nresources: {x: y}\nbases: [., ../a, 7, null, '', 'https://example.com/x']\nconfigMapGenerator: [5, {name: g, literals: [noequals, =x, {a: b}]}]\n",
      "b/kustomization.yaml": "resources: [../b/kustomization.yaml, ../a]\npatches: 5\n",
      "r.yaml": [
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec: {gateways: 5, http: {x: 1}}\n",
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: w}\nspec: {gateways: [g, 7, null, a/b/c], http: [5, {route: str}, {route: [5, {destination: [1]}, {destination: {host: {x: 1}}}]}], tcp: 3}\n",
        "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec: {selector: [x]}\n",
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: h}\nspec: {parentRefs: x, rules: [{backendRefs: [{name: {}}, 3, {name: s, kind: 5}]}]}\n",
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: h2}\nspec: {parentRefs: [{name: g}], rules: [{backendRefs: [{name: constructor}, {name: __proto__}]}]}\n",
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {}\nspec: {}\n",
      ].join("---\n"),
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain("kustomize-cycle");
    // An object without a name in a listed file is still warned, once.
    const nameless = loadOf({ "k/kustomization.yaml": "resources: [d.yaml]\n", "k/d.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {}\nspec: {}\n" });
    expect(nameless.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual(["k/d.yaml:1 bad-k8s-object"]);
  });
});

describe("import/kubernetes: kustomizations that only use one another", () => {
  const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec: {template: {spec: {containers: []}}}\n`;
  it("one that lists itself is still built, with a cycle warning (it used to vanish without a word)", () => {
    const r = loadOf({ "loop/kustomization.yaml": "namePrefix: l-\nresources: [., app.yaml]\n", "loop/app.yaml": deploy("api") });
    expect(r.estate.graph.nodes()).toContain("l-api");
    expect(r.diagnostics.map((d) => d.code)).toContain("kustomize-cycle");
  });
  it("two that list each other are built once, from the first in file order, with a cycle warning", () => {
    const r = loadOf({ "y/kustomization.yaml": "namePrefix: y-\nresources: [../z, a.yaml]\n", "y/a.yaml": deploy("a"), "z/kustomization.yaml": "namePrefix: z-\nresources: [../y, b.yaml]\n", "z/b.yaml": deploy("b") });
    expect(r.estate.graph.nodes().sort()).toEqual(["y-a", "y-z-b"]);
    expect(r.diagnostics.filter((d) => d.code === "kustomize-cycle")).toHaveLength(1);
  });
});

describe("import/kubernetes: kustomize resources that are not in the load", () => {
  it("are warned at the entry that names them, apart from what is not applied", () => {
    const r = loadOf({ "o/kustomization.yaml": "resources:\n  - app.yaml\n  - missing.yaml\npatches:\n  - path: p.yaml\n", "o/app.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {template: {spec: {containers: []}}}\n" });
    const w = r.diagnostics.filter((d) => d.code === "kustomize-not-applied").map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(w).toEqual(["3:5 kustomization: resources not in the load: missing.yaml", "4:1 kustomization: patches not applied"]);
  });
});
