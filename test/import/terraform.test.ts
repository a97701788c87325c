import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { riskGroups } from "../../src/analysis/risk.js";
import { idOfAddress, spread } from "../../src/import/terraform.js";
import { loadEstate, loadSources } from "../../src/load/load.js";
import type { Estate, ServiceAttributes } from "../../src/model/types.js";

const dir = join(import.meta.dirname, "..", "fixtures", "terraform");
const stateText = readFileSync(join(dir, "state.json"), "utf8");
const state = (e: Estate, failed: string[], id: string) => blastRadius(e, failed).impacts.find((i) => i.id === id)?.state ?? "up";
const svcOf = (e: Estate, id: string) => e.graph.getNodeAttributes(id) as ServiceAttributes;
const place = (e: Estate, id: string) => {
  const a = svcOf(e, id);
  return { placements: a.placements, replicas: a.replicas, min: a.minPlacements };
};

describe("terraform importer (terraform show -json)", () => {
  const r = loadEstate([join(dir, "state.json")]);
  const e = r.estate;

  it("reads a state file given by path (JSON) without errors", () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("places a multi-AZ database in its subnet group's zones, either enough", () => {
    expect(place(e, "orders-db")).toEqual({ placements: ["aws/us-east-1/use1-az1", "aws/us-east-1/use1-az2"], replicas: [1, 1], min: 1 });
    expect(svcOf(e, "orders-db").type).toBe("database");
    expect(state(e, ["aws/us-east-1/use1-az2"], "orders-db")).toBe("degraded");
    expect(state(e, ["aws/us-east-1/use1-az1", "aws/us-east-1/use1-az2"], "orders-db")).toBe("down");
    expect(svcOf(e, "orders-db").attributes.get("placement.minPlacementsFrom")).toMatch(/multi_az/);
  });

  it("places a single-AZ instance in its one zone, by zone id", () => {
    expect(place(e, "aws_instance.bastion")).toEqual({ placements: ["aws/us-east-1/use1-az1"], replicas: [1], min: 1 });
    expect(state(e, ["aws/us-east-1/use1-az1"], "aws_instance.bastion")).toBe("down");
  });

  it("spreads an autoscaling group over its three subnets' zones, with the tagged minPlacements", () => {
    // desired_capacity 4 over a, b, c (subnets written c, a, b): 2/1/1; faultline-min-placements 2.
    expect(place(e, "storefront")).toEqual({ placements: ["aws/us-east-1/use1-az1", "aws/us-east-1/use1-az2", "aws/us-east-1/use1-az4"], replicas: [2, 1, 1], min: 2 });
    expect(state(e, ["aws/us-east-1/use1-az1"], "storefront")).toBe("degraded");
    expect(riskGroups(e, "storefront", { maxSize: 2 }).groups).toEqual([["aws"], ["aws/us-east-1"], ["aws/us-east-1/use1-az1", "aws/us-east-1/use1-az2"], ["aws/us-east-1/use1-az1", "aws/us-east-1/use1-az4"]]);
  });

  it("reads resources of child modules", () => {
    expect(place(e, "module.cache.aws_elasticache_replication_group.sessions")).toEqual({ placements: ["aws/us-east-1/use1-az1", "aws/us-east-1/use1-az4"], replicas: [1, 1], min: 1 });
  });

  it("reports an unknown resource type and does not place it; ignores networks, IAM and data sources", () => {
    const d = r.diagnostics.filter((x) => x.code === "terraform-unsupported");
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toBe("1 resource(s) of types faultline does not place: aws_opensearch_domain (1)");
    expect(d[0]!.severity).toBe("warning");
    expect(e.graph.nodes().some((n) => n.includes("opensearch") || n.includes("iam") || n.includes("aws_ami") || n.includes("subnet"))).toBe(false);
  });

  it("makes no dependency from resource references (build order, not calls)", () => {
    expect(e.graph.filterEdges((_k, a) => a.relation !== "runsOn" && a.relation !== "parent")).toEqual([]);
  });

  it("gives placement to the native service its faultline-service tag names", () => {
    const native = `apiVersion: faultline/v1
kind: Service
metadata: {name: storefront}
spec: {tier: critical, dependsOn: [orders-db]}
`;
    const both = loadSources([{ file: "svc.yaml", text: native }, { file: "state.json", text: stateText }]);
    expect(both.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    const s = svcOf(both.estate, "storefront");
    expect([s.origin, s.tier, s.replicas, s.minPlacements]).toEqual(["native", "critical", [2, 1, 1], 2]);
    // az2 holds orders-db's standby zone and one web instance: degraded; az1 + az2: down.
    expect(state(both.estate, ["aws/us-east-1/use1-az2"], "storefront")).toBe("degraded");
    expect(state(both.estate, ["aws/us-east-1/use1-az1", "aws/us-east-1/use1-az2"], "storefront")).toBe("down");
  });

  it("reads the planned values of a plan (what the estate will be)", () => {
    const plan = {
      format_version: "1.2",
      terraform_version: "1.7.5",
      planned_values: {
        root_module: {
          resources: [
            { address: "aws_db_instance.orders", mode: "managed", type: "aws_db_instance", name: "orders", values: { multi_az: false, availability_zone: "us-east-1b", tags: { "faultline-service": "orders-db" } } },
          ],
        },
      },
      resource_changes: [],
    };
    const p = loadSources([{ file: "plan.json", text: JSON.stringify(plan, null, 1) }], { placement: { zoneIds: { "us-east-1b": "use1-az2" } } });
    expect(p.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    expect(place(p.estate, "orders-db")).toEqual({ placements: ["aws/us-east-1/use1-az2"], replicas: [1], min: 1 });
  });

  it("places Google Cloud and Azure resources", () => {
    const s = {
      format_version: "1.0",
      terraform_version: "1.7.5",
      values: {
        root_module: {
          resources: [
            { address: "google_sql_database_instance.main", mode: "managed", type: "google_sql_database_instance", name: "main", values: { region: "europe-west1", settings: [{ availability_type: "REGIONAL", location_preference: [{ zone: "europe-west1-b", secondary_zone: "europe-west1-c" }] }] } },
            { address: "google_compute_region_instance_group_manager.app", mode: "managed", type: "google_compute_region_instance_group_manager", name: "app", values: { region: "europe-west1", target_size: 3, distribution_policy_zones: ["europe-west1-b", "europe-west1-c", "europe-west1-d"] } },
            { address: "azurerm_linux_virtual_machine.vm", mode: "managed", type: "azurerm_linux_virtual_machine", name: "vm", values: { location: "westeurope", zone: "2" } },
          ],
        },
      },
    };
    const g = loadSources([{ file: "s.json", text: JSON.stringify(s) }]).estate;
    expect(place(g, "google_sql_database_instance.main")).toEqual({ placements: ["gcp/europe-west1/europe-west1-b", "gcp/europe-west1/europe-west1-c"], replicas: [1, 1], min: 1 });
    expect(place(g, "google_compute_region_instance_group_manager.app").replicas).toEqual([1, 1, 1]);
    expect(place(g, "azurerm_linux_virtual_machine.vm").placements).toEqual(["azure/westeurope/westeurope-2"]);
  });

  it("names services from addresses and spreads replicas evenly", () => {
    expect(idOfAddress('module.app.aws_instance.web["a"]')).toBe("module.app.aws_instance.web-a");
    expect(idOfAddress("aws_instance.web[0]")).toBe("aws_instance.web-0");
    expect(spread(4, 3)).toEqual([2, 1, 1]);
    expect(spread(2, 3)).toEqual([1, 1, 0]);
  });
});
