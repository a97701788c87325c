/** Fingerprints: the identity of a violation across commits — rule and nodes, never line numbers. */
import { createHash } from "node:crypto";

/** A stable hex fingerprint of `rule` and `nodes` (order as the rule gives them). */
export function fingerprintOf(rule: string, nodes: readonly string[]): string {
  return createHash("sha256").update([rule, ...nodes].join("\n")).digest("hex").slice(0, 32);
}
