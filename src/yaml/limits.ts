/** Resource limits for reading untrusted manifests; each can be raised from the CLI. */
export interface LoadLimits {
  /** Largest file read, in bytes. */
  maxFileBytes: number;
  /** Deepest nesting of mappings and lists. */
  maxDepth: number;
  /** Most alias expansions per document (guards against alias bombs). */
  maxAliases: number;
  /** Most YAML nodes in all files together. */
  maxNodes: number;
  /** Most YAML documents in one file. */
  maxDocuments: number;
  /** Most files read. */
  maxFiles: number;
}

export const DEFAULT_LIMITS: Readonly<LoadLimits> = Object.freeze({
  maxFileBytes: 32 * 1024 * 1024,
  maxDepth: 100,
  maxAliases: 1000,
  maxNodes: 20_000_000,
  maxFiles: 100_000,
  maxDocuments: 100_000,
});
