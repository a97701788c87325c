/**
 * Terraform state and plans: the JSON of `terraform show -json` (a state: `values`; a plan:
 * `planned_values`, what the estate will be once applied). For the resource types of the
 * table below (AWS, Google Cloud, Azure) it derives the zones each resource runs in and its
 * redundancy; each becomes a service, or gives placement to the service named by its
 * `faultline-service` tag (or label). References between resources are build order, not
 * calls at run time: no dependency is made from them. Resource types outside the table are
 * listed in one warning, never guessed. See docs/placement.md (the table is there too).
 */
import type { SourcePos } from "../diagnostics/diagnostics.js";
import { NAME_PATTERN } from "./native.js";
import { importedService } from "./ids.js";
import type { YDoc } from "../yaml/read-yaml.js";
import { asMap, asSeq, get, getString, toPlain, type YMap } from "../yaml/yaml-tree.js";
import type { Entity, RefEntry, ServiceEntity } from "../model/entities.js";
import type { ImportContext, Importer } from "./importer.js";
import { cloudLocation, LocationTree, type CloudProvider, type PlacementOptions } from "./placement-locations.js";

/** The tag (AWS, Azure) or label (Google Cloud) naming the service a resource belongs to. */
export const SERVICE_TAG = "faultline-service";
/** The tag or label setting `minPlacements` (counted in replicas). */
export const MIN_PLACEMENTS_TAG = "faultline-min-placements";

/** The Terraform importer. */
export const terraformImporter: Importer = {
  format: "terraform",
  detect(doc) {
    const m = asMap(doc.root);
    if (!m || getString(m, "format_version") === undefined) return false;
    return get(m, "terraform_version") !== undefined || asMap(get(m, "values")) !== undefined || asMap(get(m, "planned_values")) !== undefined;
  },
  importDocuments(docs, ctx) {
    return importTerraform(docs, ctx);
  },
};

type Plain = Record<string, unknown>;

interface Resource {
  address: string;
  type: string;
  values: Plain;
  at: SourcePos;
}

/** Where a resource runs: zones (with replicas when known), or a whole region. */
interface Placement {
  provider: CloudProvider;
  region?: string;
  /** Zone names (or AWS zone ids); empty: the region itself (zones unknown or regional service). */
  zones: Array<{ zone: string; zoneId?: string; replicas?: number }>;
  minPlacements: number;
  type: string;
  /** How the redundancy was read, for `placement.minPlacementsFrom`. */
  from: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).map(str).filter((x): x is string => x !== undefined);
const block = (v: unknown): Plain => (Array.isArray(v) && v.length > 0 && typeof v[0] === "object" && v[0] !== null ? (v[0] as Plain) : typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Plain) : {});
const tagsOf = (v: Plain): Plain => ({ ...block(v.tags_all), ...block(v.tags), ...block(v.labels) });

