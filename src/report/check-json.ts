/** `faultline check --format json`: the result object itself (schemaVersion 1). */
import type { CheckResult } from "../policy/check.js";

/** Renders the check result as JSON, with a trailing newline. */
export function formatCheckJson(r: CheckResult): string {
  return JSON.stringify(r, null, 2) + "\n";
}
