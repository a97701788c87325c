/** Runs the built CLI (`dist/cli/bin.js`, built by `pretest`) as a user would. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const REPO = resolve(fileURLToPath(import.meta.url), "../../..");
export const BIN = resolve(REPO, "dist/cli/bin.js");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `faultline args...` in `cwd` (default: the repository), without colours. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env },
    input: options.input ?? "",
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
