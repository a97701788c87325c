/** Builds estates for tests from inline YAML. */
import { loadSources, type LoadResult } from "../../src/load/load.js";
import type { Estate } from "../../src/model/types.js";

/** Loads inline manifests (file name → YAML text); throws with the diagnostics when any is an error. */
export function estateOf(files: Record<string, string> | string): Estate {
  const r = loadOf(files);
  if (!r.ok) throw new Error("estate did not load:\n" + r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join("\n"));
  return r.estate;
}

/** Loads inline manifests and returns the whole result, diagnostics included. */
export function loadOf(files: Record<string, string> | string): LoadResult {
  const map = typeof files === "string" ? { "estate.yaml": files } : files;
  return loadSources(Object.entries(map).map(([file, text]) => ({ file, text })));
}

/** Short native YAML for a service. */
export function svc(name: string, spec: string = "{}"): string {
  return `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: ${name}}\nspec: ${spec}\n---\n`;
}

/** Short native YAML for a root location with optional children (YAML flow list). */
export function loc(name: string, hosting: string, children: string = "[]"): string {
  return `apiVersion: faultline/v1\nkind: Location\nmetadata: {name: ${name}}\nspec: {hosting: ${hosting}, children: ${children}}\n---\n`;
}
