import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import type { ServiceAttributes } from "../../src/model/types.js";

// One resource per row of the table in docs/placement.md, with the placement it must get.
const SUBNETS = [
  { address: "aws_subnet.a", mode: "managed", type: "aws_subnet", values: { id: "sa", availability_zone: "us-east-1a", availability_zone_id: "use1-az1" } },
  { address: "aws_subnet.b", mode: "managed", type: "aws_subnet", values: { id: "sb", availability_zone: "us-east-1b", availability_zone_id: "use1-az2" } },
  { address: "aws_elasticache_subnet_group.g", mode: "managed", type: "aws_elasticache_subnet_group", values: { name: "g", subnet_ids: ["sa", "sb"] } },
];
const Z1 = "aws/us-east-1/use1-az1";
const Z2 = "aws/us-east-1/use1-az2";
const ROWS: Array<[string, Record<string, unknown>, string[], number[], number]> = [
  ["aws_instance", { subnet_id: "sb" }, [Z2], [1], 1],
  ["aws_db_instance", { availability_zone: "us-east-1b" }, [Z2], [1], 1],
  ["aws_db_instance", { multi_az: true, availability_zone: "us-east-1b", arn: "arn:aws:rds:us-east-1:1:db:x" }, ["aws/us-east-1"], [1], 1],
  ["aws_rds_cluster", { availability_zones: ["us-east-1a", "us-east-1b"] }, [Z1, Z2], [1, 1], 1],
  ["aws_rds_cluster_instance", { availability_zone: "us-east-1a" }, [Z1], [1], 1],
  ["aws_autoscaling_group", { availability_zones: ["us-east-1a", "us-east-1b"], min_size: 3 }, [Z1, Z2], [2, 1], 1],
  ["aws_lb", { subnets: ["sa", "sb"] }, [Z1, Z2], [1, 1], 1],
  ["aws_lb", { subnet_mapping: [{ subnet_id: "sb" }] }, [Z2], [1], 1],
  ["aws_elb", { availability_zones: ["us-east-1a"] }, [Z1], [1], 1],
  ["aws_elasticache_cluster", { availability_zone: "us-east-1b" }, [Z2], [1], 1],
  ["aws_elasticache_replication_group", { preferred_cache_cluster_azs: ["us-east-1a", "us-east-1a"] }, [Z1], [2], 2],
  ["aws_elasticache_replication_group", { subnet_group_name: "g", automatic_failover_enabled: true }, [Z1, Z2], [1, 1], 1],
  ["aws_ecs_service", { desired_count: 3, network_configuration: [{ subnets: ["sa", "sb"] }] }, [Z1, Z2], [2, 1], 1],
  ["aws_eks_node_group", { subnet_ids: ["sa", "sb"], scaling_config: [{ desired_size: 4 }] }, [Z1, Z2], [2, 2], 1],
  ["aws_eks_cluster", { vpc_config: [{ subnet_ids: ["sa", "sb"] }] }, [Z1, Z2], [1, 1], 1],
  ["google_compute_instance", { zone: "us-central1-a" }, ["gcp/us-central1/us-central1-a"], [1], 1],
  ["google_compute_instance_group_manager", { zone: "us-central1-b", target_size: 3 }, ["gcp/us-central1/us-central1-b"], [3], 1],
  ["google_compute_region_instance_group_manager", { region: "us-central1", target_size: 2 }, ["gcp/us-central1"], [1], 1],
  ["google_sql_database_instance", { region: "us-central1", settings: [{ availability_type: "ZONAL", location_preference: [{ zone: "us-central1-c" }] }] }, ["gcp/us-central1/us-central1-c"], [1], 1],
  ["google_redis_instance", { region: "us-central1", tier: "STANDARD_HA", location_id: "us-central1-a", alternative_location_id: "us-central1-f" }, ["gcp/us-central1/us-central1-a", "gcp/us-central1/us-central1-f"], [1, 1], 1],
  ["google_container_cluster", { location: "us-central1" }, ["gcp/us-central1"], [1], 1],
  ["google_container_node_pool", { location: "us-central1", node_locations: ["us-central1-a", "us-central1-b"], node_count: 2 }, ["gcp/us-central1/us-central1-a", "gcp/us-central1/us-central1-b"], [2, 2], 1],
  ["azurerm_windows_virtual_machine", { location: "eastus", zone: "1" }, ["azure/eastus/eastus-1"], [1], 1],
  ["azurerm_linux_virtual_machine_scale_set", { location: "eastus", zones: ["1", "2"], instances: 3 }, ["azure/eastus/eastus-1", "azure/eastus/eastus-2"], [2, 1], 1],
  ["azurerm_mssql_database", { location: "eastus", zone_redundant: true }, ["azure/eastus/eastus-1", "azure/eastus/eastus-2", "azure/eastus/eastus-3"], [1, 1, 1], 1],
  ["azurerm_mssql_database", { location: "eastus" }, ["azure/eastus"], [1], 1],
  ["azurerm_redis_cache", { location: "eastus", zones: ["2"] }, ["azure/eastus/eastus-2"], [1], 1],
  ["azurerm_kubernetes_cluster", { location: "eastus", default_node_pool: [{ zones: ["1", "2", "3"], node_count: 3 }] }, ["azure/eastus/eastus-1", "azure/eastus/eastus-2", "azure/eastus/eastus-3"], [1, 1, 1], 1],
  ["azurerm_kubernetes_cluster_node_pool", { location: "eastus", zones: ["3"], node_count: 2 }, ["azure/eastus/eastus-3"], [2], 1],
];

