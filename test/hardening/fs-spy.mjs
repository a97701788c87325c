/**
 * Preloaded into the CLI by test/hardening/files-and-folders.test.ts (node --import): logs
 * every path the process opens, reads, lists or stats, and every network call, one per line,
 * to FAULTLINE_SPY_LOG, so a test can prove faultline never reads outside the named folders
 * and never follows a URL.
 */
import fs from "node:fs";
import net from "node:net";
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";

const log = process.env.FAULTLINE_SPY_LOG;
const appendFileSync = fs.appendFileSync;
const note = (what, p) => {
  if (log) appendFileSync(log, `${what}\t${typeof p === "string" ? p : p instanceof URL ? p.href : Buffer.isBuffer(p) ? p.toString() : String(p)}\n`);
};
for (const name of ["openSync", "readFileSync", "readdirSync", "statSync", "lstatSync", "realpathSync", "existsSync", "accessSync", "opendirSync", "open", "readFile", "readdir", "stat", "lstat"]) {
  const real = fs[name];
  if (typeof real !== "function") continue;
  const spy = function (p, ...rest) {
    note(name, p);
    return real.call(this, p, ...rest);
  };
  Object.assign(spy, real);
  fs[name] = spy;
}
const realNative = fs.realpathSync.native;
fs.realpathSync.native = (p, ...rest) => (note("realpathSync", p), realNative(p, ...rest));
for (const name of ["readFile", "open", "readdir", "stat", "lstat", "opendir"]) {
  const real = fs.promises[name];
  fs.promises[name] = (p, ...rest) => (note(name, p), real(p, ...rest));
}
for (const [mod, names] of [[net, ["connect", "createConnection"]], [http, ["request", "get"]], [https, ["request", "get"]]]) {
  for (const name of names) {
    const real = mod[name];
    mod[name] = (...args) => (note(`net:${name}`, JSON.stringify(args[0]) ?? ""), real(...args));
  }
}
const realFetch = globalThis.fetch;
globalThis.fetch = (input, ...rest) => (note("net:fetch", String(input)), realFetch(input, ...rest));
syncBuiltinESMExports();
