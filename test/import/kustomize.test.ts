import { describe, expect, it } from "vitest";
import { graphToJson } from "../../src/report/graph-json.js";
import { loadOf } from "../helpers/estate.js";

const deploy = (name: string, env = "[]") =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i, env: ${env}}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {selector: {app: ${name}}}\n`;

describe("import/kubernetes: kustomize folders", () => {
  const files = {
    "base/kustomization.yaml": "resources: [api.yaml, db.yaml]\n",
    "base/api.yaml": deploy("api", "[{name: DB_HOST, value: db}]"),
    "base/db.yaml": deploy("db"),
    "overlays/prod/kustomization.yaml": "namespace: prod\nresources: [../../base, extra.yaml]\npatches: [{path: api-patch.yaml}]\npatchesStrategicMerge: [db-patch.yaml]\nimages: [{name: i, newTag: '2'}]\n",
    "overlays/prod/api-patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 3}\n",
    "overlays/prod/db-patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db}\nspec: {replicas: 2}\n",
    "overlays/prod/extra.yaml": deploy("cache"),
    "overlays/staging/kustomization.yaml": "namePrefix: stg-\nresources: [worker.yaml]\n",
    "overlays/staging/worker.yaml": deploy("worker", "[{name: API_HOST, value: api}]"),
  };
  it("a whole tree of base and overlays loads without duplicate ids: patches are skipped and reported, namespace and namePrefix applied", () => {
    const r = loadOf(files);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const nodes = graphToJson(r.estate).nodes.map((n) => `${n.id}`);
    expect(nodes).toEqual(["api", "cache", "db", "stg-worker"]);
    expect(r.estate.graph.getNodeAttributes("cache")).toMatchObject({ attributes: new Map([["kubernetes.namespace", "prod"], ["kubernetes.kind", "Deployment"]]) });
    expect(graphToJson(r.estate).edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(["api -> db", "stg-worker -> api"]);
    const skipped = r.estate.coverage!.skipped.map((s) => `${s.file} ${s.why.split(" (")[0]}`);
    expect(skipped).toEqual([
      "overlays/prod/api-patch.yaml kustomize-patch",
      "overlays/prod/db-patch.yaml kustomize-patch",
      "overlays/prod/kustomization.yaml kustomize: patches, patchesStrategicMerge, images not applied",
    ]);
  });
});
