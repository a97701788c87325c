/** `faultline.config.yaml` in the working directory: default manifest paths (and policy, for `check`). */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { isAbsolute, normalize, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { ExitError, EXIT_BAD_INPUT } from "./exit.js";

export const CONFIG_FILE = "faultline.config.yaml";

export interface FaultlineConfig {
  manifests?: string[];
  policy?: unknown;
  k8sLocation?: string;
}

/**
 * Why a manifest path from the config leaves the folder of the config (the repository), or
 * undefined when it stays inside: absolute, `..` out of it, or a link that leads out. Checked
 * before anything is read: the config comes with the pull request.
 */
export function leavesRepository(cwd: string, p: string): string | undefined {
  if (isAbsolute(p)) return "an absolute path";
  const n = normalize(p);
  if (n === ".." || n.startsWith(`..${sep}`)) return "it climbs out with ..";
  let real: string;
  let root: string;
  try {
    root = realpathSync(cwd);
    real = realpathSync(resolve(cwd, p));
  } catch {
    return undefined; // missing paths are reported by the load
  }
  if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) return "a symbolic link leads out of it";
  return undefined;
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
    for (const p of out.manifests) {
      const problem = leavesRepository(cwd, p);
      if (problem) {
        process.stderr.write(`${CONFIG_FILE}: error: manifest path ${JSON.stringify(p)} leaves the repository (${problem}); nothing was read\n  hint: name folders inside ${cwd}, or pass the path with -m on the command line\n`);
        throw new ExitError(EXIT_BAD_INPUT);
      }
    }
  }
  if (Object.prototype.hasOwnProperty.call(d, "policy")) out.policy = d.policy;
  if (typeof d.k8sLocation === "string") out.k8sLocation = d.k8sLocation;
  return out;
}
