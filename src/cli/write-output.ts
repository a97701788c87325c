/** Writing results: to stdout, or atomically to a file (temporary file, then rename). */
import { randomBytes } from "node:crypto";
import { closeSync, constants, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ExitError, EXIT_BAD_INPUT } from "./exit.js";
import type { CliContext } from "./io.js";
import { writeTrusted } from "./command-guard.js";

/** A file write prepared in full (the temporary file written), to be made visible with `commit` or dropped with `abort`. */
export interface StagedWrite {
  commit(): void;
  abort(): void;
}

/**
 * Prepares writing `text` to `file`: a regular file (or a new one) is replaced atomically — the
 * text goes to a temporary file created exclusively next to it (a short random name, so a long
 * but valid target name works), renamed over it on `commit`; a link to a regular file keeps the
 * link and replaces its target. Anything else — a character device such as /dev/null, a FIFO,
 * a link to one — is written through on `commit`, never replaced; a FIFO without a reader or a
 * socket is refused. Nothing is visible before `commit`.
 */
export function stageWrite(file: string, text: string | Uint8Array, shown: string = file): StagedWrite {
  const target = resolve(file);
  const st = targetStat(target, shown);
  if (st && !st.isFile()) return deviceWrite(target, st, text, shown);
  const staged = tempBeside(st ? realpathSync(target) : target, shown);
  staged.write(text);
  return staged;
}

/** What is at `target` (undefined: nothing yet); refused when it is a folder or a socket, or when a folder on its way is a file. */
function targetStat(target: string, shown: string): Stats | undefined {
  let st: Stats | undefined;
  try {
    st = statSync(target, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOTDIR") throw new ExitError(EXIT_BAD_INPUT, `cannot write ${shown}: a folder on its path is a file`);
    throw err;
  }
  refuseTarget(st, shown);
  return st;
}

/** A folder or a socket is no place for a report. */
function refuseTarget(st: Stats | undefined, shown: string): void {
  if (st?.isDirectory()) throw new ExitError(EXIT_BAD_INPUT, `cannot write ${shown}: it is a folder; give a file name (e.g. ${shown.replace(/\/+$/, "")}/out.json)`);
  if (st?.isSocket()) throw new ExitError(EXIT_BAD_INPUT, `cannot write ${shown}: it is a socket`);
}

/** A device or a named pipe (or a link to one) is written through on `commit`, never replaced. */
function deviceWrite(target: string, st: Stats, text: string | Uint8Array, shown: string): StagedWrite {
  return {
    commit() {
      let fd: number;
      try {
        fd = openSync(target, constants.O_WRONLY | (st.isFIFO() ? constants.O_NONBLOCK : 0));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new ExitError(EXIT_BAD_INPUT, `cannot write ${shown}: ${code === "ENXIO" ? "a named pipe that nobody reads" : code}`);
      }
      try {
        writeAll(fd, typeof text === "string" ? Buffer.from(text) : text);
      } finally {
        closeSync(fd);
      }
    },
    abort() {},
  };
}

/** A file write made in pieces (`write`), visible only after `commit`; `abort` drops it. */
export interface StagedStream extends StagedWrite {
  write(chunk: string | Uint8Array): void;
}

/**
 * Prepares writing `file` in pieces, with `stageWrite`'s guarantees: a regular file (or a new
 * one) gets each piece in its temporary file, so a report of any size is never held whole; a
 * device or pipe gets the pieces, held until then, on `commit`. Nothing is visible before `commit`.
 */
export function stageStream(file: string, shown: string = file): StagedStream {
  const target = resolve(file);
  const st = targetStat(target, shown);
  if (st && !st.isFile()) {
    let pieces: Uint8Array[] = [];
    return {
      write: (chunk) => void pieces.push(bytesOf(chunk)),
      commit: () => deviceWrite(target, st, Buffer.concat(pieces), shown).commit(),
      abort: () => void (pieces = []),
    };
  }
  return tempBeside(st ? realpathSync(target) : target, shown);
}

const bytesOf = (chunk: string | Uint8Array) => (typeof chunk === "string" ? Buffer.from(chunk) : chunk);

/**
 * The write of a regular file (through a link, the file it points to; the link is kept): a
 * temporary file beside it, created exclusively (flag `wx`: never through a file or link
 * already there) with a short random name, renamed over it on `commit`, removed on `abort` or
 * on a failed write.
 */
function tempBeside(real: string, shown: string): StagedStream {
  mkdirSync(dirname(real), { recursive: true });
  const tmp = join(dirname(real), `.${basename(real).slice(0, 32)}.${randomBytes(8).toString("hex")}.tmp`);
  let fd: number | undefined = openSync(tmp, "wx");
  let done = false;
  const close = () => {
    const f = fd;
    fd = undefined;
    if (f !== undefined) closeSync(f);
  };
  const staged: StagedStream = {
    write(chunk) {
      if (fd === undefined) throw new Error(`${shown}: written after it was committed or dropped`);
      try {
        writeAll(fd, bytesOf(chunk));
      } catch (err) {
        staged.abort();
        throw err;
      }
    },
    commit() {
      if (done) return;
      done = true;
      try {
        close();
        renameSync(tmp, real);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
    },
    abort() {
      if (done) return;
      done = true;
      try {
        close();
      } finally {
        rmSync(tmp, { force: true });
      }
    },
  };
  return staged;
}

/** Writes all of `bytes` to `fd`; a device or pipe may take them in parts (EAGAIN on a full pipe is retried). */
function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/** Writes `text` to `file` atomically: readers see the old file or the whole new one, never half. */
export function writeFileAtomic(file: string, text: string | Uint8Array, shown: string = file): void {
  stageWrite(file, text, shown).commit();
}

/** Writes to `-o file` when given, else to stdout; `trusted` output (`--format github`) passes the command guard unchanged. */
export function emit(ctx: CliContext, text: string, outFile?: string, trusted = false): void {
  if (outFile) writeFileAtomic(ctx.path(outFile), text, outFile);
  else if (trusted) writeTrusted(ctx.stdout, text);
  else ctx.stdout.write(text);
}