/** Spreads `count` replicas over `n` zones as the cloud balances them: evenly, the first zones taking the remainder. */
export function spread(count: number, n: number): number[] {
  const base = Math.floor(count / n);
  const extra = count % n;
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Resource types that hold no workload of their own and so give no placement (networks, permissions, groupings). */
const NOT_WORKLOADS = /^(aws_(subnet|vpc|security_group|security_group_rule|route|route_table|route_table_association|internet_gateway|nat_gateway|eip|iam_.*|db_subnet_group|elasticache_subnet_group|lb_target_group|lb_listener|lb_target_group_attachment|launch_template|launch_configuration|key_pair|vpc_security_group_.*)|google_(compute_network|compute_subnetwork|compute_firewall|project_iam_.*|service_account.*|compute_instance_template)|azurerm_(resource_group|virtual_network|subnet|network_security_group|network_interface|public_ip|role_assignment))$/;

/** The placement table: resource type → how to read its zones and redundancy. */
const TABLE: Record<string, (r: Resource, subnets: SubnetIndex) => Placement | undefined> = {
  aws_instance: (r, s) => awsZonal(r, s, "compute", str(r.values.availability_zone) ?? s.zoneOf(str(r.values.subnet_id))),
  aws_db_instance: (r, s) => awsDb(r, s),
  aws_rds_cluster: (r, s) => awsZones(r, s, "database", strings(r.values.availability_zones), [], 1, "Aurora cluster over its availability_zones: any one zone keeps it up"),
  aws_rds_cluster_instance: (r, s) => awsZonal(r, s, "database", str(r.values.availability_zone)),
  aws_autoscaling_group: (r, s) => {
    const zones = subnetZones(s, strings(r.values.vpc_zone_identifier));
    const names = zones.length > 0 ? zones : strings(r.values.availability_zones).map((zone) => (s.idOf(zone) ? { zone, zoneId: s.idOf(zone)! } : { zone }));
    const count = num(r.values.desired_capacity) ?? num(r.values.min_size) ?? names.length;
    return awsSpread(r, s, "compute", names, count, `autoscaling group: ${count} instance(s) (desired_capacity, else min_size ${num(r.values.min_size) ?? "unset"}) balanced over its subnets' zones`);
  },
  aws_lb: (r, s) => awsZones(r, s, "load-balancer", [], subnetZones(s, [...strings(r.values.subnets), ...list(r.values.subnet_mapping).map((m) => str(block(m).subnet_id)).filter((x): x is string => x !== undefined)]), 1, "load balancer nodes in each of its subnets' zones: any one serves"),
  aws_alb: (r, s) => TABLE.aws_lb!(r, s),
  aws_elb: (r, s) => awsZones(r, s, "load-balancer", strings(r.values.availability_zones), subnetZones(s, strings(r.values.subnets)), 1, "classic load balancer over its zones"),
  aws_elasticache_cluster: (r, s) => {
    const zones = [...strings(r.values.preferred_availability_zones), ...(str(r.values.availability_zone) ? [str(r.values.availability_zone)!] : [])];
    return awsZones(r, s, "cache", [...new Set(zones)], [], 1, "cache cluster nodes in their zones");
  },
  aws_elasticache_replication_group: (r, s) => {
    const azs = strings(r.values.preferred_cache_cluster_azs);
    const multi = r.values.multi_az_enabled === true || r.values.automatic_failover_enabled === true;
    if (azs.length > 0) {
      const counts = new Map<string, number>();
      for (const z of azs) counts.set(z, (counts.get(z) ?? 0) + 1);
      const zones = [...counts].map(([zone, replicas]) => ({ zone, zoneId: s.idOf(zone), replicas }));
      return { provider: "aws", region: region(r, s, zones), zones, minPlacements: multi ? 1 : azs.length, type: "cache", from: multi ? "replication group with automatic failover: any node can be primary" : "replication group without failover: every node is needed" };
    }
    return awsZones(r, s, "cache", [], s.groupZones("elasticache", str(r.values.subnet_group_name)), 1, multi ? "replication group with failover over its subnet group's zones" : "replication group over its subnet group's zones");
  },
  aws_ecs_service: (r, s) => {
    const zones = subnetZones(s, strings(block(r.values.network_configuration).subnets));
    return awsSpread(r, s, "service", zones, num(r.values.desired_count) ?? 1, `ECS service: desired_count ${num(r.values.desired_count) ?? 1} task(s) balanced over its subnets' zones`);
  },
  aws_eks_node_group: (r, s) => {
    const sc = block(r.values.scaling_config);
    const count = num(sc.desired_size) ?? num(sc.min_size) ?? 1;
    return awsSpread(r, s, "cluster", subnetZones(s, strings(r.values.subnet_ids)), count, `EKS node group: ${count} node(s) balanced over its subnets' zones`);
  },
  aws_eks_cluster: (r, s) => awsZones(r, s, "cluster", [], subnetZones(s, strings(block(r.values.vpc_config).subnet_ids)), 1, "EKS control plane: regional, over its subnets' zones"),
  google_compute_instance: (r) => gcpZonal(r, "compute", str(r.values.zone)),
  google_compute_instance_group_manager: (r) => {
    const z = str(r.values.zone);
    return z ? { provider: "gcp", zones: [{ zone: z, replicas: Math.max(1, num(r.values.target_size) ?? 1) }], minPlacements: 1, type: "compute", from: "zonal managed instance group" } : undefined;
  },
  google_compute_region_instance_group_manager: (r) => {
    const zones = strings(r.values.distribution_policy_zones);
    const count = num(r.values.target_size) ?? zones.length;
    const reg = str(r.values.region);
    if (zones.length === 0) return reg ? { provider: "gcp", region: reg, zones: [], minPlacements: 1, type: "compute", from: "regional managed instance group (zones not in the state): the region" } : undefined;
    const sp = spread(count, zones.length);
    return { provider: "gcp", ...(reg ? { region: reg } : {}), zones: zones.map((zone, i) => ({ zone, replicas: sp[i]! })).filter((z) => z.replicas > 0), minPlacements: 1, type: "compute", from: `regional managed instance group: ${count} instance(s) over distribution_policy_zones` };
  },
  google_sql_database_instance: (r) => {
    const st = block(r.values.settings);
    const lp = block(st.location_preference);
    const regional = st.availability_type === "REGIONAL";
    const zones = [str(lp.zone), regional ? str(lp.secondary_zone) : undefined].filter((x): x is string => x !== undefined);
    const reg = str(r.values.region);
    if (regional && zones.length < 2) return reg ? { provider: "gcp", region: reg, zones: [], minPlacements: 1, type: "database", from: "availability_type REGIONAL (standby zone not in the state): the region" } : undefined;
    if (zones.length === 0) return reg ? { provider: "gcp", region: reg, zones: [], minPlacements: 1, type: "database", from: "zonal instance, zone not in the state: the region" } : undefined;
    return { provider: "gcp", ...(reg ? { region: reg } : {}), zones: zones.map((zone) => ({ zone })), minPlacements: 1, type: "database", from: regional ? "availability_type REGIONAL: primary and standby zones, either serves" : "availability_type ZONAL: one zone" };
  },
  google_redis_instance: (r) => {
    const ha = r.values.tier === "STANDARD_HA";
    const zones = [str(r.values.location_id), ha ? str(r.values.alternative_location_id) : undefined].filter((x): x is string => x !== undefined);
    const reg = str(r.values.region);
    if (zones.length === 0) return reg ? { provider: "gcp", region: reg, zones: [], minPlacements: 1, type: "cache", from: "Memorystore, zones not in the state: the region" } : undefined;
    return { provider: "gcp", ...(reg ? { region: reg } : {}), zones: zones.map((zone) => ({ zone })), minPlacements: 1, type: "cache", from: ha ? "tier STANDARD_HA: primary and replica zones" : "tier BASIC: one zone" };
  },
  google_container_cluster: (r) => gcpLocations(r, "cluster", "GKE cluster"),
  google_container_node_pool: (r) => gcpLocations(r, "cluster", "GKE node pool"),
  azurerm_linux_virtual_machine: (r) => azureZones(r, "compute", r.values.zone !== undefined ? [String(r.values.zone)] : [], 1, "virtual machine"),
  azurerm_windows_virtual_machine: (r) => TABLE.azurerm_linux_virtual_machine!(r, EMPTY_INDEX),
  azurerm_linux_virtual_machine_scale_set: (r) => azureSpread(r, "compute", strings(r.values.zones), num(r.values.instances) ?? 1, "scale set: instances balanced over its zones"),
  azurerm_windows_virtual_machine_scale_set: (r) => TABLE.azurerm_linux_virtual_machine_scale_set!(r, EMPTY_INDEX),
  azurerm_mssql_database: (r) => azureZones(r, "database", r.values.zone_redundant === true ? ["1", "2", "3"] : [], 1, r.values.zone_redundant === true ? "zone_redundant: replicas in zones 1-3" : "not zone redundant: the region"),
  azurerm_redis_cache: (r) => azureZones(r, "cache", strings(r.values.zones), 1, "cache over its zones"),
  azurerm_kubernetes_cluster: (r) => {
    const pool = block(r.values.default_node_pool);
    return azureSpread(r, "cluster", strings(pool.zones), num(pool.node_count) ?? num(pool.min_count) ?? 1, "AKS default node pool over its zones");
  },
  azurerm_kubernetes_cluster_node_pool: (r) => azureSpread(r, "cluster", strings(r.values.zones), num(r.values.node_count) ?? num(r.values.min_count) ?? 1, "AKS node pool over its zones"),
};

/** Subnets of the state: id → zone (and AWS zone id), and subnet groups → subnets. */
interface SubnetIndex {
  zoneOf(subnet: string | undefined): string | undefined;
  idOf(zone: string): string | undefined;
  subnet(id: string): { zone: string; zoneId?: string } | undefined;
  groupZones(kind: "db" | "elasticache", name: string | undefined): Array<{ zone: string; zoneId?: string }>;
  region?: string;
}

const EMPTY_INDEX: SubnetIndex = { zoneOf: () => undefined, idOf: () => undefined, subnet: () => undefined, groupZones: () => [] };

function subnetIndex(resources: readonly Resource[]): SubnetIndex {
  const subnets = new Map<string, { zone: string; zoneId?: string }>();
  const ids = new Map<string, string>();
  const groups = new Map<string, string[]>();
  let regionName: string | undefined;
  for (const r of resources) {
    if (r.type === "aws_subnet") {
      const zone = str(r.values.availability_zone);
      const id = str(r.values.id);
      const zoneId = str(r.values.availability_zone_id);
      if (zone && id) subnets.set(id, zoneId ? { zone, zoneId } : { zone });
      if (zone && zoneId) ids.set(zone, zoneId);
      const arn = str(r.values.arn);
      if (arn && !regionName) regionName = arn.split(":")[3];
    } else if (r.type === "aws_db_subnet_group" || r.type === "aws_elasticache_subnet_group") {
      const name = str(r.values.name) ?? str(r.values.id);
      if (name) groups.set(`${r.type === "aws_db_subnet_group" ? "db" : "elasticache"}\u0000${name}`, strings(r.values.subnet_ids));
    }
  }
  const idx: SubnetIndex = {
    zoneOf: (s) => (s ? subnets.get(s)?.zone : undefined),
    idOf: (z) => ids.get(z),
    subnet: (s) => subnets.get(s),
    groupZones: (kind, name) => (name ? subnetZones(idx, groups.get(`${kind}\u0000${name}`) ?? []) : []),
  };
  if (regionName) idx.region = regionName;
  return idx;
}

/** The distinct zones of some subnets, in order. */
function subnetZones(s: SubnetIndex, subnetIds: readonly string[]): Array<{ zone: string; zoneId?: string }> {
  const out = new Map<string, { zone: string; zoneId?: string }>();
  for (const id of subnetIds) {
    const z = s.subnet(id);
    if (z && !out.has(z.zone)) out.set(z.zone, z);
  }
  return [...out.values()];
}

function region(r: Resource, s: SubnetIndex, zones: ReadonlyArray<{ zone: string }>): string | undefined {
  const arn = str(r.values.arn);
  const fromArn = arn?.split(":")[3];
  if (fromArn) return fromArn;
  if (zones.length > 0) return undefined; // derived from the zone name
  return s.region;
}

function awsZonal(r: Resource, s: SubnetIndex, type: string, zone: string | undefined): Placement | undefined {
  if (!zone) return undefined;
  const zoneId = s.idOf(zone);
  return { provider: "aws", zones: [zoneId ? { zone, zoneId } : { zone }], minPlacements: 1, type, from: "single zone" };
}

function awsZones(r: Resource, s: SubnetIndex, type: string, names: readonly string[], known: ReadonlyArray<{ zone: string; zoneId?: string }>, min: number, from: string): Placement | undefined {
  const zones = new Map<string, { zone: string; zoneId?: string }>();
  for (const z of known) zones.set(z.zone, z);
  for (const zone of names) if (!zones.has(zone)) zones.set(zone, s.idOf(zone) ? { zone, zoneId: s.idOf(zone)! } : { zone });
  const list = [...zones.values()];
  if (list.length === 0) return undefined;
  const reg = region(r, s, list);
  return { provider: "aws", ...(reg ? { region: reg } : {}), zones: list, minPlacements: min, type, from };
}

function awsSpread(r: Resource, s: SubnetIndex, type: string, zones: ReadonlyArray<{ zone: string; zoneId?: string }>, count: number, from: string): Placement | undefined {
  if (zones.length === 0) return undefined;
  // Which zone takes the remainder is the cloud's choice: zones in name order keep the answer independent of how the list is written.
  const sorted = [...zones].sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
  const sp = spread(Math.max(0, Math.floor(count)), sorted.length);
  const placed = sorted.map((z, i) => ({ ...z, replicas: sp[i]! })).filter((z) => z.replicas > 0);
  if (placed.length === 0) return { provider: "aws", zones: [], minPlacements: 1, type, from: `${from}: no instance` };
  return { provider: "aws", zones: placed, minPlacements: 1, type, from };
}

function awsDb(r: Resource, s: SubnetIndex): Placement | undefined {
  const zone = str(r.values.availability_zone);
  const multi = r.values.multi_az === true;
  if (!multi) return awsZonal(r, s, "database", zone);
  // Multi-AZ: a standby in another zone of the subnet group takes over; which zone is not in the state.
  const group = s.groupZones("db", str(r.values.db_subnet_group_name));
  const known = zone ? [...group.filter((g) => g.zone === zone), ...group.filter((g) => g.zone !== zone)] : group;
  const withPrimary = zone && !known.some((k) => k.zone === zone) ? [{ zone }, ...known] : known;
  if (withPrimary.length >= 2) return awsZones(r, s, "database", [], withPrimary, 1, "multi_az: primary and standby in the subnet group's zones, either serves");
  const reg = region(r, s, []) ?? (zone ? undefined : s.region);
  const p: Placement = { provider: "aws", zones: [], minPlacements: 1, type: "database", from: "multi_az (standby zone not in the state): the region" };
  if (reg) p.region = reg;
  else if (zone) p.region = zone.replace(/[a-z]$/, "");
  return p;
}

function gcpZonal(_r: Resource, type: string, zone: string | undefined): Placement | undefined {
  return zone ? { provider: "gcp", zones: [{ zone }], minPlacements: 1, type, from: "single zone" } : undefined;
}

function gcpLocations(r: Resource, type: string, what: string): Placement | undefined {
  const loc = str(r.values.location);
  const nodes = strings(r.values.node_locations);
  const zonal = loc !== undefined && /-[a-z]$/.test(loc);
  const zones = nodes.length > 0 ? nodes : zonal ? [loc!] : [];
  if (zones.length === 0) return loc ? { provider: "gcp", region: loc, zones: [], minPlacements: 1, type, from: `${what}: regional` } : undefined;
  const count = num(r.values.node_count);
  return { provider: "gcp", ...(zonal ? {} : loc ? { region: loc } : {}), zones: zones.map((zone) => (count !== undefined && count > 0 ? { zone, replicas: count } : { zone })), minPlacements: 1, type, from: `${what} over its node_locations` };
}

function azureZones(r: Resource, type: string, zones: readonly string[], min: number, from: string): Placement | undefined {
  const loc = str(r.values.location);
  if (!loc) return undefined;
  return { provider: "azure", region: loc, zones: zones.map((z) => ({ zone: `${loc}-${z}` })), minPlacements: min, type, from };
}

function azureSpread(r: Resource, type: string, zones: readonly string[], count: number, from: string): Placement | undefined {
  const loc = str(r.values.location);
  if (!loc) return undefined;
  if (zones.length === 0) return { provider: "azure", region: loc, zones: [], minPlacements: 1, type, from: `${from} (no zones): the region` };
  const sp = spread(Math.max(0, Math.floor(count)), zones.length);
  return { provider: "azure", region: loc, zones: zones.map((z, i) => ({ zone: `${loc}-${z}`, replicas: sp[i]! })).filter((z) => z.replicas > 0), minPlacements: 1, type, from };
}

/** Every resource of a module tree, walked with a stack (modules nest to any depth). */
function resourcesOf(root: YMap | undefined, out: Resource[]): void {
  const stack: YMap[] = root ? [root] : [];
  while (stack.length > 0) {
    const m = stack.pop()!;
    for (const it of asSeq(get(m, "resources"))?.items ?? []) {
      const r = asMap(it);
      if (!r || getString(r, "mode") === "data") continue;
      const type = getString(r, "type");
      const address = getString(r, "address");
      if (type === undefined || address === undefined) continue;
      const v = asMap(get(r, "values"));
      out.push({ address, type, values: v ? (toPlain(v) as Plain) : {}, at: r.pos });
    }
    const kids = asSeq(get(m, "child_modules"))?.items ?? [];
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = asMap(kids[i]);
      if (k) stack.push(k);
    }
  }
}

