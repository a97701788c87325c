import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

// The worked example of docs/placement.md: fixtures/retail-live (manifests + cluster snapshot + Terraform state).
const M = ["-m", "fixtures/retail-live", "fixtures/retail-live/live/terraform-state.json"];
const json = async <T,>(args: string[]): Promise<T> => JSON.parse((await runCli(args)).stdout) as T;
type Impacts = { impacts: Array<{ id: string; state: string; relation: string; path: string[] }> };

describe("placement from live state (fixtures/retail-live, CLI)", () => {
  it("blast of the zone holding 3 of storefront-web's 5 ready pods takes it down", async () => {
    const r = await runCli(["blast", "aws/us-east-1/use1-az1", ...M, "--json"]);
    // Only the coverage summary of the imported workloads (issue 13), no warning or error.
    expect(r.stderr).not.toMatch(/warning|error/);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Impacts;
    expect(j.impacts.map((i) => [i.id, i.state])).toEqual([
      ["catalog-db", "down"],
      ["product-catalog", "down"],
      ["storefront-web", "down"],
    ]);
    expect(j.impacts.find((i) => i.id === "storefront-web")!.path).toEqual(["storefront-web", "aws/us-east-1/use1-az1"]);
  });

  it("the other zones only degrade it; the pending search pod is no placement, so az2 takes search down", async () => {
    for (const z of ["aws/us-east-1/use1-az2", "aws/us-east-1/use1-az3"]) {
      const j = await json<Impacts>(["blast", z, ...M, "--json"]);
      expect(j.impacts.find((i) => i.id === "storefront-web")?.state, z).toBe("degraded");
    }
    const az2 = await json<Impacts>(["blast", "aws/us-east-1/use1-az2", ...M, "--json"]);
    expect(az2.impacts.find((i) => i.id === "search")?.state).toBe("down");
  });

  it("exposure, spof, risk, scenarios and graph work on the result", async () => {
    const exp = await json<{ services: Array<{ id: string; downWith: string[] }> }>(["exposure", ...M, "--json"]);
    expect(exp.services.find((s) => s.id === "storefront-web")!.downWith).toEqual(["aws"]);
    const spof = await json<{ singlePointsOfFailure: string[] }>(["spof", "--for", "storefront-web", ...M, "--json"]);
    expect(spof.singlePointsOfFailure).toContain("aws/us-east-1/use1-az1");
    expect(spof.singlePointsOfFailure).not.toContain("aws/us-east-1/use1-az2");
    const risk = await json<{ groups: string[][] }>(["risk", "storefront-web", "--max-size", "2", ...M, "--json"]);
    // az1 alone (3 of 5 pods); az2 + az3 leave 3 pods but take both session-cache nodes.
    expect(risk.groups).toEqual([["aws"], ["aws/us-east-1"], ["aws/us-east-1/use1-az1"], ["catalog-db"], ["product-catalog"], ["session-cache"], ["aws/us-east-1/use1-az2", "aws/us-east-1/use1-az3"]]);
    expect((await runCli(["scenarios", ...M, "--json"])).code).toBe(0);
    const g = await json<{ nodes: Array<{ id: string; replicas?: number[]; minPlacements?: number; minPlacementsFrom?: string }> }>(["graph", "--format", "json", ...M]);
    const web = g.nodes.find((n) => n.id === "storefront-web")!;
    expect([web.replicas, web.minPlacements, web.minPlacementsFrom]).toEqual([[3, 1, 1], 3, "PodDisruptionBudget storefront-web: minAvailable 3"]);
    const svg = await runCli(["graph", "--format", "svg", ...M, "--fail", "aws/us-east-1/use1-az1"]);
    expect(svg.code).toBe(0);
    expect(svg.stdout).toContain("runs on: aws/us-east-1/use1-az1 ×3, aws/us-east-1/use1-az2 ×1, aws/us-east-1/use1-az3 ×1 (needs 3 of 5 replicas)");
  });

  it("validate is clean, and same input gives the same bytes", async () => {
    expect((await runCli(["validate", ...M])).code).toBe(0);
    const a = (await runCli(["graph", "--format", "json", ...M])).stdout;
    expect((await runCli(["graph", "--format", "json", "-m", "fixtures/retail-live/live/terraform-state.json", "fixtures/retail-live"])).stdout).toBe(a);
  });

  it("reads placement: from faultline.config.yaml, and reports a bad one with its line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fl-placement-"));
    try {
      writeFileSync(
        join(dir, "snap.yaml"),
        `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {name: n1, uid: u1, labels: {site: ash, rack: r7}}}
- {apiVersion: v1, kind: Pod, metadata: {name: p1, namespace: default, uid: u2}, spec: {nodeName: n1}, status: {phase: Running, conditions: [{type: Ready, status: "True"}]}}
`,
      );
      writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [snap.yaml]\nplacement:\n  estate: meridian\n  datacenterLabel: site\n  rackLabel: rack\n");
      const g = JSON.parse((await runCli(["graph", "--format", "json"], { cwd: dir })).stdout) as { nodes: Array<{ id: string; placements?: string[] }> };
      expect(g.nodes.find((n) => n.id === "p1")!.placements).toEqual(["meridian/ash/r7"]);
      writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [snap.yaml]\nplacement:\n  estate: [x]\n");
      const bad = await runCli(["graph", "--format", "json", "-o", join(dir, "out.json")], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("faultline.config.yaml:3:");
      expect(bad.stderr).toContain("placement.estate must be a location name");
      expect(existsSync(join(dir, "out.json"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
