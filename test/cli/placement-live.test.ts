import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

// The worked example of docs/placement.md: fixtures/retail-live (manifests + cluster snapshot + Terraform state).
const M = ["-m", "fixtures/retail-live", "fixtures/retail-live/live/terraform-state.json"];

describe("placement from live state (fixtures/retail-live, CLI)", () => {
  it("blast of the zone holding 3 of storefront-web's 5 ready pods takes it down", () => {
    const r = runCli(["blast", "aws/us-east-1/use1-az1", ...M, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { impacts: Array<{ id: string; state: string; relation: string; path: string[] }> };
    expect(j.impacts.map((i) => [i.id, i.state])).toEqual([
      ["catalog-db", "down"],
      ["product-catalog", "down"],
      ["storefront-web", "down"],
    ]);
    expect(j.impacts.find((i) => i.id === "storefront-web")!.path).toEqual(["storefront-web", "aws/us-east-1/use1-az1"]);
  });

  it("the other zones only degrade it; the pending search pod is no placement, so az2 takes search down", () => {
    for (const z of ["aws/us-east-1/use1-az2", "aws/us-east-1/use1-az3"]) {
      const j = JSON.parse(runCli(["blast", z, ...M, "--json"]).stdout) as { impacts: Array<{ id: string; state: string }> };
      expect(j.impacts.find((i) => i.id === "storefront-web")?.state, z).toBe("degraded");
    }
    const az2 = JSON.parse(runCli(["blast", "aws/us-east-1/use1-az2", ...M, "--json"]).stdout) as { impacts: Array<{ id: string; state: string }> };
    expect(az2.impacts.find((i) => i.id === "search")?.state).toBe("down");
  });

  it("exposure, spof, risk, scenarios and graph work on the result", () => {
    const exp = JSON.parse(runCli(["exposure", ...M, "--json"]).stdout) as { services: Array<{ id: string; downWith: string[] }> };
    expect(exp.services.find((s) => s.id === "storefront-web")!.downWith).toEqual(["aws"]);
    const spof = JSON.parse(runCli(["spof", "--for", "storefront-web", ...M, "--json"]).stdout) as { singlePointsOfFailure: string[] };
    expect(spof.singlePointsOfFailure).toContain("aws/us-east-1/use1-az1");
    expect(spof.singlePointsOfFailure).not.toContain("aws/us-east-1/use1-az2");
    const risk = JSON.parse(runCli(["risk", "storefront-web", "--max-size", "2", ...M, "--json"]).stdout) as { groups: string[][] };
    // az1 alone (3 of 5 pods); az2 + az3 leave 3 pods but take both session-cache nodes.
    expect(risk.groups).toEqual([["aws"], ["aws/us-east-1"], ["aws/us-east-1/use1-az1"], ["catalog-db"], ["product-catalog"], ["session-cache"], ["aws/us-east-1/use1-az2", "aws/us-east-1/use1-az3"]]);
    const sc = runCli(["scenarios", ...M, "--json"]);
    expect(sc.code).toBe(0);
    const g = JSON.parse(runCli(["graph", "--format", "json", ...M]).stdout) as { nodes: Array<{ id: string; replicas?: number[]; minPlacements?: number; minPlacementsFrom?: string }> };
    const web = g.nodes.find((n) => n.id === "storefront-web")!;
    expect([web.replicas, web.minPlacements, web.minPlacementsFrom]).toEqual([[3, 1, 1], 3, "PodDisruptionBudget storefront-web: minAvailable 3"]);
    const svg = runCli(["graph", "--format", "svg", ...M, "--fail", "aws/us-east-1/use1-az1"]);
    expect(svg.code).toBe(0);
    expect(svg.stdout).toContain("runs on: aws/us-east-1/use1-az1 ×3, aws/us-east-1/use1-az2 ×1, aws/us-east-1/use1-az3 ×1 (needs 3 of 5 replicas)");
  });

  it("validate is clean, and same input gives the same bytes", () => {
    const v = runCli(["validate", ...M]);
    expect(v.code).toBe(0);
    const a = runCli(["graph", "--format", "json", ...M]).stdout;
    expect(runCli(["graph", "--format", "json", "-m", "fixtures/retail-live/live/terraform-state.json", "fixtures/retail-live"]).stdout).toBe(a);
  });
});
