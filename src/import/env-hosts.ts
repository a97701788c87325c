/**
 * Finds the hosts an environment value names: `db`, `db:3306`, `redis://cache:6379/0`,
 * `http://backend:8080/x`, `mongodb://u:p@a:27017,b:27017/db`, `kafka-1:9092,kafka-2:9092`.
 * A bare word is only a host when the variable's name says so (`*_HOST`, `*_ADDR`, `*_URL`, ...):
 * `MYSQL_DATABASE=wordpress` must not make the database depend on WordPress.
 */

/** One host named by an environment value. */
export interface HostMention {
  /** Lower-cased host name as written (may contain dots). */
  host: string;
  /** True when written with a port or as a URL: a strong sign that it is a network address. */
  explicit: boolean;
}

const HOST_WORDS = new Set(["HOST", "HOSTS", "HOSTNAME", "ADDR", "ADDRS", "ADDRESS", "ADDRESSES", "URL", "URLS", "URI", "URIS", "SERVER", "SERVERS", "ENDPOINT", "ENDPOINTS", "DSN", "BROKER", "BROKERS", "UPSTREAM", "BACKEND"]);
const HOST_RE = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*$/;
const IP_RE = /^\d+(\.\d+){3}$/;
const URL_RE = /^(?:jdbc:)?[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]*)/i;

/** True when the variable's name marks its value as a host or an address. */
export function keyNamesHost(key: string): boolean {
  return key
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .some((w) => HOST_WORDS.has(w));
}

/** The hosts a value names (none for plain words unless `keyIsHost`). */
export function hostsInValue(value: string, keyIsHost: boolean): HostMention[] {
  const v = value.trim();
  if (v === "" || /\s/.test(v) || v.includes("${")) return [];
  const out: HostMention[] = [];
  const seen = new Set<string>(); // a value may list thousands of hosts: no quadratic dedupe
  const url = URL_RE.exec(v);
  if (url) {
    for (const part of url[1]!.split(",")) pushHost(out, seen, part, true);
    return out;
  }
  const parts = v.split(",");
  if (parts.length > 1 && !parts.every((p) => /:\d+$/.test(p.trim()))) return [];
  for (const p of parts) {
    const m = /^([^:]+):(\d{1,5})$/.exec(p.trim());
    if (m) pushHost(out, seen, m[1]!, true);
    else if (keyIsHost && parts.length === 1) pushHost(out, seen, p, false);
  }
  return out;
}

function pushHost(out: HostMention[], seen: Set<string>, raw: string, explicit: boolean): void {
  let host = raw.trim().toLowerCase();
  if (explicit) host = host.replace(/:\d{1,5}$/, "");
  if (host.startsWith("[")) return; // IPv6 literal
  if (!HOST_RE.test(host) || IP_RE.test(host) || /^\d+$/.test(host)) return;
  if (host === "localhost" || host === "0.0.0.0" || host.endsWith(".localhost")) return;
  if (seen.has(host)) return;
  seen.add(host);
  out.push({ host, explicit });
}
