/**
 * The last line of defence against forged workflow commands: everything the CLI writes to its
 * stdout and stderr passes the library's CommandGuard (src/report/escape/workflow.ts). Only the output of
 * `--format github`, whose annotations are faultline's own and which fences and neutralises all
 * manifest text itself, is written past the guard, with `writeTrusted`.
 */
import type { CommandGuard } from "../index.js";
import type { OutStream } from "./io.js";

/** A guarded stream: `write` neutralises, `writeTrusted` does not; `flush` writes what is held back. */
export interface GuardedStream extends OutStream {
  writeTrusted(chunk: string): unknown;
  flush(): void;
}

/**
 * Wraps `stream` so that no text written to it can form a workflow command, with the library's
 * `Guard`; without one (a run that loads no library, so reads no manifest), text passes as it is.
 */
export function guardStream(stream: OutStream, Guard: typeof CommandGuard | undefined): GuardedStream {
  const guard = Guard ? new Guard() : { push: (s: string) => s, end: () => "" };
  const out: GuardedStream = {
    write: (chunk: string) => {
      const safe = guard.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return safe === "" ? true : stream.write(safe);
    },
    writeTrusted: (chunk: string) => stream.write(guard.end() + chunk),
    flush: () => {
      const tail = guard.end();
      if (tail) stream.write(tail);
    },
  };
  if (stream.isTTY !== undefined) out.isTTY = stream.isTTY;
  return out;
}

/** Writes past the guard when `stream` is guarded (else plainly). */
export function writeTrusted(stream: OutStream, text: string): void {
  const g = stream as Partial<GuardedStream>;
  if (typeof g.writeTrusted === "function") g.writeTrusted(text);
  else stream.write(text);
}
