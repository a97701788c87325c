/**
 * graphology indexes each node's neighbours in plain objects (`out[target]`), so a node whose
 * id is an Object.prototype member — `constructor`, `toString`, `__proto__` — is mistaken for
 * an existing neighbour: adding or listing its edges throws or answers wrong (graphology 0.26).
 * Ids come from manifests anyone can edit, so we make those index objects prototype-free,
 * once, for every graph of the classes faultline uses. Only the internal index objects change;
 * graphology's API and behaviour for every other id are the same.
 */
import graphology from "graphology";
import type { EstateGraph } from "./types.js";

const { MultiDirectedGraph } = graphology as unknown as { MultiDirectedGraph: new (opts?: object) => EstateGraph };

interface NodeDataPrototype {
  clear(this: Record<string, unknown>): void;
  __faultlineSafe?: boolean;
}

let patched = false;

function patchNodeData(): void {
  if (patched) return;
  patched = true;
  const probe = new MultiDirectedGraph() as unknown as { addNode(k: string): void; _nodes?: Map<string, object> };
  probe.addNode("probe");
  const data = probe._nodes?.get("probe");
  const proto = data ? (Object.getPrototypeOf(data) as NodeDataPrototype) : undefined;
  if (!proto || typeof proto.clear !== "function" || proto.__faultlineSafe) return;
  const clear = proto.clear;
  proto.clear = function (this: Record<string, unknown>) {
    clear.call(this);
    for (const k of ["in", "out", "undirected"]) {
      const index = this[k];
      if (index && typeof index === "object" && Object.getPrototypeOf(index) !== null) this[k] = Object.create(null);
    }
  };
  proto.__faultlineSafe = true;
}

/**
 * graphology's two-argument `hasDirectedEdge`/`hasEdge` call `index.hasOwnProperty(target)`,
 * which prototype-free indexes lack; answer them through the public per-pair query instead.
 */
// Typed loosely here: graphology's overloads (edge key, or source and target) are kept as they are.
const Base = MultiDirectedGraph as unknown as new (opts?: object) => {
  hasNode(n: unknown): boolean;
  outEdges(s: unknown, t: unknown): string[];
  hasDirectedEdge(...args: unknown[]): boolean;
  hasEdge(...args: unknown[]): boolean;
};

class SafeMultiDirectedGraph extends Base {
  override hasDirectedEdge(...args: unknown[]): boolean {
    if (args.length !== 2) return super.hasDirectedEdge(...args);
    const source = String(args[0]);
    const target = String(args[1]);
    return this.hasNode(source) && this.hasNode(target) && this.outEdges(source, target).length > 0;
  }

  override hasEdge(...args: unknown[]): boolean {
    if (args.length !== 2) return super.hasEdge(...args);
    return this.hasDirectedEdge(args[0], args[1]);
  }
}

/** A new, empty estate graph whose neighbour indexes are safe for any id. */
export function createEstateGraph(): EstateGraph {
  patchNodeData();
  return new SafeMultiDirectedGraph({ allowSelfLoops: false }) as unknown as EstateGraph;
}
