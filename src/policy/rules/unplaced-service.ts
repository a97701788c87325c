/** Rule: a service with no placement. */
import type { Rule } from "../types.js";
import { subjectServices } from "./helpers.js";

export const unplacedService: Rule = {
  id: "unplaced-service",
  defaultSeverity: "warning",
  shortDescription: "A service has no placement.",
  fullDescription: "A service without `runsOn` is not affected by the failure of any location, so every blast radius and exposure that involves it understates the risk.",
  help: "Add `runsOn: [<location id>]` to the service (for a vendor API, a location with `hosting: third-party`).",
  options: [],
  defaults: new Map(),
  check(ctx) {
    return subjectServices(ctx)
      .filter((s) => s.placements.length === 0)
      .map((s) => ({ nodes: [s.id], message: `service ${s.id} has no placement (runsOn)`, path: [s.id], at: s.at }));
  },
};
