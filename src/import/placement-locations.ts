/**
 * Locations derived from live or deployed state (a Kubernetes snapshot, a Terraform state):
 * provider › region › zone for public clouds, estate › datacenter › rack in-house. Both
 * importers create them through one `LocationTree`, so the same zone gets the same id from
 * either source, and the merge step (merge-derived.ts) folds them into hand-written native
 * locations of the same ids. See docs/placement.md.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics/diagnostics.js";
import { describe, type YNode } from "../yaml/yaml-tree.js";
import { NAME_PATTERN } from "./names.js";
import type { Hosting, LocationEntity, Origin } from "../model/entities.js";

/** Options of the placement importers (library: `ImportOptions.placement`; CLI: `placement:` in faultline.config.yaml). */
export interface PlacementOptions {
  /** Root location of nodes with no cloud provider (default `on-prem`). */
  estate?: string;
  /** Node label naming the datacenter of an in-house node (default `topology.kubernetes.io/region`). */
  datacenterLabel?: string;
  /** Node label naming the rack (or hall) of an in-house node (default `topology.kubernetes.io/zone`). */
  rackLabel?: string;
  /** AWS zone name → zone id (`us-east-1a: use1-az1`): names differ between accounts, ids do not. */
  zoneIds?: Record<string, string>;
}

export type CloudProvider = "aws" | "gcp" | "azure";

/** Region of a zone name when no region is given: `us-east-1a` → `us-east-1`, `europe-west1-b` → `europe-west1`, `eastus-2` → `eastus`. */
export function regionOfZone(provider: CloudProvider, zone: string): string | undefined {
  if (provider === "aws") return /^([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+)[a-z]$/.exec(zone)?.[1];
  if (provider === "gcp") return /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(zone)?.[1];
  return /^([a-z0-9]+)-\d+$/.exec(zone)?.[1];
}

/** The zone id to use for an AWS zone name: the id the input gives beside it, else the configured one, else the name. */
export function zoneKey(provider: CloudProvider, zone: string, givenId: string | undefined, options: PlacementOptions): string {
  if (provider !== "aws") return zone;
  return givenId ?? options.zoneIds?.[zone] ?? zone;
}

/** The locations one importer creates, each once, in a deterministic order. */
export class LocationTree {
  private readonly byId = new Map<string, LocationEntity>();

  constructor(
    private readonly origin: Origin,
    private readonly invalid: (name: string, at: SourcePos) => void,
  ) {}

  /** Ensures the chain of `names` (root first) exists; returns the id of the last, or undefined when a name is not a valid location name. */
  ensure(hosting: Hosting, chain: ReadonlyArray<{ name: string; type: string }>, at: SourcePos): string | undefined {
    let parent: string | undefined;
    for (const { name, type } of chain) {
      if (!NAME_PATTERN.test(name) || name.length > 253) {
        this.invalid(name, at);
        return undefined;
      }
      const id = parent === undefined ? name : `${parent}/${name}`;
      if (!this.byId.has(id)) {
        const e: LocationEntity = { kind: "location", id, name, type, labels: new Map(), annotations: new Map(), origin: this.origin, at };
        if (parent === undefined) e.hosting = hosting;
        else e.parent = parent;
        this.byId.set(id, e);
      }
      parent = id;
    }
    return parent;
  }

  /** Reports a name that cannot be placed; returns undefined. */
  reject(name: string, at: SourcePos): undefined {
    this.invalid(name, at);
    return undefined;
  }

  /** Every location created, parents before children (sorted by id). */
  entities(): LocationEntity[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** A cloud zone's location: provider › region › zone (zone id for AWS, see `zoneKey`); region only when the zone is unknown. */
export function cloudLocation(tree: LocationTree, provider: CloudProvider, region: string | undefined, zone: string | undefined, zoneId: string | undefined, options: PlacementOptions, at: SourcePos): string | undefined {
  const r = region ?? (zone !== undefined ? regionOfZone(provider, zone) : undefined);
  // A zone whose region cannot be told is not placed at the provider (that would claim it survives any region).
  if (zone !== undefined && r === undefined) return tree.reject(zone, at);
  const chain: Array<{ name: string; type: string }> = [{ name: provider, type: "provider" }];
  if (r !== undefined) chain.push({ name: r, type: "region" });
  if (zone !== undefined && r !== undefined) chain.push({ name: zoneKey(provider, zone, zoneId, options), type: "zone" });
  return tree.ensure("public-cloud", chain, at);
}

const PLACEMENT_KEYS = ["estate", "datacenterLabel", "rackLabel", "zoneIds"];

/** Reads `placement:` of faultline.config.yaml; problems go into `bag` with their place. */
export function readPlacementConfig(node: YNode, bag: DiagnosticBag): PlacementOptions | undefined {
  if (node.kind !== "map") {
    bag.error("config-placement", "placement must be a mapping", node.pos, { expected: `a mapping with ${PLACEMENT_KEYS.join(", ")}`, found: describe(node), hint: "write `placement: {estate: on-prem}`" });
    return undefined;
  }
  const out: PlacementOptions = {};
  for (const e of node.entries) {
    const v = e.value;
    if (e.key === "zoneIds") {
      if (v.kind !== "map") {
        bag.error("config-placement", "placement.zoneIds must map zone names to zone ids", v.pos, { expected: "a mapping such as {us-east-1a: use1-az1}", found: describe(v) });
        continue;
      }
      const ids: Record<string, string> = Object.create(null);
      for (const z of v.entries) {
        if (z.value.kind === "scalar" && typeof z.value.value === "string" && NAME_PATTERN.test(z.value.value)) ids[z.key] = z.value.value;
        else bag.error("config-placement", `zone id of ${JSON.stringify(z.key)} must be a location name`, z.value.pos, { expected: "a zone id such as use1-az1", found: describe(z.value) });
      }
      out.zoneIds = ids;
    } else if (e.key === "estate" || e.key === "datacenterLabel" || e.key === "rackLabel") {
      if (v.kind !== "scalar" || typeof v.value !== "string" || v.value === "" || (e.key === "estate" && !NAME_PATTERN.test(v.value))) {
        bag.error("config-placement", `placement.${e.key} must be ${e.key === "estate" ? "a location name" : "a node label key"}`, v.pos, { expected: e.key === "estate" ? "a name such as on-prem" : "a label key such as topology.kubernetes.io/zone", found: describe(v) });
        continue;
      }
      out[e.key] = v.value;
    } else {
      bag.error("config-placement", `unknown key ${JSON.stringify(e.key)} in placement`, e.keyPos, { expected: PLACEMENT_KEYS.join(", ") });
    }
  }
  return out;
}
