/** Fingerprints: the identity of a violation across commits — rule and nodes, never line numbers. */
import { createHash } from "node:crypto";

/**
 * A stable hex fingerprint of `rule` and `nodes` (order as the rule gives them). The parts are
 * hashed as a JSON array, so node boundaries are unambiguous: ids holding line breaks, commas or
 * quotes cannot make two different sets hash alike (a plain join could: `["a\nb"]` and `["a", "b"]`).
 */
export function fingerprintOf(rule: string, nodes: readonly string[]): string {
  return createHash("sha256").update(identityOf(rule, nodes)).digest("hex").slice(0, 32);
}

/** What a fingerprint hashes: equal for two findings exactly when their fingerprints are (compare these within one run, no hashing needed). */
export function identityOf(rule: string, nodes: readonly string[]): string {
  return JSON.stringify([rule, ...nodes]);
}
