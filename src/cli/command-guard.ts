/**
 * The last line of defence against forged workflow commands: everything faultline writes to
 * stdout and stderr passes a CommandGuard (src/report/escape/workflow.ts), except the output
 * of `--format github`, whose own annotations are written with `writeTrusted` (that reporter
 * escapes and fences all manifest text itself).
 */
import { CommandGuard } from "../report/escape/workflow.js";

type Write = typeof process.stdout.write;
const originals = new Map<NodeJS.WriteStream, Write>();
const guards = new Map<NodeJS.WriteStream, CommandGuard>();

/** Routes every later write to `stream` through a guard (idempotent). */
export function guardStream(stream: NodeJS.WriteStream): void {
  if (originals.has(stream)) return;
  const original = stream.write.bind(stream) as Write;
  const guard = new CommandGuard();
  originals.set(stream, original);
  guards.set(stream, guard);
  stream.write = function (this: unknown, chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
    const safe = guard.push(text);
    return (original as (c: string, e?: unknown, cb?: unknown) => boolean)(safe, typeof encoding === "function" ? encoding : undefined, typeof encoding === "function" ? undefined : cb);
  } as Write;
  process.once("exit", () => {
    const tail = guard.end();
    if (tail) original(tail);
  });
}

/** Writes `text` unguarded: only for output whose every command is faultline's own. */
export function writeTrusted(stream: NodeJS.WriteStream, text: string): boolean {
  const original = originals.get(stream);
  if (!original) return stream.write(text);
  const pending = guards.get(stream)!.end();
  return original(pending + text);
}