describe("terraform importer: the resource table of docs/placement.md", () => {
  for (const [type, values, placements, replicas, min] of ROWS) {
    it(`${type} ${JSON.stringify(values)}`, () => {
      const state = { format_version: "1.0", terraform_version: "1.7.5", values: { root_module: { resources: [...SUBNETS, { address: `${type}.x`, mode: "managed", type, values }] } } };
      const r = loadSources([{ file: "s.json", text: JSON.stringify(state) }]);
      expect(r.diagnostics).toEqual([]);
      const a = r.estate.graph.getNodeAttributes(`${type}.x`) as ServiceAttributes;
      expect([a.placements, a.replicas, a.minPlacements]).toEqual([placements, replicas, min]);
    });
  }

  it("a tagged resource keeps a native service's written runsOn, with a warning", () => {
    const native = "apiVersion: faultline/v1\nkind: Location\nmetadata: {name: dc}\nspec: {hosting: in-house}\n---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: db}\nspec: {runsOn: [dc]}\n";
    const state = { format_version: "1.0", terraform_version: "1", values: { root_module: { resources: [{ address: "aws_instance.x", mode: "managed", type: "aws_instance", values: { availability_zone: "us-east-1a", tags: { "faultline-service": "db" } } }] } } };
    const r = loadSources([{ file: "a.yaml", text: native }, { file: "s.json", text: JSON.stringify(state) }]);
    expect((r.estate.graph.getNodeAttributes("db") as ServiceAttributes).placements).toEqual(["dc"]);
    expect(r.diagnostics.map((d) => [d.code, d.found])).toEqual([["placement-kept", "aws/us-east-1/us-east-1a ×1"]]);
  });

  it("warns when a derived root's hosting differs from the written root", () => {
    const native = "apiVersion: faultline/v1\nkind: Location\nmetadata: {name: aws}\nspec: {hosting: in-house}\n";
    const state = { format_version: "1.0", terraform_version: "1", values: { root_module: { resources: [{ address: "aws_instance.x", mode: "managed", type: "aws_instance", values: { availability_zone: "us-east-1a" } }] } } };
    const r = loadSources([{ file: "a.yaml", text: native }, { file: "s.json", text: JSON.stringify(state) }]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["hosting-differs"]);
  });
});
