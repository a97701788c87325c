/**
 * Adapter to the single-points-of-failure analysis (spec 5.1): every node other than
 * the service whose failure alone makes it `down`. Kept behind one function so the
 * policy rules do not depend on how the analysis is computed.
 */
import { singlePointsOfFailure } from "../analysis/spof.js";
import type { Estate } from "../model/types.js";

/** Single points of failure of `serviceId`, sorted; none for an id that is not in the estate. */
export function spofsOf(estate: Estate, serviceId: string): string[] {
  if (!estate.graph.hasNode(serviceId)) return [];
  return singlePointsOfFailure(estate, serviceId);
}
