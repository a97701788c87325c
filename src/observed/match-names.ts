/**
 * Lining observed names up with manifest ids: a config mapping first, then a declared alias
 * (`observedAs`, `faultline/observed-as`), then the exact id, then the Kubernetes workload
 * (and namespace). Ambiguous and unknown names are reported, never guessed.
 */
import type { Estate, ServiceAttributes } from "../model/types.js";
import { endpointLabel, type ObservedEndpoint } from "./types.js";

/** How a name was matched. */
export type MatchedBy = "mapping" | "alias" | "exact" | "workload";

export type NameMatch =
  | { status: "matched"; id: string; by: MatchedBy }
  | { status: "ambiguous"; candidates: string[]; by: MatchedBy }
  | { status: "unknown" };

/** Matches observed endpoints against one estate's services; build once, ask many times. */
export class NameMatcher {
  private readonly aliases = new Map<string, string[]>();
  private readonly workloads = new Map<string, Array<{ id: string; namespace: string }>>();
  private readonly cache = new Map<string, NameMatch>();

  constructor(
    private readonly estate: Estate,
    /** Observed name (`name` or `name.namespace`, as drift shows it) → service id. */
    private readonly mapping: ReadonlyMap<string, string> = new Map(),
  ) {
    estate.graph.forEachNode((id, a) => {
      if (a.kind !== "service") return;
      for (const alias of a.observedAs ?? []) push(this.aliases, alias, id);
      if (a.origin === "kubernetes") {
        const ns = a.attributes.get("kubernetes.namespace") ?? "default";
        let list = this.workloads.get(a.name);
        if (!list) this.workloads.set(a.name, (list = []));
        list.push({ id, namespace: ns });
      }
    });
  }

  /** The match of one endpoint. */
  match(e: ObservedEndpoint): NameMatch {
    const label = endpointLabel(e);
    let m = this.cache.get(label);
    if (!m) this.cache.set(label, (m = this.compute(e, label)));
    return m;
  }

  private compute(e: ObservedEndpoint, label: string): NameMatch {
    const g = this.estate.graph;
    const isService = (id: string) => g.hasNode(id) && g.getNodeAttribute(id, "kind") === "service";
    const mapped = this.mapping.get(label) ?? this.mapping.get(e.name);
    if (mapped !== undefined) return isService(mapped) ? { status: "matched", id: mapped, by: "mapping" } : { status: "unknown" };
    const aliased = this.aliases.get(label) ?? this.aliases.get(e.name);
    if (aliased) return one(aliased, "alias");
    if (isService(e.name)) return { status: "matched", id: e.name, by: "exact" };
    if (e.namespace !== undefined && isService(`${e.namespace}.${e.name}`)) return { status: "matched", id: `${e.namespace}.${e.name}`, by: "workload" };
    const w = this.workloads.get(e.name);
    if (w) {
      const inNs = e.namespace !== undefined ? w.filter((x) => x.namespace === e.namespace) : w;
      if (inNs.length > 0) return one(inNs.map((x) => x.id), "workload");
    }
    return { status: "unknown" };
  }
}

function one(ids: readonly string[], by: MatchedBy): NameMatch {
  const uniq = [...new Set(ids)].sort();
  return uniq.length === 1 ? { status: "matched", id: uniq[0]!, by } : { status: "ambiguous", candidates: uniq, by };
}

function push(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

/** The services of an estate that the mapping points at but that do not exist (config mistakes). */
export function unknownMappingTargets(estate: Estate, mapping: ReadonlyMap<string, string>): Array<{ name: string; id: string }> {
  const out: Array<{ name: string; id: string }> = [];
  for (const [name, id] of mapping) {
    const ok = estate.graph.hasNode(id) && (estate.graph.getNodeAttributes(id) as ServiceAttributes).kind === "service";
    if (!ok) out.push({ name, id });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
