/** Writing results: to stdout, or atomically to a file (temporary file, then rename). */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ExitError, EXIT_BAD_INPUT } from "./exit.js";
import type { CliContext } from "./io.js";
import { writeTrusted } from "./command-guard.js";

/** Writes `text` to `file` atomically: readers see the old file or the whole new one, never half. */
export function writeFileAtomic(file: string, text: string | Uint8Array, shown: string = file): void {
  const target = resolve(file);
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new ExitError(EXIT_BAD_INPUT, `cannot write ${shown}: it is a folder; give a file name (e.g. ${shown.replace(/\/+$/, "")}/out.json)`);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Writes to `-o file` when given, else to stdout; `trusted` output (`--format github`) passes the command guard unchanged. */
export function emit(ctx: CliContext, text: string, outFile?: string, trusted = false): void {
  if (outFile) writeFileAtomic(ctx.path(outFile), text, outFile);
  else if (trusted) writeTrusted(ctx.stdout, text);
  else ctx.stdout.write(text);
}
