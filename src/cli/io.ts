/**
 * What a CLI run talks to: its streams, working folder and environment. `main` takes them as
 * arguments, so tests (and programs embedding the CLI) run it in-process without touching
 * the process's own streams, folder or environment.
 */
import { resolve } from "node:path";

/** A stream the CLI writes text to: process.stdout, or anything with `write`. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  /** The folder relative paths are resolved against. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** One run of a command: its io, and the exit code the command decided on (0 unless it says). */
export interface CliContext extends CliIo {
  exitCode: number;
  /** Resolves a path the user typed against the run's working folder. */
  path(p: string): string;
}

export function contextOf(io: CliIo): CliContext {
  return { ...io, exitCode: 0, path: (p) => resolve(io.cwd, p) };
}

/** The io of the running process. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
