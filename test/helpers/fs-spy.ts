/**
 * An in-process spy on the file system and the network: while `spyFiles(fn)` runs, every path
 * opened, read, listed or stat'ed through `node:fs` (its functions, `fs.promises` and the named
 * exports `import { readFileSync } from "node:fs"` sees, kept in step by
 * `syncBuiltinESMExports`) and every network call (net, http, https, fetch) is logged; the real
 * functions are put back afterwards, whatever happens. Lets a test prove that faultline never
 * reads outside the named folders and never follows a URL, without spawning a process.
 */
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";

/** (what, path) pairs: the function called (`readFileSync`, `net:connect`, ...) and its first argument. */
export type Touched = Array<[string, string]>;

const FS_SYNC = ["openSync", "readFileSync", "readdirSync", "statSync", "lstatSync", "realpathSync", "existsSync", "accessSync", "opendirSync", "open", "readFile", "readdir", "stat", "lstat"] as const;
const FS_PROMISES = ["readFile", "open", "readdir", "stat", "lstat", "opendir"] as const;
const NET: Array<[Record<string, unknown>, string[]]> = [
  [net as unknown as Record<string, unknown>, ["connect", "createConnection"]],
  [http as unknown as Record<string, unknown>, ["request", "get"]],
  [https as unknown as Record<string, unknown>, ["request", "get"]],
];

function show(p: unknown): string {
  return typeof p === "string" ? p : p instanceof URL ? p.href : Buffer.isBuffer(p) ? p.toString() : String(p);
}

/** Runs `fn` with the spy installed; returns its result and what it touched. Not re-entrant. */
export async function spyFiles<T>(fn: () => Promise<T> | T): Promise<{ result: T; touched: Touched }> {
  const touched: Touched = [];
  const restore: Array<() => void> = [];
  const patch = (obj: Record<string, unknown>, name: string, kind: string) => {
    const real = obj[name];
    if (typeof real !== "function") return;
    const spy = function (this: unknown, p: unknown, ...rest: unknown[]) {
      touched.push([kind, kind.startsWith("net:") ? (JSON.stringify(p) ?? "") : show(p)]);
      return (real as (...a: unknown[]) => unknown).call(this, p, ...rest);
    };
    Object.assign(spy, real);
    obj[name] = spy;
    restore.push(() => (obj[name] = real));
  };
  const fsObj = fs as unknown as Record<string, unknown>;
  for (const name of FS_SYNC) patch(fsObj, name, name);
  patch(fs.realpathSync as unknown as Record<string, unknown>, "native", "realpathSync");
  for (const name of FS_PROMISES) patch(fs.promises as unknown as Record<string, unknown>, name, name);
  for (const [mod, names] of NET) for (const name of names) patch(mod, name, `net:${name}`);
  patch(globalThis as unknown as Record<string, unknown>, "fetch", "net:fetch");
  syncBuiltinESMExports();
  try {
    return { result: await fn(), touched };
  } finally {
    for (const undo of restore.reverse()) undo();
    syncBuiltinESMExports();
  }
}
