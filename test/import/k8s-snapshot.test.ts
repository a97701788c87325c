import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { exposure } from "../../src/analysis/exposure.js";
import { scenarios } from "../../src/analysis/scenarios.js";
import { singlePointsOfFailure } from "../../src/analysis/spof.js";
import { parseProviderId } from "../../src/import/k8s-snapshot.js";
import { loadEstate, loadSources } from "../../src/load/load.js";
import type { Estate, ServiceAttributes } from "../../src/model/types.js";

const dir = join(import.meta.dirname, "..", "fixtures", "k8s-snapshot");
const snapshot = readFileSync(join(dir, "three-zones.yaml"), "utf8");

const state = (e: Estate, failed: string[], id: string) => blastRadius(e, failed).impacts.find((i) => i.id === id)?.state ?? "up";
const svcOf = (e: Estate, id: string) => e.graph.getNodeAttributes(id) as ServiceAttributes;

describe("k8s-snapshot importer", () => {
  const r = loadEstate([join(dir, "three-zones.yaml")]);
  const e = r.estate;

  it("loads a kubectl List snapshot without errors", () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("creates provider › region › zone locations, by AWS zone id", () => {
    const locs = e.graph.filterNodes((_id, a) => a.kind === "location").sort();
    expect(locs).toEqual(["aws", "aws/us-east-1", "aws/us-east-1/use1-az1", "aws/us-east-1/use1-az2", "aws/us-east-1/use1-az4"]);
    expect(e.graph.getNodeAttribute("aws", "hosting")).toBe("public-cloud");
    expect(e.graph.getNodeAttribute("aws/us-east-1/use1-az2", "type")).toBe("zone");
  });

  it("places a 3/1/1 Deployment with its replicas per zone, counting ready pods only, minPlacements from the PDB", () => {
    const web = svcOf(e, "web");
    expect(web.origin).toBe("k8s-snapshot");
    expect(web.placements).toEqual(["aws/us-east-1/use1-az1", "aws/us-east-1/use1-az2", "aws/us-east-1/use1-az4"]);
    // The not-ready pod in zone b and the pending pod are not placements.
    expect(web.replicas).toEqual([3, 1, 1]);
    expect(web.minPlacements).toBe(3);
    expect(web.attributes.get("placement.minPlacementsFrom")).toBe("PodDisruptionBudget web-pdb: minAvailable 3");
    const api = svcOf(e, "api");
    expect([api.placements, api.replicas, api.minPlacements]).toEqual([["aws/us-east-1/use1-az1", "aws/us-east-1/use1-az4"], [1, 1], 1]);
    expect(api.attributes.get("placement.minPlacementsFrom")).toMatch(/^default 1/);
    // ReplicaSets and Pods are not services.
    expect(e.graph.filterNodes((_id, a) => a.kind === "service").sort()).toEqual(["api", "web"]);
  });

  it("losing the first zone takes the Deployment down; losing either other zone degrades it", () => {
    expect(state(e, ["aws/us-east-1/use1-az1"], "web")).toBe("down");
    expect(state(e, ["aws/us-east-1/use1-az2"], "web")).toBe("degraded");
    expect(state(e, ["aws/us-east-1/use1-az4"], "web")).toBe("degraded");
    // api (a hard dependency from API_URL) is one too; the zones holding one pod each are not.
    expect(singlePointsOfFailure(e, "web")).toEqual(["api", "aws", "aws/us-east-1", "aws/us-east-1/use1-az1"]);
  });

  it("keeps the dependencies the pod template names (API_URL → Service api)", () => {
    expect(e.graph.outEdges("web", "api").map((k) => e.graph.getEdgeAttribute(k, "relation"))).toEqual(["hard"]);
    // api loses one of two pods with zone az4: degraded, and web with it.
    expect(state(e, ["aws/us-east-1/use1-az4"], "api")).toBe("degraded");
  });

  it("feeds exposure and scenarios", () => {
    expect(exposure(e).services.find((s) => s.id === "web")!.downWith).toEqual(["aws"]);
    const z1 = scenarios(e).scenarios.find((s) => s.name === "aws/us-east-1/use1-az1")!;
    expect(z1.servicesDown).toBe(1);
  });

  it("counts a pod as a placement only when Running and Ready", () => {
    const pods = (phase: string, ready: string, node = "n1") => `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {name: n1, uid: u1, labels: {topology.kubernetes.io/zone: us-east-1a}}, spec: {providerID: "aws:///us-east-1a/i-1"}}
- apiVersion: v1
  kind: Pod
  metadata: {name: solo, namespace: default, uid: u2}
  spec: {nodeName: ${node}, containers: [{name: c, image: i}]}
  status: {phase: ${phase}, conditions: [{type: Ready, status: "${ready}"}]}
`;
    const ok = loadSources([{ file: "snap.yaml", text: pods("Running", "True") }]);
    expect(svcOf(ok.estate, "solo").placements).toEqual(["aws/us-east-1/us-east-1a"]);
    for (const [phase, ready] of [["Running", "False"], ["Pending", "True"], ["Succeeded", "True"], ["Failed", "False"]]) {
      const r2 = loadSources([{ file: "snap.yaml", text: pods(phase!, ready!) }]);
      expect(svcOf(r2.estate, "solo").placements, `${phase}/${ready}`).toEqual([]);
      expect(r2.diagnostics.map((d) => d.code)).toContain("no-ready-pods");
    }
    const lost = loadSources([{ file: "snap.yaml", text: pods("Running", "True", "gone") }]);
    expect(lost.diagnostics.find((d) => d.code === "unknown-node")?.line).toBeGreaterThan(1);
  });

  it("reads maxUnavailable and percentages, and caps minPlacements at the ready pods with a warning", () => {
    const snap = (pdb: string, ready: number) => {
      const items = [`- {apiVersion: v1, kind: Node, metadata: {name: n1, uid: u0, labels: {topology.kubernetes.io/zone: europe-west1-b, topology.kubernetes.io/region: europe-west1}}, spec: {providerID: "gce://proj/europe-west1-b/n1"}}`];
      items.push(`- {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db, namespace: d, uid: s1}, spec: {replicas: 4, template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, image: i}]}}}}`);
      items.push(`- {apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: p, namespace: d, uid: p1}, spec: {${pdb}, selector: {matchLabels: {app: db}}}}`);
      for (let i = 0; i < ready; i++) items.push(`- {apiVersion: v1, kind: Pod, metadata: {name: db-${i}, namespace: d, uid: q${i}, labels: {app: db}, ownerReferences: [{kind: StatefulSet, name: db, controller: true}]}, spec: {nodeName: n1}, status: {phase: Running, conditions: [{type: Ready, status: "True"}]}}`);
      return loadSources([{ file: "s.yaml", text: `apiVersion: v1\nkind: List\nitems:\n${items.join("\n")}\n` }]);
    };
    const min = (r: ReturnType<typeof snap>) => svcOf(r.estate, "db").minPlacements;
    expect(min(snap("maxUnavailable: 1", 4))).toBe(3);
    expect(min(snap("minAvailable: 50%", 4))).toBe(2);
    expect(min(snap("maxUnavailable: 25%", 4))).toBe(3);
    const capped = snap("minAvailable: 4", 2);
    expect(min(capped)).toBe(2);
    expect(capped.diagnostics.map((d) => d.code)).toContain("below-disruption-budget");
    expect(svcOf(capped.estate, "db").placements).toEqual(["gcp/europe-west1/europe-west1-b"]);
    expect(snap("minAvailable: lots", 4).diagnostics.map((d) => d.code)).toContain("bad-pdb");
  });

  it("places nodes without a cloud provider in an in-house estate › datacenter › rack from configurable labels", () => {
    const text = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {name: n1, uid: u1, labels: {site: ash, rack: r12}}}
- {apiVersion: v1, kind: Node, metadata: {name: n2, uid: u2, labels: {site: ash}}}
- {apiVersion: v1, kind: Pod, metadata: {name: p1, namespace: default, uid: u3}, spec: {nodeName: n1}, status: {phase: Running, conditions: [{type: Ready, status: "True"}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: p2, namespace: default, uid: u4}, spec: {nodeName: n2}, status: {phase: Running, conditions: [{type: Ready, status: "True"}]}}
`;
    const r2 = loadSources([{ file: "s.yaml", text }], { placement: { estate: "meridian", datacenterLabel: "site", rackLabel: "rack" } });
    expect(svcOf(r2.estate, "p1").placements).toEqual(["meridian/ash/r12"]);
    expect(svcOf(r2.estate, "p2").placements).toEqual(["meridian/ash"]);
    expect(r2.estate.graph.getNodeAttribute("meridian", "hosting")).toBe("in-house");
    expect(r2.estate.graph.getNodeAttribute("meridian/ash/r12", "type")).toBe("rack");
  });

  it("merges with the manifests of the same workloads and with hand-written locations", () => {
    const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: web
        env: [{name: DB_URL, value: "postgres://orders-db:5432/orders"}]
---
apiVersion: faultline/v1
kind: Service
metadata: {name: orders-db}
spec: {runsOn: [aws/us-east-1/use1-az1]}
---
apiVersion: faultline/v1
kind: Location
metadata: {name: aws}
spec:
  hosting: public-cloud
  type: provider
  children: [{name: us-east-1, type: region, children: [{name: use1-az1, type: zone}]}]
`;
    const both = loadSources([
      { file: "manifests/all.yaml", text: manifests },
      { file: "snapshot/three-zones.yaml", text: snapshot },
    ]);
    expect(both.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const web = svcOf(both.estate, "web");
    expect(web.origin).toBe("kubernetes"); // the manifest's entity, with the snapshot's placements
    expect(web.replicas).toEqual([3, 1, 1]);
    expect(both.estate.graph.outNeighbors("web")).toContain("orders-db");
    // The native zone and the snapshot's are one location.
    expect(both.estate.graph.getNodeAttribute("aws/us-east-1/use1-az1", "origin")).toBe("native");
    expect(state(both.estate, ["aws/us-east-1/use1-az1"], "web")).toBe("down");
    // --k8s-location accepts the ids the snapshot creates.
    const worker = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker, namespace: shop}\nspec: {template: {spec: {containers: [{name: c, image: i}]}}}\n";
    const withLoc = loadSources([{ file: "m.yaml", text: manifests.split("---")[0]! + "---\n" + worker }, { file: "snap.yaml", text: snapshot }], { k8sLocation: "aws/us-east-1/use1-az2" });
    expect(withLoc.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // A manifest workload the snapshot does not cover runs where --k8s-location says, a zone the snapshot created.
    expect(svcOf(withLoc.estate, "worker").placements).toEqual(["aws/us-east-1/use1-az2"]);
    expect(svcOf(withLoc.estate, "web").replicas).toEqual([3, 1, 1]);
  });

  it("gives a workload the id the manifest importer would: qualified beside a native service of the same name", () => {
    const native = `apiVersion: faultline/v1
kind: Service
metadata: {name: web}
spec: {runsOn: [aws/us-east-1/use1-az2]}
`;
    const r2 = loadSources([{ file: "a.yaml", text: native }, { file: "b.yaml", text: snapshot }]);
    expect(r2.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(svcOf(r2.estate, "web").placements).toEqual(["aws/us-east-1/use1-az2"]);
    expect(svcOf(r2.estate, "shop.web").replicas).toEqual([3, 1, 1]);
  });

  it("parses the provider ids of AWS, GCE and Azure", () => {
    expect(parseProviderId("aws:///us-east-1a/i-0abc")).toEqual({ provider: "aws", zone: "us-east-1a" });
    expect(parseProviderId("gce://my-project/europe-west1-b/gke-node-1")).toEqual({ provider: "gcp", zone: "europe-west1-b" });
    expect(parseProviderId("azure:///subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm")).toEqual({ provider: "azure" });
    expect(parseProviderId("kind://docker/kind/kind-control-plane")).toBeUndefined();
  });

  it("uses legacy failure-domain labels, and configured zone ids", () => {
    const text = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {name: n1, uid: u1, labels: {failure-domain.beta.kubernetes.io/zone: us-west-2b, failure-domain.beta.kubernetes.io/region: us-west-2}}, spec: {providerID: "aws:///us-west-2b/i-1"}}
- {apiVersion: v1, kind: Pod, metadata: {name: p1, namespace: default, uid: u3}, spec: {nodeName: n1}, status: {phase: Running, conditions: [{type: Ready, status: "True"}]}}
`;
    expect(svcOf(loadSources([{ file: "s.yaml", text }]).estate, "p1").placements).toEqual(["aws/us-west-2/us-west-2b"]);
    expect(svcOf(loadSources([{ file: "s.yaml", text }], { placement: { zoneIds: { "us-west-2b": "usw2-az2" } } }).estate, "p1").placements).toEqual(["aws/us-west-2/usw2-az2"]);
  });

  it("leaves manifests (objects without a uid) to the manifest importer", () => {
    const r2 = loadSources([{ file: "d.yaml", text: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: {template: {spec: {containers: [{name: c, image: i}]}}}\n" }]);
    expect(svcOf(r2.estate, "w").origin).toBe("kubernetes");
  });

  it("places DaemonSets, takes the zone from providerID when no label gives it, skips pods of Jobs, reads an empty kubectl List", () => {
    const ready = `status: {phase: Running, conditions: [{type: Ready, status: "True"}]}`;
    const text = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {name: n1, uid: u1}, spec: {providerID: "aws:///eu-west-1b/i-1"}}
- {apiVersion: v1, kind: Node, metadata: {name: n2, uid: u2}, spec: {providerID: "gce://p/europe-west4-a/n2"}}
- {apiVersion: apps/v1, kind: DaemonSet, metadata: {name: agent, namespace: kube-system, uid: d1}, spec: {template: {metadata: {labels: {app: agent}}, spec: {containers: [{name: c, image: i}]}}}, status: {desiredNumberScheduled: 2}}
- {apiVersion: v1, kind: Pod, metadata: {name: agent-1, namespace: kube-system, uid: p1, ownerReferences: [{kind: DaemonSet, name: agent, controller: true}]}, spec: {nodeName: n1}, ${ready}}
- {apiVersion: v1, kind: Pod, metadata: {name: agent-2, namespace: kube-system, uid: p2, ownerReferences: [{kind: DaemonSet, name: agent, controller: true}]}, spec: {nodeName: n2}, ${ready}}
- {apiVersion: v1, kind: Pod, metadata: {name: backup-1, namespace: kube-system, uid: p3, ownerReferences: [{kind: Job, name: backup, controller: true}]}, spec: {nodeName: n1}, ${ready}}
`;
    const r2 = loadSources([
      { file: "s.yaml", text },
      { file: "empty.yaml", text: 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n' },
    ]);
    expect(r2.diagnostics).toEqual([]);
    const agent = svcOf(r2.estate, "agent");
    expect([agent.placements, agent.replicas]).toEqual([["aws/eu-west-1/eu-west-1b", "gcp/europe-west4/europe-west4-a"], [1, 1]]);
    expect(r2.estate.graph.filterNodes((_id, a) => a.kind === "service")).toEqual(["agent"]);
  });
});
