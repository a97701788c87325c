/**
 * Runs the CLI as a user would: in-process through `main(args, io)` (fast, the default), or as
 * the built binary `dist/cli/bin.js` (built by `pretest`) where the process itself is under test:
 * exit codes of the executable, pipes, start-up, NODE_OPTIONS.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { main } from "../../src/cli/main.js";

export const REPO = resolve(fileURLToPath(import.meta.url), "../../..");
export const BIN = resolve(REPO, "dist/cli/bin.js");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/** Runs `faultline args...` in-process in `cwd` (default: the repository), without colours. */
export async function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  if (options.env?.NODE_OPTIONS || options.input) return runBin(args, options);
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env },
  });
  return { code, stdout, stderr };
}

/** Runs the built executable `faultline args...` in a child process. */
export function runBin(args: string[], options: CliRunOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env },
    input: options.input ?? "",
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
