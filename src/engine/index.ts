/**
 * `faultline/engine`: the compiled estate and the propagation engine, for callers who need raw
 * speed (millions of what-if queries). Integer node indices, CSR adjacency both ways, typed
 * arrays; the public API (`faultline`) is built on these. Stable within a minor version.
 */
export { compile, UP, DEGRADED, DOWN, REL_PARENT, REL_RUNSON, REL_HARD, REL_SOFT, REL_GROUP, RELATION_NAMES, TIER_NAMES, type CompiledEstate } from "./compile.js";
export { propagate, type Propagation } from "./propagate.js";
export { DownState, downCone, carriesDown, isSingleInput } from "./down-state.js";