/** A service id from a resource address: `module.app.aws_instance.web["a"]` → `module.app.aws_instance.web-a`. */
export function idOfAddress(address: string): string {
  const id = address
    .replace(/\[\s*"?([^"\]]*)"?\s*\]/g, "-$1")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "");
  return id === "" ? "resource" : id;
}

function importTerraform(docs: readonly YDoc[], ctx: ImportContext): Entity[] {
  const { bag } = ctx;
  const options: PlacementOptions = ctx.options.placement ?? {};
  const tree = new LocationTree("terraform", (name, at) =>
    bag.warning("bad-location-name", `zone or region ${JSON.stringify(name)} is not a valid location name: not placed`, at, { expected: "letters, digits, `.`, `_`, `-`", found: JSON.stringify(name) }),
  );
  const services = new Map<string, { svc: ServiceEntity; perLoc: Map<string, { replicas: number; at: SourcePos }>; mins: number[]; froms: string[] }>();
  const unsupported = new Map<string, { count: number; at: SourcePos }>();
  for (const d of docs) {
    const m = asMap(d.root)!;
    const isPlan = asMap(get(m, "planned_values")) !== undefined;
    const values = asMap(get(m, isPlan ? "planned_values" : "values"));
    const resources: Resource[] = [];
    resourcesOf(asMap(values && get(values, "root_module")), resources);
    const subnets = subnetIndex(resources);
    for (const r of resources) {
      const handler = Object.prototype.hasOwnProperty.call(TABLE, r.type) ? TABLE[r.type] : undefined;
      if (!handler) {
        if (!NOT_WORKLOADS.test(r.type)) {
          const u = unsupported.get(r.type);
          if (u) u.count++;
          else unsupported.set(r.type, { count: 1, at: r.at });
        }
        continue;
      }
      const p = handler(r, subnets);
      const tags = tagsOf(r.values);
      const tagged = str(tags[SERVICE_TAG]);
      const id = tagged ?? idOfAddress(r.address);
      if (!NAME_PATTERN.test(id)) {
        bag.warning("bad-service-tag", `${SERVICE_TAG} tag ${JSON.stringify(id)} of ${r.address} is not a valid service name: skipped`, r.at, { expected: "letters, digits, `.`, `_`, `-`, starting with a letter or digit" });
        continue;
      }
      let entry = services.get(id);
      if (!entry) {
        const svc = importedService({ name: id, type: p?.type ?? "resource", attributes: new Map([["terraform.address", r.address], ["terraform.type", r.type]]), origin: "terraform", at: r.at });
        services.set(id, (entry = { svc, perLoc: new Map(), mins: [], froms: [] }));
      } else {
        entry.svc.attributes.set("terraform.address", `${entry.svc.attributes.get("terraform.address")}, ${r.address}`);
      }
      if (!p) {
        bag.warning("terraform-no-zone", `${r.address}: no zone or region in the ${isPlan ? "plan" : "state"}: not placed`, r.at, { hint: "the attribute may be known only after apply; run on the state once applied" });
        continue;
      }
      const locs: Array<{ id: string; replicas: number }> = [];
      if (p.zones.length === 0) {
        const locId = cloudLocation(tree, p.provider, p.region, undefined, undefined, options, r.at);
        if (locId && p.region !== undefined) locs.push({ id: locId, replicas: 1 });
      } else {
        for (const z of p.zones) {
          const locId = cloudLocation(tree, p.provider, p.region, z.zone, z.zoneId, options, r.at);
          if (locId) locs.push({ id: locId, replicas: z.replicas ?? 1 });
        }
      }
      for (const l of locs) {
        const have = entry.perLoc.get(l.id);
        if (have) have.replicas += l.replicas;
        else entry.perLoc.set(l.id, { replicas: l.replicas, at: r.at });
      }
      let min = p.minPlacements;
      let from = `${r.address}: ${p.from}`;
      const minTag = tags[MIN_PLACEMENTS_TAG];
      if (minTag !== undefined) {
        const n = Number(minTag);
        if (Number.isInteger(n) && n >= 1) {
          min = n;
          from = `${r.address}: tag ${MIN_PLACEMENTS_TAG} ${n}`;
        } else bag.warning("bad-tag", `${r.address}: ${MIN_PLACEMENTS_TAG} ${JSON.stringify(minTag)} is not a whole number ≥ 1: ignored`, r.at);
      }
      entry.mins.push(min);
      entry.froms.push(from);
    }
  }
  if (unsupported.size > 0) {
    const types = [...unsupported].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    bag.warning("terraform-unsupported", `${types.reduce((t, [, u]) => t + u.count, 0)} resource(s) of types faultline does not place: ${types.map(([t, u]) => `${t} (${u.count})`).join(", ")}`, types[0]![1].at, {
      expected: "a resource type of the placement table (docs/placement.md)",
      found: types.map(([t]) => t).join(", "),
      hint: `they are not in the model; describe what runs there with a native Service, or tag a supported resource with ${SERVICE_TAG}`,
    });
  }
  const out: Entity[] = tree.entities();
  for (const { svc, perLoc, mins, froms } of [...services.values()].sort((a, b) => (a.svc.id < b.svc.id ? -1 : 1))) {
    const runsOn: RefEntry[] = [...perLoc].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([id, v]) => ({ ref: `location:${id}`, at: v.at, replicas: v.replicas }));
    svc.runsOn = runsOn;
    const total = runsOn.reduce((t, p) => t + p.replicas!, 0);
    // Several resources for one service: the strictest of their requirements.
    svc.minPlacements = mins.length === 0 ? 1 : Math.max(1, Math.min(total || 1, Math.max(...mins)));
    svc.attributes.set("placement.minPlacementsFrom", froms.join("; "));
    out.push(svc);
  }
  return out;
}
