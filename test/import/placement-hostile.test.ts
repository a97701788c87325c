import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import type { ServiceAttributes } from "../../src/model/types.js";

const load = (file: string, text: string) => loadSources([{ file, text }]);

describe("placement importers on hostile input", () => {
  it("Terraform documents with the wrong shapes load without throwing and place nothing wrong", () => {
    const shapes = [
      { format_version: "1.0", terraform_version: "1", values: 5 },
      { format_version: "1.0", terraform_version: "1", values: { root_module: { resources: "x", child_modules: [1, null, { resources: [null, 3, { type: "aws_instance" }] }] } } },
      { format_version: "1.0", terraform_version: "1", values: { root_module: { resources: [{ address: "aws_instance.x", type: "aws_instance", mode: "managed", values: { availability_zone: 7, tags: "nope" } }] } } },
      { format_version: "1.0", terraform_version: "1", values: { root_module: { resources: [{ address: "aws_autoscaling_group.g", type: "aws_autoscaling_group", mode: "managed", values: { vpc_zone_identifier: [1, {}], desired_capacity: -3, min_size: "x" } }] } } },
      { format_version: "1.0", terraform_version: "1", values: { root_module: { resources: [{ address: "aws_instance.x", type: "aws_instance", mode: "managed", values: { availability_zone: "us east 1a!" } }] } } },
      { format_version: "1.0", terraform_version: "1", values: { root_module: { resources: [{ address: "aws_instance.__proto__", type: "constructor", mode: "managed", values: { tags: { "faultline-service": "../../etc" } } }] } } },
    ];
    for (const s of shapes) {
      const r = load("s.json", JSON.stringify(s));
      expect(r.diagnostics.filter((d) => d.severity === "error"), JSON.stringify(s)).toEqual([]);
      r.estate.graph.forEachNode((_id, a) => {
        if (a.kind === "service") for (const p of a.placements) expect(r.estate.graph.hasNode(p)).toBe(true);
      });
    }
    const noZone = load("s.json", JSON.stringify(shapes[2]));
    expect(noZone.diagnostics.map((d) => d.code)).toContain("terraform-no-zone");
    expect((noZone.estate.graph.getNodeAttributes("aws_instance.x") as ServiceAttributes).placements).toEqual([]);
    const badName = load("s.json", JSON.stringify(shapes[4]));
    expect(badName.diagnostics.map((d) => d.code)).toContain("bad-location-name");
    const proto = load("s.json", JSON.stringify(shapes[5]));
    expect(proto.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(["terraform-unsupported"]));
    expect(proto.estate.graph.order).toBe(0);
  });

  it("modules nested thousands deep are walked without recursion", () => {
    let mod: Record<string, unknown> = { resources: [{ address: "aws_instance.deep", type: "aws_instance", mode: "managed", values: { availability_zone: "us-east-1a" } }] };
    for (let i = 0; i < 60; i++) mod = { address: `module.m${i}`, child_modules: [mod] };
    const r = loadSources([{ file: "s.json", text: JSON.stringify({ format_version: "1.0", terraform_version: "1", values: { root_module: mod } }) }], { limits: { maxDepth: 1000 } });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect((r.estate.graph.getNodeAttributes("aws_instance.deep") as ServiceAttributes).placements).toEqual(["aws/us-east-1/us-east-1a"]);
  });

  it("a snapshot with broken objects warns and skips them", () => {
    const text = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {uid: u0}}
- {apiVersion: v1, kind: Node, metadata: {name: n1, uid: u1, labels: {topology.kubernetes.io/zone: "bad zone!"}}, spec: {providerID: "aws:///bad zone!/i-1"}}
- {apiVersion: v1, kind: Pod, metadata: {name: p1, namespace: default, uid: u2, ownerReferences: "x"}, spec: {nodeName: n1}, status: {phase: Running, conditions: [{type: Ready, status: "True"}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: p2, namespace: default, uid: u3, deletionTimestamp: "2026-01-01T00:00:00Z"}, spec: {nodeName: n1}, status: {phase: Running, conditions: [{type: Ready, status: "True"}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: p3, namespace: default, uid: u4, ownerReferences: [{kind: ReplicaSet, name: p3}]}, status: 7}
- {apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: pdb, namespace: default, uid: u5}, spec: {minAvailable: -4, selector: {matchLabels: {}}}}
- 42
- {apiVersion: apps/v1, kind: ReplicaSet, metadata: {name: p3, namespace: default, uid: u6, ownerReferences: [{kind: ReplicaSet, name: p3}]}}
`;
    const r = load("snap.yaml", text);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toContain("bad-k8s-object");
    expect(codes).toContain("bad-location-name");
    // The pod being deleted is not a placement.
    expect((r.estate.graph.getNodeAttributes("p2") as ServiceAttributes).placements).toEqual([]);
  });
});
