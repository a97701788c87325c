/**
 * Reading one input file safely: opened without following a FIFO's wait (O_NONBLOCK), checked
 * to be a regular file on the open descriptor (so a link to `/dev/zero`, a FIFO, a socket or a
 * `/proc` file ends at once), and its size checked before a byte is read. At most the size
 * limit plus one byte is ever read, even from a file that grows while it is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

export type ReadOutcome =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: "not-regular"; kind: string }
  | { ok: false; reason: "too-large"; size: number }
  | { ok: false; reason: "unreadable"; code: string };

/** What a non-regular file is, for messages. */
export function fileKind(st: import("node:fs").Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/** Reads `path` when it is a regular file of at most `maxBytes` bytes. Never blocks, never reads past the limit. */
export function readRegularFile(path: string, maxBytes: number): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { ok: false, reason: "unreadable", code: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: "not-regular", kind: fileKind(st) };
    // `/proc` files claim size 0 and are not regular in spirit: they are refused by the size they really have, below.
    if (st.size > maxBytes) return { ok: false, reason: "too-large", size: st.size };
    const cap = Math.min(maxBytes, Math.max(st.size, 0)) + 1;
    const buf = Buffer.allocUnsafe(Math.min(cap, 64 * 1024 * 1024 + 1));
    let chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(buf.length, maxBytes + 1 - total);
      if (want <= 0) break;
      const n = readSync(fd, buf, 0, want, null);
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
    }
    if (total > maxBytes) return { ok: false, reason: "too-large", size: total };
    const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    chunks = [];
    return { ok: true, bytes };
  } catch (err) {
    return { ok: false, reason: "unreadable", code: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    closeSync(fd);
  }
}
