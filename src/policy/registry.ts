/** The rule registry: every rule, looked up by id, in the order reports list them. */
import type { Rule } from "./types.js";
import { newSinglePointOfFailure } from "./rules/new-single-point-of-failure.js";
import { unredundantBoundaryCrossing } from "./rules/unredundant-boundary-crossing.js";
import { tierInversion } from "./rules/tier-inversion.js";
import { newDependencyCycle } from "./rules/new-dependency-cycle.js";
import { blastRadiusLimit } from "./rules/blast-radius-limit.js";
import { unplacedService } from "./rules/unplaced-service.js";
import { undeclaredObservedDependency } from "./rules/undeclared-observed-dependency.js";
import { availabilityTarget } from "./rules/availability-target.js";

/** All rules, by id. */
export const RULES: ReadonlyMap<string, Rule> = new Map(
  [newSinglePointOfFailure, unredundantBoundaryCrossing, tierInversion, newDependencyCycle, blastRadiusLimit, unplacedService, undeclaredObservedDependency, availabilityTarget].map((r) => [r.id, r]),
);
