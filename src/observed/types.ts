/** Observed calls: what traces and service meshes say calls what, read from exported files. */
import type { SourcePos } from "../diagnostics/diagnostics.js";

/** The export formats faultline reads (docs/drift.md). */
export type ObservedFormat = "jaeger" | "zipkin" | "otel-servicegraph" | "istio";

/** One end of an observed call, as the source names it. */
export interface ObservedEndpoint {
  name: string;
  /** Kubernetes namespace, when the source knows it (Istio). */
  namespace?: string;
}

/** One observed caller → callee pair from one line or entry of a file (already summed within it). */
export interface ObservedCall {
  client: ObservedEndpoint;
  server: ObservedEndpoint;
  calls: number;
  errors: number;
  format: ObservedFormat;
  /** Where the pair is first written. */
  at: SourcePos;
}

/** Everything read from the observed files. */
export interface ObservedData {
  calls: ObservedCall[];
  /** Files read, as displayed. */
  files: string[];
}

/** How an endpoint is written in reports: `name`, or `name.namespace` when the namespace is known. */
export function endpointLabel(e: ObservedEndpoint): string {
  return e.namespace !== undefined ? `${e.name}.${e.namespace}` : e.name;
}
