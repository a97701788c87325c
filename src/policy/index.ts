/** The policy layer's public face: rules, policy loading, baselines and the check itself. */
export * from "./types.js";
export { RULES } from "./registry.js";
export { defaultPolicy, parsePolicy, globMatch, allowed, POLICY_FILE, type PolicyLoad } from "./policy-file.js";
export { fingerprintOf } from "./fingerprint.js";
export { formatBaseline, parseBaseline, type BaselineEntry, type BaselineFile } from "./baseline.js";
export { runCheck, evaluate, locatePath, type CheckInput, type CheckResult, type BlastDiffEntry, type BlastSize, type RuleSummary } from "./check.js";
export { spofsOf } from "./spof.js";
