/**
 * graphology indexes each node's neighbours in plain objects (`out[target]`), so a node whose
 * id is an Object.prototype member — `constructor`, `toString`, `__proto__` — is mistaken for
 * an existing neighbour: adding or listing its edges throws or answers wrong (graphology 0.26).
 * Ids come from manifests anyone can edit, so faultline's own graphs use a node-data class
 * whose index objects are prototype-free. graphology keeps that class per graph instance
 * (`NodeDataClass`, a writable private property), so only faultline's graphs change: graphology's
 * classes, prototypes and every other graph in the process stay exactly as they are.
 */
import graphology from "graphology";
import type { EstateGraph } from "./types.js";

const { MultiDirectedGraph } = graphology as unknown as { MultiDirectedGraph: new (opts?: object) => EstateGraph };

interface NodeData {
  in: Record<string, unknown>;
  out: Record<string, unknown>;
  clear(): void;
}
type NodeDataClass = { new (key: string, attributes: object): NodeData; prototype: NodeData };

// Typed loosely here: graphology's overloads (edge key, or source and target) are kept as they are.
const Base = MultiDirectedGraph as unknown as new (opts?: object) => {
  NodeDataClass: NodeDataClass;
  hasNode(n: unknown): boolean;
  outEdges(s: unknown, t: unknown): string[];
  hasDirectedEdge(...args: unknown[]): boolean;
  hasEdge(...args: unknown[]): boolean;
};

const safeClasses = new WeakMap<NodeDataClass, NodeDataClass>();

/** A subclass of graphology's node-data class whose `in` and `out` indexes have no prototype. */
function safeNodeData(Original: NodeDataClass): NodeDataClass {
  let Safe = safeClasses.get(Original);
  if (Safe) return Safe;
  const S = function (this: NodeData, key: string, attributes: object) {
    // The original constructor sets key and attributes, then calls this.clear(): ours.
    Original.call(this, key, attributes);
  } as unknown as NodeDataClass;
  S.prototype = Object.create(Original.prototype) as NodeData;
  S.prototype.clear = function (this: NodeData) {
    Original.prototype.clear.call(this);
    this.in = Object.create(null) as Record<string, unknown>;
    this.out = Object.create(null) as Record<string, unknown>;
  };
  Object.defineProperty(S.prototype, "constructor", { value: S, enumerable: false, writable: true, configurable: true });
  safeClasses.set(Original, (Safe = S));
  return Safe;
}

class SafeMultiDirectedGraph extends Base {
  constructor(opts?: object) {
    super(opts);
    this.NodeDataClass = safeNodeData(this.NodeDataClass);
  }

  /**
   * graphology's two-argument `hasDirectedEdge`/`hasEdge` call `index.hasOwnProperty(target)`,
   * which prototype-free indexes lack; answer them through the public per-pair query instead.
   */
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
  return new SafeMultiDirectedGraph({ allowSelfLoops: false }) as unknown as EstateGraph;
}
