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
  /** `availability:` as written (defaults by location and service type); read by `faultline availability`. */
  availability?: unknown;
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
  if (Object.prototype.hasOwnProperty.call(d, "availability")) out.availability = d.availability;
  return out;
}
