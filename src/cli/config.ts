/** `faultline.config.yaml` in the working directory: default manifest paths (and policy, for `check`). */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createRequire } from "node:module";
import { ExitError, EXIT_BAD_INPUT } from "./exit.js";

export const CONFIG_FILE = "faultline.config.yaml";

export interface FaultlineConfig {
  manifests?: string[];
  policy?: unknown;
  k8sLocation?: string;
  /** `observed:` a list of files, or {files, names, as} (docs/drift.md). */
  observed?: ObservedConfig;
}

/** The observed-data part of the config. */
export interface ObservedConfig {
  files: string[];
  /** Observed name → service id. */
  names: Map<string, string>;
  as?: "hard" | "soft";
}

/** Reads the config file of `cwd`, or undefined when there is none. */
export function readConfig(cwd: string = process.cwd()): FaultlineConfig | undefined {
  const file = resolve(cwd, CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    // Loaded here, not at start-up: most runs have no config file, and --help needs no YAML.
    const { parse } = createRequire(import.meta.url)("yaml") as typeof import("yaml");
    data = parse(readFileSync(file, "utf8"), { maxAliasCount: 100 });
  } catch (err) {
    process.stderr.write(`${CONFIG_FILE}: error: invalid YAML: ${(err as Error).message.split("\n")[0]}\n`);
    throw new ExitError(EXIT_BAD_INPUT);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    process.stderr.write(`${CONFIG_FILE}:1:1: error: the config must be a mapping\n  hint: write \`manifests: [path/to/manifests]\`\n`);
    throw new ExitError(EXIT_BAD_INPUT);
  }
  const d = data as Record<string, unknown>;
  const out: FaultlineConfig = {};
  if (d.manifests !== undefined) {
    const m = typeof d.manifests === "string" ? [d.manifests] : d.manifests;
    if (!Array.isArray(m) || !m.every((x) => typeof x === "string")) {
      process.stderr.write(`${CONFIG_FILE}: error: manifests must be a list of paths\n  hint: write \`manifests: [fixtures/retail]\`\n`);
      throw new ExitError(EXIT_BAD_INPUT);
    }
    out.manifests = m as string[];
  }
  if (Object.prototype.hasOwnProperty.call(d, "policy")) out.policy = d.policy;
  if (typeof d.k8sLocation === "string") out.k8sLocation = d.k8sLocation;
  if (d.observed !== undefined && d.observed !== null) out.observed = observedConfig(d.observed);
  return out;
}

function observedConfig(v: unknown): ObservedConfig {
  const bad = (msg: string, hint: string): never => {
    process.stderr.write(`${CONFIG_FILE}: error: ${msg}\n  hint: ${hint}\n`);
    throw new ExitError(EXIT_BAD_INPUT);
  };
  const files = (x: unknown): string[] => {
    const m = typeof x === "string" ? [x] : x;
    if (!Array.isArray(m) || !m.every((f) => typeof f === "string")) return bad("observed files must be a list of paths", "write `observed: [observed/jaeger-dependencies.json]`");
    return m as string[];
  };
  if (typeof v === "string" || Array.isArray(v)) return { files: files(v), names: new Map() };
  if (typeof v !== "object") return bad("observed must be a list of files or a mapping", "write `observed: {files: [deps.json], names: {checkout-api: checkout}}`");
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!["files", "names", "as"].includes(k)) bad(`unknown key observed.${k}`, "observed takes files, names and as");
  const out: ObservedConfig = { files: o.files === undefined ? [] : files(o.files), names: new Map() };
  if (o.names !== undefined && o.names !== null) {
    if (typeof o.names !== "object" || Array.isArray(o.names)) bad("observed.names must be a mapping", "write `names: {checkout-api: checkout}` (observed name: service id)");
    for (const [k, id] of Object.entries(o.names as Record<string, unknown>)) {
      if (typeof id !== "string") bad(`observed.names.${k} must be a service id`, "write `<observed name>: <service id>`");
      out.names.set(k, id as string);
    }
  }
  if (o.as !== undefined) {
    if (o.as !== "hard" && o.as !== "soft") bad("observed.as must be hard or soft", "hard (the default) counts an undeclared observed call as a hard dependency");
    out.as = o.as as "hard" | "soft";
  }
  return out;
}
